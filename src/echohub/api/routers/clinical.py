"""The clinical calculators for any signed-in clinician: MME/day and regimen taper plans.

Nothing is stored or logged: the input is doses only. The taper contract is that of
`echohub taper --json` (a plan, or a refusal with a code; bad input is a 422)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from echohub.api.access import caller
from echohub.api.errors import ApiError
from echohub.api.schemas import ErrorOut, ValidationErrorOut
from echohub.api.typed_numbers import Typed, refuse_scientific_row
from echohub.core.clinical_text import localized_mme, localized_plan, message

router = Router(tags=["clinical"])

ERRORS: dict[int, Any] = {401: ErrorOut, 422: ValidationErrorOut}


class MedicationRowIn(Schema):
    drug: str = Field(min_length=1, max_length=100)
    formulation: str | None = Field(None, max_length=40)
    dose: Annotated[Decimal, Field(gt=0, le=1_000_000)] | Typed
    unit: str = Field(min_length=1, max_length=10, description="mg, mcg, mcg/h, mL, tablet")
    times_per_day: Annotated[Decimal, Field(gt=0, le=48)] | Typed | None = None
    frequency: str | None = Field(None, max_length=100)
    as_needed: bool = False
    strengths: list[Annotated[Decimal, Field(gt=0)] | Typed] = Field(
        default_factory=list, max_length=20
    )
    purpose: Literal["pain", "oud"] | None = None
    concentration: Annotated[Decimal, Field(gt=0, le=1000)] | Typed | None = Field(
        None, description="mg/mL for mL"
    )


class MmeIn(Schema):
    medications: list[MedicationRowIn] = Field(min_length=1, max_length=30)
    table: Literal["cdc2022", "cdc2016", "cdc-analytic"] = "cdc2022"


class TaperIn(MmeIn):
    start_date: dt.date
    rule: str = Field("cdc2022-long-term", max_length=40)
    duration: Literal["long-term", "short-term"] | None = None
    #: A number, or the text a clinician types ("10 %", "10,5 %"): read by the planner
    #: (clinical.taper.read_percent), as the case form and the calculator page read it.
    percent: Decimal | str | None = Field(
        None, description='Reduction per step: 10, "10 %" or "10,5 %" (0 < percent <= 100).'
    )
    interval: str | None = Field(None, max_length=10)
    basis: Literal["original", "current", "original-then-remaining"] | None = None


def _rows(payload: MmeIn) -> list[dict[str, Any]]:
    rows = []
    for index, row in enumerate(payload.medications):
        data = row.model_dump(exclude_none=True)
        # "1e2" is read by the schema as Decimal("1E+2"): refused in words, never as 100
        refuse_scientific_row(data, index)
        if not data.get("strengths"):
            data.pop("strengths", None)
        if not data.get("as_needed"):
            data.pop("as_needed", None)
        rows.append(data)
    return rows


@router.post(
    "/clinical/mme",
    response={200: dict[str, Any], **ERRORS},
    summary="MME/day of medication rows",
    description="Each row's MME/day with its factor and table, rows not counted with the "
    "reason, the total (`total_computed` false when no opioid could be counted), guideposts "
    "and the conversion caveat. Nothing is stored.",
)
def mme(request: HttpRequest, payload: MmeIn) -> dict[str, Any]:
    from clinical import ClinicalInputError, calculate_mme

    caller(request)
    try:
        return localized_mme(calculate_mme(_rows(payload), table=payload.table).to_dict())
    except ClinicalInputError as err:
        raise ApiError(
            err.code, message(err.code, err.message), status=422, field=err.field
        ) from None


NOTHING_TO_TAPER = "taper.nothing_to_taper"


def _not_counted(rows: list[dict[str, Any]], table: str) -> list[dict[str, Any]]:
    """Each row not counted and why, in the caller's language: the refusal "no opioid in the
    list could be counted" says the rows tell why (its message names them only in English)."""
    from clinical import ClinicalInputError, calculate_mme

    try:
        excluded = localized_mme(calculate_mme(rows, table=table).to_dict())["excluded"]
    except ClinicalInputError:
        return []
    return [
        {
            "loc": ["body", "payload", "medications", e["index"]],
            "msg": e["reason"],
            "type": e["reason_code"],
        }
        for e in excluded
    ]


@router.post(
    "/clinical/taper",
    response={200: dict[str, Any], **ERRORS},
    summary="Taper plan for a regimen",
    description="The plan (`steps` with every drug's dose and MME/day, `warnings`, `notes`, "
    "`safety`, `caveat`), or `refused` with a code (`methadone`, `oud_treatment`, "
    "`rapid_rule_long_term`). A plan is never faster than its rule. Nothing is stored.",
)
def taper(request: HttpRequest, payload: TaperIn) -> dict[str, Any]:
    from clinical import ClinicalInputError
    from clinical.regimen import plan_regimen_taper

    caller(request)
    rows = _rows(payload)
    try:
        plan = plan_regimen_taper(
            rows,
            start_date=payload.start_date,
            rule=payload.rule,
            table=payload.table,
            duration=payload.duration,
            percent=payload.percent,
            interval=payload.interval,
            basis=payload.basis,
        )
    except ClinicalInputError as err:
        raise ApiError(
            err.code,
            message(err.code, err.message),
            status=422,
            field=err.field,
            errors=_not_counted(rows, payload.table) if err.code == NOTHING_TO_TAPER else None,
        ) from None
    # Sentences in the caller's language (Accept-Language); codes and values unchanged.
    return localized_plan(plan.to_dict(), keep_values=True)
