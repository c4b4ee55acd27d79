"""Survey state changes: build (adopt a template or start blank, sections, questions), open and
close, distribute (personal links by email, automatically after sessions), and answer.

Every function takes keyword-only arguments with an explicit ``actor``, runs in a transaction,
writes the audit log and raises :class:`SurveyRefused` (a ``DomainError`` with a stable
``code``).

Questions of a survey that already has a response cannot be changed (added, edited, removed or
moved): answers would no longer match the question they answered. Close the survey and copy it
instead (adopt the template again). Its title, introduction and closing time stay editable.

Anonymous surveys: the response is stored with no person, no invitation and only the day; the
invitation is marked ``responded`` with no time, and no audit entry is written for the response
(an entry's time and actor would link it back).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from echohub.accounts.models import User
from echohub.attendance.models import Attendance
from echohub.core import audit
from echohub.core.errors import Conflict, DomainError, NotFound
from echohub.core.mail import queue_email
from echohub.core.phi_check import FieldFinding, check_fields
from echohub.evaluation import shipped
from echohub.evaluation.models import (
    Answer,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    SurveyInvitation,
    SurveyKind,
    SurveyStatus,
)
from echohub.programs.models import Membership, Program, Role
from echohub.scheduling.models import Series, Session, SessionStatus

SURVEY_FIELDS = [
    "title",
    "title_fr",
    "intro",
    "intro_fr",
    "kind",
    "anonymous",
    "series",
    "pre_survey",
    "send_after_sessions",
    "closes_at",
]
QUESTION_FIELDS = [
    "section",
    "code",
    "kind",
    "text",
    "text_fr",
    "help_text",
    "required",
    "options",
    "rows",
    "min_value",
    "max_value",
]
#: Automatic sending covers sessions that ended this long ago at most (a loop that was down
#: for a day still catches up; an old survey opened today does not mail last year's sessions).
SEND_WINDOW = dt.timedelta(days=3)
CHOICE_KINDS = {
    QuestionKind.LIKERT,
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.MATRIX,
}


class SurveyRefused(DomainError):
    """A refused survey change."""


class SurveyClosed(SurveyRefused):
    status = 410

    def __init__(self) -> None:
        super().__init__("survey_closed", _("This survey is closed."))


class AlreadyAnswered(Conflict):
    def __init__(self) -> None:
        super().__init__("already_answered", _("You have already answered this survey."))


class AnswersInvalid(SurveyRefused):
    """Answers refused: ``errors`` maps a field name (``a-<code>``) to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("invalid_answers", _("Please check the highlighted answers."))
        self.errors = errors


class PhiFound(SurveyRefused):
    """Free text that may identify someone: edit it, or confirm each finding with a reason."""

    def __init__(self, findings: list[FieldFinding]) -> None:
        super().__init__(
            "phi_found",
            _(
                "Your comments may contain identifying information (%(n)d finding(s)). "
                "Remove it, or confirm each one with a reason."
            )
            % {"n": len(findings)},
        )
        self.findings = findings


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- building ------------------------------------------------------------------------------


def has_responses(survey: Survey) -> bool:
    return Response.objects.filter(survey_id=survey.pk).exists()


def _ensure_structure_editable(survey: Survey) -> None:
    if has_responses(survey):
        raise SurveyRefused(
            "has_responses",
            _(
                "This survey already has responses, so its questions cannot change. "
                "Close it and adopt a fresh copy instead."
            ),
        )


