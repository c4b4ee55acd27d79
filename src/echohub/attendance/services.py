"""Attendance state changes: import a report, decide review rows, manual entry, roll call,
adjustments, and recomputing each person's minutes from stored segments.

Every function takes keyword-only arguments with an explicit ``actor``, runs in one transaction,
writes the audit log and raises :class:`AttendanceRefused` (a ``DomainError`` with a stable
``code``) on bad input. Nothing is half-done: a refused import leaves the database as it was.

How the sources count
---------------------
- **Platform reports** (Zoom CSV today, the Zoom API and BigBlueButton/Jitsi events through
  :func:`echohub.attendance.reconcile.make_row` later) give segments with join and leave times:
  they are the only source of *minutes*.
- **Join-link clicks** (``joining.JoinEvent``) say who opened their personal link and when, but
  not when they left. They never add minutes: a click is a join with no leave, and inventing a
  leave would invent attendance. They show on the attendance screens ("clicked the join link at
  12:29, no minutes yet") so a coordinator sees who is missing from the platform report, and
  they are exported; the person becomes *present* only once a report row, a manual entry, a
  roll call or an adjustment gives them minutes.
- **Manual entries** with join and leave times are segments like any other; a manual entry of
  only *minutes* says how long, not when: it may be the very time a report row shows (the
  sign-in sheet's hour, a dial-in line assigned later), so it is never added to the other
  rows' minutes. The person counts the larger of the two (and of several such entries), never
  more than the session's length; time a report missed is entered with its join and leave
  times. To set a person's total outright, use :func:`adjust_attendance`.
- **Roll call**: the people present in a shared room (a "Thunder Bay Boardroom" row) each get
  a copy of the room row's segment, linked to it; the room row itself is marked ``room``.
- **Adjustments** override the computed minutes with a required reason; both stay visible.

Minutes per person = :func:`echohub.attendance.reconcile.sure_minutes` over their matched,
non-waiting-room rows (the union clipped to the session, plus what rows with gaps surely add),
the same code the CLI uses.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from echohub.attendance import import_text
from echohub.attendance import reconcile as engine
from echohub.attendance.errors import AttendanceError
from echohub.attendance.models import (
    QUEUE_STATUSES,
    ZOOM_API_BATCH,
    Attendance,
    AttendanceRow,
    ImportBatch,
    RowStatus,
    Source,
)
from echohub.attendance.zoom_csv import MAX_SEGMENT, ParticipantRow
from echohub.core import audit
from echohub.core.errors import DomainError
from echohub.core.limits import whole_number
from echohub.core.models import AuditEntry
from echohub.joining.models import JoinToken, ProviderRegistration
from echohub.programs.models import Membership
from echohub.scheduling.models import Session, SessionStatus

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ENGINE_STATUS = {
    engine.MATCHED: RowStatus.MATCHED,
    engine.REVIEW: RowStatus.REVIEW,
    engine.UNMATCHED: RowStatus.UNMATCHED,
    engine.IGNORED: RowStatus.IGNORED,
}


class AttendanceRefused(DomainError):
    """A refused attendance change; ``row``/``line`` name the place in an uploaded file."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        row: int | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(code, message, field=field)
        self.row = row
        self.line = line


@dataclass(frozen=True)
class ImportResult:
    """What an import did. ``batch`` is None when the report added nothing (already imported)."""

    batch: ImportBatch | None
    rows_in_file: int
    new_rows: int
    matched: int
    review: int
    unmatched: int
    ignored: int
    warnings: tuple[str, ...] = field(default=())
    #: Rows already stored from a copy written to the minute (Excel) that took this report's
    #: exact times (see services._refine_copies).
    refined: int = 0
    #: Live joins (a webhook's, whose leave never came) that this report's rows of the same
    #: connection ended (see services._complete_open_joins).
    completed: int = 0
    #: Rows of an earlier report, exported while the person was still in, that this report's
    #: rows of the same connection ended (see services._complete_open_joins).
    completed_earlier: int = 0

    @property
    def already_imported(self) -> bool:
        return self.new_rows == 0


# --- roster -------------------------------------------------------------------------------


def roster_for(session: Session) -> list[engine.RosterPerson]:
    """Everyone who holds or held a role in the session's program, as the engine's roster.

    Inactive members are included on purpose: they widen the ambiguity checks (a namesake who
    left the program still sends a name match to review) and let an old report be imported.
    Person ids are user ids; Zoom registrant ids and this session's join tokens come along.
    """
    members = (
        Membership.objects.filter(program_id=session.program_id)
        .values_list("user_id", "user__first_name", "user__last_name", "user__email")
        .distinct()
        .order_by("user_id")
    )
    registrants: dict[int, str] = {}
    meeting = session.video_room.replace(" ", "")
    if meeting:
        registrants = dict(
            ProviderRegistration.objects.filter(
                provider="zoom", meeting_ref=meeting, user__memberships__program=session.program_id
            ).values_list("user_id", "external_id")
        )
    tokens: dict[int, list[str]] = defaultdict(list)
    for user_id, token in JoinToken.objects.filter(session=session).values_list("user_id", "token"):
        tokens[user_id].append(token)
    people: dict[int, engine.RosterPerson] = {}
    for user_id, first, last, email in members:
        if user_id in people:
            continue
        people[user_id] = engine.RosterPerson(
            person_id=str(user_id),
            first_name=first,
            last_name=last,
            email=email,
            zoom_registrant_id=registrants.get(user_id, ""),
            join_tokens=tuple(tokens.get(user_id, ())),
        )
    return list(people.values())


def engine_session(session: Session, *, time_zone: str | None = None) -> engine.Session:
    """The engine's view of a session: window, the zone report times are written in (the Zoom
    account's; the session's own by default), the Zoom meeting id when there is one and the
    Jitsi room (a log's rows of another room are refused)."""
    provider = session.provider
    meeting = session.video_room.strip() if provider == "zoom" else ""
    room = session.video_room.strip() if provider == "jitsi" else ""
    return engine.Session(
        start=session.starts_at,
        end=session.ends_at,
        time_zone=time_zone or session.time_zone,
        meeting_id=meeting or None,
        room=room or None,
    )


def _other_starts(session: Session) -> tuple[datetime, ...]:
    """When the program's other sessions (and other sessions of the same video room) start: a
    report whose dates read as one of them too is refused (see zoom_csv's ambiguous_dates)."""
    others = Session.objects.filter(program=session.program_id)
    if session.video_room.strip():
        others = others | Session.objects.filter(video_room=session.video_room)
    return tuple(
        others.exclude(pk=session.pk)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("starts_at", flat=True)
    )


def readable_reason(decision: engine.RowResult, people: dict[str, engine.RosterPerson]) -> str:
    """The engine's reason with our person ids (user pks, meaningless to a coordinator) written
    as "Name <e-mail>": "ambiguous name: 3, 4" -> "ambiguous name: Hope Mercer <h@x>, ..."."""
    text = decision.reason
    ids = {*decision.candidates, *([decision.person_id] if decision.person_id else [])}
    for pid in sorted(ids, key=len, reverse=True):
        person = people.get(pid)
        if person is None:
            continue
        label = f"{person.full_name} <{person.email}>" if person.email else person.full_name
        text = text.replace(f"{pid} ({person.full_name})", label)
        text = re.sub(rf"(?<![\w@.<]){re.escape(pid)}(?![\w@.>])", label, text)
    return text


_REFUSAL_FIELDS = {
    "other_time_zone": "time_zone",
    "ambiguous_dates": "date_order",
    "bad_date_order": "date_order",
}


def _refused(error: AttendanceError) -> AttendanceRefused:
    where = []
    if error.row is not None:
        where.append(_("row %(n)d") % {"n": error.row})
    if error.line is not None:
        where.append(_("line %(n)d") % {"n": error.line})
    said = import_text.refusal(error)
    if where:
        said = _("%(where)s: %(message)s") % {
            "where": ", ".join(where).capitalize(),
            "message": said,
        }
    return AttendanceRefused(
        error.code,
        said,
        # A report written in another zone is fixed by the zone chosen, dates that read both
        # ways by the order chosen, not by another file.
        field=_REFUSAL_FIELDS.get(error.code, "file"),
        row=error.row,
        line=error.line,
    )


def _lock(session: Session) -> None:
    """Serialise changes to one session's attendance (imports, decisions, recomputes)."""
    Session.objects.select_for_update().filter(pk=session.pk).values_list("pk").first()


# --- import -------------------------------------------------------------------------------


