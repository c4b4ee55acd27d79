"""Surveys: coordinators list them with response rates, read one (structure and rates per
session), open and close them; anyone holding a personal survey link submits its answers (the
token is the proof, as on /s/<token>/). All through the same queries and services as the web UI."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from echohub.api.access import caller, program_for
from echohub.api.errors import body
from echohub.api.pagination import Pagination
from echohub.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    UtcDatetime,
    ValidationErrorOut,
)
from echohub.evaluation import queries, services
from echohub.evaluation.models import (
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
    SurveyStatus,
)
from echohub.programs.models import Program

router = Router(tags=["surveys"])


MANAGE = "surveys.manage"


def _count(obj: Any, name: str) -> int:
    """An invitation count annotated by `queries.surveys_with_rates` (object or dict)."""
    value = obj.get(name, 0) if isinstance(obj, dict) else getattr(obj, name, 0)
    return int(value or 0)


class SurveyOut(Schema):
    id: int
    title: str
    title_fr: str
    kind: SurveyKind
    status: SurveyStatus
    anonymous: bool
    series_id: int | None
    pre_survey_id: int | None
    send_after_sessions: bool
    closes_at: UtcDatetime | None
    opened_at: UtcDatetime | None
    created_at: UtcDatetime
    invited: int = Field(description="Invitations sent.")
    answered: int = Field(description="Invitations answered.")
    response_rate: int | None = Field(
        description="Percent of invitations answered (null when none were sent)."
    )

    @staticmethod
    def resolve_invited(obj: Any) -> int:
        return _count(obj, "sent")

    @staticmethod
    def resolve_answered(obj: Any) -> int:
        return _count(obj, "answered")

    @staticmethod
    def resolve_response_rate(obj: Any) -> int | None:
        return queries.rate(_count(obj, "sent"), _count(obj, "answered")).percent


class OptionOut(Schema):
    value: str
    label: str
    label_fr: str = ""


class ItemOut(Schema):
    key: str
    label: str
    label_fr: str = ""


class QuestionOut(Schema):
    id: int
    code: str
    kind: QuestionKind
    text: str
    text_fr: str
    help_text: str
    required: bool
    options: list[OptionOut] = Field(description="Choices, or the scale points (value = score).")
    rows: list[ItemOut] = Field(description="A matrix's items.")
    min_value: float | None
    max_value: float | None

    @staticmethod
    def resolve_options(obj: Question) -> list[dict[str, str]]:
        return [
            {
                "value": str(o.get("value", "")),
                "label": str(o.get("label", o.get("value", ""))),
                "label_fr": str(o.get("label_fr", "")),
            }
            for o in obj.options or []
        ]

    @staticmethod
    def resolve_rows(obj: Question) -> list[dict[str, str]]:
        return [
            {
                "key": str(r.get("key", "")),
                "label": str(r.get("label", r.get("key", ""))),
                "label_fr": str(r.get("label_fr", "")),
            }
            for r in obj.rows or []
        ]

    @staticmethod
    def resolve_min_value(obj: Question) -> float | None:
        return None if obj.min_value is None else float(obj.min_value)

    @staticmethod
    def resolve_max_value(obj: Question) -> float | None:
        return None if obj.max_value is None else float(obj.max_value)


class SectionOut(Schema):
    id: int
    title: str
    title_fr: str
    questions: list[QuestionOut]


class SessionRateOut(Schema):
    session_id: int | None = Field(description="Null: invitations sent to all participants.")
    title: str | None
    starts_at: UtcDatetime | None
    invited: int
    answered: int
    response_rate: int | None


class SurveyDetailOut(SurveyOut):
    intro: str
    intro_fr: str
    accepts_answers: bool = Field(description="Open and not past its closing time.")
    responses: int = Field(description="Responses received.")
    questions: list[QuestionOut] = Field(description="Questions outside any section.")
    sections: list[SectionOut]
    sessions: list[SessionRateOut] = Field(description="Response rates per session, newest first.")


def _surveys(program: Program) -> QuerySet[Survey]:
    return queries.surveys_with_rates(program)


def _survey(program: Program, survey_id: int) -> Survey:
    survey = _surveys(program).filter(pk=survey_id).first()
    if survey is None:
        raise Http404
    return survey


def _detail(survey: Survey) -> dict[str, Any]:
    loose: list[Question] = []
    sections: list[dict[str, Any]] = []
    for section, questions in queries.survey_structure(survey):
        if section is None:
            loose = questions
        else:
            sections.append(
                {
                    "id": section.pk,
                    "title": section.title,
                    "title_fr": section.title_fr,
                    "questions": questions,
                }
            )
    sessions = [
        {
            "session_id": r["session_id"],
            "title": r["session__title"],
            "starts_at": r["session__starts_at"],
            "invited": r["sent"],
            "answered": r["answered"],
            "response_rate": r["rate"].percent,
        }
        for r in queries.session_rates(survey)
    ]
    fields = SurveyOut.model_fields
    out: dict[str, Any] = {name: getattr(survey, name, None) for name in fields}
    out.update(
        sent=_count(survey, "sent"),
        answered=_count(survey, "answered"),
        intro=survey.intro,
        intro_fr=survey.intro_fr,
        accepts_answers=services.accepts_answers(survey),
        responses=survey.responses.count(),
        questions=loose,
        sections=sections,
        sessions=sessions,
    )
    return out


@router.get(
    "/programs/{slug}/surveys",
    response={200: list[SurveyOut], **READ_ERRORS},
    summary="List surveys",
    description="Newest first, with invitations sent and answered. Requires `surveys.manage`.",
)
@paginate(Pagination)
def list_surveys(request: HttpRequest, slug: str) -> QuerySet[Survey]:
    return _surveys(program_for(request, slug, MANAGE))


@router.get(
    "/programs/{slug}/surveys/{survey_id}",
    response={200: SurveyDetailOut, **READ_ERRORS},
    summary="Get a survey",
    description=(
        "Its sections and questions (with options and matrix items) and the response rate per "
        "session. Requires `surveys.manage`."
    ),
)
def get_survey(request: HttpRequest, slug: str, survey_id: int) -> dict[str, Any]:
    program = program_for(request, slug, MANAGE)
    return _detail(_survey(program, survey_id))


@router.post(
    "/programs/{slug}/surveys/{survey_id}/open",
    response={200: SurveyOut, **WRITE_ERRORS},
    summary="Open a survey",
    description=(
        "Starts taking answers (opening an open survey changes nothing). Requires "
        "`surveys.manage`. Errors: `empty_survey` (no question), `closes_in_past` "
        "(field `closes_at`)."
    ),
)
def open_survey(request: HttpRequest, slug: str, survey_id: int) -> Survey:
    program = program_for(request, slug, MANAGE)
    survey = _survey(program, survey_id)
    services.open_survey(actor=caller(request), survey=survey)
    return _survey(program, survey_id)


@router.post(
    "/programs/{slug}/surveys/{survey_id}/close",
    response={200: SurveyOut, **WRITE_ERRORS},
    summary="Close a survey",
    description=(
        "Stops taking answers. Requires `surveys.manage`. Errors: `not_open` (only an open "
        "survey can be closed)."
    ),
)
def close_survey(request: HttpRequest, slug: str, survey_id: int) -> Survey:
    program = program_for(request, slug, MANAGE)
    survey = _survey(program, survey_id)
    services.close_survey(actor=caller(request), survey=survey)
    return _survey(program, survey_id)


AnswerValue = str | int | float | Decimal | list[str] | dict[str, str]


class ResponseIn(Schema):
    answers: dict[str, AnswerValue] = Field(
        description=(
            "By question code: an option value (likert, single), a list of values (multiple), "
            "a number, a text, or {item key: value} for a matrix."
        )
    )
    confirmations: dict[str, str] = Field(
        default_factory=dict,
        description="Identifier findings kept on purpose: finding key -> reason.",
    )
    language: str = Field("en", max_length=5)


class AnswerErrorOut(ErrorOut):
    errors: dict[str, str] = Field(
        default_factory=dict, description="`invalid_answers`: message by field."
    )
    findings: list[dict[str, str]] = Field(
        default_factory=list, description="`phi_found`: field, kind, reason and key of each."
    )


class ResponseReceipt(Schema):
    survey: int
    message: str


def _raw(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as the form posts them (field name -> value)."""
    raw: dict[str, Any] = {}
    for code, value in answers.items():
        if isinstance(value, dict):
            for row, v in value.items():
                raw[f"a-{code}:{row}"] = str(v)
        elif isinstance(value, list):
            raw[f"a-{code}"] = [str(v) for v in value]
        else:
            raw[f"a-{code}"] = str(value)
    return raw