def _clean_survey(
    program: Program, data: Mapping[str, Any], survey: Survey | None
) -> dict[str, Any]:
    values = {f: data[f] for f in SURVEY_FIELDS if f in data}
    values["title"] = (values.get("title") or "").strip()
    if not values["title"]:
        raise SurveyRefused("title_required", _("Give the survey a title."), field="title")
    if values.get("kind", SurveyKind.CUSTOM) not in SurveyKind.values:
        raise SurveyRefused("bad_kind", _("Choose a kind of survey."), field="kind")
    series = values.get("series")
    if series is not None and (not isinstance(series, Series) or series.program_id != program.pk):
        raise SurveyRefused("bad_series", _("Choose a cycle of this program."), field="series")
    pre = values.get("pre_survey")
    if pre is not None:
        if (
            not isinstance(pre, Survey)
            or pre.program_id != program.pk
            or pre.kind != SurveyKind.PRE_CYCLE
        ):
            raise SurveyRefused(
                "bad_pre_survey",
                _("Choose a start-of-cycle survey of this program."),
                field="pre_survey",
            )
        if values.get("kind") != SurveyKind.POST_CYCLE:
            raise SurveyRefused(
                "pre_survey_not_post",
                _("Only an end-of-cycle survey is compared with a start-of-cycle one."),
                field="pre_survey",
            )
    if values.get("send_after_sessions") and values.get("kind") != SurveyKind.POST_SESSION:
        raise SurveyRefused(
            "send_after_not_post_session",
            _("Only post-session evaluations are sent after every session."),
            field="send_after_sessions",
        )
    if survey is not None and has_responses(survey):
        for f in ("kind", "anonymous"):
            if f in values and values[f] != getattr(survey, f):
                raise SurveyRefused(
                    "has_responses",
                    _("This survey already has responses: its kind and anonymity are fixed."),
                    field=f,
                )
    return values


@transaction.atomic
def create_survey(
    *, actor: Any, program: Program, template_key: str = "", data: Mapping[str, Any] | None = None
) -> Survey:
    """A new draft: an editable copy of a shipped template, or blank (from `data`)."""
    tpl: dict[str, Any] = {"sections": []}
    if template_key:
        found = shipped.BY_KEY.get(template_key)
        if found is None:
            raise SurveyRefused("unknown_template", _("Unknown template."), field="template")
        tpl = found
        values: dict[str, Any] = {
            "title": tpl["title"],
            "title_fr": tpl["title_fr"],
            "intro": tpl["intro"],
            "intro_fr": tpl["intro_fr"],
            "kind": tpl["kind"],
            "send_after_sessions": tpl["kind"] == SurveyKind.POST_SESSION,
            **{k: v for k, v in (data or {}).items() if k in SURVEY_FIELDS and v not in (None, "")},
        }
    else:
        values = dict(data or {})
        values.setdefault("kind", SurveyKind.CUSTOM)
    values = _clean_survey(program, values, None)
    survey = Survey.objects.create(
        program=program, template_key=template_key, created_by=_user(actor), **values
    )
    position = 0
    for s_pos, sec in enumerate(tpl["sections"], start=1):
        section = Section.objects.create(
            survey=survey, position=s_pos, title=sec["title"], title_fr=sec.get("title_fr", "")
        )
        for q in sec["questions"]:
            position += 1
            Question.objects.create(
                survey=survey,
                section=section,
                position=position,
                code=q["code"],
                kind=q["kind"],
                text=q["text"],
                text_fr=q.get("text_fr", ""),
                help_text=q.get("help_text", ""),
                required=q.get("required", False),
                options=q.get("options", []),
                rows=q.get("rows", []),
                min_value=Decimal(q["min_value"]) if q.get("min_value") is not None else None,
                max_value=Decimal(q["max_value"]) if q.get("max_value") is not None else None,
            )
    audit.record(
        actor=actor,
        action="survey.created",
        obj=survey,
        program=program,
        changes={
            "template": template_key,
            **audit.snapshot(survey, ["title", "kind", "anonymous"]),
        },
    )
    return survey


