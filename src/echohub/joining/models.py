"""Personal join links and join events, calendar feeds, reminder log, provider incidents."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from echohub.scheduling.models import Session


def new_token() -> str:
    return secrets.token_urlsafe(18)  # 144 bits, 24 URL-safe characters


class JoinToken(models.Model):
    """One person's link to one session: /join/<token>. Knowing it is the only credential."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="join_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_tokens"
    )
    token = models.CharField(max_length=32, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("join link")
        verbose_name_plural = _("join links")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="jointoken_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → session {self.session_id}"


class JoinOutcome(models.TextChoices):
    REDIRECTED = "redirected", _("Sent to the meeting")
    PROVIDER_FAILED = "provider_failed", _("Video provider failed")


class JoinEvent(models.Model):
    """A click on a personal join link: the first source of attendance."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="join_events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_events"
    )
    at = models.DateTimeField(auto_now_add=True)
    provider = models.CharField(max_length=10)
    outcome = models.CharField(max_length=20, choices=JoinOutcome.choices)

    class Meta:
        verbose_name = _("join event")
        verbose_name_plural = _("join events")
        indexes = [models.Index(fields=["session", "user", "at"])]

    def __str__(self) -> str:
        return f"{self.user_id} joined {self.session_id} at {self.at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A person's secret calendar URL. Revoking it retires the token for good."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=32, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="one_live_feed"
            ),
        ]

    def __str__(self) -> str:
        return f"feed of {self.user_id}"


class ReminderKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda the day before")
    REMINDER = "reminder", _("Reminder shortly before")
    #: The session's cancellation or new time (once per person and session sequence).
    CANCELLED = "cancelled", _("Cancellation")
    MOVED = "moved", _("New time")


class ReminderLog(models.Model):
    """What was sent to whom: makes reminder runs idempotent."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sequence = models.PositiveIntegerField(default=0)  # the session's sequence when sent
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user", "kind", "sequence"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.session_id} to {self.user_id}"


class ProviderIncident(models.Model):
    """A failed call to a video provider, shown to the program's coordinators."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="provider_incidents"
    )
    provider = models.CharField(max_length=10)
    code = models.CharField(max_length=40)
    message = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["session", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.provider} {self.code} for session {self.session_id}"

    @property
    def said(self) -> str:
        """The stored (English) message in the reader's language."""
        from echohub.joining.video.base import said

        return said(self.message)


class ProviderRegistration(models.Model):
    """A person registered with a provider's meeting (a Zoom registrant): joins then carry
    the provider's id for this person (registrant_id), which attendance matching relies on."""

    provider = models.CharField(max_length=10)
    meeting_ref = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    external_id = models.CharField(max_length=200)
    join_url = models.URLField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "meeting_ref", "user"], name="provider_registration_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.meeting_ref} {self.user_id}"