def import_zoom_report(
    *,
    actor: Any,
    session: Session,
    data: bytes,
    filename: str = "",
    time_zone: str | None = None,
    date_order: str = "auto",
) -> ImportResult:
    """Parse and reconcile a Zoom participants CSV for ``session`` and store its rows;
    ``date_order`` (``auto``, ``day`` or ``month``) says how its slash dates are written.

    All or nothing: any problem in the file (encoding, broken CSV, truncated or malformed row,
    times far from the session, negative or absurd durations, another meeting's report) raises
    :class:`AttendanceRefused` naming the row or the reason, and nothing is stored. Idempotent:
    rows already stored for the session (same fingerprint) are skipped, so re-importing the same
    report changes nothing and an updated report adds only its new rows; decisions already made
    on stored rows are kept.
    """
    if session.status == SessionStatus.CANCELLED:
        raise AttendanceRefused(
            "session_cancelled", _("This session was cancelled: it has no attendance.")
        )
    if not data:
        raise AttendanceRefused("empty_file", _("The file is empty."), field="file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise AttendanceRefused(
            "file_too_large",
            _("The file is larger than %(mb)d MB: is it really a participants report?")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="file",
        )
    window = replace(
        engine_session(session, time_zone=time_zone), other_starts=_other_starts(session)
    )
    digest = hashlib.sha256(data).hexdigest()
    earlier = (
        ImportBatch.objects.filter(session=session, sha256=digest)
        .exclude(time_zone=window.time_zone)
        .first()
    )
    if earlier is not None:
        # Same file, other zone: every time would shift and count twice. Refuse.
        raise AttendanceRefused(
            "imported_in_other_zone",
            _(
                "This file was already imported with its times read in %(zone)s. Remove that "
                "import first if the time zone was wrong."
            )
            % {"zone": earlier.time_zone},
            field="time_zone",
        )
    try:
        report = engine.parse_zoom_report(
            data,
            time_zone=window.time_zone,
            meeting_id=window.meeting_id,
            near=window.start,
            room=window.room,
            others=window.other_starts,
            date_order=date_order,
        )
        roster = roster_for(session)
        result = engine.reconcile_report(data, roster, window, date_order=date_order)
    except AttendanceError as error:
        raise _refused(error) from None
    warnings = tuple(result.warnings)
    people = {person.person_id: person for person in roster}

    with transaction.atomic():
        _lock(session)
        fingerprints = [row.fingerprint for row in report.rows]
        known = set(
            AttendanceRow.objects.filter(session=session, fingerprint__in=fingerprints).values_list(
                "fingerprint", flat=True
            )
        )
        copies = _resaved_copies(session=session, rows=report.rows, known=known)
        known |= set(copies)
        known |= _live_copies(session=session, rows=report.rows, known=known)
        refined, refined_rows = _refine_copies(
            actor=actor, session=session, rows=report.rows, copies=copies
        )
        ended, ended_users, ended_live, ended_earlier = _complete_open_joins(
            actor=actor,
            session=session,
            rows=report.rows,
            known=known,
            decisions={
                row.fingerprint: decision
                for row, decision in zip(report.rows, result.rows, strict=True)
            },
            people=people,
        )
        known |= ended
        refined |= ended_users
        pairs = [
            (row, decision)
            for row, decision in zip(report.rows, result.rows, strict=True)
            if row.fingerprint not in known
        ]
        _refuse_shifted_copy(
            session=session,
            new=[row for row, _decision in pairs],
            timed=sum(1 for row in report.rows if row.leave is not None and not row.waiting_room),
            zone=window.time_zone,
        )
        counts = {status: 0 for status in RowStatus.values}
        for _row, decision in pairs:
            counts[ENGINE_STATUS[decision.status]] += 1
        if not pairs:
            recompute(session=session, user_ids=refined)
            return ImportResult(
                batch=None,
                rows_in_file=len(report.rows),
                new_rows=0,
                matched=0,
                review=0,
                unmatched=0,
                ignored=0,
                warnings=warnings,
                refined=refined_rows,
                completed=ended_live,
                completed_earlier=ended_earlier,
            )
        batch = ImportBatch.objects.create(
            session=session,
            source=Source.ZOOM_CSV,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            filename=filename[:255],
            sha256=digest,
            encoding=report.encoding,
            time_zone=window.time_zone,
            row_count=len(report.rows),
            new_rows=len(pairs),
            warnings=list(warnings),
        )
        AttendanceRow.objects.bulk_create(
            [
                _stored_row(session, batch, batch.source, row, decision, people)
                for row, decision in pairs
            ]
        )
        touched = {int(d.person_id) for _r, d in pairs if d.person_id is not None}
        recompute(session=session, user_ids=touched | refined)
        audit.record(
            actor=actor,
            action="attendance.import",
            obj=batch,
            program=session.program,
            changes={
                "session": session.pk,
                "sha256": digest,
                "rows_in_file": len(report.rows),
                "new_rows": len(pairs),
                "matched": counts[RowStatus.MATCHED],
                "review": counts[RowStatus.REVIEW],
                "unmatched": counts[RowStatus.UNMATCHED],
                "ignored": counts[RowStatus.IGNORED],
            },
        )
    return ImportResult(
        batch=batch,
        rows_in_file=len(report.rows),
        new_rows=len(pairs),
        matched=counts[RowStatus.MATCHED],
        review=counts[RowStatus.REVIEW],
        unmatched=counts[RowStatus.UNMATCHED],
        ignored=counts[RowStatus.IGNORED],
        warnings=warnings,
        refined=refined_rows,
        completed=ended_live,
        completed_earlier=ended_earlier,
    )


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def _resaved_copies(
    *, session: Session, rows: Sequence[ParticipantRow], known: set[str]
) -> dict[str, int]:
    """The fingerprints of ``rows`` that are rows of a report already imported for the
    session, written again to the minute, each with the id of the stored row it repeats: the
    same report opened in Excel and saved (Excel writes "1/8/2026 12:31" for "01/08/2026
    12:31:04 PM": the seconds go, the separator and the encoding may change), or the original
    uploaded after such a copy. Same person (e-mail, else name), same join and leave minute,
    same waiting-room flag; each stored row stands for one row only. Before, every row was
    stored again: guests and rows to review twice in the queue, and minutes rounded up by the
    copy's lost seconds (38 min 50 s credited 39)."""
    wanted = [
        row
        for row in rows
        if row.fingerprint not in known and row.join is not None and row.leave is not None
    ]
    if not wanted:
        return {}
    identities = {_row_identity(row.email, row.name) for row in wanted}
    stored: dict[tuple[str, datetime, datetime, bool], list[int]] = defaultdict(list)
    for pk, email, name, join, leave, waiting, fingerprint in (
        AttendanceRow.objects.filter(
            session=session,
            source=Source.ZOOM_CSV,
            join_at__isnull=False,
            leave_at__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "email", "name", "join_at", "leave_at", "waiting_room", "fingerprint")
    ):
        identity = _row_identity(email, name)
        if join is None or leave is None or fingerprint in known or identity not in identities:
            continue  # a stored row this report repeats exactly stands for that row only
        stored[(identity, _minute(join), _minute(leave), waiting)].append(pk)
    copies: dict[str, int] = {}
    for row in wanted:
        assert row.join is not None and row.leave is not None
        key = (
            _row_identity(row.email, row.name),
            _minute(row.join),
            _minute(row.leave),
            row.waiting_room,
        )
        if stored[key]:
            copies[row.fingerprint] = stored[key].pop(0)
    return copies


#: How far a report's join or leave may be from the same connection's live (webhook) or API
#: time: Zoom writes both from its own clock, a report to the second or to the minute.
_LIVE_SLACK = timedelta(seconds=60)


def _new_whole_rows(rows: Sequence[ParticipantRow], known: set[str]) -> list[ParticipantRow]:
    """The rows of ``rows`` not stored yet (fingerprint not in ``known``) with a join and a
    leave, outside the waiting room: those that may be a connection seen before."""
    return [
        row
        for row in rows
        if row.fingerprint not in known
        and row.join is not None
        and row.leave is not None
        and not row.waiting_room
    ]


def _live_copies(*, session: Session, rows: Sequence[ParticipantRow], known: set[str]) -> set[str]:
    """The fingerprints of ``rows`` that are connections Zoom already gave whole, join and
    leave, through its live webhooks or its report API: same person (e-mail, else name), join
    and leave each within a minute, not a waiting-room row; each stored row stands for one
    row only. Stored again, every guest and phone line seen live was queued twice for the
    coordinator (twelfth hunt); a person's minutes were the same (a union), so nothing is
    lost by skipping them. A stay the webhooks missed, or saw only half of, is still added."""
    wanted = _new_whole_rows(rows, known)
    if not wanted:
        return set()
    identities = {_row_identity(row.email, row.name) for row in wanted}
    stored: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for email, name, join, leave in (
        AttendanceRow.objects.filter(
            session=session,
            source=Source.ZOOM_API,
            join_at__isnull=False,
            leave_at__isnull=False,
            waiting_room=False,
        )
        .order_by("pk")
        .values_list("email", "name", "join_at", "leave_at")
    ):
        identity = _row_identity(email, name)
        if join is not None and leave is not None and identity in identities:
            stored[identity].append((join, leave))
    copies: set[str] = set()
    for row in sorted(wanted, key=lambda row: (row.join, row.leave, row.fingerprint)):
        assert row.join is not None and row.leave is not None
        spans = stored.get(_row_identity(row.email, row.name), [])
        for index, (join, leave) in enumerate(spans):
            if abs(row.join - join) <= _LIVE_SLACK and abs(row.leave - leave) <= _LIVE_SLACK:
                del spans[index]
                copies.add(row.fingerprint)
                break
    return copies


#: The audit action of a live join ended by a report's row (:func:`_complete_open_joins`); a
#: late delivery of the lost leave finds it by this (:func:`_report_gave_leave`).
COMPLETED_BY_REPORT = "attendance.segment_completed"


