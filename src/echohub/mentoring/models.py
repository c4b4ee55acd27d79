"""Models of mentoring: a program's settings and topics, its mentors, questions with their
private conversation (messages and call notes, each checked for identifiers), call requests,
mentors' time logs and mentees' self-learning credit claims.

Privacy: the text of a question lives in its messages only. A question's own fields (topic,
dates, status, who) are the metadata coordinators may see; `__str__` of every model here names
ids only, since the audit log stores it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from echohub.core.models import TimeStampedModel
from echohub.programs.models import Program


class CreditMode(models.TextChoices):
    OFF = "off", _("No credit for mentoring")
    PER_HOUR = "per_hour", _("Self-learning credit per hour")


class MentoringSettings(models.Model):
    """One program's mentoring rules (made with defaults on first use)."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="mentoring_settings"
    )
    first_answer_days = models.PositiveSmallIntegerField(
        _("first answer within (business days)"), default=2
    )
    remind_hours = models.PositiveSmallIntegerField(
        _("remind the mentor this many hours before the target"), default=24
    )
    holiday_region = models.CharField(
        _("holidays skipped"),
        max_length=5,
        blank=True,
        help_text=_("Business days skip weekends and this province's or territory's holidays."),
    )
    credit_mode = models.CharField(
        _("mentee credit"), max_length=10, choices=CreditMode.choices, default=CreditMode.OFF
    )
    credits_per_hour = models.DecimalField(
        _("credits per hour"), max_digits=4, decimal_places=2, default=0
    )
    credit_statement = models.TextField(_("credit statement"), blank=True)
    credit_statement_fr = models.TextField(_("credit statement (French)"), blank=True)

    class Meta:
        verbose_name = _("mentoring settings")
        verbose_name_plural = _("mentoring settings")

    def __str__(self) -> str:
        return f"mentoring settings {self.program_id}"


class MentoringTopic(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentoring_topics")
    name = models.CharField(_("name"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="mentoring_topic_once")
        ]

    def __str__(self) -> str:
        return self.name


class Mentor(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_roles"
    )
    disciplines = models.CharField(_("disciplines"), max_length=200, blank=True)
    disciplines_fr = models.CharField(_("disciplines (French)"), max_length=200, blank=True)
    topics = models.ManyToManyField(MentoringTopic, related_name="mentors", blank=True)
    capacity = models.PositiveSmallIntegerField(_("open questions at once"), default=3)
    away_until = models.DateField(_("away until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="mentoring_mentor_once")
        ]

    def __str__(self) -> str:
        return f"mentor {self.pk}"


class QuestionStatus(models.TextChoices):
    HELD = "held", _("Not sent: identifying information to fix")
    TRIAGE = "triage", _("Waiting for a coordinator to choose a mentor")
    OFFERED = "offered", _("Waiting for the mentor to accept")
    OPEN = "open", _("In conversation")
    CLOSED = "closed", _("Closed")


#: Statuses that count against a mentor's capacity.
LOAD_STATUSES = (QuestionStatus.OFFERED, QuestionStatus.OPEN)


class Question(models.Model):
    """A private question from a clinician to a mentor. Its fields are metadata only."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentoring_qs")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_asked"
    )
    topic = models.ForeignKey(
        MentoringTopic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.HELD
    )
    source = models.CharField(max_length=20, blank=True)  # "" (asked) or "live" (a session)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    asked_at = models.DateTimeField(_("asked"), null=True, blank=True)  # published
    routed_at = models.DateTimeField(_("offered to the mentor"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    first_answer_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    due_at = models.DateTimeField(_("first answer due"), null=True, blank=True)
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    asker_seen_at = models.DateTimeField(null=True, blank=True)
    mentor_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["program", "status"], name="mentoring_q_status"),
            models.Index(fields=["asker", "program"], name="mentoring_q_asker"),
            models.Index(fields=["mentor", "status"], name="mentoring_q_mentor"),
            models.Index(fields=["status", "due_at"], name="mentoring_q_due"),
        ]

    def __str__(self) -> str:
        return f"question {self.pk}"


class Pass(models.Model):
    """A mentor passed on a question: it is never routed back to them."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="passes")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "mentor"], name="mentoring_pass_once")
        ]

    def __str__(self) -> str:
        return f"pass {self.pk}"


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    CALL_NOTE = "call_note", _("Call note")


class MessageStatus(models.TextChoices):
    HELD = "held", _("Not sent: identifying information to fix")
    SENT = "sent", _("Sent")


class Message(models.Model):
    """One message of a question's conversation (the first one is the question itself)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=MessageKind.choices, default=MessageKind.MESSAGE)
    status = models.CharField(
        max_length=5, choices=MessageStatus.choices, default=MessageStatus.HELD
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["question", "status"], name="mentoring_msg_q")]

    def __str__(self) -> str:
        return f"message {self.pk}"


class MessagePhiOverride(models.Model):
    """The author's decision that a finding is not identifying (kind and keyed hash only)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="phi_overrides")
    field = models.CharField(max_length=40, default="body")
    kind = models.CharField(max_length=20)
    text_hash = models.CharField(max_length=64)
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "field", "kind", "text_hash"], name="mentoring_override_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} in message {self.message_id}"


class CallStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class CallRequest(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="calls")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    proposed = models.JSONField(default=list)  # ISO datetimes (UTC)
    chosen = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=CallStatus.choices, default=CallStatus.REQUESTED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"call {self.pk}"


class TimeLog(models.Model):
    """Time a mentor spent on a question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="time_logs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveIntegerField(_("minutes"))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"time log {self.pk}"


class CreditClaim(models.Model):
    """A mentee's self-learning credit claim for the time spent on one question."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="claim")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_claims"
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=2)
    credits_per_hour = models.DecimalField(max_digits=4, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"claim {self.pk}"


class NoticeKind(models.TextChoices):
    """What a notice tells its person (in the app, and by email unless they chose none)."""

    OFFERED = "offered", _("A question is offered to you")
    ACCEPTED = "accepted", _("A mentor took your question")
    REROUTED = "rerouted", _("Your question went to another mentor")
    WAITING = "waiting", _("Your question waits for a coordinator to choose a mentor")
    ASSIGNED = "assigned", _("A coordinator chose a mentor for your question")
    TRIAGE = "triage", _("A question needs a mentor")
    NEW_MESSAGE = "new_message", _("New message")
    CALL_REQUESTED = "call_requested", _("A call is requested")
    CALL_SCHEDULED = "call_scheduled", _("Your call is scheduled")
    REMINDER = "reminder", _("A question waits for its first answer")
    ESCALATION = "escalation", _("A question is past its target")
    # The hub sent a spoke's question from the live console here (live.services).
    FROM_LIVE = "from_live", _("The hub sent your question from the live session here")


class Notice(models.Model):
    """An in-app notification about a question (the unread count on the mentoring pages). It
    names the question's id and what happened, never a message's text or, for the asker, who
    the mentor is."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=16, choices=NoticeKind.choices)
    #: A coordinator's notice (it links to the question's metadata page, not the conversation).
    coordinator = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["user", "program", "read_at"], name="mentoring_notice_unread"),
            models.Index(fields=["question", "user"], name="mentoring_notice_q"),
        ]

    def __str__(self) -> str:
        return f"notice {self.pk}"


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away, one email each time")
    OFF = "off", _("No email (notifications in echohub only)")


class NoticeSettings(models.Model):
    """How a person wants mentoring news emailed (the default: right away). Reminders and
    escalations of the program's service target are emailed whatever is chosen."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_notice_settings"
    )
    email = models.CharField(
        _("email me about mentoring"),
        max_length=10,
        choices=EmailChoice.choices,
        default=EmailChoice.IMMEDIATE,
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"
