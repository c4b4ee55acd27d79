"""Reusable reads for the attendance screens, exports and (later) credits.

Every function is scoped by a program or a session the caller already resolved through
``program_for``; none issues a query per person (the session table runs a fixed number of
queries whatever the number of people).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from echohub.accounts.models import User
from echohub.attendance.models import (
    QUEUE_STATUSES,
    REPORT_SOURCES,
    ZOOM_API_BATCH,
    Attendance,
    AttendanceRow,
    ImportBatch,
    RowStatus,
)
from echohub.joining.models import JoinEvent, JoinOutcome
from echohub.programs.models import Membership, Program, Role
from echohub.scheduling.models import Session, SessionStatus

# Roles expected at sessions: everyone holding one appears in the session table (present or
# absent); anyone else appears only once they have attendance.
ATTENDING_ROLES = (Role.PARTICIPANT, Role.EXPERT)

PRESENT, LINK_ONLY, ABSENT = "present", "link_only", "absent"


@dataclass
class PersonLine:
    """One person on a session's attendance table."""

    user: Any
    attendance: Attendance | None
    clicked_at: datetime | None  # first click on their personal join link

    @property
    def minutes(self) -> int:
        return self.attendance.minutes if self.attendance else 0

    @property
    def status(self) -> str:
        if self.attendance is not None and self.attendance.minutes > 0:
            return PRESENT
        if self.clicked_at is not None:
            return LINK_ONLY
        return ABSENT

    @property
    def sources(self) -> list[str]:
        found = list(self.attendance.source_list) if self.attendance else []
        if self.clicked_at is not None:
            found.append("join_link")
        return found


def session_people(session: Session) -> QuerySet[User]:
    """Everyone on the session's table: active participants and experts of the program, plus
    anyone with attendance or a join-link click at this session. Ordered by name."""
    member = Membership.objects.filter(
        user=OuterRef("pk"),
        program_id=session.program_id,
        is_active=True,
        role__in=ATTENDING_ROLES,
    )
    attended = Attendance.objects.filter(user=OuterRef("pk"), session=session)
    clicked = JoinEvent.objects.filter(user=OuterRef("pk"), session=session)
    return User.objects.filter(Exists(member) | Exists(attended) | Exists(clicked)).order_by(
        "last_name", "first_name", "pk"
    )


def first_clicks(session: Session, user_ids: Iterable[int]) -> dict[int, datetime]:
    """user id -> first successful click on their join link for ``session``."""
    return dict(
        JoinEvent.objects.filter(
            session=session, user_id__in=list(user_ids), outcome=JoinOutcome.REDIRECTED
        )
        .values("user_id")
        .annotate(first=Min("at"))
        .values_list("user_id", "first")
    )


def lines_for(session: Session, users: Sequence[Any]) -> list[PersonLine]:
    """The table lines for one page of ``users`` (two queries, whatever the page size)."""
    ids = [user.pk for user in users]
    records = {
        a.user_id: a
        for a in Attendance.objects.filter(session=session, user_id__in=ids).select_related(
            "adjusted_by"
        )
    }
    clicks = first_clicks(session, ids)
    return [PersonLine(user, records.get(user.pk), clicks.get(user.pk)) for user in users]


@dataclass(frozen=True)
class SessionSummary:
    people: int
    present: int
    link_only: int
    queue: int
    minutes_total: int
    # Live joins (a platform's webhook) whose leave never came, once the session is over: their
    # minutes are not counted (nothing is invented); the coordinator is told to import the
    # platform's report, which has them.
    unclosed: int = 0

    @property
    def hours(self) -> str:
        """Person-hours attended, one decimal ("12.5")."""
        return f"{self.minutes_total / 60:.1f}"

    @property
    def average_minutes(self) -> int:
        """Minutes per person present, rounded (0 when nobody was)."""
        return round(self.minutes_total / self.present) if self.present else 0


def summary(session: Session) -> SessionSummary:
    people = session_people(session)
    present = Attendance.objects.filter(session=session, minutes__gt=0)
    clicked_only = (
        JoinEvent.objects.filter(session=session, outcome=JoinOutcome.REDIRECTED)
        .exclude(user__in=present.values("user_id"))
        .values("user_id")
        .distinct()
    )
    totals = present.aggregate(n=Count("pk"), total=Sum("minutes"))
    return SessionSummary(
        people=people.count(),
        present=totals["n"],
        link_only=clicked_only.count(),
        queue=review_queue(session).count(),
        minutes_total=totals["total"] or 0,
        unclosed=(
            AttendanceRow.objects.filter(session=session)
            .filter(in_meeting_now())
            .filter(status=RowStatus.MATCHED)
            .count()
            if session.ends_at < timezone.now()
            else 0
        ),
    )