def _complete_open_joins(
    *,
    actor: Any,
    session: Session,
    rows: Sequence[ParticipantRow],
    known: set[str],
    decisions: dict[str, engine.RowResult],
    people: dict[str, engine.RosterPerson],
) -> tuple[set[str], set[int], int, int]:
    """End the open joins of the session (a Zoom webhook's join whose leave never came, or a
    row of a report exported or fetched while the person was still in) with the leave of this
    report's row of the same connection: same person (e-mail, else name), join within a
    minute, not a waiting-room row; each open join takes one row only. Returns the
    fingerprints of the rows so used (not stored again), the people whose minutes must be
    recomputed, and how many live joins and earlier report rows were ended. Before, the open
    join stayed in the coordinator's queue and the report's row was queued beside it: a guest
    whose leave webhook was lost, or who was still in when a first report was exported, was
    there twice, and a person's open row waited for review though the report said when they
    left (thirteenth hunt). A live join keeps its decision and its own join time; a report's
    open row not yet decided by a coordinator takes this row's decision (it went to review
    only because its leave was unknown); a coordinator's decision is kept."""
    wanted = _new_whole_rows(rows, known)
    if not wanted:
        return set(), set(), 0, 0
    identities = {_row_identity(row.email, row.name) for row in wanted}
    open_joins: dict[str, list[AttendanceRow]] = defaultdict(list)
    for found in (
        AttendanceRow.objects.select_for_update()
        .filter(
            session=session,
            source__in=(Source.ZOOM_API, Source.ZOOM_CSV),
            join_at__isnull=False,
            leave_at__isnull=True,
            waiting_room=False,
        )
        .select_related("batch")
        .order_by("join_at", "pk")
    ):
        identity = _row_identity(found.email, found.name)
        if identity in identities:
            open_joins[identity].append(found)
    if not open_joins:
        return set(), set(), 0, 0
    used: set[str] = set()
    users: set[int] = set()
    live = earlier = 0
    for row in sorted(wanted, key=lambda row: (row.join, row.leave, row.fingerprint)):
        assert row.join is not None and row.leave is not None
        joins = open_joins.get(_row_identity(row.email, row.name), [])
        for index, found in enumerate(joins):
            assert found.join_at is not None
            leave = row.leave.astimezone(UTC)
            if abs(row.join - found.join_at) > _LIVE_SLACK or leave <= found.join_at:
                continue
            del joins[index]
            fields = ["leave_at", "duration_minutes", "duration_seconds"]
            if found.user_id is not None:
                users.add(found.user_id)  # before and after: a decision may move
            found.leave_at = leave
            if found.source == Source.ZOOM_API and found.batch.filename == WEBHOOK_FILENAME:
                live += 1
                found.duration_minutes = int((leave - found.join_at).total_seconds() // 60)
                found.duration_seconds = None  # the span itself
            else:
                earlier += 1
                found.duration_minutes = row.duration_minutes
                found.duration_seconds = row.duration_seconds
                if _to_the_minute(found.join_at) and not _to_the_minute(row.join):
                    # The earlier report was an Excel copy (seconds gone): this one is exact,
                    # as _refine_copies does for closed rows (a minute nobody spent).
                    found.join_at = row.join.astimezone(UTC)
                    fields.append("join_at")
                decision = decisions.get(row.fingerprint)
                if found.decided_by_id is None and decision is not None:
                    found.user_id = int(decision.person_id) if decision.person_id else None
                    found.status = ENGINE_STATUS[decision.status]
                    found.method = decision.method or ""
                    found.reason = readable_reason(decision, people)[:500]
                    found.candidates = [int(pid) for pid in decision.candidates]
                    fields += ["user", "status", "method", "reason", "candidates"]
            found.save(update_fields=fields)
            audit.record(
                actor=actor,
                action=COMPLETED_BY_REPORT,
                obj=found,
                program=session.program,
                changes={"session": session.pk, "leave_at": leave},
            )
            used.add(row.fingerprint)
            if found.user_id is not None:
                users.add(found.user_id)
            break
    return used, users, live, earlier


def _to_the_minute(moment: datetime | None) -> bool:
    return moment is not None and moment.second == 0 and moment.microsecond == 0


def _refine_copies(
    *, actor: Any, session: Session, rows: Sequence[ParticipantRow], copies: dict[str, int]
) -> tuple[set[int], int]:
    """Give stored rows written to the minute (an Excel copy imported first) the seconds of
    the original report's same rows uploaded after it; returns the people whose minutes must
    be recomputed and how many rows changed. The copy's lost seconds moved each stay to
    whole minutes and could credit a minute nobody spent (38 min 50 s credited 39: twelfth
    hunt); the original is the exact one. Decisions on the stored rows are kept; a row
    already exact is left alone."""
    exact = {
        row.fingerprint: row
        for row in rows
        if row.fingerprint in copies
        and row.join is not None
        and row.leave is not None
        and not (_to_the_minute(row.join) and _to_the_minute(row.leave))
    }
    if not exact:
        return set(), 0
    touched: set[int] = set()
    changed: list[AttendanceRow] = []
    stored = AttendanceRow.objects.in_bulk([copies[fingerprint] for fingerprint in exact])
    for fingerprint, row in exact.items():
        found = stored.get(copies[fingerprint])
        if found is None or not (_to_the_minute(found.join_at) and _to_the_minute(found.leave_at)):
            continue
        found.join_at, found.leave_at = row.join, row.leave
        if row.duration_seconds is not None:
            found.duration_seconds = row.duration_seconds
        changed.append(found)
        if found.user_id is not None:
            touched.add(found.user_id)
    if not changed:
        return set(), 0
    AttendanceRow.objects.bulk_update(changed, ["join_at", "leave_at", "duration_seconds"])
    audit.record(
        actor=actor,
        action="attendance.refine_times",
        obj=session,
        program=session.program,
        changes={"session": session.pk, "rows": sorted(row.pk for row in changed)},
    )
    return touched, len(changed)


#: A report's rows moved from rows already imported by a whole number of these (an hour or
#: more), give or take a minute of rounding, were read in another time zone.
ZONE_STEP = timedelta(minutes=30)
_SHIFT_SLACK = timedelta(minutes=1)


def _row_identity(email: str, name: str) -> str:
    return email.strip().casefold() or " ".join(name.casefold().split())


def _shift_from_stored(
    *, session: Session, new: Sequence[ParticipantRow], timed: int
) -> tuple[int, str, bool] | None:
    """``(half hours, zone of the earlier import, whether its times are exact instants: Zoom's
    API, webhooks, entered by hand, not a CSV read in a zone)`` when most of a report's
    ``timed`` rows are rows already imported for the session moved by the same whole number of
    half hours (an hour or more): the same meeting read in another time zone. Stored too,
    each person's minutes would be the union of the true times and the moved ones (hunt 8: 30
    minutes credited as 60). A later report of the same meeting repeats its earlier rows
    unchanged, so its few new rows never make most of it."""
    if not timed:
        return None
    stored: dict[str, list[tuple[datetime, datetime, str, bool]]] = defaultdict(list)
    for email, name, join, leave, batch_zone, source in AttendanceRow.objects.filter(
        session=session, join_at__isnull=False, leave_at__isnull=False, waiting_room=False
    ).values_list("email", "name", "join_at", "leave_at", "batch__time_zone", "batch__source"):
        if join is not None and leave is not None:
            exact = source != Source.ZOOM_CSV
            stored[_row_identity(email, name)].append((join, leave, batch_zone or "", exact))
    if not stored:
        return None
    shifts: Counter[tuple[int, str, bool]] = Counter()
    for row in new:
        if row.join is None or row.leave is None or row.waiting_room:
            continue
        join, leave = row.join.astimezone(UTC), row.leave.astimezone(UTC)
        for first, last, batch_zone, exact in stored.get(_row_identity(row.email, row.name), ()):
            moved = join - first
            steps = round(moved / ZONE_STEP)
            if (
                abs(steps) >= 2
                and abs(moved - steps * ZONE_STEP) <= _SHIFT_SLACK
                and abs((leave - last) - steps * ZONE_STEP) <= _SHIFT_SLACK
            ):
                shifts[(steps, batch_zone, exact)] += 1
                break
    if not shifts:
        return None
    (steps, earlier_zone, exact), count = shifts.most_common(1)[0]
    if count * 2 <= timed:
        return None
    return steps, earlier_zone, exact


def _hours(steps: int) -> str:
    return f"{abs(steps) * ZONE_STEP.total_seconds() / 3600:g}"


def _refuse_shifted_copy(
    *, session: Session, new: Sequence[ParticipantRow], timed: int, zone: str
) -> None:
    """Refuse a report that is rows already imported read in another time zone (re-saved by
    Excel, so not the same bytes): see :func:`_shift_from_stored`."""
    shift = _shift_from_stored(session=session, new=new, timed=timed)
    if shift is None:
        return
    steps, earlier_zone, exact = shift
    if exact:
        # Zoom's own times (API, webhooks): this file's zone is wrong, never "UTC" to choose.
        raise AttendanceRefused(
            "shifted_copy",
            (
                _(
                    "This report's rows are rows already recorded for this session with exact "
                    "times (Zoom's report fetched, or entered by hand) moved %(hours)s h later: "
                    "its times were read in %(zone)s, not in the time zone they were written "
                    "in. Import it again choosing the Zoom account's time zone."
                )
                if steps > 0
                else _(
                    "This report's rows are rows already recorded for this session with exact "
                    "times (Zoom's report fetched, or entered by hand) moved %(hours)s h "
                    "earlier: its times were read in %(zone)s, not in the time zone they were "
                    "written in. Import it again choosing the Zoom account's time zone."
                )
            )
            % {"hours": _hours(steps), "zone": zone},
            field="time_zone",
        )
    raise AttendanceRefused(
        "shifted_copy",
        (
            _(
                "This report's rows are rows already imported for this session (read in "
                "%(earlier)s) moved %(hours)s h later: its times were read in %(zone)s. "
                "Import it choosing %(earlier)s (rows already imported are then skipped), or "
                "remove the earlier import first if its time zone was wrong."
            )
            if steps > 0
            else _(
                "This report's rows are rows already imported for this session (read in "
                "%(earlier)s) moved %(hours)s h earlier: its times were read in %(zone)s. "
                "Import it choosing %(earlier)s (rows already imported are then skipped), or "
                "remove the earlier import first if its time zone was wrong."
            )
        )
        % {"earlier": earlier_zone or "?", "hours": _hours(steps), "zone": zone},
        field="time_zone",
    )


def _refuse_moved_import(*, session: Session, new: Sequence[ParticipantRow], timed: int) -> None:
    """Refuse Zoom's API rows (exact instants) that are rows already imported for the session
    moved by whole hours: the earlier import (a CSV) was read in the wrong time zone, and the
    union of both would credit the moved time too (see :func:`_shift_from_stored`)."""
    shift = _shift_from_stored(session=session, new=new, timed=timed)
    if shift is None:
        return
    steps, earlier_zone, exact = shift
    if exact:
        return  # exact times both: an hour apart is another stay, not another zone
    raise AttendanceRefused(
        "shifted_copy",
        (
            _(
                "Zoom's report has the rows already imported for this session (read in "
                "%(earlier)s) %(hours)s h later: Zoom gives exact times, so that import's time "
                "zone was wrong. Remove that import, then fetch again (or import the file again "
                "choosing the Zoom account's time zone)."
            )
            if steps > 0
            else _(
                "Zoom's report has the rows already imported for this session (read in "
                "%(earlier)s) %(hours)s h earlier: Zoom gives exact times, so that import's "
                "time zone was wrong. Remove that import, then fetch again (or import the file "
                "again choosing the Zoom account's time zone)."
            )
        )
        % {"earlier": earlier_zone or "?", "hours": _hours(steps)},
    )


def delete_import(*, actor: Any, batch: ImportBatch) -> int:
    """Undo an import (a report uploaded to the wrong session, say): its rows go, decisions on
    them too, and the minutes of everyone they touched are recomputed. Returns the rows
    removed. Adjustments stay (they are separate decisions with their own reason)."""
    session = batch.session
    with transaction.atomic():
        _lock(session)
        rows = AttendanceRow.objects.filter(batch=batch)
        touched = set(rows.exclude(user=None).values_list("user_id", flat=True))
        # People added by roll call from a room row of this import lose that segment too.
        roll_calls = AttendanceRow.objects.filter(room_row__batch=batch)
        touched |= set(roll_calls.values_list("user_id", flat=True))
        removed = rows.count() + roll_calls.count()
        audit.record(
            actor=actor,
            action="attendance.delete_import",
            obj=batch,
            program=session.program,
            changes={"session": session.pk, "sha256": batch.sha256, "rows": removed},
        )
        roll_calls.delete()
        batch.delete()
        # Roll-call batches left without rows.
        ImportBatch.objects.filter(
            session=session, source=Source.ROLL_CALL, rows__isnull=True
        ).delete()
        recompute(session=session, user_ids=touched)
    return removed


# --- minutes ------------------------------------------------------------------------------


def _stored_row(
    session: Session, batch: ImportBatch, source: str, row: Any, decision: Any, people: Any
) -> AttendanceRow:
    """One report row as stored, with the engine's decision (any source)."""
    return AttendanceRow(
        session=session,
        batch=batch,
        row_number=row.row,
        fingerprint=row.fingerprint,
        source=source,
        name=row.name[:300],
        email=row.email[:254],
        registrant_id=row.registrant_id[:200],
        join_at=row.join,
        leave_at=row.leave,
        duration_minutes=row.duration_minutes,
        duration_seconds=row.duration_seconds,
        waiting_room=row.waiting_room,
        user_id=int(decision.person_id) if decision.person_id else None,
        status=ENGINE_STATUS[decision.status],
        method=decision.method or "",
        reason=readable_reason(decision, people)[:500],
        candidates=[int(pid) for pid in decision.candidates],
    )


def _recompute_credits(session_id: int) -> None:
    """Credits are computed from attendance: refresh them once the change is committed.
    (Imported here because credits builds on attendance, not the other way round.)"""
    from echohub.credits.services import recompute_program

    session = Session.objects.select_related("program").filter(pk=session_id).first()
    if session is not None:
        recompute_program(actor=None, program=session.program, session_ids=[session_id])


# Where minutes are counted: the session's planned window, unless an app above attendance
# knows when it really ran (echohub.live registers the hub's actual start and end in its
# AppConfig.ready; attendance imports no upper app). A provider answers None to pass.
window_providers: list[Callable[[Session], tuple[datetime, datetime] | None]] = []


def attendance_window(session: Session) -> tuple[datetime, datetime]:
    """(start, end) that attended minutes are clipped to."""
    for provider in window_providers:
        found = provider(session)
        if found is not None:
            return found
    return session.starts_at, session.ends_at


def recompute(*, session: Session, user_ids: Iterable[int]) -> None:
    """Recompute ``computed_minutes``/``sources`` of these people at ``session`` from their
    matched rows (the engine's union, clipped to the session). A person left with no rows and
    no adjustment loses their Attendance record. Call inside the caller's transaction."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    transaction.on_commit(partial(_recompute_credits, session.pk))
    segments: dict[int, list[engine.Segment]] = defaultdict(list)
    gapped: dict[int, list[tuple[engine.Segment, int]]] = defaultdict(list)
    extra: dict[int, int] = defaultdict(int)
    by_hand: dict[int, int] = defaultdict(int)
    sources: dict[int, set[str]] = defaultdict(set)
    rows = (
        AttendanceRow.objects.filter(
            session=session, user_id__in=ids, status=RowStatus.MATCHED, waiting_room=False
        )
        # A segment still open (a live join with no leave yet) gives no minutes and no source.
        .exclude(join_at__isnull=False, leave_at__isnull=True)
        .values_list(
            "user_id", "join_at", "leave_at", "duration_minutes", "duration_seconds", "source"
        )
    )
    start, end = attendance_window(session)
    for user_id, join_at, leave_at, duration, seconds, source in rows:
        sources[user_id].add(source)
        online = (
            engine.online_minutes_within(join_at, leave_at, duration, start, end, seconds)
            if join_at is not None and leave_at is not None and source != Source.MANUAL
            else None
        )
        if online is not None and join_at is not None and leave_at is not None:
            # A first join to a last leave with gaps (see the engine's sure_minutes).
            gapped[user_id].append((engine.Segment(join_at, leave_at), online))
        elif join_at is not None and leave_at is not None:
            segments[user_id].append(engine.Segment(join_at, leave_at))
        elif duration is not None and source == Source.MANUAL:
            # Minutes given by hand say how long, not when: maybe the very minutes of another
            # row. The largest counts, never a sum (hunt 7: 60 by hand on a report's hour
            # credited 90 minutes).
            by_hand[user_id] = max(by_hand[user_id], duration)
        elif duration is not None:  # a unique-users total: the longest, never a sum
            extra[user_id] = max(extra[user_id], duration)
    length = int((end - start).total_seconds() // 60)
    existing = {a.user_id: a for a in Attendance.objects.filter(session=session, user_id__in=ids)}
    to_create: list[Attendance] = []
    to_update: list[Attendance] = []
    to_delete: list[int] = []
    for user_id in ids:
        record = existing.get(user_id)
        if user_id not in sources:
            if record is not None:
                if record.adjusted_minutes is None:
                    to_delete.append(record.pk)
                else:
                    record.computed_minutes, record.sources = 0, ""
                    to_update.append(record)
            continue
        minutes = engine.sure_minutes(segments[user_id], gapped[user_id], start, end)
        total = engine.total_within(extra[user_id], segments[user_id], start, end)
        minutes = min(max(minutes, total, by_hand[user_id]), length)
        joined = ",".join(sorted(sources[user_id]))
        if record is None:
            to_create.append(
                Attendance(
                    session=session,
                    user_id=user_id,
                    computed_minutes=minutes,
                    minutes=minutes,
                    sources=joined,
                )
            )
        else:
            record.computed_minutes, record.sources = minutes, joined
            to_update.append(record)
    for record in to_update:
        record.minutes = (
            record.adjusted_minutes
            if record.adjusted_minutes is not None
            else record.computed_minutes
        )
        record.updated_at = timezone.now()
    if to_delete:
        Attendance.objects.filter(pk__in=to_delete).delete()
    if to_create:
        Attendance.objects.bulk_create(to_create)
    if to_update:
        Attendance.objects.bulk_update(
            to_update, ["computed_minutes", "sources", "minutes", "updated_at"]
        )


def _check_member(session: Session, user: Any) -> None:
    if not Membership.objects.filter(program_id=session.program_id, user=user).exists():
        raise AttendanceRefused(
            "not_a_member", _("This person is not a member of the program."), field="user"
        )


def _queue_row(session: Session, row: AttendanceRow) -> AttendanceRow:
    """The row again, locked, checked to belong to ``session``."""
    _lock(session)
    locked = AttendanceRow.objects.select_for_update().filter(pk=row.pk, session=session).first()
    if locked is None:
        raise AttendanceRefused("not_found", _("This row is not part of the session."))
    return locked


# --- review queue -------------------------------------------------------------------------


def assign_row(*, actor: Any, row: AttendanceRow, user: Any) -> AttendanceRow:
    """A coordinator says whom a row belongs to (from the review queue, or to correct a match).
    Waiting-room rows never count and cannot be assigned."""
    session = row.session
    with transaction.atomic():
        row = _queue_row(session, row)
        if row.waiting_room:
            raise AttendanceRefused(
                "waiting_room", _("A waiting-room row is never attendance."), field="user"
            )
        if row.status == RowStatus.IGNORED:  # registered but never came; poll answers
            raise AttendanceRefused(
                "not_attendance",
                _("This row is never attendance: %(reason)s.")
                % {"reason": import_text.review_reason(row.reason)},
                field="user",
            )
        _check_member(session, user)
        before = {"status": row.status, "user": row.user_id}
        previous = row.user_id
        row.user = user
        row.status = RowStatus.MATCHED
        row.method = "coordinator"
        row.decided_by = actor
        row.decided_at = timezone.now()
        row.save(update_fields=["user", "status", "method", "decided_by", "decided_at"])
        recompute(session=session, user_ids={user.pk} | ({previous} if previous else set()))
        audit.record(
            actor=actor,
            action="attendance.assign_row",
            obj=row,
            program=session.program,
            changes={
                "status": [before["status"], row.status],
                "user": [before["user"], user.pk],
            },
        )
    return row


def mark_guest(*, actor: Any, row: AttendanceRow) -> AttendanceRow:
    """A coordinator says a row is nobody of ours (a guest, a phone line): it never counts."""
    session = row.session
    with transaction.atomic():
        row = _queue_row(session, row)
        if row.status == RowStatus.IGNORED and row.waiting_room:
            raise AttendanceRefused(
                "waiting_room", _("A waiting-room row is already not attendance.")
            )
        if row.status == RowStatus.IGNORED:
            raise AttendanceRefused(
                "not_attendance",
                _("This row is already not attendance: %(reason)s.")
                % {"reason": import_text.review_reason(row.reason)},
            )
        before = {"status": row.status, "user": row.user_id}
        previous = row.user_id
        row.user = None
        row.status = RowStatus.GUEST
        row.method = ""
        row.decided_by = actor
        row.decided_at = timezone.now()
        row.save(update_fields=["user", "status", "method", "decided_by", "decided_at"])
        if previous:
            recompute(session=session, user_ids={previous})
        audit.record(
            actor=actor,
            action="attendance.mark_guest",
            obj=row,
            program=session.program,
            changes={"status": [before["status"], row.status], "user": [before["user"], None]},
        )
    return row


# --- manual entry and roll call ------------------------------------------------------------


def _reason(reason: str, *, field_name: str = "reason") -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise AttendanceRefused(
            "reason_required", _("Give a reason: it is kept with the record."), field=field_name
        )
    return text[:500]


def _check_times(session: Session, join_at: datetime, leave_at: datetime) -> None:
    if leave_at <= join_at:
        raise AttendanceRefused(
            "negative_duration", _("The leave time is not after the join time."), field="leave_at"
        )
    if leave_at <= session.starts_at or join_at >= session.ends_at:
        raise AttendanceRefused(
            "time_outside_session",
            _("These times are entirely outside the session."),
            field="join_at",
        )


def _manual_batch(actor: Any, session: Session, source: str, rows: int) -> ImportBatch:
    return ImportBatch.objects.create(
        session=session,
        source=source,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        row_count=rows,
        new_rows=rows,
    )


def _fingerprint(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def add_manual(
    *,
    actor: Any,
    session: Session,
    user: Any,
    reason: str,
    minutes: int | None = None,
    join_at: datetime | None = None,
    leave_at: datetime | None = None,
) -> AttendanceRow:
    """Record attendance by hand: a segment (``join_at``/``leave_at``) or only ``minutes``
    (the person's minutes when their other rows give fewer, never added to them: see the
    module's docstring; capped at the session's length). The reason is required. Submitting
    the same entry twice is refused (``duplicate``)."""
    text = _reason(reason)
    if (join_at is None) != (leave_at is None):
        raise AttendanceRefused(
            "times_incomplete", _("Give both the join and the leave time."), field="leave_at"
        )
    if join_at is None and minutes is None:
        raise AttendanceRefused(
            "nothing_to_record", _("Give minutes, or join and leave times."), field="minutes"
        )
    if join_at is not None and minutes is not None:
        raise AttendanceRefused(
            "minutes_and_times", _("Give minutes or times, not both."), field="minutes"
        )
    length = int((session.ends_at - session.starts_at).total_seconds() // 60)
    if minutes is not None and not 0 < minutes <= length:
        raise AttendanceRefused(
            "bad_minutes",
            _("Minutes must be between 1 and the session's length (%(n)d).") % {"n": length},
            field="minutes",
        )
    if join_at is not None and leave_at is not None:
        _check_times(session, join_at, leave_at)
    with transaction.atomic():
        _lock(session)
        _check_member(session, user)
        fingerprint = _fingerprint(
            Source.MANUAL,
            user.pk,
            join_at.isoformat() if join_at else "",
            leave_at.isoformat() if leave_at else "",
            minutes,
        )
        if AttendanceRow.objects.filter(session=session, fingerprint=fingerprint).exists():
            raise AttendanceRefused(
                "duplicate", _("This entry is already recorded."), field="minutes"
            )
        batch = _manual_batch(actor, session, Source.MANUAL, 1)
        row = AttendanceRow.objects.create(
            session=session,
            batch=batch,
            row_number=1,
            fingerprint=fingerprint,
            source=Source.MANUAL,
            name=user.get_full_name()[:300],
            email=user.email,
            join_at=join_at,
            leave_at=leave_at,
            duration_minutes=minutes,
            user=user,
            status=RowStatus.MATCHED,
            method="manual",
            reason=text,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        recompute(session=session, user_ids={user.pk})
        audit.record(
            actor=actor,
            action="attendance.manual",
            obj=row,
            program=session.program,
            changes={
                "user": user.pk,
                "minutes": minutes,
                "join_at": join_at,
                "leave_at": leave_at,
                "reason": text,
            },
        )
    return row


def roll_call(
    *,
    actor: Any,
    session: Session,
    users: Sequence[Any],
    reason: str = "",
    room_row: AttendanceRow | None = None,
    join_at: datetime | None = None,
    leave_at: datetime | None = None,
) -> list[AttendanceRow]:
    """Several people shared one connection (a room). With ``room_row`` (a queue row such as
    "Thunder Bay Boardroom") each person present gets that row's segment and the room row is
    marked ``room``; without it, ``join_at``/``leave_at`` and a reason are required. People who
    already have a roll-call row for the same room and times are skipped."""
    if not users:
        raise AttendanceRefused(
            "nobody_present", _("Choose the people who were present."), field="users"
        )
    with transaction.atomic():
        _lock(session)
        if room_row is not None:
            room = _queue_row(session, room_row)
            if room.status not in (*QUEUE_STATUSES, RowStatus.ROOM, RowStatus.GUEST):
                raise AttendanceRefused(
                    "not_a_room",
                    _("Only an unassigned row can be a shared room."),
                    field="room_row",
                )
            if room.join_at is None or room.leave_at is None:
                raise AttendanceRefused(
                    "room_without_times",
                    _("This row has no join and leave times; enter the times instead."),
                    field="room_row",
                )
            join_at, leave_at = room.join_at, room.leave_at
            text = " ".join((reason or "").split())[:500] or _("roll call for “%(room)s”") % {
                "room": room.name
            }
        else:
            room = None
            text = _reason(reason)
            if join_at is None or leave_at is None:
                raise AttendanceRefused(
                    "times_incomplete",
                    _("Choose the shared-room row, or give join and leave times."),
                    field="join_at",
                )
            _check_times(session, join_at, leave_at)
        for user in users:
            _check_member(session, user)
        fingerprints = {
            user.pk: _fingerprint(
                Source.ROLL_CALL,
                user.pk,
                room.pk if room else "",
                join_at.isoformat(),
                leave_at.isoformat(),
            )
            for user in users
        }
        known = set(
            AttendanceRow.objects.filter(
                session=session, fingerprint__in=fingerprints.values()
            ).values_list("fingerprint", flat=True)
        )
        fresh = [user for user in users if fingerprints[user.pk] not in known]
        if not fresh:
            raise AttendanceRefused(
                "duplicate", _("This roll call is already recorded."), field="users"
            )
        batch = _manual_batch(actor, session, Source.ROLL_CALL, len(fresh))
        now = timezone.now()
        created = AttendanceRow.objects.bulk_create(
            [
                AttendanceRow(
                    session=session,
                    batch=batch,
                    row_number=number,
                    fingerprint=fingerprints[user.pk],
                    source=Source.ROLL_CALL,
                    name=user.get_full_name()[:300],
                    email=user.email,
                    join_at=join_at,
                    leave_at=leave_at,
                    user=user,
                    status=RowStatus.MATCHED,
                    method="roll_call",
                    reason=text,
                    room_row=room,
                    decided_by=actor,
                    decided_at=now,
                )
                for number, user in enumerate(fresh, start=1)
            ]
        )
        if room is not None and room.status != RowStatus.ROOM:
            previous = room.status
            room.status, room.decided_by, room.decided_at = RowStatus.ROOM, actor, now
            room.save(update_fields=["status", "decided_by", "decided_at"])
            audit.record(
                actor=actor,
                action="attendance.mark_room",
                obj=room,
                program=session.program,
                changes={"status": [previous, room.status]},
            )
        recompute(session=session, user_ids={user.pk for user in fresh})
        audit.record(
            actor=actor,
            action="attendance.roll_call",
            obj=batch,
            program=session.program,
            changes={
                "users": sorted(user.pk for user in fresh),
                "room_row": room.pk if room else None,
                "join_at": join_at,
                "leave_at": leave_at,
                "reason": text,
            },
        )
    return created


# --- adjustments --------------------------------------------------------------------------


def adjust_attendance(
    *, actor: Any, session: Session, user: Any, minutes: int | None, reason: str
) -> Attendance:
    """Set a person's minutes at a session by hand (``minutes`` None removes the adjustment,
    back to the computed minutes). The reason is required, kept on the record, shown in exports
    and written to the audit log with the minutes before and after."""
    text = _reason(reason)
    length = int((session.ends_at - session.starts_at).total_seconds() // 60)
    if minutes is not None and not 0 <= minutes <= length:
        raise AttendanceRefused(
            "bad_minutes",
            _("Minutes must be between 0 and the session's length (%(n)d).") % {"n": length},
            field="minutes",
        )
    with transaction.atomic():
        _lock(session)
        _check_member(session, user)
        record = Attendance.objects.select_for_update().filter(session=session, user=user).first()
        if record is None:
            if minutes is None:
                raise AttendanceRefused(
                    "nothing_to_clear", _("There is no adjustment to remove."), field="minutes"
                )
            record = Attendance(session=session, user=user)
        before = {"minutes": record.minutes, "adjusted_minutes": record.adjusted_minutes}
        record.adjusted_minutes = minutes
        record.minutes = minutes if minutes is not None else record.computed_minutes
        record.adjustment_reason = text
        record.adjusted_by = actor if getattr(actor, "is_authenticated", False) else None
        record.adjusted_at = timezone.now()
        record.save()
        audit.record(
            actor=actor,
            action="attendance.adjust",
            obj=record,
            program=session.program,
            changes={
                "user": user.pk,
                "minutes": [before["minutes"], record.minutes],
                "adjusted_minutes": [before["adjusted_minutes"], minutes],
                "computed_minutes": record.computed_minutes,
                "reason": text,
            },
        )
        if minutes is None and not record.sources:
            record.delete()
            record.pk = None
        transaction.on_commit(partial(_recompute_credits, session.pk))
    return record


# --- platform sources: Zoom API and webhooks ------------------------------------------------


def _store_rows(
    *,
    actor: Any,
    session: Session,
    rows: Sequence[ParticipantRow],
    source: str,
    action: str,
    filename: str = "",
    rows_in_report: int | None = None,
    exact_times: bool = False,
) -> ImportResult:
    """Reconcile ``rows`` (from :func:`engine.make_row` or the Zoom API parser) against the
    session's roster and store the ones not stored yet (same fingerprint), as one batch, then
    recompute the people they touch. ``exact_times`` (Zoom's API): rows already imported that
    these rows move by whole hours were read in a wrong zone, and the fetch is refused. Call
    inside a transaction; raises AttendanceRefused."""
    try:
        roster = roster_for(session)
        result = engine.reconcile(rows, roster, engine_session(session))
    except AttendanceError as error:
        raise _refused(error) from None
    people = {person.person_id: person for person in roster}
    warnings = tuple(result.warnings)
    _lock(session)
    known = set(
        AttendanceRow.objects.filter(
            session=session, fingerprint__in=[row.fingerprint for row in rows]
        ).values_list("fingerprint", flat=True)
    )
    pairs = [
        (row, decision)
        for row, decision in zip(rows, result.rows, strict=True)
        if row.fingerprint not in known
    ]
    if exact_times:
        _refuse_moved_import(
            session=session,
            new=[row for row, _decision in pairs],
            timed=sum(1 for row in rows if row.leave is not None and not row.waiting_room),
        )
    total = len(rows) if rows_in_report is None else rows_in_report
    counts = {status: 0 for status in RowStatus.values}
    for _row, decision in pairs:
        counts[ENGINE_STATUS[decision.status]] += 1
    if not pairs:
        return ImportResult(None, total, 0, 0, 0, 0, 0, warnings)
    batch = ImportBatch.objects.create(
        session=session,
        source=source,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        filename=filename[:255],
        time_zone="UTC",
        row_count=total,
        new_rows=len(pairs),
        warnings=list(warnings),
    )
    AttendanceRow.objects.bulk_create(
        [_stored_row(session, batch, source, row, decision, people) for row, decision in pairs]
    )
    recompute(
        session=session,
        user_ids={int(d.person_id) for _r, d in pairs if d.person_id is not None},
    )
    audit.record(
        actor=actor,
        action=action,
        obj=batch,
        program=session.program,
        changes={
            "session": session.pk,
            "source": source,
            "rows_in_report": total,
            "new_rows": len(pairs),
            "matched": counts[RowStatus.MATCHED],
            "review": counts[RowStatus.REVIEW],
            "unmatched": counts[RowStatus.UNMATCHED],
            "ignored": counts[RowStatus.IGNORED],
        },
    )
    return ImportResult(
        batch=batch,
        rows_in_file=total,
        new_rows=len(pairs),
        matched=counts[RowStatus.MATCHED],
        review=counts[RowStatus.REVIEW],
        unmatched=counts[RowStatus.UNMATCHED],
        ignored=counts[RowStatus.IGNORED],
        warnings=warnings,
    )


def import_zoom_api(*, actor: Any, session: Session) -> ImportResult:
    """Fetch the session's participants report from Zoom's REST API (every page) and store it
    like an uploaded report: waiting-room rows are dropped, rows already stored (same
    fingerprint) are skipped, minutes are recomputed. Zoom failures become
    :class:`AttendanceRefused` with code ``zoom_failed`` and a readable message; nothing is
    stored then."""
    from echohub.attendance import zoom_api, zoom_fetch
    from echohub.joining.video.base import ProviderError, said

    if session.status == SessionStatus.CANCELLED:
        raise AttendanceRefused(
            "session_cancelled", _("This session was cancelled: it has no attendance.")
        )
    meeting = session.video_room.strip()
    if session.provider != "zoom" or not meeting:
        raise AttendanceRefused(
            "no_zoom_meeting", _("This session has no Zoom meeting id to fetch a report for.")
        )
    try:
        pages = zoom_fetch.fetch_participant_pages(meeting)
    except ProviderError as error:
        raise AttendanceRefused("zoom_failed", said(error.message)) from None
    try:
        parsed = zoom_api.parse_zoom_api_participants(pages)
    except AttendanceError as error:
        raise _refused(error) from None
    rows = [row for row in parsed if not row.waiting_room]
    if not rows:
        raise AttendanceRefused(
            "empty_report", _("Zoom's report for this meeting has no participants.")
        )
    # The meeting id gives its latest instance: on a day with two sessions of the series, the
    # other one's meeting (first join to last leave), as a CSV's meeting-data block says.
    joins = [row.join for row in rows if row.join is not None]
    leaves = [row.leave for row in rows if row.leave is not None]
    if joins and leaves:
        window = replace(engine_session(session), other_starts=_other_starts(session))
        try:
            engine.check_other_session(min(joins), max(leaves), window)
        except AttendanceError as error:
            raise _refused(error) from None
    with transaction.atomic():
        return _store_rows(
            actor=actor,
            session=session,
            rows=rows,
            source=Source.ZOOM_API,
            action="attendance.import_zoom_api",
            filename=f"{ZOOM_API_BATCH} {meeting}",
            rows_in_report=len(parsed),
            exact_times=True,
        )


WEBHOOK_FILENAME = "Zoom webhooks"
# A webhook whose time lies this far outside a session's window does not belong to it.
WEBHOOK_SLACK = engine.MAX_SKEW


@dataclass(frozen=True)
class WebhookOutcome:
    """What a webhook did: ``status`` is ``opened``, ``closed``, ``duplicate`` or ``ignored``;
    ``detail`` one sentence (no names or e-mails: it is returned to the platform)."""

    status: str
    detail: str
    row_id: int | None = None


def _webhook_time(value: Any, field_name: str) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise AttendanceRefused(
            "bad_payload",
            f"{field_name} is missing.",  # notranslate: to the platform
            field=field_name,
        )
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise AttendanceRefused(
            "bad_payload",
            f"{field_name} is not an ISO 8601 time.",  # notranslate: to the platform
            field=field_name,
        ) from None
    if parsed.tzinfo is None:
        raise AttendanceRefused(
            "bad_payload",
            f"{field_name} has no UTC offset.",  # notranslate: to the platform
            field=field_name,
        )
    try:
        parsed.astimezone(UTC)  # "9999-12-31T23:59:59-05:00" has no UTC instant
    except OverflowError:
        raise AttendanceRefused(
            "bad_payload",
            f"{field_name} is out of range.",  # notranslate: to the platform
            field=field_name,
        ) from None
    return parsed


def session_for_room(*, provider: str, room: str, at: datetime) -> Session | None:
    """The session of ``provider`` whose video room is ``room`` (spaces ignored) and whose
    window, widened by a few hours, contains ``at`` (a recurring meeting id is shared by many
    sessions: the one starting nearest wins)."""
    from django.db.models import Q, Value
    from django.db.models.functions import Replace

    wanted = room.replace(" ", "")
    if not wanted:
        return None
    candidates = (
        Session.objects.select_related("program")
        .annotate(room=Replace("video_room", Value(" "), Value("")))
        .filter(room__iexact=wanted)  # Prosody lower-cases Jitsi room names
        .filter(Q(video_provider=provider) | Q(video_provider="", program__video_provider=provider))
        .filter(starts_at__lte=at + WEBHOOK_SLACK, ends_at__gte=at - WEBHOOK_SLACK)
        .exclude(status=SessionStatus.CANCELLED)
    )
    best = sorted(candidates, key=lambda s: abs((s.starts_at - at).total_seconds()))
    return best[0] if best else None


def _webhook_batch(session: Session, source: str, filename: str) -> ImportBatch:
    batch = (
        ImportBatch.objects.select_for_update()
        .filter(session=session, source=source, filename=filename, sha256="")
        .order_by("pk")
        .first()
    )
    if batch is None:
        batch = ImportBatch.objects.create(
            session=session, source=source, filename=filename, time_zone="UTC"
        )
    return batch


def _match_one(session: Session, row: ParticipantRow) -> tuple[engine.RowResult, str]:
    """Decide whom one live row belongs to (the engine's rules, without the window checks a
    whole report gets: a live join can come before the session starts)."""
    roster = roster_for(session)
    people = {person.person_id: person for person in roster}
    decision = engine.match_row(row, engine._RosterIndex(roster))  # same package
    return decision, readable_reason(decision, people)[:500]


def open_segment(
    *,
    session: Session,
    source: str,
    filename: str,
    key: str,
    join_at: datetime,
    name: str = "",
    email: str = "",
    registrant_id: str = "",
    user_id: str = "",
) -> WebhookOutcome:
    """A platform says someone joined: store an open segment (no leave yet). ``key`` identifies
    this join (meeting instance, participant, join time): the same join twice adds nothing.
    Call inside a transaction."""
    _lock(session)
    fingerprint = _fingerprint(source, "live", key, join_at.isoformat())
    if AttendanceRow.objects.filter(session=session, fingerprint=fingerprint).exists():
        return WebhookOutcome("duplicate", "This join is already recorded.")
    probe = engine.make_row(
        row=1,
        name=name,
        join=join_at,
        leave=join_at,
        source=source,
        email=email,
        registrant_id=registrant_id,
        user_id=user_id,
    )
    decision, reason = _match_one(session, probe)
    batch = _webhook_batch(session, source, filename)
    number = batch.row_count + 1
    row = AttendanceRow.objects.create(
        session=session,
        batch=batch,
        row_number=number,
        fingerprint=fingerprint,
        source=source,
        name=name[:300],
        email=email[:254],
        registrant_id=registrant_id[:200],
        join_at=join_at,
        leave_at=None,
        user_id=int(decision.person_id) if decision.person_id else None,
        status=ENGINE_STATUS[decision.status],
        method=decision.method or "",
        reason=reason,
        candidates=[int(pid) for pid in decision.candidates],
    )
    batch.row_count = batch.new_rows = number
    batch.save(update_fields=["row_count", "new_rows"])
    audit.record(
        actor=None,
        action="attendance.segment_opened",
        obj=row,
        program=session.program,
        changes={"session": session.pk, "source": source, "join_at": join_at},
    )
    return WebhookOutcome("opened", "Join recorded.", row.pk)


def close_segment(
    *,
    session: Session,
    source: str,
    filename: str,
    key: str,
    leave_at: datetime,
    registrant_id: str = "",
    email: str = "",
    name: str = "",
    user_id: str = "",
    join_at: datetime | None = None,
) -> WebhookOutcome:
    """A platform says someone left: close their latest open segment that began before
    ``leave_at`` (found by ``key`` when the join stored it, else by registrant id, e-mail or
    name), then recompute their minutes. A leave with no join to close is held in the
    coordinator's review (never dropped), unless the event also carries the join time (then the
    whole segment is stored). A platform that names each connection goes through
    :func:`pair_connection` instead. Call inside a transaction."""
    _lock(session)
    if join_at is None and _leave_recorded(
        session=session, source=source, filename=filename, key=key, leave_at=leave_at
    ):
        return WebhookOutcome("ignored", "This leave is already recorded.")
    open_rows = AttendanceRow.objects.select_for_update().filter(
        session=session,
        source=source,
        batch__filename=filename,
        leave_at__isnull=True,
        join_at__isnull=False,
        join_at__lte=leave_at,
    )
    platform_user = whole_number(user_id)  # not isdigit: "²" is a digit int() refuses
    if platform_user is not None:
        open_rows = open_rows.filter(user_id=platform_user, method="user_id")
    elif registrant_id:
        open_rows = open_rows.filter(registrant_id=registrant_id)
    elif email:
        open_rows = open_rows.filter(email__iexact=email)
    else:
        open_rows = open_rows.filter(name=name, registrant_id="", email="")
    candidates = list(open_rows.order_by("-join_at", "-pk"))
    if join_at is not None:
        exact = _fingerprint(source, "live", key, join_at.isoformat())
        candidates = [
            *AttendanceRow.objects.select_for_update().filter(
                session=session, fingerprint=exact, leave_at__isnull=True
            ),
            *candidates,
        ]
    keyed = [
        row
        for row in candidates
        if row.join_at is not None
        and row.fingerprint == _fingerprint(source, "live", key, row.join_at.isoformat())
    ]
    if join_at is not None:
        # The event names the join it ends: another connection's open segment (a second tab,
        # a phone) is not it. Its leave arriving before its join closed the other one at this
        # time (hunt 9: Hope's tab open 21 to 41 was stretched to 120, 68 minutes for 41).
        candidates = [row for row in candidates if row.join_at == join_at]
    found = (keyed or candidates)[:1]
    if not found:
        if join_at is None:
            return _hold_leave(
                session=session,
                source=source,
                filename=filename,
                key=key,
                leave_at=leave_at,
                name=name,
                email=email,
                registrant_id=registrant_id,
                user_id=user_id,
            )
        opened = open_segment(
            session=session,
            source=source,
            filename=filename,
            key=key,
            join_at=join_at,
            name=name,
            email=email,
            registrant_id=registrant_id,
            user_id=user_id,
        )
        if opened.row_id is None:
            return opened
        found = [AttendanceRow.objects.select_for_update().get(pk=opened.row_id)]
    row = found[0]
    if row.join_at is None or leave_at - row.join_at > MAX_SEGMENT:
        raise AttendanceRefused(
            "absurd_duration",
            "The segment would last more than a day.",  # notranslate: to the platform
        )
    row.leave_at = leave_at
    row.duration_minutes = int((leave_at - row.join_at).total_seconds() // 60)
    row.duration_seconds = None  # the span itself: no gap to account for
    row.save(update_fields=["leave_at", "duration_minutes", "duration_seconds"])
    if row.user_id is not None:
        recompute(session=session, user_ids={row.user_id})
    audit.record(
        actor=None,
        action="attendance.segment_closed",
        obj=row,
        program=session.program,
        changes={"session": session.pk, "source": source, "leave_at": leave_at},
    )
    return WebhookOutcome("closed", "Leave recorded.", row.pk)


LEAVE_WITHOUT_JOIN = "leave received before its join: {names}, minutes not counted"
LEAVE_WITHOUT_JOIN_NOBODY = "leave received before its join, minutes not counted"


def _leave_recorded(
    *, session: Session, source: str, filename: str, key: str, leave_at: datetime
) -> bool:
    """Whether this leave (connection ``key``, at ``leave_at``) is already stored: held, or
    closing the segment of its join (a replayed delivery changes nothing)."""
    if AttendanceRow.objects.filter(
        session=session, fingerprint=_fingerprint(source, "live-leave", key, leave_at.isoformat())
    ).exists():
        return True
    closed = AttendanceRow.objects.filter(
        session=session,
        source=source,
        batch__filename=filename,
        leave_at=leave_at,
        join_at__isnull=False,
    ).values_list("fingerprint", "join_at")
    return any(
        join is not None and fingerprint == _fingerprint(source, "live", key, join.isoformat())
        for fingerprint, join in closed
    )


def _hold_leave(
    *,
    session: Session,
    source: str,
    filename: str,
    key: str,
    leave_at: datetime,
    name: str,
    email: str,
    registrant_id: str,
    user_id: str,
) -> WebhookOutcome:
    """Store a leave whose join has not arrived (no join time, no minutes) in the coordinator's
    review, saying who it may be. When the platform names the connection, its join completes
    it when it comes (:func:`pair_connection`). Never dropped: a leave whose join never comes
    stays there to decide."""
    probe = engine.make_row(
        row=1,
        name=name,
        join=leave_at,
        leave=leave_at,
        source=source,
        email=email,
        registrant_id=registrant_id,
        user_id=user_id,
    )
    decision, _reason = _match_one(session, probe)
    who = decision.person_id or None
    if who is not None:
        roster = {person.person_id: person for person in roster_for(session)}
        person = roster.get(who)
        label = f"{who} ({person.full_name})" if person else who
        reason = readable_reason(
            replace(decision, reason=LEAVE_WITHOUT_JOIN.format(names=label)), roster
        )
    else:
        reason = LEAVE_WITHOUT_JOIN_NOBODY
    batch = _webhook_batch(session, source, filename)
    number = batch.row_count + 1
    row = AttendanceRow.objects.create(
        session=session,
        batch=batch,
        row_number=number,
        fingerprint=_fingerprint(source, "live-leave", key, leave_at.isoformat()),
        source=source,
        name=name[:300],
        email=email[:254],
        registrant_id=registrant_id[:200],
        join_at=None,
        leave_at=leave_at,
        user_id=None,
        status=RowStatus.REVIEW,
        method="",
        reason=reason[:500],
        candidates=[int(who)] if who else [int(pid) for pid in decision.candidates],
    )
    batch.row_count = batch.new_rows = number
    batch.save(update_fields=["row_count", "new_rows"])
    audit.record(
        actor=None,
        action="attendance.leave_held",
        obj=row,
        program=session.program,
        changes={"session": session.pk, "source": source, "leave_at": leave_at},
    )
    return WebhookOutcome("held", "Leave held until its join arrives.", row.pk)


def pair_connection(
    *,
    session: Session,
    source: str,
    filename: str,
    key: str,
    leave_at: datetime | None = None,
    name: str = "",
    email: str = "",
    registrant_id: str = "",
    user_id: str = "",
    joined_row: int | None = None,
) -> WebhookOutcome:
    """Pair the joins and leaves of one connection (``key`` names it alone: Zoom's participant
    uuid) in time order, whatever order they came in: each join ends at the leave that follows
    it before any other join; a join with none is still open (no minutes), a leave with none is
    held in the coordinator's review until its join comes. ``leave_at`` is a leave just
    received (its join, if stored, is found by ``key``, never another device of the same
    person); ``joined_row`` the row of a join just stored with :func:`open_segment`. Call
    inside the transaction that stored it."""
    _lock(session)
    mine: list[AttendanceRow] = []
    held: dict[datetime, AttendanceRow] = {}
    rows = AttendanceRow.objects.select_for_update().filter(
        session=session, source=source, batch__filename=filename
    )
    for row in rows.order_by("pk"):
        if row.join_at is not None:
            if row.fingerprint == _fingerprint(source, "live", key, row.join_at.isoformat()):
                mine.append(row)
        elif row.leave_at is not None and row.fingerprint == _fingerprint(
            source, "live-leave", key, row.leave_at.isoformat()
        ):
            held[row.leave_at] = row
    leaves = {row.leave_at for row in mine if row.leave_at is not None} | set(held)
    if leave_at is not None:
        leaves.add(leave_at)
    # A leave sorts before a join at the same instant: one connection cannot be in twice.
    timeline = sorted(
        [(moment, 0, None) for moment in leaves]
        + [(row.join_at, 1, row) for row in mine if row.join_at is not None],
        key=lambda item: (item[0], item[1], item[2].pk if item[2] is not None else 0),
    )
    ends: dict[int, datetime | None] = {}
    unpaired: list[datetime] = []
    waiting: AttendanceRow | None = None
    for moment, _kind, joined in timeline:
        if joined is not None:
            if waiting is not None:
                ends[waiting.pk] = None
            waiting = joined
        elif waiting is not None and waiting.join_at is not None:
            if moment - waiting.join_at > MAX_SEGMENT:
                ends[waiting.pk] = None
                unpaired.append(moment)
            else:
                ends[waiting.pk] = moment
            waiting = None
        else:
            unpaired.append(moment)
    if waiting is not None:
        ends[waiting.pk] = None
    ended_by = {row.leave_at: row for row in mine if row.leave_at is not None}
    users: set[int] = set()
    closed: AttendanceRow | None = None
    for row in mine:
        end = ends.get(row.pk)
        if end == leave_at and leave_at is not None:
            closed = row
        if row.leave_at == end or row.join_at is None:
            continue
        row.leave_at = end
        row.duration_minutes = (
            int((end - row.join_at).total_seconds() // 60) if end is not None else None
        )
        row.duration_seconds = None
        row.save(update_fields=["leave_at", "duration_minutes", "duration_seconds"])
        if row.user_id is not None:
            users.add(row.user_id)
        audit.record(
            actor=None,
            action="attendance.segment_closed" if end else "attendance.segment_reopened",
            obj=row,
            program=session.program,
            changes={"session": session.pk, "source": source, "leave_at": end},
        )
    for moment, row in held.items():
        if moment not in unpaired:  # its join came: the join's row holds it now
            row.delete()
    for moment in unpaired:
        ended = ended_by.get(moment)
        if moment in held or moment == leave_at or ended is None:
            continue
        # A leave that had closed a join (an earlier one of the same connection) and that a
        # join arrived since has taken over: it waits again, never lost.
        _hold_leave(
            session=session,
            source=source,
            filename=filename,
            key=key,
            leave_at=moment,
            name=ended.name,
            email=ended.email,
            registrant_id=ended.registrant_id,
            user_id="",
        )
    if users:
        recompute(session=session, user_ids=users)
    if leave_at is None:
        return WebhookOutcome(
            "closed" if ends.get(joined_row or 0) else "opened",
            "Join recorded; its leave had come first."
            if ends.get(joined_row or 0)
            else "Join recorded.",
            joined_row,
        )
    if closed is not None:
        return WebhookOutcome("closed", "Leave recorded.", closed.pk)
    if leave_at in held:
        return WebhookOutcome("ignored", "This leave is already recorded.")
    return _hold_leave(
        session=session,
        source=source,
        filename=filename,
        key=key,
        leave_at=leave_at,
        name=name,
        email=email,
        registrant_id=registrant_id,
        user_id=user_id,
    )


def _take_reported_leave(
    *,
    session: Session,
    key: str,
    leave_at: datetime,
    joined: datetime | None,
    name: str,
    email: str,
    registrant_id: str,
) -> WebhookOutcome | None:
    """A leave delivered late (Zoom retries) whose connection's join a report has ended since
    (:func:`_complete_open_joins`): the same leave, written by another clock, when within a
    minute of the report's and no join of the connection lies between them. The join takes
    the platform's own time. Held instead, it went to the coordinator's queue as a leave
    without its join (thirteenth hunt). None when it is another leave."""
    _lock(session)
    near = AttendanceRow.objects.select_for_update().filter(
        session=session,
        source=Source.ZOOM_API,
        batch__filename=WEBHOOK_FILENAME,
        join_at__isnull=False,
        leave_at__gte=leave_at - _LIVE_SLACK,
        leave_at__lte=leave_at + _LIVE_SLACK,
    )
    if joined is not None:
        near = near.filter(join_at=joined)
    identity = _row_identity(email, name)
    for row in near.order_by("pk"):
        if (
            row.join_at is None
            or row.leave_at is None
            or row.leave_at == leave_at
            or row.join_at >= leave_at
            or row.fingerprint
            != _fingerprint(Source.ZOOM_API, "live", key, row.join_at.isoformat())
            or (registrant_id and row.registrant_id and registrant_id != row.registrant_id)
            or _row_identity(row.email, row.name) != identity
        ):
            continue
        last = (
            AuditEntry.objects.filter(
                object_type=AttendanceRow._meta.label_lower,
                object_id=str(row.pk),
                action__in=(
                    COMPLETED_BY_REPORT,
                    "attendance.segment_closed",
                    "attendance.segment_reopened",
                ),
            )
            .order_by("-pk")
            .values_list("action", flat=True)
            .first()
        )
        if last != COMPLETED_BY_REPORT:
            continue  # a leave the platform gave: this one is another
        low, high = sorted((row.leave_at, leave_at))
        between = AttendanceRow.objects.filter(
            session=session,
            source=Source.ZOOM_API,
            batch__filename=WEBHOOK_FILENAME,
            join_at__gt=low,
            join_at__lt=high,
        ).values_list("fingerprint", "join_at")
        if any(
            join is not None
            and fingerprint == _fingerprint(Source.ZOOM_API, "live", key, join.isoformat())
            for fingerprint, join in between
        ):
            continue
        row.leave_at = leave_at
        row.duration_minutes = int((leave_at - row.join_at).total_seconds() // 60)
        row.duration_seconds = None
        row.save(update_fields=["leave_at", "duration_minutes", "duration_seconds"])
        if row.user_id is not None and row.status == RowStatus.MATCHED:
            recompute(session=session, user_ids={row.user_id})
        audit.record(
            actor=None,
            action="attendance.segment_closed",
            obj=row,
            program=session.program,
            changes={"session": session.pk, "source": Source.ZOOM_API, "leave_at": leave_at},
        )
        return WebhookOutcome("closed", "Leave recorded; a report had given it.", row.pk)
    return None


def record_zoom_event(*, event: dict[str, Any]) -> WebhookOutcome:
    """Store a verified Zoom ``meeting.participant_joined`` / ``meeting.participant_left``
    event for the session whose Zoom meeting id it names. One transaction; raises
    AttendanceRefused (code ``bad_payload``) on a malformed event."""
    kind = event.get("event")
    if kind not in ("meeting.participant_joined", "meeting.participant_left"):
        return WebhookOutcome("ignored", "This event is not about attendance.")
    body = event.get("payload")
    meeting = body.get("object") if isinstance(body, dict) else None
    person = meeting.get("participant") if isinstance(meeting, dict) else None
    if not isinstance(meeting, dict) or not isinstance(person, dict):
        raise AttendanceRefused(
            "bad_payload",
            "payload.object.participant is missing.",  # notranslate: to the platform
        )
    meeting_id = str(meeting.get("id") or "").strip()
    if not meeting_id:
        raise AttendanceRefused(
            "bad_payload",
            "payload.object.id is missing.",  # notranslate: to the platform
        )
    connection = str(
        person.get("participant_uuid") or person.get("user_id") or person.get("id") or ""
    ).strip()
    key = "\x1f".join((str(meeting.get("uuid") or ""), connection))
    identity = {
        "name": str(person.get("user_name") or "")[:300],
        "email": str(person.get("email") or "").strip(),
        "registrant_id": str(person.get("registrant_id") or "").strip(),
    }
    with transaction.atomic():
        if kind == "meeting.participant_joined":
            # In UTC: a join or leave is found again by its time's text (its fingerprint).
            join_at = _webhook_time(person.get("join_time"), "join_time").astimezone(UTC)
            session = session_for_room(provider="zoom", room=meeting_id, at=join_at)
            if session is None:
                return WebhookOutcome("ignored", "No session uses this meeting at that time.")
            opened = open_segment(
                session=session,
                source=Source.ZOOM_API,
                filename=WEBHOOK_FILENAME,
                key=key,
                join_at=join_at,
                **identity,
            )
            if not connection or opened.status != "opened":
                return opened
            # Its leave may have come first (webhooks come in any order).
            return pair_connection(
                session=session,
                source=Source.ZOOM_API,
                filename=WEBHOOK_FILENAME,
                key=key,
                joined_row=opened.row_id,
            )
        if kind == "meeting.participant_left":
            leave_at = _webhook_time(person.get("leave_time"), "leave_time").astimezone(UTC)
            joined = (
                _webhook_time(person.get("join_time"), "join_time").astimezone(UTC)
                if person.get("join_time")
                else None
            )
            session = session_for_room(provider="zoom", room=meeting_id, at=leave_at)
            if session is None:
                return WebhookOutcome("ignored", "No session uses this meeting at that time.")
            taken = _take_reported_leave(
                session=session, key=key, leave_at=leave_at, joined=joined, **identity
            )
            if taken is not None:
                return taken
            if connection and joined is None:
                # The leave names its connection: it ends that connection's join, never another
                # device of the same person. By e-mail, one delivered before its own join
                # closed the person's other device at its time (hunt 10: a phone's 0-20
                # stretched to 90 credited 90 minutes for 70; or the laptop's join then stayed
                # open, 80 for 90).
                if _leave_recorded(
                    session=session,
                    source=Source.ZOOM_API,
                    filename=WEBHOOK_FILENAME,
                    key=key,
                    leave_at=leave_at,
                ):
                    return WebhookOutcome("ignored", "This leave is already recorded.")
                return pair_connection(
                    session=session,
                    source=Source.ZOOM_API,
                    filename=WEBHOOK_FILENAME,
                    key=key,
                    leave_at=leave_at,
                    name=identity["name"],
                    email=identity["email"],
                    registrant_id=identity["registrant_id"],
                )
            return close_segment(
                session=session,
                source=Source.ZOOM_API,
                filename=WEBHOOK_FILENAME,
                key=key,
                leave_at=leave_at,
                join_at=joined,
                **identity,
            )
    return WebhookOutcome("ignored", "This event is not about attendance.")


# --- BigBlueButton analytics and Jitsi events ----------------------------------------------

# Stored as AttendanceRow.source. Not (yet) members of Source: adding them to the choices needs
# a migration of the attendance models; until then screens show these values as they are.
BBB_SOURCE = "bbb"
JITSI_SOURCE = "jitsi"
JITSI_FILENAME = "Jitsi events"


def _event_time(value: Any, field_name: str) -> datetime:
    """An ISO 8601 time with offset, or a Unix time in seconds or milliseconds."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, bool):
        raise AttendanceRefused(
            "bad_payload",
            f"{field_name} is not a time.",  # notranslate: to the platform
            field=field_name,
        )
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise AttendanceRefused(
                "bad_payload",
                f"{field_name} is not a time.",  # notranslate: to the platform
                field=field_name,
            ) from None
    if isinstance(value, str) and value.strip().isdecimal():
        if len(value.strip()) > 18:  # no time is written with more digits (and int() has a limit)
            raise AttendanceRefused(
                "bad_payload",
                f"{field_name} is not a time.",  # notranslate: to the platform
                field=field_name,
            )
        return _event_time(int(value.strip()), field_name)
    if isinstance(value, str) and value.strip().endswith("Z"):
        value = value.strip()[:-1] + "+00:00"
    return _webhook_time(value, field_name)


