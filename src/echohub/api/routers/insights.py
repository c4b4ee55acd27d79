"""Insights: the dashboards' figures (reach, sessions, cases, surveys) as JSON.

The same filter form as /p/<slug>/insights/ validates the query parameters, and the same
selectors (`echohub.evaluation.dashboards`) compute the figures; they are returned as the
selector gives them, serialised plainly: numbers stay numbers, missing data stays null, and for
viewers who are only evaluators, every figure that stands for fewer than 5 distinct people (or
would let one be worked out by subtraction) reads "<5" exactly as on the page
(`echohub.core.smallcells`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from echohub.api.access import caller, program_for
from echohub.api.errors import ApiError, body
from echohub.api.schemas import READ_ERRORS, ErrorOut
from echohub.evaluation import dashboards as db
from echohub.evaluation.dashboard_views import FILTER_FIELDS, FilterForm
from echohub.programs.models import Program

router = Router(tags=["insights"])

DASHBOARDS: dict[str, Callable[[Program, db.Filters], dict[str, Any]]] = {
    "reach": db.reach,
    "sessions": db.sessions,
    "cases": db.cases,
    "surveys": db.surveys,
}


class FiltersInvalid(ApiError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        field = next(iter(errors))
        super().__init__(
            "invalid_filters",
            _("%(field)s: %(message)s") % {"field": field, "message": errors[field][0]},
            field=field,
        )
        self.errors = errors


class FilterErrorOut(ErrorOut):
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="`invalid_filters`: messages by query parameter."
    )


class FiltersOut(Schema):
    series: int | None = Field(description="The cycle's id.")
    date_from: dt.date | None
    date_to: dt.date | None
    profession: str
    region: str
    rurality: str


class InsightsOut(Schema):
    dashboard: str
    filters: FiltersOut = Field(description="The filters applied.")
    suppressed: bool = Field(
        description="Small-cell suppression applied (viewers who are only evaluators)."
    )
    min_cell: int = Field(
        description=(
            "Figures standing for fewer than this many distinct people, or that would let such "
            "a figure be worked out by subtraction, read `suppressed_as`."
        )
    )
    suppressed_as: str
    figures: dict[str, Any] = Field(
        description=(
            "The dashboard's figures as on its page. Counts are numbers, `suppressed_as` for a "
            "suppressed small group, null for missing data (never 0); dates are ISO 8601, "
            "times in UTC. When suppression applies, a summary (n, mean, median, q1, q3) of "
            "fewer than 10 values has a null median and quartiles and says why in `withheld`."
        )
    )


def plain(value: Any) -> Any:
    """A selector's result as JSON values (numbers stay numbers, None stays None)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Model):
        return {"id": value.pk, "title": str(getattr(value, "title", value))}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    raise TypeError(f"Cannot serialise {type(value).__name__}")


def filters_for(request: HttpRequest, program: Program, params: dict[str, str]) -> db.Filters:
    """The dashboard filters from query parameters, checked by the web page's form; any
    invalid parameter is a 400 naming it (the page drops it instead)."""
    form = FilterForm(program, {k: v for k, v in params.items() if v})
    if not form.is_valid():
        raise FiltersInvalid({k: [str(m) for m in v] for k, v in form.errors.items()})
    data = form.cleaned_data
    return db.Filters.for_viewer(caller(request), program, data)


@router.get(
    "/programs/{slug}/insights/{dashboard}",
    response={200: InsightsOut, **READ_ERRORS, 400: FilterErrorOut},
    summary="Dashboard figures",
    description=(
        "`dashboard` is one of `reach`, `sessions`, `cases`, `surveys` (else 404). The filters "
        "are those of the insights pages; an invalid one is a 400 `invalid_filters` with its "
        "`field`. Requires `evaluation.view`."
    ),
)
def insights(
    request: HttpRequest,
    slug: str,
    dashboard: str,
    series: str = Query("", max_length=20, description="A cycle's id."),
    date_from: str = Query("", max_length=20, description="YYYY-MM-DD, inclusive."),
    date_to: str = Query("", max_length=20, description="YYYY-MM-DD, inclusive."),
    profession: str = Query("", max_length=40),
    region: str = Query("", max_length=100),
    rurality: str = Query("", max_length=20),
) -> dict[str, Any] | Status[dict[str, Any]]:
    program = program_for(request, slug, "evaluation.view")
    compute = DASHBOARDS.get(dashboard)
    if compute is None:
        raise Http404
    params = dict(
        zip(FILTER_FIELDS, (series, date_from, date_to, profession, region, rurality), strict=True)
    )
    try:
        f = filters_for(request, program, params)
    except FiltersInvalid as err:
        return Status(400, body(err.code, err.message, err.field, errors=err.errors))
    return {
        "dashboard": dashboard,
        "filters": {
            "series": f.series.pk if f.series is not None else None,
            "date_from": f.date_from,
            "date_to": f.date_to,
            "profession": f.profession,
            "region": f.region,
            "rurality": f.rurality,
        },
        "suppressed": f.suppress,
        "min_cell": db.MIN_CELL,
        "suppressed_as": db.SUPPRESSED,
        "figures": plain(compute(program, f)),
    }