@transaction.atomic
def update_survey(*, actor: Any, survey: Survey, data: Mapping[str, Any]) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    current = {f: getattr(survey, f) for f in SURVEY_FIELDS}
    values = _clean_survey(survey.program, {**current, **data}, survey)
    before = audit.snapshot(survey, SURVEY_FIELDS)
    for k, v in values.items():
        setattr(survey, k, v)
    survey.save()
    changes = audit.diff(survey, SURVEY_FIELDS, before)
    if changes:
        audit.record(
            actor=actor,
            action="survey.changed",
            obj=survey,
            program=survey.program,
            changes=changes,
        )
    return survey


@transaction.atomic
def save_section(
    *, actor: Any, survey: Survey, data: Mapping[str, Any], section: Section | None = None
) -> Section:
    _ensure_structure_editable(survey)
    title = (data.get("title") or "").strip()
    if not title:
        raise SurveyRefused("title_required", _("Give the section a title."), field="title")
    if section is None:
        last = survey.sections.aggregate(m=Max("position"))["m"] or 0
        section = Section(survey=survey, position=last + 1)
    section.title = title[:200]
    section.title_fr = (data.get("title_fr") or "").strip()[:200]
    section.save()
    audit.record(
        actor=actor,
        action="survey.section_saved",
        obj=survey,
        program=survey.program,
        changes={"section": section.pk, "title": section.title},
    )
    return section


@transaction.atomic
def delete_section(*, actor: Any, section: Section) -> None:
    """Remove a section; its questions stay in the survey, outside any section."""
    survey = section.survey
    _ensure_structure_editable(survey)
    pk, title = section.pk, section.title
    section.delete()
    audit.record(
        actor=actor,
        action="survey.section_removed",
        obj=survey,
        program=survey.program,
        changes={"section": pk, "title": title},
    )


def _clean_options(kind: str, options: Any) -> list[dict[str, str]]:
    if kind not in CHOICE_KINDS:
        return []
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for opt in options or []:
        value = str(opt.get("value", "")).strip()
        label = str(opt.get("label", "")).strip()
        if not value or not label:
            raise SurveyRefused(
                "bad_option", _("Every choice needs a value and a label."), field="options"
            )
        if value in seen:
            raise SurveyRefused(
                "duplicate_option",
                _("Two choices have the value %(v)s.") % {"v": value},
                field="options",
            )
        if kind in (QuestionKind.LIKERT, QuestionKind.MATRIX):
            try:
                Decimal(value)
            except InvalidOperation:
                raise SurveyRefused(
                    "scale_not_numeric",
                    _("Scale points are scored: their values must be numbers."),
                    field="options",
                ) from None
        seen.add(value)
        cleaned.append(
            {"value": value, "label": label, "label_fr": str(opt.get("label_fr", "")).strip()}
        )
    if len(cleaned) < 2:
        raise SurveyRefused("too_few_options", _("Give at least two choices."), field="options")
    return cleaned


def _clean_rows(kind: str, rows: Any) -> list[dict[str, str]]:
    if kind != QuestionKind.MATRIX:
        return []
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for row in rows or []:
        key = str(row.get("key", "")).strip()
        label = str(row.get("label", "")).strip()
        if (
            not key
            or not label
            or key in seen
            or not key.replace("_", "").replace("-", "").isalnum()
        ):
            raise SurveyRefused(
                "bad_row",
                _("Every item needs its own short key (letters, digits, _) and a label."),
                field="rows",
            )
        seen.add(key)
        cleaned.append(
            {"key": key, "label": label, "label_fr": str(row.get("label_fr", "")).strip()}
        )
    if not cleaned:
        raise SurveyRefused("no_rows", _("A matrix needs at least one item."), field="rows")
    return cleaned