def _pairs(joins: Any, leaves: Any, finish: datetime | None, where: str) -> list[tuple[Any, Any]]:
    if not isinstance(joins, list) or not isinstance(leaves, list):
        raise AttendanceRefused(
            "bad_payload",
            f"{where}: joins and leaves must be lists.",  # notranslate: to the platform
        )
    pairs: list[tuple[Any, Any]] = []
    for index, join in enumerate(joins):
        leave = leaves[index] if index < len(leaves) else finish
        if leave is not None:  # still in at the end and no end time: no leave, no minutes
            pairs.append((join, leave))
    return pairs


def bbb_analytics_rows(data: dict[str, Any]) -> tuple[str, list[ParticipantRow]]:
    """(meeting id, rows) from a BigBlueButton analytics callback body: ``{"meeting_id",
    "data": {"finish", "attendees": [{"ext_user_id", "name", "joins": [...], "leaves": [...]}
    ]}}`` (``userID``/``user_id`` and per-attendee ``sessions: [{"joins", "leaves"}]`` are read
    too; times ISO 8601 or Unix). ``ext_user_id`` is the ``userID`` our join links send (our
    user id). A join without a leave ends at the meeting's ``finish`` when given."""
    nested = data.get("data")
    body: dict[str, Any] = nested if isinstance(nested, dict) else data
    meeting = str(data.get("meeting_id") or data.get("meetingID") or body.get("meeting_id") or "")
    attendees = body.get("attendees")
    if not isinstance(attendees, list):
        raise AttendanceRefused(
            "bad_payload",
            "data.attendees must be a list.",  # notranslate: to the platform
        )
    finish_raw = body.get("finish") or body.get("end") or data.get("finish")
    finish = _event_time(finish_raw, "finish") if finish_raw else None
    rows: list[ParticipantRow] = []
    seen: dict[tuple[str, datetime, datetime], int] = defaultdict(int)
    for number, attendee in enumerate(attendees, start=1):
        if not isinstance(attendee, dict):
            raise AttendanceRefused(
                "bad_payload",
                f"attendee {number} is not an object.",  # notranslate: to the platform
            )
        user_id = str(
            attendee.get("ext_user_id") or attendee.get("userID") or attendee.get("user_id") or ""
        ).strip()
        name = str(attendee.get("name") or attendee.get("fullName") or "")[:300]
        sessions = attendee.get("sessions")
        spans: list[tuple[Any, Any]] = []
        if isinstance(sessions, list) and sessions:
            for part in sessions:
                if not isinstance(part, dict):
                    raise AttendanceRefused(
                        "bad_payload",
                        f"attendee {number}: bad session.",  # notranslate: to the platform
                    )
                spans += _pairs(part.get("joins"), part.get("leaves"), finish, f"attendee {number}")
        else:
            spans = _pairs(
                attendee.get("joins"), attendee.get("leaves"), finish, f"attendee {number}"
            )
        for join_raw, leave_raw in spans:
            join = _event_time(join_raw, "joins")
            leave = _event_time(leave_raw, "leaves")
            identity = (user_id or name, join, leave)
            try:
                rows.append(
                    engine.make_row(
                        row=len(rows) + 1,
                        name=name,
                        join=join,
                        leave=leave,
                        source=BBB_SOURCE,
                        user_id=user_id,
                        occurrence=seen[identity],
                    )
                )
            except AttendanceError as error:
                raise AttendanceRefused(
                    error.code, f"attendee {number}: {error.message}", row=len(rows) + 1
                ) from None
            seen[identity] += 1
    return meeting, rows


