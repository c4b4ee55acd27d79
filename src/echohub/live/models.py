"""The live session as stored.

- :class:`LiveEvent`: the append-only log every open console and live page reads (its
  autoincrement id is the server-sent events id; a reconnecting client asks for what follows
  the last id it saw). Payloads hold ids and times only, never free text: clients re-read the
  parts of the page an event names. A question's events carry its asker's id, which the
  streams use to send them to the hub team and the asker only, and never send.
- :class:`LiveSession`: the state of one running session (not started, running, ended) and its
  current agenda item; :class:`ItemTiming`: planned and actual start and end of each agenda
  item (the actual times of the session live here, not in `scheduling`).
- :class:`LiveQuestion`: a question from a spoke to the hub (checked for identifiers first).
- :class:`RecommendationDraft`: the scribe pane, one row per case and discipline, versioned
  like the case's recommendations; turned into them after the session.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from echohub.cases.models import Case, Discipline
from echohub.core.models import TimeStampedModel
from echohub.scheduling.models import AgendaItem, Session


class LiveState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class LiveSession(TimeStampedModel):
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="live")
    state = models.CharField(
        _("state"), max_length=12, choices=LiveState.choices, default=LiveState.NOT_STARTED
    )
    current_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return f"live state of session {self.session_id}"


class ItemTiming(models.Model):
    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="timings")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    started_at = models.DateTimeField(_("actual start"), null=True, blank=True)
    ended_at = models.DateTimeField(_("actual end"), null=True, blank=True)
    skipped = models.BooleanField(_("skipped"), default=False)

    class Meta:
        ordering = ["planned_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["live", "item"], name="live_timing_once_per_item")
        ]

    def __str__(self) -> str:
        return f"timing of item {self.item_id}"


class LiveEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["session", "id"], name="live_event_session_id")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} (session {self.session_id})"


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting")
    ANSWERED = "answered", _("Answered in the session")
    SENT_ON = "sent_on", _("Sent on after the session")


class SentTo(models.TextChoices):
    CASE_THREAD = "case_thread", _("The case's discussion")
    MENTORING = "mentoring", _("Mentoring")


class LiveQuestion(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="live_questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("question"))
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Where the question went after the session (the link back): a post of the case's
    # discussion (community) or a mentoring question, by id (no cross-app key: either may be
    # deleted on its own); `sent_by_proxy` when the facilitator posted it for the asker.
    sent_to = models.CharField(_("sent to"), max_length=12, choices=SentTo.choices, blank=True)
    sent_id = models.PositiveBigIntegerField(null=True, blank=True)
    sent_by_proxy = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"question {self.pk} (session {self.session_id})"  # no text: audit log


class RecommendationDraft(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="live_drafts")
    discipline = models.CharField(_("discipline"), max_length=24, choices=Discipline.choices)
    text = models.TextField(_("draft recommendations"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    turned_at = models.DateTimeField(null=True, blank=True)  # copied into the case's

    class Meta:
        ordering = ["discipline"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "discipline"], name="live_draft_per_case_discipline"
            )
        ]

    def __str__(self) -> str:
        return f"draft {self.discipline} for case {self.case_id}"