@transaction.atomic
def save_question(
    *, actor: Any, survey: Survey, data: Mapping[str, Any], question: Question | None = None
) -> Question:
    _ensure_structure_editable(survey)
    kind = data.get("kind")
    if kind not in QuestionKind.values:
        raise SurveyRefused("bad_kind", _("Choose a kind of question."), field="kind")
    text = (data.get("text") or "").strip()
    if not text:
        raise SurveyRefused("text_required", _("Write the question."), field="text")
    code = (data.get("code") or "").strip()
    if not code:
        raise SurveyRefused("code_required", _("Give the question a variable name."), field="code")
    clash = Question.objects.filter(survey=survey, code=code)
    if question is not None:
        clash = clash.exclude(pk=question.pk)
    if clash.exists():
        raise SurveyRefused(
            "duplicate_code", _("Another question already uses this variable name."), field="code"
        )
    section = data.get("section")
    if section is not None and section.survey_id != survey.pk:
        raise SurveyRefused("bad_section", _("Choose a section of this survey."), field="section")
    min_value = data.get("min_value") if kind == QuestionKind.NUMBER else None
    max_value = data.get("max_value") if kind == QuestionKind.NUMBER else None
    if min_value is not None and max_value is not None and min_value > max_value:
        raise SurveyRefused(
            "bad_range", _("The minimum must not be above the maximum."), field="max_value"
        )
    values = {
        "section": section,
        "code": code,
        "kind": kind,
        "text": text,
        "text_fr": (data.get("text_fr") or "").strip(),
        "help_text": (data.get("help_text") or "").strip(),
        "required": bool(data.get("required")),
        "options": _clean_options(kind, data.get("options")),
        "rows": _clean_rows(kind, data.get("rows")),
        "min_value": min_value,
        "max_value": max_value,
    }
    created = question is None
    if question is None:
        last = survey.questions.aggregate(m=Max("position"))["m"] or 0
        question = Question(survey=survey, position=last + 1)
        before: dict[str, Any] = {}
    else:
        before = audit.snapshot(question, QUESTION_FIELDS)
    for k, v in values.items():
        setattr(question, k, v)
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:
        raise SurveyRefused(
            "duplicate_code", _("Another question already uses this variable name."), field="code"
        ) from None
    audit.record(
        actor=actor,
        action="survey.question_added" if created else "survey.question_changed",
        obj=survey,
        program=survey.program,
        changes={
            "question": question.pk,
            **(
                audit.snapshot(question, ["code", "kind", "required"])
                if created
                else audit.diff(question, QUESTION_FIELDS, before)
            ),
        },
    )
    return question


@transaction.atomic
def delete_question(*, actor: Any, question: Question) -> None:
    survey = question.survey
    _ensure_structure_editable(survey)
    pk, code = question.pk, question.code
    question.delete()
    audit.record(
        actor=actor,
        action="survey.question_removed",
        obj=survey,
        program=survey.program,
        changes={"question": pk, "code": code},
    )


