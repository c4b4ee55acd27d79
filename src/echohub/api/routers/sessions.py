"""Sessions of a program: list, detail with agenda, add, reschedule, cancel, agenda items."""

import copy
import datetime as dt
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator, AwareDatetime

from echohub.accounts.models import User
from echohub.api.access import caller, can, program_for
from echohub.api.errors import ApiError, reject_nulls
from echohub.api.pagination import Pagination
from echohub.api.schemas import (
    DB_ID_MAX,
    READ_ERRORS,
    WRITE_ERRORS,
    HttpUrl,
    PersonRef,
    UtcDatetime,
)
from echohub.core import audit
from echohub.core.errors import DomainError
from echohub.core.limits import LONG_TEXT_MAX, VERSION_MAX
from echohub.joining import services as join_services
from echohub.programs.models import Program
from echohub.programs.rules import has_perm
from echohub.scheduling import queries, services
from echohub.scheduling.models import AgendaItem, AgendaKind, Resource, Session, SessionStatus

router = Router(tags=["sessions"])


class SessionOut(Schema):
    """Texts in English (`title`) and French (`title_fr`); either may be empty."""

    id: int
    title: str
    title_fr: str
    series_id: int | None
    number: int | None = Field(description="Position in its series.")
    starts_at: UtcDatetime
    ends_at: UtcDatetime
    time_zone: str = Field(description="The wall-clock zone the session is planned in.")
    status: SessionStatus
    phase: str = Field(description="scheduled, live, ended or cancelled (from the clock).")
    video_url: str = Field(
        description="The provider link: shown to coordinators only (it may hold a passcode); "
        "everyone else joins through their personal `join_url`."
    )
    cancel_reason: str
    sequence: int = Field(description="Bumped on every reschedule or cancellation (ICS).")

    @staticmethod
    def resolve_video_url(obj: Session, context: dict[str, Any]) -> str:
        request = context["request"]
        return obj.video_url if can(request, obj.program, "sessions.manage") else ""


class ResourceOut(Schema):
    id: int
    title: str
    title_fr: str
    url: str


class AgendaItemOut(Schema):
    id: int
    kind: AgendaKind
    position: int
    title: str
    title_fr: str
    presenter: PersonRef | None
    duration_minutes: int
    notes: str
    notes_fr: str
    resources: list[ResourceOut]
    version: str = Field(description="Send it back with PATCH (optimistic locking).")
    followed_case_id: int | None = Field(
        None,
        description="A follow-up slot's case (null when none is linked, and for callers who "
        "may not read cases).",
    )

    @staticmethod
    def resolve_resources(obj: AgendaItem) -> Any:
        return obj.resources.all()

    @staticmethod
    def resolve_version(obj: AgendaItem) -> str:
        return services.agenda_item_version(obj)


class SessionDetailOut(SessionOut):
    agenda: list[AgendaItemOut]
    join_url: str | None = Field(
        None, description="The caller's personal join link (records the join, then redirects)."
    )
    calendar_url: str = Field(description="This session as an .ics file for the caller.")

    @staticmethod
    def resolve_join_url(obj: Session, context: dict[str, Any]) -> str | None:
        user = getattr(context["request"], "auth", None)
        if not isinstance(user, User) or obj.status != SessionStatus.SCHEDULED:
            return None
        token = join_services.join_token_for(session=obj, user=user).token
        return settings.SITE_URL + reverse("joining:join", kwargs={"token": token})

    @staticmethod
    def resolve_calendar_url(obj: Session) -> str:
        return settings.SITE_URL + reverse(
            "joining_session:session_ics", kwargs={"slug": obj.program.slug, "pk": obj.pk}
        )

    @staticmethod
    def resolve_agenda(obj: Session, context: dict[str, Any]) -> Any:
        """Case items name their case and presenter only to those who may read cases (an
        evaluator sees "Case presentation"), as on the session page."""
        items = list(obj.agenda_items.all())
        user = getattr(context["request"], "auth", None)
        if user is not None and has_perm(user, obj.program, "cases.present"):
            return items
        masked = []
        for item in items:
            if item.kind in (AgendaKind.CASE, AgendaKind.FOLLOW_UP):
                item = copy.copy(item)
                item.title = str(item.get_kind_display())
                item.title_fr = ""
                item.presenter = None
                item.notes = item.notes_fr = ""
                item.followed_case_id = None
            masked.append(item)
        return masked