def record_bbb_analytics(*, session: Session, data: dict[str, Any]) -> ImportResult:
    """Store the segments of a verified BigBlueButton analytics callback for ``session`` (rows
    already stored are skipped) and recompute. One transaction; AttendanceRefused on a body
    that is malformed, names another meeting or lies far from the session."""
    if session.status == SessionStatus.CANCELLED:
        raise AttendanceRefused(
            "session_cancelled",
            "This session was cancelled.",  # notranslate: to the platform
        )
    meeting, rows = bbb_analytics_rows(data)
    if meeting and session.video_room and meeting != session.video_room:
        raise AttendanceRefused(
            "wrong_meeting",
            "The analytics are for another meeting.",  # notranslate: to the platform
        )
    if not rows:
        return ImportResult(None, 0, 0, 0, 0, 0, 0)
    with transaction.atomic():
        return _store_rows(
            actor=None,
            session=session,
            rows=rows,
            source=BBB_SOURCE,
            action="attendance.import_bbb",
            filename="BigBlueButton analytics",
        )


def record_jitsi_event(*, event: dict[str, Any]) -> WebhookOutcome:
    """Store a Jitsi ``event_sync`` occupant event (``muc-occupant-joined`` /
    ``muc-occupant-left``: ``{"event_name", "room_name", "occupant": {"occupant_jid", "name",
    "email", "id", "joined_at", "left_at"}}``, Unix seconds). ``occupant.id`` is the
    ``context.user.id`` of our JWT: our user id. One transaction."""
    kind = event.get("event_name")
    if kind not in ("muc-occupant-joined", "muc-occupant-left"):
        return WebhookOutcome("ignored", "This event is not about attendance.")
    room = str(event.get("room_name") or "").strip()
    occupant = event.get("occupant")
    if not room or not isinstance(occupant, dict):
        raise AttendanceRefused(
            "bad_payload",
            "room_name and occupant are required.",  # notranslate: to the platform
        )
    room = room.split("@", 1)[0]
    joined = _event_time(occupant.get("joined_at"), "joined_at")
    user_id = str(occupant.get("id") or "").strip()
    key = "\x1f".join((room.lower(), str(occupant.get("occupant_jid") or ""), user_id))
    identity = {
        "name": str(occupant.get("name") or "")[:300],
        "email": str(occupant.get("email") or "").strip(),
        "user_id": user_id,
    }
    with transaction.atomic():
        if kind == "muc-occupant-joined":
            session = session_for_room(provider="jitsi", room=room, at=joined)
            if session is None:
                return WebhookOutcome("ignored", "No session uses this room at that time.")
            return open_segment(
                session=session,
                source=JITSI_SOURCE,
                filename=JITSI_FILENAME,
                key=key,
                join_at=joined,
                **identity,
            )
        left = _event_time(occupant.get("left_at"), "left_at")
        session = session_for_room(provider="jitsi", room=room, at=left)
        if session is None:
            return WebhookOutcome("ignored", "No session uses this room at that time.")
        return close_segment(
            session=session,
            source=JITSI_SOURCE,
            filename=JITSI_FILENAME,
            key=key,
            leave_at=left,
            join_at=joined,
            name=identity["name"],
            email=identity["email"],
            user_id=identity["user_id"],
        )