def _move(*, actor: Any, item: Question | Section, direction: str) -> None:
    """Move a question or a section one place up or down among its survey's own kind."""
    survey = item.survey
    _ensure_structure_editable(survey)
    model = type(item)
    siblings: list[Question | Section] = list(
        model.objects.filter(survey=survey).order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(siblings) if other.pk == item.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if 0 <= neighbour < len(siblings):
        siblings[index], siblings[neighbour] = siblings[neighbour], siblings[index]
    for pos, other in enumerate(siblings, start=1):
        if other.position != pos:
            model.objects.filter(pk=other.pk).update(position=pos)
    kind = model.__name__.lower()
    audit.record(
        actor=actor,
        action=f"survey.{kind}_moved",
        obj=survey,
        program=survey.program,
        changes={kind: item.pk, "direction": direction},
    )


@transaction.atomic
def move_question(*, actor: Any, question: Question, direction: str) -> None:
    """Move a question one place up or down among all of the survey's questions."""
    _move(actor=actor, item=question, direction=direction)


@transaction.atomic
def move_section(*, actor: Any, section: Section, direction: str) -> None:
    """Move a section one place up or down."""
    _move(actor=actor, item=section, direction=direction)


@transaction.atomic
def open_survey(*, actor: Any, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == SurveyStatus.OPEN:
        return survey
    if not survey.questions.exists():
        raise SurveyRefused("empty_survey", _("Add at least one question before opening."))
    if survey.closes_at and survey.closes_at <= timezone.now():
        raise SurveyRefused(
            "closes_in_past", _("The closing time has passed: change it first."), field="closes_at"
        )
    before = survey.status
    survey.status = SurveyStatus.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["status", "opened_at", "updated_at"])
    audit.record(
        actor=actor,
        action="survey.opened",
        obj=survey,
        program=survey.program,
        changes={"status": [before, survey.status]},
    )
    return survey


@transaction.atomic
def close_survey(*, actor: Any, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise SurveyRefused("not_open", _("Only an open survey can be closed."))
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="survey.closed",
        obj=survey,
        program=survey.program,
        changes={"status": [SurveyStatus.OPEN, SurveyStatus.CLOSED]},
    )
    return survey


@transaction.atomic
def delete_survey(*, actor: Any, survey: Survey) -> None:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if has_responses(survey):
        raise SurveyRefused(
            "has_responses", _("This survey has responses and cannot be deleted: close it instead.")
        )
    audit.record(
        actor=actor,
        action="survey.deleted",
        obj=survey,
        program=survey.program,
        changes={"title": survey.title, "invitations": survey.invitations.count()},
    )
    survey.delete()


# --- distribution --------------------------------------------------------------------------


def accepts_answers(survey: Survey, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return survey.status == SurveyStatus.OPEN and (
        survey.closes_at is None or survey.closes_at > now
    )


def _active_participants(program_id: int) -> list[User]:
    members = Membership.objects.filter(
        program_id=program_id, role=Role.PARTICIPANT, is_active=True
    )
    return list(
        User.objects.filter(pk__in=members.values("user_id"), is_active=True).order_by("pk")
    )


def participants_not_invited(survey: Survey) -> int:
    """How many people "Send to participants" would email now: the program's active
    participants without an invitation to `survey` (shown before sending, so a coordinator
    knows how many people one click emails)."""
    members = Membership.objects.filter(
        program_id=survey.program_id, role=Role.PARTICIPANT, is_active=True
    )
    invited = SurveyInvitation.objects.filter(survey=survey, session=None)
    return (
        User.objects.filter(pk__in=members.values("user_id"), is_active=True)
        .exclude(pk__in=invited.values("user_id"))
        .count()
    )


def session_recipients(session: Session) -> list[User]:
    """Who gets a session's evaluation: its recorded attendees, or, when none was recorded,
    the program's active participants."""
    attendees = Attendance.objects.filter(session=session).values("user_id")
    people = list(User.objects.filter(pk__in=attendees, is_active=True).order_by("pk"))
    return people or _active_participants(session.program_id)


def _invite(survey: Survey, users: Iterable[User], session: Session | None) -> int:
    """Create the missing invitations and queue one email each. Call inside a transaction."""
    done = set(
        SurveyInvitation.objects.filter(survey=survey, session=session).values_list(
            "user_id", flat=True
        )
    )
    now = timezone.now()
    sent = 0
    for user in users:
        if user.pk in done:
            continue
        token = secrets.token_urlsafe(24)
        try:
            with transaction.atomic():
                SurveyInvitation.objects.create(
                    survey=survey,
                    session=session,
                    user=user,
                    token_hash=hash_token(token),
                    sent_at=now,
                )
        except IntegrityError:  # a concurrent run invited them first
            continue
        done.add(user.pk)
        sent += 1
        queue_email(
            to=user.email,
            subject=gettext_noop("Your feedback: %(title)s"),
            subject_values={"title": survey},  # named in the recipient's language
            template="evaluation/email/invitation.txt",
            context={
                "survey": survey,
                "session": session,
                "user": user,
                "path": reverse("survey_respond:respond", kwargs={"token": token}),
            },
            program=survey.program,
        )
    return sent


def _check_sendable(survey: Survey, session: Session | None) -> None:
    if not accepts_answers(survey):
        raise SurveyRefused("not_open", _("Open the survey before sending it."))
    if survey.kind == SurveyKind.POST_SESSION and session is None:
        raise SurveyRefused(
            "session_required", _("Choose the session it evaluates."), field="session"
        )
    if session is not None:
        if survey.kind != SurveyKind.POST_SESSION:
            raise SurveyRefused(
                "not_post_session", _("Only post-session evaluations are sent for a session.")
            )
        if session.program_id != survey.program_id:
            raise NotFound()
        if session.status == SessionStatus.CANCELLED:
            raise SurveyRefused(
                "session_cancelled", _("This session was cancelled."), field="session"
            )
        if session.ends_at > timezone.now():
            raise SurveyRefused(
                "session_not_ended", _("Send it once the session has ended."), field="session"
            )


@transaction.atomic
def send_for_session(*, actor: Any, survey: Survey, session: Session) -> int:
    """ "Send now": invite the session's attendees (or participants) who were not yet invited."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_sendable(survey, session)
    sent = _invite(survey, session_recipients(session), session)
    audit.record(
        actor=actor,
        action="survey.sent",
        obj=survey,
        program=survey.program,
        changes={"session": session.pk, "sent": sent},
    )
    return sent


@transaction.atomic
def send_to_participants(*, actor: Any, survey: Survey) -> int:
    """Invite every active participant of the program not yet invited (pre/post cycle and the
    other kinds that are not tied to a session). Sending twice adds only newcomers."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_sendable(survey, None)
    sent = _invite(survey, _active_participants(survey.program_id), None)
    audit.record(
        actor=actor,
        action="survey.sent",
        obj=survey,
        program=survey.program,
        changes={"sent": sent},
    )
    return sent


def send_due_surveys(now: dt.datetime | None = None) -> int:
    """Send each open post-session survey marked "send after every session" for the sessions
    that ended since it opened (within SEND_WINDOW) and have no invitation to it yet.
    Idempotent: a (survey, session) pair with any invitation is done; unique constraints
    stop a concurrent run from inviting anyone twice. Returns the invitations created."""
    now = now or timezone.now()
    sent = 0
    surveys = Survey.objects.filter(
        kind=SurveyKind.POST_SESSION, status=SurveyStatus.OPEN, send_after_sessions=True
    ).exclude(closes_at__lte=now)
    for survey in surveys:
        since = max(survey.opened_at or survey.created_at, now - SEND_WINDOW)
        sessions = (
            Session.objects.filter(
                program_id=survey.program_id, ends_at__gt=since, ends_at__lte=now
            )
            .exclude(status=SessionStatus.CANCELLED)
            .exclude(survey_invitations__survey=survey)
            .values_list("pk", flat=True)
        )
        for session_id in list(sessions):
            sent += send_after_session(survey.pk, session_id)
    return sent


@transaction.atomic
def send_after_session(survey_id: int, session_id: int) -> int:
    survey = Survey.objects.select_for_update().select_related("program").get(pk=survey_id)
    if SurveyInvitation.objects.filter(survey=survey, session_id=session_id).exists():
        return 0
    session = Session.objects.get(pk=session_id)
    sent = _invite(survey, session_recipients(session), session)
    audit.record(
        actor=None,
        action="survey.sent",
        obj=survey,
        program=survey.program,
        changes={"session": session.pk, "sent": sent, "automatic": True},
    )
    return sent


# --- answering -----------------------------------------------------------------------------


def field_name(question: Question, row: str = "") -> str:
    return f"a-{question.code}:{row}" if row else f"a-{question.code}"


@dataclass
class CleanAnswers:
    values: dict[str, Any]  # code -> str | list[str] | Decimal | dict[row, str]
    errors: dict[str, str]  # field name -> message


def validate_answers(questions: Sequence[Question], data: Mapping[str, Any]) -> CleanAnswers:
    """Check raw answers (field name -> str or list of str, as a form posts them) against the
    questions: required, known option, number in range. Nothing is stored."""

    def get_list(name: str) -> list[str]:
        getlist = getattr(data, "getlist", None)
        raw = getlist(name) if getlist else data.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        return [str(v).strip() for v in raw if str(v).strip()]

    def get_one(name: str) -> str:
        raw = data.get(name, "")
        if isinstance(raw, list):
            raw = raw[-1] if raw else ""
        return str(raw or "").strip()

    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    missing = _("This question is required.")
    unknown = _("Choose one of the options given.")
    for q in questions:
        name = field_name(q)
        allowed = {o["value"] for o in q.options}
        if q.kind in (QuestionKind.LIKERT, QuestionKind.SINGLE):
            v = get_one(name)
            if not v:
                if q.required:
                    errors[name] = missing
            elif v not in allowed:
                errors[name] = unknown
            else:
                values[q.code] = v
        elif q.kind == QuestionKind.MULTIPLE:
            vs = get_list(name)
            if not vs:
                if q.required:
                    errors[name] = missing
            elif any(v not in allowed for v in vs):
                errors[name] = unknown
            else:
                values[q.code] = sorted(set(vs), key=[o["value"] for o in q.options].index)
        elif q.kind == QuestionKind.NUMBER:
            v = get_one(name).replace(",", ".")
            if not v:
                if q.required:
                    errors[name] = missing
                continue
            try:
                n = Decimal(v)
                if not n.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors[name] = _("Enter a number.")
                continue
            if q.min_value is not None and n < q.min_value:
                errors[name] = _("Enter a number of at least %(min)s.") % {"min": _num(q.min_value)}
            elif q.max_value is not None and n > q.max_value:
                errors[name] = _("Enter a number of at most %(max)s.") % {"max": _num(q.max_value)}
            elif abs(n) >= Decimal("1e10"):
                errors[name] = _("This number is too large.")
            else:
                values[q.code] = n.quantize(Decimal("0.01"))
        elif q.kind == QuestionKind.TEXT:
            v = get_one(name)
            if not v:
                if q.required:
                    errors[name] = missing
            elif len(v) > 5000:
                errors[name] = _("Keep it under 5,000 characters.")
            else:
                values[q.code] = v
        elif q.kind == QuestionKind.MATRIX:
            picked: dict[str, str] = {}
            for row in q.rows:
                rname = field_name(q, row["key"])
                v = get_one(rname)
                if not v:
                    if q.required:
                        errors[rname] = missing
                elif v not in allowed:
                    errors[rname] = unknown
                else:
                    picked[row["key"]] = v
            if picked:
                values[q.code] = picked
    return CleanAnswers(values, errors)


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def text_findings(
    questions: Sequence[Question], values: Mapping[str, Any], confirmed: Iterable[str] = ()
) -> list[FieldFinding]:
    """Identifier findings in the free-text answers; `confirmed` are finding keys
    (``field:kind:hash``) the respondent confirmed with a reason."""
    texts = {
        field_name(q): values[q.code]
        for q in questions
        if q.kind == QuestionKind.TEXT and q.code in values
    }
    done: list[tuple[str, str, str]] = []
    for key in confirmed:
        parts = key.split(":", 2)
        if len(parts) == 3:
            done.append((parts[0], parts[1], parts[2]))
    return check_fields(texts, overridden=done)


def _answers(
    response: Response, questions: Sequence[Question], values: Mapping[str, Any]
) -> list[Answer]:
    rows: list[Answer] = []
    for q in questions:
        if q.code not in values:
            continue
        v = values[q.code]
        if q.kind in (QuestionKind.LIKERT,):
            rows.append(Answer(response=response, question=q, number=Decimal(v), text=v))
        elif q.kind == QuestionKind.SINGLE:
            rows.append(Answer(response=response, question=q, text=v))
        elif q.kind == QuestionKind.MULTIPLE:
            rows.extend(Answer(response=response, question=q, text=x) for x in v)
        elif q.kind == QuestionKind.NUMBER:
            rows.append(Answer(response=response, question=q, number=v))
        elif q.kind == QuestionKind.TEXT:
            rows.append(Answer(response=response, question=q, text=v))
        elif q.kind == QuestionKind.MATRIX:
            rows.extend(
                Answer(response=response, question=q, row_key=key, number=Decimal(x), text=x)
                for key, x in v.items()
            )
    return rows


def _recompute_credits(session_id: int) -> None:
    """A response can complete a credit requirement: refresh the session's awards once it
    commits. (Imported here: credits reads evaluation, not the other way round.)"""
    from echohub.credits.services import recompute_program

    session = Session.objects.select_related("program").filter(pk=session_id).first()
    if session is not None:
        recompute_program(actor=None, program=session.program, session_ids=[session_id])


@transaction.atomic
def submit_response(
    *,
    actor: Any,
    invitation: SurveyInvitation,
    data: Mapping[str, Any],
    language: str = "en",
    confirmations: Mapping[str, str] | None = None,
) -> Response:
    """Store the invitation's person's answers. `data` holds raw answers by field name;
    `confirmations` maps an identifier finding's key to the respondent's reason for keeping it.
    Refuses (AnswersInvalid, PhiFound, AlreadyAnswered, SurveyClosed) without storing anything."""
    inv = (
        SurveyInvitation.objects.select_for_update(of=("self",))
        .select_related("survey", "survey__program")
        .get(pk=invitation.pk)
    )
    survey = inv.survey
    if survey.status == SurveyStatus.DRAFT:
        raise NotFound()
    if inv.responded:
        raise AlreadyAnswered()
    if not accepts_answers(survey):
        raise SurveyClosed()
    if actor is not None and getattr(actor, "is_authenticated", False) and actor.pk != inv.user_id:
        raise NotFound()
    questions = list(survey.questions.all())
    clean = validate_answers(questions, data)
    if clean.errors:
        raise AnswersInvalid(clean.errors)
    confirmations = {k: (v or "").strip() for k, v in (confirmations or {}).items()}
    confirmed = {k for k, reason in confirmations.items() if len(reason) >= 3}
    findings = text_findings(questions, clean.values, confirmed)
    open_findings = [f for f in findings if not f.overridden]
    if open_findings:
        raise PhiFound(findings)
    anonymous = survey.anonymous
    now = timezone.now()
    response = Response.objects.create(
        survey=survey,
        session_id=inv.session_id,
        user=None if anonymous else inv.user,
        submitted_on=timezone.localdate(now),
        submitted_at=None if anonymous else now,
        language=(language or "en")[:5],
    )
    Answer.objects.bulk_create(_answers(response, questions, clean.values))
    SurveyInvitation.objects.filter(pk=inv.pk).update(
        responded=True, responded_at=None if anonymous else now
    )
    for f in findings:
        # Kind and keyed hash only, never the text; no person for anonymous surveys.
        audit.record(
            actor=None if anonymous else inv.user,
            action="survey.phi_confirmed",
            obj=survey,
            program=survey.program,
            changes={
                "field": f.field,
                "kind": f.kind,
                "text_hash": f.text_hash,
                "reason": confirmations.get(f.key, "")[:300],
            },
        )
    if not anonymous:
        audit.record(
            actor=inv.user,
            action="survey.responded",
            obj=response,
            program=survey.program,
            changes={"survey": survey.pk, "session": inv.session_id, "answers": len(clean.values)},
        )
    if inv.session_id and survey.kind == SurveyKind.POST_SESSION:
        transaction.on_commit(partial(_recompute_credits, inv.session_id))
    return response
