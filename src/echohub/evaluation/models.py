"""Evaluation: surveys (built per program from sections and questions), their distribution
(one personal invitation per person and survey, per session for post-session surveys), the
responses (identified, or anonymous by construction) and research studies (the key behind the
pseudonymous ids of research exports).

Anonymous surveys: a :class:`Response` has no person, no invitation and only the day it was
given; the :class:`SurveyInvitation` records *that* its person answered (for response rates and
credit) but not when. Nothing stored links an anonymous response back to its person.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from echohub.core import bilingual
from echohub.core.models import TimeStampedModel
from echohub.programs.models import Program
from echohub.scheduling.models import Series, Session


class SurveyKind(models.TextChoices):
    POST_SESSION = "post_session", _("Post-session evaluation")
    PRE_CYCLE = "pre_cycle", _("Start of cycle (pre)")
    POST_CYCLE = "post_cycle", _("End of cycle (post)")
    PRESENTER = "presenter", _("Case presenter feedback")
    CLOSEOUT = "closeout", _("Case close-out")
    CUSTOM = "custom", _("Other")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Responses cannot be linked back to the person who gave them."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    #: The cycle a pre/post survey belongs to (optional for other kinds).
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys"
    )
    #: For a post-cycle survey: the pre-cycle survey it is compared with (questions pair by code).
    pre_survey = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="post_surveys"
    )
    #: Post-session surveys with this set are sent by the job queue after every session ends.
    send_after_sessions = models.BooleanField(_("send after every session"), default=False)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    #: When the survey was (last) opened: automatic sending covers sessions ending after it.
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    #: Which shipped template it was adopted from ("" when built from scratch).
    template_key = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["program", "kind", "status"])]

    def __str__(self) -> str:
        """The title in the reader's language (the other one when it has none)."""
        return bilingual.text(self, "title")


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Rating scale (Likert)")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")
    MATRIX = "matrix", _("Matrix (several items on one scale)")


class Question(models.Model):
    """One question. `options` are the labelled choices (single/multiple) or scale points
    (likert/matrix, value = the number scored): ``[{"value": "1", "label": "...", "label_fr":
    "..."}]``. `rows` are a matrix's items: ``[{"key": "...", "label": "...", "label_fr": "..."}]``.
    `code` is the variable name in exports; a post-cycle question pairs with the pre-cycle
    question that has the same code."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(_("variable name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    text_fr = models.CharField(_("question (French)"), max_length=500, blank=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    options: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list, blank=True)
    rows: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list, blank=True)
    min_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="question_unique_code")
        ]

    def __str__(self) -> str:
        return self.text


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SurveyInvitation(models.Model):
    """A person's personal link to a survey (for one session, for post-session surveys).
    Only the SHA-256 of the token is stored; the link is sent once by email and shown on the
    person's home page through a fresh token when needed."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded = models.BooleanField(default=False)
    #: Left empty for anonymous surveys (a time would link the invitation to the response).
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "session", "user"],
                condition=Q(session__isnull=False),
                name="invitation_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(session__isnull=True),
                name="invitation_once_per_survey",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "responded"]),
            models.Index(fields=["session", "user"]),
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.user_id}"


class Response(models.Model):
    """One submitted response. `user` and `submitted_at` are empty for anonymous surveys."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="survey_responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    submitted_on = models.DateField(_("submitted on"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    language = models.CharField(max_length=5, default="en")

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["survey", "session"]),
            models.Index(fields=["survey", "user"]),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.survey_id}"


class Answer(models.Model):
    """One value of a response, in long format: a number (likert, number, matrix row), or a
    text (free text, or the chosen option's value; one row per option for multiple choice)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    row_key = models.CharField(max_length=60, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "response"])]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.row_key or '-'}"


def new_study_key() -> str:
    return secrets.token_hex(32)


class Study(models.Model):
    """A research study on a program's data. Its secret key makes the pseudonymous ids of its
    exports: stable within the study, unlinkable across studies, never the account id."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="studies")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    key = models.CharField(max_length=64, default=new_study_key, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="study_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class FrozenFacts(models.Model):
    """The profession and participant site an evaluator's figures count a person under, taken
    from their account and membership the first time the insights count them, and not changed
    after (probe 1222). A person who changes profession or site, or whose site is re-classed,
    would otherwise move from one filtered figure to another in months already over: the same
    figure read before and after differs by that one person (their attendance, their survey
    answers). Coordinators and admins see live facts; evaluators these."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    profession = models.CharField(max_length=32, blank=True)
    #: the participant site's id, region and rurality then (a plain id: a site deleted or
    #: re-classed later changes nothing here)
    site_id_then = models.IntegerField(null=True, blank=True)
    region = models.CharField(max_length=100, blank=True)
    rurality = models.CharField(max_length=20, blank=True)
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="frozen_facts_once"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}:{self.user_id}"


class FrozenSite(models.Model):
    """A site's region and rurality as an evaluator's case figures count them, taken the first
    time the insights count its cases and not changed after (probe 1222): a site re-classed
    (rural to urban) would move its cases, often 1 to 4 presenters', between filtered figures
    of months already over. Cases keep their own region; this gives them a rurality that
    stays."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    site_id_then = models.IntegerField()
    region = models.CharField(max_length=100, blank=True)
    rurality = models.CharField(max_length=20, blank=True)
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "site_id_then"], name="frozen_site_once"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}:{self.site_id_then}"


class FrozenAttendance(models.Model):
    """Who attended a session, and for how many minutes, as an evaluator's figures count it:
    taken the first time the insights read the session once its month is over (in the
    program's time zone), and not changed after (probe 1223). Attendance recorded, adjusted
    or deleted later (a review resolved late, a late import) would otherwise change the
    figures of a month already shown: a session's attendees read 14, then 15, and the
    difference is that one person. Coordinators and admins read `attendance.Attendance`.

    One row per attendance record then (its minutes, 0 included), and one mark per session
    (`user` empty, minutes 0) saying the session is taken, attended or not: a session read
    with no attendance stays without."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="frozen_attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    minutes = models.PositiveIntegerField(default=0)
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="frozen_attendance_once"),
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(user__isnull=True),
                name="frozen_attendance_mark_once",
            ),
        ]
        indexes = [models.Index(fields=["user", "session"], name="frozen_attendance_user")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.user_id}"
