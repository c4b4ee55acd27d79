"""State changes for series, sessions and agendas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from echohub.core import audit, bilingual
from echohub.core.errors import Conflict, DomainError
from echohub.joining.notices import queue_session_changed
from echohub.programs.models import Program
from echohub.scheduling import notices
from echohub.scheduling.models import (
    AgendaItem,
    AgendaKind,
    FollowUpRequest,
    ProgramBreak,
    Resource,
    Series,
    Session,
    SessionStatus,
)
from echohub.scheduling.planning import HOLIDAY_REGIONS, plan_series
from echohub.scheduling.queries import follow_up_slots_of_case, followable_statuses
from echohub.scheduling.recurrence import Recurrence, RecurrenceError, zone

AGENDA_FIELDS = [
    "kind",
    "title",
    "title_fr",
    "presenter",
    "duration_minutes",
    "notes",
    "notes_fr",
    "position",
    "followed_case_id",
]


def _require_title(title: str, title_fr: str, message: str) -> None:
    """A title in English, in French or both (bilingual program content)."""
    if not (title or "").strip() and not (title_fr or "").strip():
        raise DomainError("title_required", message, field="title")


def _numbered(title: str, n: int, language: str) -> str:
    """A series session's title ("Cycle – Session 3", « Cycle – Séance 3 »)."""
    if not title.strip():
        return ""
    with translation.override(language):
        return f"{title} – {_('Session')} {n}"


def _domain(err: RecurrenceError) -> DomainError:
    return DomainError(err.code, str(err))


def overlapping(
    program: Program, start: dt.datetime, end: dt.datetime, exclude: Session | None = None
) -> QuerySet[Session]:
    qs = Session.objects.filter(
        program=program, status=SessionStatus.SCHEDULED, starts_at__lt=end, ends_at__gt=start
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def _clash_message(clash: Session) -> str:
    when = formats.date_format(timezone.localtime(clash.starts_at), "DATETIME_FORMAT")
    return _("This overlaps “%(title)s” on %(when)s.") % {
        "title": bilingual.text(clash, "title"),
        "when": when,
    }


@transaction.atomic
def create_series(
    *,
    actor: Any,
    program: Program,
    title: str,
    rule: Recurrence,
    description: str = "",
    title_fr: str = "",
    description_fr: str = "",
    video_url: str = "",
    topics: list[str] | None = None,
    holiday_region: str = "",
    topics_fr: list[str] | None = None,
) -> Series:
    """Create a series and all its sessions, skipping the program's breaks and the statutory
    holidays of ``holiday_region`` (see planning.py; the preview shows the same plan). Topics go
    to the sessions held, in order. Refused whole if any session would overlap."""
    _require_title(title, title_fr, _("Give the series a title."))
    if holiday_region not in dict(HOLIDAY_REGIONS):
        raise DomainError(
            "invalid_holiday_region", _("Choose a province or territory."), field="holiday_region"
        )
    try:
        planned = plan_series(program=program, rule=rule, holiday_region=holiday_region)
    except RecurrenceError as err:
        raise _domain(err) from None
    slots = [(d.start, d.end) for d in planned.held if d.start is not None and d.end is not None]
    for start, end in slots:
        clash = overlapping(program, start, end).first()
        if clash is not None:
            raise Conflict("session_overlap", _clash_message(clash))
    series = Series.objects.create(
        program=program,
        title=title.strip(),
        title_fr=title_fr.strip(),
        description=description,
        description_fr=description_fr,
        frequency=rule.frequency,
        interval=rule.interval,
        weekday=rule.weekday,
        week_of_month=rule.week_of_month,
        first_date=rule.first_date,
        last_date=rule.last_date,
        count=rule.count,
        start_time=rule.start_time,
        duration_minutes=rule.duration_minutes,
        time_zone=rule.time_zone,
        video_url=video_url,
        holiday_region=holiday_region,
    )
    sessions = Session.objects.bulk_create(
        [
            Session(
                program=program,
                series=series,
                number=n,
                title=_numbered(series.title, n, "en"),
                title_fr=_numbered(series.title_fr, n, "fr"),
                starts_at=start,
                ends_at=end,
                time_zone=rule.time_zone,
                video_url=video_url,
            )
            for n, (start, end) in enumerate(slots, start=1)
        ]
    )
    if topics or topics_fr:
        # The French topics pair with the English ones by position.
        en, fr = list(topics or []), list(topics_fr or [])
        n = max(len(en), len(fr))
        pairs = zip(en + [""] * (n - len(en)), fr + [""] * (n - len(fr)), strict=True)
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    session=s,
                    kind=AgendaKind.DIDACTIC,
                    title=topic.strip(),
                    title_fr=topic_fr.strip(),
                    position=1,
                    duration_minutes=20,
                )
                for s, (topic, topic_fr) in zip(sessions, pairs, strict=False)
                if topic.strip() or topic_fr.strip()
            ]
        )
    audit.record(
        actor=actor,
        action="series.created",
        obj=series,
        program=program,
        changes={
            "sessions": len(sessions),
            **({"holiday_region": holiday_region} if holiday_region else {}),
            **({"skipped": [str(d.day) for d in planned.skipped]} if planned.skipped else {}),
        },
    )
    return series