def _as_utc(value: dt.datetime) -> dt.datetime:
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("date and time out of range") from None


#: An aware date and time, kept as UTC: PostgreSQL refuses offsets past ±15:59 that Python
#: reads ("…T02:02:56-16:05" was a 500 there: schemathesis), and a time at the end of year 9999
#: with a negative offset is past the last date a database holds (a 500 on SQLite too).
AwareUtc = Annotated[AwareDatetime, AfterValidator(_as_utc)]


class SessionIn(Schema):
    """A title in English, French or both (`title_required` when neither)."""

    title: str = Field("", max_length=200)
    title_fr: str = Field("", max_length=200)
    starts_at: AwareUtc
    ends_at: AwareUtc
    time_zone: str | None = Field(
        None, max_length=64, description="IANA name; the program's time zone if omitted."
    )
    video_url: HttpUrl = ""
    series_id: int | None = Field(None, description="Add to this series (numbered last).")


class RescheduleIn(Schema):
    starts_at: AwareUtc
    ends_at: AwareUtc


class CancelIn(Schema):
    reason: str = Field(max_length=300, description="Shown to participants.")


class SessionPatch(Schema):
    """Only the fields sent are changed."""

    title: str | None = Field(None, max_length=200)
    title_fr: str | None = Field(None, max_length=200)
    video_url: HttpUrl | None = None


class ResourceIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    title_fr: str = Field("", max_length=200)
    url: HttpUrl = Field(min_length=1)


class AgendaItemPatch(Schema):
    """Only the fields sent are changed; `presenter_id: null` removes the presenter."""

    version: str = Field(
        min_length=1,
        max_length=VERSION_MAX,
        description="The item's `version` as you read it: 409 `stale_agenda_item` if it was "
        "saved since (reload it and apply your change again).",
    )
    kind: AgendaKind | None = None
    title: str | None = Field(None, max_length=200)
    title_fr: str | None = Field(None, max_length=200)
    presenter_id: int | None = None
    duration_minutes: int | None = Field(None, ge=1, le=720)
    notes: str | None = Field(None, max_length=LONG_TEXT_MAX)
    notes_fr: str | None = Field(None, max_length=LONG_TEXT_MAX)
    position: int | None = Field(None, ge=0, le=32767)
    followed_case_id: int | None = Field(
        None, ge=1, description="For a follow-up slot: its case; null removes the link."
    )


class AgendaItemIn(Schema):
    """A title in English, French or both (`title_required` when neither)."""

    kind: AgendaKind
    title: str = Field("", max_length=200)
    title_fr: str = Field("", max_length=200)
    presenter_id: int | None = Field(None, description="A member of the program.")
    duration_minutes: int = Field(15, ge=1, le=720)
    notes: str = Field("", max_length=LONG_TEXT_MAX)
    notes_fr: str = Field("", max_length=LONG_TEXT_MAX)
    position: int | None = Field(None, ge=0, le=32767, description="Last if omitted.")
    followed_case_id: int | None = Field(
        None,
        ge=1,
        description="For a follow-up slot (`kind` follow_up): the case it follows up, one of "
        "the program's cases whose recommendations were sent.",
    )


def _presenter(presenter_id: int | None) -> User | None:
    if presenter_id is None:
        return None
    presenter = User.objects.filter(pk=presenter_id, is_active=True).first()
    if presenter is None:
        raise ApiError(
            "invalid_presenter",
            _("The presenter must belong to this program."),
            field="presenter_id",
        )
    return presenter


def _save_item(**kwargs: Any) -> AgendaItem:
    """save_agenda_item, its refusals naming the API's fields."""
    try:
        return services.save_agenda_item(**kwargs)
    except DomainError as err:
        if err.field == "followed_case":
            err.field = "followed_case_id"
        raise


def _item(session: Session, item_id: int) -> AgendaItem:
    item = session.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def _item_out(item_id: int) -> AgendaItem:
    return (
        AgendaItem.objects.select_related("presenter").prefetch_related("resources").get(pk=item_id)
    )


def _session(program: Program, session_id: int, *, agenda: bool = True) -> Session:
    qs = program.sessions.all()
    session = (queries.with_agenda(qs) if agenda else qs).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


