"""Series (cycles) of sessions, created from a recurrence rule."""

import datetime as dt
from typing import Annotated

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from echohub.api.access import caller, program_for
from echohub.api.pagination import Pagination
from echohub.api.schemas import READ_ERRORS, WRITE_ERRORS, HttpUrl, UtcDatetime, WallTime
from echohub.core.errors import DomainError
from echohub.core.limits import LONG_TEXT_MAX
from echohub.programs.models import Program
from echohub.scheduling import services
from echohub.scheduling.models import Frequency, Series
from echohub.scheduling.recurrence import MAX_OCCURRENCES, Recurrence

router = Router(tags=["series"])


class SeriesOut(Schema):
    """Texts in English (`title`) and French (`title_fr`); either may be empty."""

    id: int
    title: str
    title_fr: str
    description: str
    description_fr: str
    frequency: Frequency
    interval: int
    weekday: int = Field(description="0 = Monday … 6 = Sunday.")
    week_of_month: int | None
    first_date: dt.date
    last_date: dt.date | None
    count: int | None
    start_time: WallTime = Field(description="Wall-clock time in `time_zone`, HH:MM:SS.")
    duration_minutes: int
    time_zone: str
    video_url: str
    session_count: int = 0
    created_at: UtcDatetime


class SeriesIn(Schema):
    """A title in English, French or both (`title_required` when neither)."""

    title: str = Field("", max_length=200)
    title_fr: str = Field("", max_length=200)
    description: str = Field("", max_length=LONG_TEXT_MAX)
    description_fr: str = Field("", max_length=LONG_TEXT_MAX)
    frequency: Frequency = Frequency.WEEKLY
    interval: int = Field(1, ge=1, le=52, description="Every N weeks / months.")
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday.")
    week_of_month: int | None = Field(
        None, ge=-1, le=4, description="For monthly_weekday: 1–4, or -1 for the last."
    )
    first_date: dt.date
    last_date: dt.date | None = Field(None, description="Give this or `count`.")
    holiday_region: str = Field(
        "",
        max_length=5,
        description=(
            "Skip the statutory holidays of a region: `CA` (federal only) or a province or "
            "territory (`CA-ON`, `CA-QC`, `CA-NB`, ...); empty (the default) skips none. "
            "Error: `invalid_holiday_region`."
        ),
    )
    count: int | None = Field(None, ge=1, le=MAX_OCCURRENCES)
    start_time: WallTime = Field(description="Wall-clock time in `time_zone`: HH:MM, no offset.")
    duration_minutes: int = Field(90, ge=1, le=720)
    time_zone: str | None = Field(
        None, max_length=64, description="IANA name; the program's time zone if omitted."
    )
    video_url: HttpUrl = ""
    topics: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list,
        max_length=MAX_OCCURRENCES,
        description="A didactic topic per session, in order.",
    )
    topics_fr: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list,
        max_length=MAX_OCCURRENCES,
        description='The same topics in French, paired by position ("" for none).',
    )


_RULE_FIELDS = {
    "invalid_time_zone": "time_zone",
    "end_before_start": "last_date",
    "unbounded": "count",
    "too_many": "last_date",
    "invalid_count": "count",
    "invalid_week_of_month": "week_of_month",
    "invalid_frequency": "frequency",
    "invalid_interval": "interval",
    "invalid_weekday": "weekday",
    "invalid_duration": "duration_minutes",
}


def _series(program: Program) -> QuerySet[Series]:
    return program.series.annotate(session_count=Count("sessions"))


@router.get(
    "/programs/{slug}/series",
    response={200: list[SeriesOut], **READ_ERRORS},
    summary="List series",
    description="Newest first. Requires `sessions.view`.",
)
@paginate(Pagination)
def list_series(
    request: HttpRequest,
    slug: str,
    q: str = Query("", max_length=100, description="Part of the title."),
) -> QuerySet[Series]:
    program = program_for(request, slug, "sessions.view")
    qs = _series(program)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(title_fr__icontains=q.strip()))
    return qs.order_by("-first_date", "-pk")


@router.get(
    "/programs/{slug}/series/{series_id}",
    response={200: SeriesOut, **READ_ERRORS},
    summary="Get a series",
    description="Requires `sessions.view`.",
)
def get_series(request: HttpRequest, slug: str, series_id: int) -> Series:
    program = program_for(request, slug, "sessions.view")
    series = _series(program).filter(pk=series_id).first()
    if series is None:
        raise Http404
    return series


@router.post(
    "/programs/{slug}/series",
    response={201: SeriesOut, **WRITE_ERRORS},
    summary="Create a series and its sessions",
    description=(
        "Creates every session of the recurrence in one go (refused whole on any clash). "
        "Requires `sessions.manage`. Errors: `invalid_time_zone`, `end_before_start`, "
        "`empty_recurrence`, `unbounded`, `too_many`, `invalid_week_of_month`, "
        "`invalid_holiday_region`, `session_overlap` (409)."
    ),
)
def create_series(request: HttpRequest, slug: str, payload: SeriesIn) -> Status[Series]:
    program = program_for(request, slug, "sessions.manage")
    rule = Recurrence(
        frequency=payload.frequency.value,
        weekday=payload.weekday,
        first_date=payload.first_date,
        start_time=payload.start_time,
        duration_minutes=payload.duration_minutes,
        time_zone=(payload.time_zone or program.time_zone).strip(),
        interval=payload.interval,
        week_of_month=payload.week_of_month,
        last_date=payload.last_date,
        count=payload.count,
    )
    try:
        series = services.create_series(
            actor=caller(request),
            program=program,
            title=payload.title,
            title_fr=payload.title_fr,
            rule=rule,
            description=payload.description,
            description_fr=payload.description_fr,
            video_url=payload.video_url,
            topics=payload.topics,
            topics_fr=payload.topics_fr,
            holiday_region=payload.holiday_region.strip(),
        )
    except DomainError as err:
        # Recurrence errors carry no field; point clients at the input at fault.
        err.field = err.field or _RULE_FIELDS.get(err.code)
        raise
    return Status(201, _series(program).get(pk=series.pk))