@transaction.atomic
def add_session(
    *,
    actor: Any,
    program: Program,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str | None = None,
    video_url: str = "",
    series: Series | None = None,
    title_fr: str = "",
) -> Session:
    _require_title(title, title_fr, _("Give the session a title."))
    if series is not None and series.program_id != program.pk:
        raise DomainError("invalid_series", _("Choose a series of this program."), field="series")
    _check_times(program, starts_at, ends_at)
    tzname = time_zone or program.time_zone
    try:
        zone(tzname)
    except RecurrenceError as err:
        raise _domain(err) from None
    number = None
    if series is not None:
        number = (series.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session.objects.create(
        program=program,
        series=series,
        number=number,
        title=title.strip(),
        title_fr=title_fr.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=tzname,
        video_url=video_url or (series.video_url if series else ""),
    )
    audit.record(actor=actor, action="session.added", obj=session, program=program)
    return session


def _check_times(
    program: Program, start: dt.datetime, end: dt.datetime, exclude: Session | None = None
) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise DomainError("naive_datetime", _("Times must carry a time zone."))
    if end <= start:
        raise DomainError(
            "end_before_start", _("The end must be after the start."), field="ends_at"
        )
    if end - start > dt.timedelta(hours=12):
        raise DomainError(
            "too_long", _("A session cannot last more than 12 hours."), field="ends_at"
        )
    clash = overlapping(program, start, end, exclude=exclude).first()
    if clash is not None:
        raise Conflict("session_overlap", _clash_message(clash))


def check_reschedule(*, session: Session, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """Raise the DomainError ``reschedule_session`` would, without changing anything: the
    session page checks before it shows the email preview."""
    if session.status == SessionStatus.CANCELLED:
        raise Conflict("session_cancelled", _("A cancelled session cannot be rescheduled."))
    if starts_at <= timezone.now():
        raise DomainError(
            "in_the_past",
            _(
                "A session cannot be moved into the past (it would show as ended and everyone "
                "would be emailed). Choose a time from now on."
            ),
            field="starts_at",
        )
    _check_times(session.program, starts_at, ends_at, exclude=session)


@transaction.atomic
def reschedule_session(
    *, actor: Any, session: Session, starts_at: dt.datetime, ends_at: dt.datetime
) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    check_reschedule(session=session, starts_at=starts_at, ends_at=ends_at)
    before = audit.snapshot(session, ["starts_at", "ends_at"])
    session.starts_at, session.ends_at = starts_at, ends_at
    session.sequence += 1
    session.save()
    queue_session_changed(session, "rescheduled")
    audit.record(
        actor=actor,
        action="session.rescheduled",
        obj=session,
        program=session.program,
        changes=audit.diff(session, ["starts_at", "ends_at"], before),
    )
    return session


def check_cancel(*, session: Session, reason: str, move_to: Session | None = None) -> str:
    """Raise the DomainError ``cancel_session`` would; return the reason as it will be stored."""
    if session.status == SessionStatus.CANCELLED:
        raise Conflict("session_cancelled", _("This session is already cancelled."))
    reason = reason.strip()
    if not reason:
        raise DomainError("reason_required", _("Say why the session is cancelled."), field="reason")
    if len(reason) > 300:
        raise DomainError(
            "reason_too_long", _("Keep the reason under 300 characters."), field="reason"
        )
    if move_to is not None and (
        move_to.pk == session.pk
        or move_to.program_id != session.program_id
        or move_to.status != SessionStatus.SCHEDULED
        or move_to.ends_at <= timezone.now()
    ):
        raise DomainError(
            "invalid_move_target",
            _("Choose one of the program's upcoming sessions for the didactic."),
            field="move_didactic_to",
        )
    return reason


@transaction.atomic
def cancel_session(
    *, actor: Any, session: Session, reason: str, move_didactic_to: Session | None = None
) -> Session:
    """Cancel the session (everyone is emailed). With ``move_didactic_to``, its didactics (and
    their resources) move to that upcoming session, after its own didactics."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    reason = check_cancel(session=session, reason=reason, move_to=move_didactic_to)
    moved: list[int] = []
    if move_didactic_to is not None:
        moved = _move_didactics(actor=actor, source=session, target=move_didactic_to)
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = reason
    session.sequence += 1
    session.save()
    target_id = move_didactic_to.pk if moved and move_didactic_to is not None else None
    queue_session_changed(session, "cancelled", moved_to=target_id, moved_items=moved)
    changes: dict[str, Any] = {"status": ["scheduled", "cancelled"], "reason": reason}
    if target_id is not None:
        changes["didactics_moved_to"] = target_id
    audit.record(
        actor=actor,
        action="session.cancelled",
        obj=session,
        program=session.program,
        changes=changes,
    )
    return session


def _move_didactics(*, actor: Any, source: Session, target: Session) -> list[int]:
    """Move ``source``'s didactics to ``target``, after the didactics it already has (or first
    when it has none), keeping their order; the agenda is numbered 1, 2, 3... again."""
    items = list(
        AgendaItem.objects.filter(session=source, kind=AgendaKind.DIDACTIC).order_by(
            "position", "pk"
        )
    )
    if not items:
        return []
    existing = list(
        AgendaItem.objects.select_for_update().filter(session=target).order_by("position", "pk")
    )
    last_didactic = max(
        (i for i, each in enumerate(existing) if each.kind == AgendaKind.DIDACTIC), default=-1
    )
    ordered = [*existing[: last_didactic + 1], *items, *existing[last_didactic + 1 :]]
    now = timezone.now()
    for number, each in enumerate(ordered, start=1):
        # updated_at is the items' version (agenda_item_version): an editor who opened one
        # before the move must not save over it unawares. bulk_update does not touch it itself.
        each.position, each.updated_at = number, now
    for item in items:
        item.session = target
    AgendaItem.objects.bulk_update(ordered, ["position", "session", "updated_at"])
    for item in items:
        audit.record(
            actor=actor,
            action="agenda.item_moved",
            obj=item,
            program=source.program,
            changes={"session": [source.pk, target.pk]},
        )
    return [item.pk for item in items]


@transaction.atomic
def update_session(
    *, actor: Any, session: Session, title: str, video_url: str, title_fr: str | None = None
) -> Session:
    """Change the title (English; French when `title_fr` is given) and the video link."""
    title_fr = session.title_fr if title_fr is None else title_fr
    _require_title(title, title_fr, _("Give the session a title."))
    fields = ["title", "title_fr", "video_url"]
    before = audit.snapshot(session, fields)
    session.title, session.title_fr = title.strip(), title_fr.strip()
    session.video_url = video_url.strip()
    session.save()
    audit.record(
        actor=actor,
        action="session.updated",
        obj=session,
        program=session.program,
        changes=audit.diff(session, fields, before),
    )
    return session


# Agenda ---------------------------------------------------------------------------------------


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def agenda_item_version(item: AgendaItem) -> str:
    """An agenda item's version for optimistic locking: when it was last saved, in
    microseconds. A form or API client sends back the version it read; a save in between
    changes it."""
    return str((item.updated_at - _EPOCH) // dt.timedelta(microseconds=1))


@transaction.atomic
def save_agenda_item(
    *,
    actor: Any,
    session: Session,
    item: AgendaItem | None = None,
    version: str | None = None,
    **fields: Any,
) -> AgendaItem:
    """Add an item (item None) or change one. A change with ``version`` (what
    :func:`agenda_item_version` gave when the editor read it) is refused with ``stale_agenda_item``
    when someone saved the item in between: last write never wins silently. An empty position
    on a change keeps the item's place."""
    linking = "followed_case" in fields
    followed = _followed_case(actor, session, fields.pop("followed_case", None))
    presenter = fields.get("presenter")
    if presenter is not None:
        from echohub.programs.rules import is_member

        if not is_member(presenter, session.program):
            raise DomainError(
                "invalid_presenter",
                _("The presenter must belong to this program."),
                field="presenter",
            )
    for key in ("title", "title_fr", "notes", "notes_fr"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    if item is None:
        _check_follow_up_kind(fields.get("kind", ""), followed)
        if followed is not None:
            _default_follow_up_title(session.program, followed, fields)
        _require_title(
            fields.get("title", ""), fields.get("title_fr", ""), _("Give the item a title.")
        )
        position = fields.pop("position", None)
        fields["position"] = (session.agenda_items.aggregate(p=Max("position"))["p"] or 0) + 1
        item = AgendaItem.objects.create(session=session, followed_case=followed, **fields)
        if position is not None:
            _place(session, item, position)
        audit.record(
            actor=actor,
            action="agenda.item_added",
            obj=item,
            program=session.program,
            changes={"kind": item.kind, "followed_case_id": item.followed_case_id},
        )
        _answer_follow_up_requests(actor, item)
        return item
    # The row as stored, locked: the caller's instance may hold a form's half-applied values
    # (a ModelForm writes an empty position into it).
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if version is not None and str(version) != agenda_item_version(item):
        raise Conflict(
            "stale_agenda_item",
            _(
                "Someone else saved this agenda item after you opened it, so your changes were "
                "not saved. They are still in the form: copy what you need, reload the page to "
                "see the item as it is now, and make your change again."
            ),
        )
    if not linking:  # a change that does not name the case keeps the one linked
        followed = item.followed_case
    _check_follow_up_kind(fields.get("kind", item.kind), followed)
    if followed is not None:
        _default_follow_up_title(
            session.program,
            followed,
            fields,
            current=(fields.get("title", item.title), fields.get("title_fr", item.title_fr)),
        )
    _require_title(
        fields.get("title", item.title),
        fields.get("title_fr", item.title_fr),
        _("Give the item a title."),
    )
    before = audit.snapshot(item, AGENDA_FIELDS)
    position = fields.pop("position", None)
    for key, value in fields.items():
        setattr(item, key, value)
    item.followed_case = followed
    item.save()
    if position is not None:
        _place(session, item, position)
    audit.record(
        actor=actor,
        action="agenda.item_updated",
        obj=item,
        program=session.program,
        changes=audit.diff(item, AGENDA_FIELDS, before),
    )
    if item.followed_case_id != before["followed_case_id"]:
        _answer_follow_up_requests(actor, item)
    return item


# --- follow-up slots and their cases --------------------------------------------------------
# `cases` sits above scheduling (a Case names the case slot it is presented in), so the case
# a follow-up slot follows up is read through cases' own queries, imported where used: the
# same rule of who opens which case (cases.queries.visible_cases) decides what may be linked.


#: A linked follow-up slot's title when none was typed (marked for translation here, translated
#: in each of the program's languages when the slot is saved).
FOLLOW_UP_TITLE = gettext_noop("Follow-up: case %(number)s")


def _followed_case(actor: Any, session: Session, value: Any) -> Any:
    """The case named for a follow-up slot (an id, a Case or None), checked: a case of the
    session's program that the actor may open and whose recommendations were sent."""
    if value is None or value == "":
        return None
    from echohub.cases.models import Case
    from echohub.cases.queries import visible_cases

    pk = value.pk if isinstance(value, Case) else int(value)
    program = session.program
    case = Case.objects.select_related("program").filter(pk=pk).first()
    if case is not None and case.program_id != program.pk:
        # Named only to someone who may open it there; to anyone else it is no case at all.
        if visible_cases(actor, case.program).filter(pk=pk).exists():
            raise DomainError(
                "follow_up_case_other_program",
                _(
                    "This case belongs to another program (%(program)s). A follow-up slot can "
                    "only follow up a case of this session’s program."
                )
                % {"program": case.program},
                field="followed_case",
            )
        case = None
    if case is None or not visible_cases(actor, program).filter(pk=pk).exists():
        raise DomainError(
            "follow_up_case_unknown",
            _("You cannot choose this case: pick one of this program’s cases from the list."),
            field="followed_case",
        )
    if case.sent_at is None or case.status not in followable_statuses():
        raise DomainError(
            "follow_up_case_not_sent",
            _(
                "The recommendations for case %(number)s have not been sent yet: a follow-up "
                "comes after them. Link the slot to this case once they are sent."
            )
            % {"number": case},
            field="followed_case",
        )
    return case


def _check_follow_up_kind(kind: str, followed: Any) -> None:
    if followed is not None and kind != AgendaKind.FOLLOW_UP:
        raise DomainError(
            "follow_up_case_wrong_kind",
            _(
                "Only a case follow-up slot can name a case. Choose the kind “Case follow-up”, "
                "or leave the case empty."
            ),
            field="followed_case",
        )


def _default_follow_up_title(
    program: Program,
    case: Any,
    fields: dict[str, Any],
    current: tuple[str, str] | None = None,
) -> None:
    """A linked follow-up slot left without a title is called after the case's number (never
    its title: the agenda reaches people who may not read the case)."""
    title, title_fr = current or (fields.get("title", ""), fields.get("title_fr", ""))
    if (title or "").strip() or (title_fr or "").strip():
        return
    named: dict[str, str] = {}
    for language, key in (("en", "title"), ("fr", "title_fr")):
        if language in program.languages:
            with translation.override(language):
                text = _(FOLLOW_UP_TITLE)
            # A missing translation leaves its field empty (readers then see the other language,
            # marked as such) rather than English stored as French.
            if language == "en" or text != FOLLOW_UP_TITLE:
                named[key] = text
    if not named:  # one title at least: in English, where English belongs
        named["title"] = FOLLOW_UP_TITLE
    for key, text in named.items():
        fields[key] = text % {"number": case}


def _answer_follow_up_requests(actor: Any, item: AgendaItem) -> None:
    """A slot now linked to a case answers the presenter's open request for one."""
    if item.followed_case_id is None:
        return
    for request in (
        FollowUpRequest.objects.select_for_update(of=("self",))
        .select_related("case", "requested_by")
        .filter(case_id=item.followed_case_id, answered_at__isnull=True)
    ):
        request.answered_at, request.slot = timezone.now(), item
        request.save(update_fields=["answered_at", "slot", "updated_at"])
        audit.record(
            actor=actor,
            action="follow_up_request.answered",
            obj=request,
            program=item.session.program,
            changes={"case_id": item.followed_case_id, "slot_id": item.pk},
        )
        notices.follow_up_answered(request, item)


@transaction.atomic
def ask_for_follow_up_slot(*, actor: Any, program: Program, case_id: int) -> FollowUpRequest:
    """The presenter of a case whose recommendations were sent asks for a follow-up slot in a
    coming session; the coordinators see the request where they link follow-up slots."""
    from echohub.cases.models import Case

    case = (
        Case.objects.select_for_update()
        .filter(pk=case_id, program=program, presenter_id=getattr(actor, "pk", None))
        .first()
    )
    if case is None:
        raise DomainError(
            "follow_up_request_not_yours",
            _("You can ask for a follow-up slot only for a case you presented in this program."),
            field="case",
        )
    if case.sent_at is None or case.status not in followable_statuses():
        raise Conflict(
            "follow_up_case_not_sent",
            _(
                "The recommendations for case %(number)s have not been sent yet: ask for a "
                "follow-up slot once you have them."
            )
            % {"number": case},
        )
    if FollowUpRequest.objects.filter(case=case, answered_at__isnull=True).exists():
        raise Conflict(
            "follow_up_already_asked",
            _(
                "You already asked for a follow-up slot for case %(number)s; the coordinators "
                "see it when they plan the agenda."
            )
            % {"number": case},
        )
    slot = follow_up_slots_of_case([case.pk]).get(case.pk)
    if slot is not None:
        raise Conflict(
            "follow_up_already_scheduled",
            _("Case %(number)s already has a follow-up slot in a coming session (%(session)s).")
            % {"number": case, "session": slot.session},
        )
    request = FollowUpRequest.objects.create(case=case, requested_by=actor)
    audit.record(
        actor=actor,
        action="follow_up_request.made",
        obj=request,
        program=program,
        changes={"case_id": case.pk},
    )
    notices.follow_up_requested(request)
    return request


@transaction.atomic
def withdraw_follow_up_request(*, actor: Any, request: FollowUpRequest) -> None:
    """The presenter takes back a request not yet answered."""
    request = (
        FollowUpRequest.objects.select_for_update()
        .select_related("case__program")
        .get(pk=request.pk)
    )
    if request.requested_by_id != getattr(actor, "pk", None) or request.answered_at is not None:
        raise Conflict(
            "follow_up_request_closed",
            _("This request can no longer be withdrawn: it was answered or is not yours."),
        )
    audit.record(
        actor=actor,
        action="follow_up_request.withdrawn",
        obj=request,
        program=request.case.program,
        changes={"case_id": request.case_id},
    )
    request.delete()


def _place(session: Session, item: AgendaItem, position: int) -> None:
    """Put ``item`` at ``position`` (1 = first) and number the agenda 1, 2, 3... again, so two
    items never share a place and "first" means first."""
    others = list(session.agenda_items.exclude(pk=item.pk).order_by("position", "pk"))
    index = min(max(int(position), 1), len(others) + 1) - 1
    ordered = [*others[:index], item, *others[index:]]
    changed = []
    for number, each in enumerate(ordered, start=1):
        if each.position != number:
            each.position = number
            changed.append(each)
    AgendaItem.objects.bulk_update(changed, ["position"])
    item.position = index + 1


@transaction.atomic
def delete_agenda_item(*, actor: Any, item: AgendaItem) -> None:
    audit.record(
        actor=actor,
        action="agenda.item_removed",
        obj=item,
        program=item.session.program,
        changes={"kind": item.kind, "title": item.title},
    )
    item.delete()


@transaction.atomic
def add_resource(
    *, actor: Any, item: AgendaItem, title: str, url: str, title_fr: str = ""
) -> Resource:
    resource = Resource.objects.create(
        agenda_item=item, title=title.strip(), title_fr=title_fr.strip(), url=url.strip()
    )
    audit.record(
        actor=actor, action="agenda.resource_added", obj=resource, program=item.session.program
    )
    return resource


# Breaks --------------------------------------------------------------------------------------


@transaction.atomic
def add_break(
    *, actor: Any, program: Program, title: str, first_day: dt.date, last_day: dt.date
) -> ProgramBreak:
    """A date range the program does not meet: new series skip it (existing sessions stay)."""
    title = title.strip()
    if not title:
        raise DomainError("title_required", _("Name the break."), field="title")
    if last_day < first_day:
        raise DomainError(
            "end_before_start", _("The last day is before the first day."), field="last_day"
        )
    if (last_day - first_day).days > 366:
        raise DomainError("break_too_long", _("A break can last a year at most."), field="last_day")
    brk = ProgramBreak.objects.create(
        program=program, title=title, first_day=first_day, last_day=last_day
    )
    audit.record(
        actor=actor,
        action="break.added",
        obj=brk,
        program=program,
        changes={"first_day": str(first_day), "last_day": str(last_day)},
    )
    return brk


@transaction.atomic
def remove_break(*, actor: Any, brk: ProgramBreak) -> None:
    audit.record(
        actor=actor,
        action="break.removed",
        obj=brk,
        program=brk.program,
        changes={
            "title": brk.title,
            "first_day": str(brk.first_day),
            "last_day": str(brk.last_day),
        },
    )
    brk.delete()