@router.get(
    "/programs/{slug}/sessions",
    response={200: list[SessionOut], **READ_ERRORS},
    summary="List sessions",
    description="In start order (newest first with `past=true`). Requires `sessions.view`.",
)
@paginate(Pagination)
def list_sessions(
    request: HttpRequest,
    slug: str,
    status: SessionStatus | None = None,
    upcoming: bool = Query(False, description="Only sessions not yet ended."),
    past: bool = Query(False, description="Only sessions that have ended."),
    starts_from: Annotated[
        AwareUtc | None, Query(alias="from", description="Starts at or after.")
    ] = None,
    starts_to: Annotated[AwareUtc | None, Query(alias="to", description="Starts before.")] = None,
    series: int | None = Query(None, ge=1, le=DB_ID_MAX, description="A series id."),
    q: str = Query("", max_length=100, description="Part of the title."),
) -> QuerySet[Session]:
    program = program_for(request, slug, "sessions.view")
    qs = program.sessions.all()
    now = timezone.now()
    if status is not None:
        qs = qs.filter(status=status)
    if upcoming:
        qs = qs.filter(ends_at__gt=now)
    if past:
        qs = qs.filter(ends_at__lte=now)
    if starts_from is not None:
        qs = qs.filter(starts_at__gte=starts_from)
    if starts_to is not None:
        qs = qs.filter(starts_at__lt=starts_to)
    if series is not None:
        qs = qs.filter(series_id=series)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(title_fr__icontains=q.strip()))
    return qs.order_by(*(("-starts_at", "-pk") if past else ("starts_at", "pk")))


@router.get(
    "/programs/{slug}/sessions/{session_id}",
    response={200: SessionDetailOut, **READ_ERRORS},
    summary="Get a session",
    description="With its agenda items and their resources. Requires `sessions.view`.",
)
def get_session(request: HttpRequest, slug: str, session_id: int) -> Session:
    program = program_for(request, slug, "sessions.view")
    session = _session(program, session_id)
    if can(request, program, "cases.present"):  # its case slots name their cases: audited
        audit.record_reads(
            actor=caller(request),
            action="case.list_read",
            object_type="cases.case",
            ids=queries.case_ids_on_agenda(session),
            view="api.sessions.detail",
            program=program,
        )
    return session


@router.post(
    "/programs/{slug}/sessions",
    response={201: SessionDetailOut, **WRITE_ERRORS},
    summary="Add a session",
    description=(
        "Requires `sessions.manage`. Errors: `end_before_start`, `too_long`, "
        "`invalid_time_zone`, `session_overlap` (409)."
    ),
)
def add_session(request: HttpRequest, slug: str, payload: SessionIn) -> Status[Session]:
    program = program_for(request, slug, "sessions.manage")
    series = None
    if payload.series_id is not None:
        series = program.series.filter(pk=payload.series_id).first()
        if series is None:
            raise ApiError(
                "invalid_series", _("Choose a series of this program."), field="series_id"
            )
    session = services.add_session(
        actor=caller(request),
        program=program,
        title=payload.title,
        title_fr=payload.title_fr,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        time_zone=(payload.time_zone or "").strip() or None,
        video_url=payload.video_url,
        series=series,
    )
    return Status(201, _session(program, session.pk))


@router.post(
    "/programs/{slug}/sessions/{session_id}/reschedule",
    response={200: SessionDetailOut, **WRITE_ERRORS},
    summary="Reschedule a session",
    description=(
        "Requires `sessions.manage`. Errors: `session_cancelled` (409), `end_before_start`, "
        "`too_long`, `session_overlap` (409)."
    ),
)
def reschedule(request: HttpRequest, slug: str, session_id: int, payload: RescheduleIn) -> Session:
    program = program_for(request, slug, "sessions.manage")
    session = _session(program, session_id, agenda=False)
    services.reschedule_session(
        actor=caller(request),
        session=session,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
    )
    return _session(program, session_id)


@router.post(
    "/programs/{slug}/sessions/{session_id}/cancel",
    response={200: SessionDetailOut, **WRITE_ERRORS},
    summary="Cancel a session",
    description=(
        "Requires `sessions.manage`. Errors: `reason_required`, `session_cancelled` (409)."
    ),
)
def cancel(request: HttpRequest, slug: str, session_id: int, payload: CancelIn) -> Session:
    program = program_for(request, slug, "sessions.manage")
    session = _session(program, session_id, agenda=False)
    services.cancel_session(actor=caller(request), session=session, reason=payload.reason)
    return _session(program, session_id)