@router.post(
    "/surveys/respond/{token}",
    auth=None,
    response={
        201: ResponseReceipt,
        400: AnswerErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        410: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Answer a survey with a personal link (no sign-in)",
    description=(
        "Errors: `invalid_answers` (400, with `errors` by field `a-<code>` or "
        "`a-<code>:<item>`), `phi_found` (400, with `findings`: confirm each by its `key` in "
        "`confirmations`, or edit the text), `already_answered` (409), `survey_closed` (410)."
    ),
)
def respond(request: HttpRequest, token: str, payload: ResponseIn) -> Status[dict[str, Any]]:
    invitation = queries.invitation_for_token(token)
    if invitation is None or invitation.survey.status == SurveyStatus.DRAFT:
        raise Http404
    try:
        services.submit_response(
            actor=None,
            invitation=invitation,
            data=_raw(payload.answers),
            language=payload.language,
            confirmations=payload.confirmations,
        )
    except services.AnswersInvalid as err:
        return Status(400, body(err.code, err.message, errors=err.errors))
    except services.PhiFound as err:
        findings = [
            {"field": f.field, "kind": f.kind, "reason": f.reason, "key": f.key}
            for f in err.findings
            if not f.overridden
        ]
        return Status(400, body(err.code, err.message, findings=findings))
    return Status(201, {"survey": invitation.survey_id, "message": "Thank you."})