def in_meeting_now() -> Q:
    """The rows that say someone is in the meeting now: a live join (a platform's webhook) with
    no leave yet. An open row read from a report (exported, fetched or downloaded while people
    were still in) says only that they were in when the report was made, never that they are
    here now."""
    from_report = (
        Q(batch__sha256__gt="")
        | Q(batch__source__in=REPORT_SOURCES)
        | Q(batch__filename__startswith=f"{ZOOM_API_BATCH} ")
    )
    return Q(join_at__isnull=False, leave_at__isnull=True) & ~from_report


def review_queue(session: Session) -> QuerySet[AttendanceRow]:
    """Rows a coordinator still has to decide, in file order."""
    return (
        AttendanceRow.objects.filter(session=session, status__in=QUEUE_STATUSES)
        .select_related("batch")
        .order_by("batch__created_at", "batch_id", "row_number")
    )


def candidates_for(rows: Sequence[AttendanceRow]) -> dict[int, list[Any]]:
    """row id -> the users the engine suggested for it (one query for all rows)."""
    wanted = {pk for row in rows for pk in row.candidates}
    users = {u.pk: u for u in User.objects.filter(pk__in=wanted)}
    return {row.pk: [users[pk] for pk in row.candidates if pk in users] for row in rows}


def mark_clicks(session: Session, users: Sequence[Any]) -> None:
    """Set ``clicked_at`` (first join-link click at ``session``, or None) on each user object:
    a hint for the coordinator deciding a review row, never a reason to assign."""
    clicks = first_clicks(session, {u.pk for u in users})
    for user in users:
        user.clicked_at = clicks.get(user.pk)


def program_people(program: Program) -> QuerySet[User]:
    """Everyone holding an active role in ``program`` (for assigning rows and manual entry)."""
    return User.objects.filter(
        Exists(Membership.objects.filter(user=OuterRef("pk"), program=program, is_active=True))
    ).order_by("last_name", "first_name", "pk")


#: The searchable picker lists at most this many people for a search; more: type more.
FIND_LIMIT = 20
FIND_MIN_CHARS = 2


def find_people(program: Program, text: str, limit: int = FIND_LIMIT) -> tuple[list[User], bool]:
    """People of ``program`` whose first name, last name or email contains every word of
    ``text`` (case-insensitive), in name order: (at most ``limit`` of them, whether there are
    more). Fewer than FIND_MIN_CHARS characters finds nobody (the picker asks for more)."""
    words = text.split()
    if len("".join(words)) < FIND_MIN_CHARS:
        return [], False
    qs = program_people(program)
    for word in words[:5]:
        qs = qs.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    found = list(qs[: limit + 1])
    return found[:limit], len(found) > limit


def imports(session: Session) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(session=session).select_related("uploaded_by")


