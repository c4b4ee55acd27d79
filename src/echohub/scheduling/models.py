"""Series (cycles) of teleECHO sessions, each session's agenda and resources."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from echohub.core import bilingual
from echohub.core.models import TimeStampedModel
from echohub.programs.models import Program, VideoProvider


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly (every N weeks)")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Monthly on a weekday (e.g. 2nd Thursday)")


class Series(TimeStampedModel):
    """A cycle of sessions with a recurrence, in the program's time zone."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="series")
    # English in `title`/`description`, French in the _fr twins (echohub.core.bilingual).
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    frequency = models.CharField(
        _("repeats"), max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    interval = models.PositiveSmallIntegerField(_("every"), default=1)
    weekday = models.PositiveSmallIntegerField(_("weekday"))  # 0 = Monday (Python's weekday())
    week_of_month = models.SmallIntegerField(_("week of month"), null=True, blank=True)  # 1-4, -1
    first_date = models.DateField(_("first date"))
    last_date = models.DateField(_("last date"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("number of sessions"), null=True, blank=True)
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    time_zone = models.CharField(_("time zone"), max_length=64)
    video_url = models.URLField(_("video link"), blank=True)
    # Whose statutory holidays were skipped when the dates were planned: "CA-ON" (a province or
    # territory with the federal ones), "CA" (federal only) or "" (none). See planning.py.
    holiday_region = models.CharField(_("holidays skipped"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["-first_date"]

    def __str__(self) -> str:
        return bilingual.text(self, "title")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


#: How long before its planned start a session may be started on the live console and still
#: read as live (the console's own limit is START_FAR_FROM_PLAN in echohub.live.views).
EARLY_START_WINDOW = dt.timedelta(hours=2)


class Session(TimeStampedModel):
    """One teleECHO meeting. Times are stored in UTC; `time_zone` is the program's at creation."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("number in series"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    video_url = models.URLField(
        _("video link"), blank=True, help_text=_("For an external link or a Zoom meeting link.")
    )
    video_provider = models.CharField(
        _("video provider"), max_length=10, choices=VideoProvider.choices, blank=True
    )
    # Jitsi room name, BigBlueButton meetingID or Zoom meeting id (never shown in public feeds).
    video_room = models.CharField(_("video room"), max_length=200, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    sequence = models.PositiveIntegerField(default=0)  # bumped on each reschedule (ICS SEQUENCE)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["program", "starts_at"]),
            models.Index(fields=["program", "status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return bilingual.text(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("scheduling:session", kwargs={"slug": self.program.slug, "pk": self.pk})

    @property
    def phase(self) -> str:
        """scheduled, live, ended or cancelled: from the clock, except that a session the hub
        started early on the live console is live, and one it ended early is ended (hubwalk10:
        a session started 20 minutes early still said "Scheduled"). The console's state is read
        only near and during the session's time, so a list of sessions costs no query more."""
        if self.status == SessionStatus.CANCELLED:
            return "cancelled"
        now = timezone.now()
        if self.ends_at <= now:
            return "ended"
        started = self.starts_at <= now
        if started or self.starts_at - now <= EARLY_START_WINDOW:
            state = self._console_state()
            if state == "running":
                return "live"
            if started and state == "ended":
                return "ended"
        return "live" if started else "scheduled"

    def _console_state(self) -> str | None:
        """The live console's state ("not_started", "running", "ended"), None without one."""
        from django.core.exceptions import ObjectDoesNotExist

        try:
            return str(self.live.state)
        except ObjectDoesNotExist:
            return None

    def get_phase_display(self) -> str:
        return str(
            {
                "cancelled": _("Cancelled"),
                "ended": _("Ended"),
                "live": _("Live now"),
                "scheduled": _("Scheduled"),
            }[self.phase]
        )

    @property
    def provider(self) -> str:
        return self.video_provider or self.program.video_provider

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at


class AgendaKind(models.TextChoices):
    DIDACTIC = "didactic", _("Didactic")
    CASE = "case", _("Case presentation")
    FOLLOW_UP = "follow_up", _("Case follow-up")
    ANNOUNCEMENT = "announcement", _("Announcement")


class AgendaItem(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("topic / title"), max_length=200, blank=True)
    title_fr = models.CharField(_("topic / title (French)"), max_length=200, blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presenter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), default=15)
    notes = models.TextField(_("notes"), blank=True)
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    #: The case a follow-up slot follows up: one of the program's cases whose recommendations
    #: were sent (scheduling.services checks it). Named by its label: `cases` sits above
    #: scheduling (its Case names the case slot it is presented in) and this module never
    #: imports it. Several follow-up slots, in different sessions, may follow up one case.
    followed_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case followed up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_slots",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(followed_case__isnull=True) | models.Q(kind="follow_up"),
                name="agenda_followed_case_on_follow_up_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {bilingual.text(self, 'title')}"


class FollowUpRequest(TimeStampedModel):
    """A presenter asks for a follow-up slot for their case once its recommendations were sent;
    the request is answered when a coordinator links a follow-up slot to the case."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="follow_up_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    #: The follow-up slot that answered it (None while open, or once that slot was removed).
    slot = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up request")
        verbose_name_plural = _("follow-up requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(answered_at__isnull=True),
                name="one_open_follow_up_request_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up request {self.pk}"


class Resource(TimeStampedModel):
    """Slides, a recording, a guideline or a clinical tool attached to an agenda item."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    url = models.URLField(_("link"))

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class ProgramBreak(TimeStampedModel):
    """Days a program does not meet (a winter break, a conference week), skipped when a series
    is planned. Kept here, not on Program, because only scheduling reads them."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="breaks")
    title = models.CharField(_("name"), max_length=120)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ["first_day", "id"]
        indexes = [models.Index(fields=["program", "first_day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="break_ends_on_or_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title
