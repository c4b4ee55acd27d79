"""Surveys: anyone holding a personal survey link submits its answers (the token is the proof,
as on /s/<token>/), through the same service as the web form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from echohub.api.errors import body
from echohub.api.schemas import ErrorOut, ValidationErrorOut
from echohub.evaluation import queries, services
from echohub.evaluation.models import SurveyStatus

router = Router(tags=["surveys"])


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