def sessions_overview(program: Program) -> QuerySet[Session]:
    """The program's sessions that have started, newest first, with attendance counts."""
    present = (
        Attendance.objects.filter(session=OuterRef("pk"), minutes__gt=0)
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queue = (
        AttendanceRow.objects.filter(session=OuterRef("pk"), status__in=QUEUE_STATUSES)
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Session.objects.filter(program=program)
        .exclude(status=SessionStatus.CANCELLED)
        .annotate(
            present_count=Coalesce(Subquery(present), 0),
            queue_count=Coalesce(Subquery(queue), 0),
        )
        .order_by("-starts_at")
    )


@dataclass
class HistoryLine:
    session: Session
    attendance: Attendance | None
    clicked_at: datetime | None

    @property
    def status(self) -> str:
        return PersonLine(None, self.attendance, self.clicked_at).status


def person_history(program: Program, user: Any, sessions: Sequence[Session]) -> list[HistoryLine]:
    """A person's attendance at these sessions of ``program`` (two queries)."""
    ids = [s.pk for s in sessions]
    records = {
        a.session_id: a
        for a in Attendance.objects.filter(
            user=user, session_id__in=ids, session__program=program
        ).select_related("adjusted_by")
    }
    clicks = dict(
        JoinEvent.objects.filter(user=user, session_id__in=ids, outcome=JoinOutcome.REDIRECTED)
        .values("session_id")
        .annotate(first=Min("at"))
        .values_list("session_id", "first")
    )
    return [HistoryLine(s, records.get(s.pk), clicks.get(s.pk)) for s in sessions]


def history_sessions(program: Program) -> QuerySet[Session]:
    """Sessions a person's history lists: every non-cancelled session that has started."""
    return (
        Session.objects.filter(program=program, starts_at__lte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("-starts_at")
    )


def person_totals(program: Program, user: Any) -> dict[str, int]:
    data = Attendance.objects.filter(session__program=program, user=user).aggregate(
        sessions=Count("pk", filter=Q(minutes__gt=0)), minutes=Sum("minutes")
    )
    return {"sessions": data["sessions"] or 0, "minutes": data["minutes"] or 0}


# --- exports ------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "session_id",
    "session_title",
    "session_start_utc",
    "session_end_utc",
    "person_id",
    "first_name",
    "last_name",
    "email",
    "status",
    "minutes",
    "computed_minutes",
    "adjusted_minutes",
    "adjustment_reason",
    "adjusted_by",
    "adjusted_at_utc",
    "sources",
    "join_link_first_click_utc",
)

UNASSIGNED_COLUMNS = (
    "session_id",
    "row_id",
    "import_id",
    "row",
    "source",
    "status",
    "name_in_report",
    "email_in_report",
    "join_utc",
    "leave_utc",
    "minutes_in_report",
    "waiting_room",
    "reason",
)


#: The header people read for each column, in their language (the download is read in a
#: spreadsheet by coordinators; no machine reads it by its column names).
COLUMN_HEADERS: dict[str, Promise] = {
    "session_id": _("Session id"),
    "session_title": _("Session"),
    "session_start_utc": _("Session start (UTC)"),
    "session_end_utc": _("Session end (UTC)"),
    "person_id": _("Person id"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "email": _("Email"),
    "status": _("Status"),
    "minutes": _("Minutes"),
    "computed_minutes": _("Computed minutes"),
    "adjusted_minutes": _("Adjusted minutes"),
    "adjustment_reason": _("Adjustment reason"),
    "adjusted_by": _("Adjusted by"),
    "adjusted_at_utc": _("Adjusted at (UTC)"),
    "sources": _("Sources"),
    "join_link_first_click_utc": _("First join-link click (UTC)"),
    "row_id": _("Row id"),
    "import_id": _("Import id"),
    "row": _("Row in report"),
    "source": _("Source"),
    "name_in_report": _("Name in report"),
    "email_in_report": _("Email in report"),
    "join_utc": _("Join (UTC)"),
    "leave_utc": _("Leave (UTC)"),
    "minutes_in_report": _("Minutes in report"),
    "waiting_room": _("Waiting room"),
    "reason": _("Reason"),
}


def column_headers(columns: Sequence[str]) -> list[str]:
    """The header row of an export in the active language (``EXPORT_COLUMNS`` /
    ``UNASSIGNED_COLUMNS`` give the order)."""
    return [str(COLUMN_HEADERS[column]) for column in columns]


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def export_rows(sessions: Sequence[Session], chunk: int = 500) -> Iterator[list[Any]]:
    """One row per person per session (the session table's people, present or absent), in
    :data:`EXPORT_COLUMNS` order. Queries per chunk of people, not per person."""
    for session in sessions:
        people = session_people(session)
        start = 0
        while True:
            page = list(people[start : start + chunk])
            if not page:
                break
            start += chunk
            for line in lines_for(session, page):
                a = line.attendance
                user = line.user
                yield [
                    session.pk,
                    session.title,
                    _iso(session.starts_at),
                    _iso(session.ends_at),
                    user.pk,
                    user.first_name,
                    user.last_name,
                    user.email,
                    line.status,
                    line.minutes,
                    a.computed_minutes if a else 0,
                    a.adjusted_minutes if a and a.adjusted_minutes is not None else "",
                    a.adjustment_reason if a and a.is_adjusted else "",
                    a.adjusted_by.email if a and a.is_adjusted and a.adjusted_by else "",
                    _iso(a.adjusted_at) if a and a.is_adjusted else "",
                    " ".join(line.sources),
                    _iso(line.clicked_at),
                ]


def unassigned_rows(sessions: Sequence[Session]) -> Iterator[list[Any]]:
    """Report rows assigned to nobody (queue, guests, rooms, waiting room), for checking an
    export against the original report: nothing silently dropped."""
    rows = (
        AttendanceRow.objects.filter(session__in=[s.pk for s in sessions], user__isnull=True)
        .order_by("session_id", "batch_id", "row_number")
        .iterator(chunk_size=2000)
    )
    for r in rows:
        yield [
            r.session_id,
            r.pk,
            r.batch_id,
            r.row_number,
            r.source,
            r.status,
            r.name,
            r.email,
            _iso(r.join_at),
            _iso(r.leave_at),
            "" if r.minutes_span is None else r.minutes_span,
            "yes" if r.waiting_room else "no",
            r.reason,
        ]