@router.post(
    "/programs/{slug}/sessions/{session_id}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    summary="Add an agenda item",
    description=(
        "Requires `sessions.manage`. Errors: `invalid_presenter`; for `followed_case_id`: "
        "`follow_up_case_unknown`, `follow_up_case_other_program`, `follow_up_case_not_sent`, "
        "`follow_up_case_wrong_kind`."
    ),
)
def add_agenda_item(
    request: HttpRequest, slug: str, session_id: int, payload: AgendaItemIn
) -> Status[AgendaItem]:
    program = program_for(request, slug, "sessions.manage")
    session = _session(program, session_id, agenda=False)
    fields: dict[str, Any] = payload.model_dump(exclude={"presenter_id", "followed_case_id"})
    presenter = _presenter(payload.presenter_id)
    if presenter is not None:
        fields["presenter"] = presenter
    fields["followed_case"] = payload.followed_case_id
    item = _save_item(actor=caller(request), session=session, **fields)
    return Status(201, _item_out(item.pk))


@router.patch(
    "/programs/{slug}/sessions/{session_id}",
    response={200: SessionDetailOut, **WRITE_ERRORS},
    summary="Change a session's title or video link",
    description="Requires `sessions.manage`. Use reschedule and cancel for times and status.",
)
def update_session(
    request: HttpRequest, slug: str, session_id: int, payload: SessionPatch
) -> Session:
    program = program_for(request, slug, "sessions.manage")
    session = _session(program, session_id, agenda=False)
    fields = payload.model_dump(exclude_unset=True)
    reject_nulls(fields)
    services.update_session(
        actor=caller(request),
        session=session,
        title=fields.get("title", session.title),
        title_fr=fields.get("title_fr", session.title_fr),
        video_url=fields.get("video_url", session.video_url),
    )
    return _session(program, session_id)


@router.patch(
    "/programs/{slug}/sessions/{session_id}/agenda/{item_id}",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    summary="Change an agenda item",
    description=(
        "Requires `sessions.manage`. Send the `version` you read. Errors: `invalid_presenter`, "
        "`stale_agenda_item` (409: saved by someone else since you read it), and those of "
        "`followed_case_id` as when adding an item."
    ),
)
def update_agenda_item(
    request: HttpRequest, slug: str, session_id: int, item_id: int, payload: AgendaItemPatch
) -> AgendaItem:
    program = program_for(request, slug, "sessions.manage")
    session = _session(program, session_id, agenda=False)
    item = _item(session, item_id)
    fields = payload.model_dump(exclude_unset=True, exclude={"version"})
    reject_nulls(fields, nullable=frozenset({"presenter_id", "followed_case_id"}))
    if "presenter_id" in fields:
        fields["presenter"] = _presenter(fields.pop("presenter_id"))
    if "followed_case_id" in fields:
        fields["followed_case"] = fields.pop("followed_case_id")
    _save_item(actor=caller(request), session=session, item=item, version=payload.version, **fields)
    return _item_out(item.pk)


@router.delete(
    "/programs/{slug}/sessions/{session_id}/agenda/{item_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an agenda item",
    description="Requires `sessions.manage`. Its resources go with it.",
)
def delete_agenda_item(
    request: HttpRequest, slug: str, session_id: int, item_id: int
) -> Status[None]:
    program = program_for(request, slug, "sessions.manage")
    session = _session(program, session_id, agenda=False)
    services.delete_agenda_item(actor=caller(request), item=_item(session, item_id))
    return Status(204, None)


@router.post(
    "/programs/{slug}/sessions/{session_id}/agenda/{item_id}/resources",
    response={201: ResourceOut, **WRITE_ERRORS},
    summary="Attach a resource to an agenda item",
    description="Slides, a recording, a guideline or a tool, by link. Requires `sessions.manage`.",
)
def add_resource(
    request: HttpRequest, slug: str, session_id: int, item_id: int, payload: ResourceIn
) -> Status[Resource]:
    program = program_for(request, slug, "sessions.manage")
    session = _session(program, session_id, agenda=False)
    item = _item(session, item_id)
    resource = services.add_resource(
        actor=caller(request),
        item=item,
        title=payload.title,
        title_fr=payload.title_fr,
        url=payload.url,
    )
    return Status(201, resource)
