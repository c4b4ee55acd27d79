"""Attendance reconciliation: report rows -> roster people -> minutes. No Django import.

The rules (issue 6, "Attendance that never credits the wrong person"):

- Attendance is stored as segments (join, leave, source, raw identity) and reconciled to
  people. Minutes attended = the union of a person's segments clipped to the session's start
  and end, floored to whole minutes (:func:`union_seconds`, :func:`attended_minutes`).
- Matching order: registrant id / our user id / join token, then e-mail (trimmed,
  case-insensitive), then name. A name is accepted only when it fits exactly one roster person
  and no other roster person could be meant (a nickname, initial, partial or reversed name);
  otherwise the row goes to review with the candidates named. Never guess: when in doubt the
  row stays unassigned (``person_id`` None).
- Waiting-room rows and webinar registrants marked "Attended: No" never count. Phone numbers,
  shared rooms and people not on the roster are left unassigned with a reason. Every row of
  the report comes back with a reason.

Entry points: :func:`reconcile` (rows + roster + session -> :class:`Reconciliation`),
:func:`reconcile_report` (bytes of a Zoom CSV), :func:`reconcile_files` (paths), and the
loaders :func:`load_roster` / :func:`load_session`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from echohub.attendance.errors import AttendanceError, gettext_noop
from echohub.attendance.names import (
    DisplayName,
    first_names_compatible,
    fold,
    fold_email,
    parse_display_name,
    similar_names,
)
from echohub.attendance.zoom_csv import (
    DURATION_SLACK_MINUTES,
    MAX_SEGMENT,
    ParticipantRow,
    Report,
    check_size,
    decode_report,
    meeting_id_fits,
    parse_zoom_report,
    row_fingerprint,
)

__all__ = [
    "MAX_SKEW",
    "PersonAttendance",
    "Reconciliation",
    "RosterPerson",
    "RowResult",
    "Segment",
    "Session",
    "attended_minutes",
    "load_roster",
    "load_session",
    "make_row",
    "match_row",
    "online_minutes_within",
    "reconcile",
    "reconcile_files",
    "reconcile_report",
    "sure_minutes",
    "total_within",
    "union_seconds",
]

# A row further than this from the session is from another meeting instance: refuse the report.
MAX_SKEW = timedelta(hours=12)

# Row statuses.
MATCHED = "matched"  # assigned to a person
REVIEW = "review"  # could be someone on the roster: a human decides
UNMATCHED = "unmatched"  # a guest, phone line or shared room: nobody on the roster fits
IGNORED = "ignored"  # never attendance (waiting room)


@dataclass(frozen=True, slots=True)
class RosterPerson:
    """A person registered for the series. ``person_id`` is our user id (joins through our own
    BBB/Jitsi links echo it back); ``join_tokens`` are per-person tokens we issued."""

    person_id: str
    first_name: str
    last_name: str
    email: str = ""
    zoom_registrant_id: str = ""
    join_tokens: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class Session:
    """A session's scheduled window (aware datetimes), the Zoom account's time zone (IANA name)
    in which CSV reports are written, and the meeting id (optional)."""

    start: datetime
    end: datetime
    time_zone: str
    meeting_id: str | None = None
    #: The session's video room on a platform named by room (Jitsi): a log's rows of any
    #: other room are refused.
    room: str | None = None
    #: When the program's other sessions start (aware): a report whose dates read both day
    #: first and month first, one reading on one of them, is refused (``ambiguous_dates``).
    other_starts: tuple[datetime, ...] = ()

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise AttendanceError(
                "bad_session", gettext_noop("session start and end need a UTC offset")
            )
        if _utc(self.end) <= _utc(self.start):
            raise AttendanceError("bad_session", gettext_noop("session end is not after its start"))

    @property
    def length_minutes(self) -> int:
        return int((_utc(self.end) - _utc(self.start)).total_seconds() // 60)


@dataclass(frozen=True, slots=True, order=True)
class Segment:
    """A half-open interval [start, end) of presence, aware datetimes."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class RowResult:
    """The decision for one report row.

    ``status`` is ``matched`` / ``review`` / ``unmatched`` / ``ignored``; ``method`` how a
    matched row was identified (``registrant_id``, ``user_id``, ``join_token``, ``email``,
    ``name``); ``candidates`` the roster people a ``review`` row could belong to (or whom an
    ignored waiting-room row identified). ``reason`` is one human sentence.
    """

    row: int
    person_id: str | None
    status: str
    reason: str
    method: str | None = None
    candidates: tuple[str, ...] = ()
    fingerprint: str = ""
    name: str = ""
    email: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "row": self.row,
            "person_id": self.person_id,
            "status": self.status,
            "reason": self.reason,
        }
        if self.method:
            data["method"] = self.method
        if self.candidates:
            data["candidates"] = list(self.candidates)
        data["name"] = self.name
        data["fingerprint"] = self.fingerprint
        return data


@dataclass(frozen=True, slots=True)
class PersonAttendance:
    """A person's attendance: whole minutes, the merged segments (clipped to the session) and
    the report rows that contributed."""

    person_id: str
    minutes: int
    segments: tuple[Segment, ...]
    rows: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "minutes": self.minutes,
            "rows": list(self.rows),
            "segments": [[s.start.isoformat(), s.end.isoformat()] for s in self.segments],
        }


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The outcome: ``people`` (every roster person with attendance), ``rows`` (every report
    row in file order), ``review`` (the rows a human must decide), ``warnings``."""

    people: Mapping[str, PersonAttendance]
    rows: tuple[RowResult, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def review(self) -> tuple[RowResult, ...]:
        return tuple(row for row in self.rows if row.status == REVIEW)

    def to_dict(self) -> dict[str, Any]:
        return {
            "people": {pid: self.people[pid].to_dict() for pid in sorted(self.people)},
            "rows": [row.to_dict() for row in self.rows],
            "review": [
                {
                    "row": row.row,
                    "name": row.name,
                    "email": row.email,
                    "reason": row.reason,
                    "candidates": list(row.candidates),
                }
                for row in self.review
            ],
            "warnings": list(self.warnings),
        }


def make_row(
    *,
    row: int,
    name: str,
    join: datetime,
    leave: datetime,
    source: str,
    email: str = "",
    registrant_id: str = "",
    user_id: str = "",
    join_token: str = "",
    waiting_room: bool = False,
    occurrence: int = 0,
) -> ParticipantRow:
    """Build a segment row from another source (Zoom REST or webhooks, BigBlueButton events,
    Jitsi event_sync) with its fingerprint, ready for :func:`reconcile`. ``join``/``leave`` must
    be aware; raises ``negative_duration`` / ``absurd_duration`` like the CSV parser."""
    if join.tzinfo is None or leave.tzinfo is None:
        raise AttendanceError("bad_time", gettext_noop("join and leave need a UTC offset"), row=row)
    if _utc(leave) < _utc(join):
        raise AttendanceError("negative_duration", gettext_noop("leaves before joining"), row=row)
    if _utc(leave) - _utc(join) > MAX_SEGMENT:
        raise AttendanceError(
            "absurd_duration",
            gettext_noop("lasts %(span)s"),
            params={"span": _utc(leave) - _utc(join)},
            row=row,
        )
    return ParticipantRow(
        row=row,
        line=0,
        name=name,
        email=email,
        join=join,
        leave=leave,
        duration_minutes=int((_utc(leave) - _utc(join)).total_seconds() // 60),
        waiting_room=waiting_room,
        source=source,
        registrant_id=registrant_id,
        user_id=user_id,
        join_token=join_token,
        fingerprint=row_fingerprint(
            source=source,
            name=f"{name}\x1f{registrant_id}\x1f{user_id}\x1f{join_token}",
            email=email,
            join=join,
            leave=leave,
            duration_minutes=None,
            waiting_room=waiting_room,
            occurrence=occurrence,
        ),
    )


# --- minutes -------------------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC, for comparing and subtracting (see :func:`_merged`)."""
    return moment.astimezone(UTC)


def _merged(segments: Iterable[Segment], start: datetime, end: datetime) -> list[Segment]:
    """The union of ``segments`` clipped to [start, end), in UTC: times sharing one ``ZoneInfo``
    compare on the wall clock, which is wrong across a daylight-saving change."""
    start, end = _utc(start), _utc(end)
    utc = [(_utc(s.start), _utc(s.end)) for s in segments]
    clipped = sorted(
        Segment(max(first, start), min(last, end))
        for first, last in utc
        if last > start and first < end and last > first
    )
    merged: list[Segment] = []
    for segment in clipped:
        if merged and segment.start <= merged[-1].end:  # overlapping or touching
            if segment.end > merged[-1].end:
                merged[-1] = Segment(merged[-1].start, segment.end)
        else:
            merged.append(segment)
    return merged


def union_seconds(segments: Iterable[Segment], start: datetime, end: datetime) -> float:
    """Seconds covered by the union of ``segments`` clipped to [start, end)."""
    return sum((s.end - s.start).total_seconds() for s in _merged(segments, start, end))


def online_minutes_within(
    join: datetime,
    leave: datetime,
    duration_minutes: int | None,
    start: datetime,
    end: datetime,
    duration_seconds: int | None = None,
) -> int | None:
    """Minutes surely spent within [start, end) by a row that spans a first join to a last
    leave but says it was online for less ("Total Duration", BigBlueButton's dashboard: gaps
    between reconnects), or None for an ordinary segment (its duration fits its span).

    Where the gaps fell is unknown, so the row counts only what it must have spent in the
    session: its online minutes less the part of its span outside the session, never more
    than that part inside. A duration in whole minutes (Zoom's, rounded) may fall short of
    its span by up to DURATION_SLACK_MINUTES without a gap; one given to the second
    (``duration_seconds``: "00:40:00") is exact, so any shortfall is a gap (of a minute or
    more where the times themselves are written to the minute)."""
    if duration_minutes is None:
        return None
    span = (_utc(leave) - _utc(join)).total_seconds()
    if duration_seconds is not None:
        online = float(duration_seconds)
        # Times written to the minute ("12:31 PM") make the span itself uncertain by up to a
        # minute: a shortfall under a minute is that, not a gap.
        to_the_minute = all(t.second == 0 and t.microsecond == 0 for t in (join, leave))
        if online >= span or (to_the_minute and online > span - 60):
            return None
    else:
        if duration_minutes * 60 >= span - DURATION_SLACK_MINUTES * 60:
            return None
        online = duration_minutes * 60.0
    inside = max(0.0, (min(_utc(leave), _utc(end)) - max(_utc(join), _utc(start))).total_seconds())
    return int(max(0.0, min(inside, online - (span - inside))) // 60)


def sure_minutes(
    segments: Iterable[Segment],
    gapped: Iterable[tuple[Segment, int]],
    start: datetime,
    end: datetime,
) -> int:
    """Whole minutes surely spent within [start, end) by one person: the union of their
    ``segments``, plus what rows with gaps (a first join to a last leave, and the minutes
    :func:`online_minutes_within` says they surely spent inside) add beyond it.

    Rows with gaps whose spans overlap may be the same minutes on two devices: together they
    surely add only the largest of their minutes. Rows with gaps in spans apart add up. Each
    group adds its minutes less the part of its span the segments already cover (its gaps
    may be anywhere in its span), never less than nothing. Never more than the union of all
    the spans, never less than the segments or any one row alone."""
    utc_start, utc_end = _utc(start), _utc(end)
    merged = _merged(segments, start, end)
    total = sum((s.end - s.start).total_seconds() for s in merged)
    spans = sorted(
        (max(_utc(span.start), utc_start), min(_utc(span.end), utc_end), minutes)
        for span, minutes in gapped
        if _utc(span.end) > utc_start and _utc(span.start) < utc_end
    )
    groups: list[list[Any]] = []
    for first, last, minutes in spans:
        if groups and first < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], last)
            groups[-1][2] = max(groups[-1][2], minutes)
        else:
            groups.append([first, last, minutes])
    for first, last, minutes in groups:
        covered = sum(
            max(0.0, (min(last, s.end) - max(first, s.start)).total_seconds()) for s in merged
        )
        total += max(0.0, minutes * 60 - covered)
    return int(total // 60)


def total_within(total: int, segments: Iterable[Segment], start: datetime, end: datetime) -> int:
    """Minutes of a ``total`` without join and leave times ("Show unique users") that may count
    in [start, end), beside the same person's timed ``segments`` (another export of the same
    meeting): the total less the time those rows spent outside the session or on two devices
    at once. Zoom's total adds up a person's rows, so both are in it: a total of 90 for
    someone whose rows ran from 30 minutes before the session credited 90 where the rows said
    60 (hunt 9). Time the rows miss (a total above their sum) still counts as the total says.
    Rounded against the total: never more than the rows' own minutes inside when they explain
    it all."""
    segments = list(segments)
    if not segments:
        return total
    summed = sum((_utc(s.end) - _utc(s.start)).total_seconds() for s in segments)
    elsewhere = max(0.0, summed - union_seconds(segments, start, end))
    return max(0, total - math.ceil(elsewhere / 60))


def attended_minutes(segments: Iterable[Segment], start: datetime, end: datetime) -> int:
    """Whole minutes (floored) covered by the union of ``segments`` within [start, end)."""
    return int(union_seconds(segments, start, end) // 60)


# --- loading -------------------------------------------------------------------------------


def load_roster(source: str | Path | bytes) -> list[RosterPerson]:
    """Read a roster CSV (``person_id, first_name, last_name, email, zoom_registrant_id``;
    unknown columns ignored) from a path or bytes."""
    data = Path(source).read_bytes() if isinstance(source, str | Path) else source
    text, _encoding = decode_report(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = {(name or "").strip().casefold() for name in reader.fieldnames or []}
    missing = {"person_id", "first_name", "last_name"} - columns
    if missing:
        raise AttendanceError(
            "bad_roster",
            f"roster lacks column(s) {', '.join(sorted(missing))}",  # notranslate: command line
            line=1,
        )
    people: list[RosterPerson] = []
    seen: set[str] = set()
    for number, record in enumerate(reader, start=1):
        values = {(k or "").strip().casefold(): (v or "").strip() for k, v in record.items()}
        person_id = values.get("person_id", "")
        if not person_id:
            if not any(values.values()):
                continue
            raise AttendanceError(
                "bad_roster",
                "roster row without person_id",  # notranslate: command line
                row=number,
            )
        if person_id in seen:
            raise AttendanceError(
                "bad_roster",
                f"duplicate person_id {person_id}",  # notranslate: command line
                row=number,
            )
        seen.add(person_id)
        tokens = tuple(t for t in values.get("join_token", "").split() if t)
        people.append(
            RosterPerson(
                person_id=person_id,
                first_name=values.get("first_name", ""),
                last_name=values.get("last_name", ""),
                email=values.get("email", ""),
                zoom_registrant_id=values.get("zoom_registrant_id", ""),
                join_tokens=tokens,
            )
        )
    return people


def load_session(source: str | Path | Mapping[str, Any]) -> Session:
    """Read a session (``start``, ``end`` ISO 8601 with offset, ``time_zone``, ``meeting_id``,
    and ``room`` for a Jitsi room) from a JSON file path or a mapping."""
    if isinstance(source, Mapping):
        data: Any = source
    else:
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise AttendanceError(
                "bad_session",
                f"cannot read session JSON: {error}",  # notranslate: command line
            ) from None
    if not isinstance(data, Mapping):
        raise AttendanceError(
            "bad_session",
            "session JSON must be an object",  # notranslate: command line
        )
    try:
        start = datetime.fromisoformat(str(data["start"]))
        end = datetime.fromisoformat(str(data["end"]))
        zone = str(data["time_zone"])
    except KeyError as error:
        raise AttendanceError(
            "bad_session",
            f"session JSON lacks {error}",  # notranslate: command line
        ) from None
    except ValueError as error:
        raise AttendanceError(
            "bad_session",
            f"bad session time: {error}",  # notranslate: command line
        ) from None
    meeting = data.get("meeting_id")
    room = data.get("room")  # a Jitsi room: a log's rows of another room are refused
    return Session(
        start,
        end,
        zone,
        str(meeting) if meeting not in (None, "") else None,
        room=str(room) if room not in (None, "") else None,
    )


# --- matching ------------------------------------------------------------------------------


class _RosterIndex:
    """Look-ups over the roster, built once per reconciliation."""

    def __init__(self, roster: Sequence[RosterPerson]) -> None:
        self.people = {person.person_id: person for person in roster}
        self.by_user_id: dict[str, list[str]] = {pid: [pid] for pid in self.people}
        self._similar: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        self.by_registrant: dict[str, list[str]] = {}
        self.by_token: dict[str, list[str]] = {}
        self.by_email: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_token_word: dict[str, set[str]] = {}
        self.folded: dict[str, tuple[str, str]] = {}
        for person in roster:
            pid = person.person_id
            if person.zoom_registrant_id:
                self.by_registrant.setdefault(person.zoom_registrant_id.strip(), []).append(pid)
            for token in person.join_tokens:
                self.by_token.setdefault(token, []).append(pid)
            if person.email.strip():
                self.by_email.setdefault(fold_email(person.email), []).append(pid)
            first, last = fold(person.first_name), fold(person.last_name)
            self.folded[pid] = (first, last)
            full = f"{first} {last}".strip()
            if full:
                self.by_name.setdefault(full, []).append(pid)
            for word in full.split():
                self.by_token_word.setdefault(word, set()).add(pid)

    def exact(self, name: str) -> list[str]:
        return self.by_name.get(name, [])

    def similar(self, name: str, exclude: Iterable[str] = ()) -> list[str]:
        """Roster people (other than ``exclude``) whom ``name`` could mean without being their
        exact name: nickname, initial, middle name, partial compound name, reversed order."""
        key = (name, tuple(exclude))
        cached = self._similar.get(key)
        if cached is None:
            cached = self._similar[key] = self._find_similar(name, key[1])
        return cached

    def _find_similar(self, name: str, exclude: tuple[str, ...]) -> list[str]:
        pool: set[str] = set()
        for word in name.split():
            pool |= self.by_token_word.get(word, set())
        if name.split():
            # A nickname changes the first name: also look at everyone sharing the last word.
            pool |= self.by_token_word.get(name.split()[-1], set())
        excluded = set(exclude)
        found = []
        for pid in sorted(pool - excluded):
            first, last = self.folded[pid]
            if similar_names(name, first, last):
                found.append(pid)
        return found


def _describe(index: _RosterIndex, pids: Iterable[str]) -> str:
    return ", ".join(f"{pid} ({index.people[pid].full_name})" for pid in pids)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _by_identity(row: ParticipantRow, index: _RosterIndex) -> RowResult | None:
    checks = (
        ("registrant_id", row.registrant_id, index.by_registrant, "registrant id"),
        ("user_id", row.user_id, index.by_user_id, "user id"),
        ("join_token", row.join_token, index.by_token, "join token"),
    )
    for method, value, table, label in checks:
        value = value.strip()
        if not value:
            continue
        pids = table.get(value, [])
        if len(pids) == 1:
            return RowResult(row.row, pids[0], MATCHED, f"matched by {label}", method, (pids[0],))
        if len(pids) > 1:
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"{label} shared by {_describe(index, pids)}",
                candidates=tuple(pids),
            )
    return None


def _identity_fits(row: ParticipantRow, index: _RosterIndex, found: RowResult) -> RowResult | None:
    """A review row when the rest of a row identified by a registrant id, user id or join token
    says it is somebody else's connection: another roster person's e-mail (the account signed
    in), or a shared room (several people on one line). A registration link forwarded to a
    colleague carries its registrant's id whoever joins with it: crediting the registrant
    would credit someone who may not have been there. None when nothing contradicts it. The
    name alone does not outweigh the id (it wins over a namesake's or a renamed display)."""
    pid = found.person_id
    assert pid is not None
    label = found.reason.removeprefix("matched by ")
    addresses = _unique(
        address
        for address in (
            fold_email(row.email),
            *(fold_email(text) for text in _EMAIL_IN_NAME.findall(row.name)),
        )
        if address and "*" not in address
    )
    # An address shared by the person and others (a clinic's) says nothing against them.
    others = _unique(
        other
        for address in addresses
        if pid not in index.by_email.get(address, [])
        for other in index.by_email.get(address, [])
    )
    if others:
        return RowResult(
            row.row,
            None,
            REVIEW,
            f"{label} of {_describe(index, [pid])} but the e-mail belongs to "
            f"{_describe(index, others)}",
            candidates=(pid, *others),
        )
    rest = _EMAIL_IN_NAME.sub(" ", row.name)
    rest = _EMPTY_BRACKETS.sub(" ", rest).strip(" -–—|/,;:<>")
    display = parse_display_name(rest)
    if display.kind == "room":
        return RowResult(
            row.row,
            None,
            REVIEW,
            f"{label} of {_describe(index, [pid])} on a shared room or several people",
            candidates=(pid,),
        )
    # The full name of another roster person, never the id's own ("Binh Nguyen" joining on
    # Ana's link): a forwarded link, or a colleague's device. A renamed display ("iPad", "JF",
    # "Dr O'Brien") or a namesake (the id's owner has that name too) says nothing against it.
    named = _unique(
        other for name in display.all_names if len(name.split()) >= 2 for other in index.exact(name)
    )
    if named and pid not in named:
        return RowResult(
            row.row,
            None,
            REVIEW,
            f"{label} of {_describe(index, [pid])} but the name is {_describe(index, named)}",
            candidates=(pid, *named),
        )
    return None


_EMAIL_AS_NAME = re.compile(r"<?\s*(?P<email>[^\s@<>(),;]+@[^\s@<>(),;]+\.[^\s@<>(),;]+)\s*>?")


# An address anywhere in a display name ("Ana Lima (ana@x.org)", "Ana Lima <ana@x.org>").
_EMAIL_IN_NAME = re.compile(
    r"(?:mailto:)?[^\s@<>()\[\],;:]+@[^\s@<>()\[\],;:]+\.[^\s@<>()\[\],;:]+"
)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|<\s*>|\[\s*\]")


#: Words of names Zoom or a meeting gives rather than a person ("Guest 5", "Zoom User").
_PLACEHOLDER_WORDS = frozenset(
    [
        "guest",
        "user",
        "zoom",
        "participant",
        "participante",
        "attendee",
        "panelist",
        "host",
        "hote",
        "cohost",
        "co",
        "invite",
        "invited",
        "invitee",
        "me",
        "call",
        "caller",
        "dial",
        "phone",
        "in",
        "utilisateur",
    ]
)


#: Words of a site's or an organisation's name (English and French, folded): a shared
#: account named after the clinic ("Ana Lima (Invented FHT)") is no other person.
_PLACE_WORDS = frozenset(
    [
        "fht",
        "fhn",
        "fho",
        "chc",
        "nplc",
        "oht",
        "clinic",
        "clinique",
        "clinics",
        "health",
        "sante",
        "hospital",
        "hopital",
        "centre",
        "center",
        "team",
        "equipe",
        "office",
        "bureau",
        "practice",
        "medical",
        "medicale",
        "family",
        "familiale",
        "nursing",
        "station",
        "pharmacy",
        "pharmacie",
        "site",
        "unit",
        "unite",
        "program",
        "programme",
        "service",
        "services",
        "hub",
        "echo",
        "group",
        "groupe",
        "network",
        "reseau",
        "institute",
        "institut",
        "university",
        "universite",
        "college",
        "association",
        "community",
        "communautaire",
        "wellness",
        "care",
        "soins",
        "admin",
        "reception",
        "account",
    ]
)


def _looks_like_a_person(name: str) -> bool:
    """A folded name of two or more words of letters, none a placeholder's or a place's."""
    words = set(name.split())
    return (
        len(name.split()) >= 2
        and all(word.isalpha() for word in words)
        and not _PLACEHOLDER_WORDS & words
        and not _PLACE_WORDS & words
    )


def _strangers(display: DisplayName, person: tuple[str, str]) -> list[str]:
    """The parts of a display name (the name shown, the original name in brackets) that name
    somebody other than the person with folded (first, last) names."""
    return [
        part[0]
        for part in display.parts
        if _looks_like_a_person(part[0]) and not _name_may_be(part, person)
    ]


def _name_may_be(names: Iterable[str], person: tuple[str, str]) -> bool:
    """Whether any folded display name could be the person with folded (first, last) names:
    it is a single word, shares a word with them, has a word that may stand for the first
    name (nickname, prefix; an initial alone is too little: "A. Nguyen" is not Ana Lima), or
    is their initials ("A L")."""
    first, last = person
    own = set(first.split()) | set(last.split())
    initials = [word[0] for word in (*first.split(), *last.split()) if word]
    for name in names:
        words = name.split()
        if len(words) < 2:
            return True  # one word ("Doc", a nickname) says too little to name someone else
        if all(len(word) == 1 for word in words) and words == initials[: len(words)]:
            return True
        for word in words:
            if word in own or (len(word) > 1 and first and first_names_compatible(word, first)):
                return True
    return False


def _mask_fits(masked: str, email: str) -> bool:
    """Whether a masked address ("an***@example.org", "*" for any letters but "@") may be
    ``email`` (never when the roster holds no address to check). Matched part by part with a
    wildcard walk, never a regular expression (backtracking on "*a*a*a..." would hang)."""
    address = fold_email(email)
    if not address or len(masked) > 254:
        return False
    mask_parts, parts = masked.split("@"), address.split("@")
    return len(mask_parts) == len(parts) and all(
        _wildcard(mask, part) for mask, part in zip(mask_parts, parts, strict=True)
    )


def _wildcard(mask: str, text: str) -> bool:
    """``mask`` with "*" (any run of characters) matches all of ``text``: the greedy walk that
    backs up only to the last star, at most len(mask) * len(text) steps."""
    m = t = 0
    star, mark = -1, 0
    while t < len(text):
        if m < len(mask) and mask[m] != "*" and mask[m] == text[t]:
            m, t = m + 1, t + 1
        elif m < len(mask) and mask[m] == "*":
            star, mark, m = m, t, m + 1
        elif star >= 0:
            mark += 1
            m, t = star + 1, mark
        else:
            return False
    return all(char == "*" for char in mask[m:])


def match_row(row: ParticipantRow, index: _RosterIndex) -> RowResult:
    """Decide who ``row`` belongs to (see the module docstring for the rules)."""
    result = _match(row, index)
    if result.person_id is not None and row.join is not None and row.leave is None:
        # Still in the meeting when the report was exported: who it is may be certain, when
        # they left is not. Crediting to the session's end would invent minutes: a human
        # decides (and adds the minutes by hand if they know them).
        result = RowResult(
            row.row,
            None,
            REVIEW,
            f"no leave time (still in the meeting when the report was exported): "
            f"{_describe(index, [result.person_id])}, minutes not counted",
            candidates=(result.person_id,),
        )
    return replace(result, fingerprint=row.fingerprint, name=row.name, email=row.email)


def _match(row: ParticipantRow, index: _RosterIndex) -> RowResult:
    if row.waiting_room:
        # Say who it was (a coordinator may want to know), but it never counts.
        identified = _match(replace(row, waiting_room=False), index)
        who = f" ({identified.person_id})" if identified.person_id else ""
        return RowResult(
            row.row,
            None,
            IGNORED,
            f"waiting room{who}: not attendance",
            candidates=(identified.person_id,) if identified.person_id else (),
        )

    if row.note == "totals":
        return RowResult(row.row, None, IGNORED, "a totals row: not a participant")

    if row.note == "poll_answers":
        return RowResult(
            row.row, None, IGNORED, "anonymous poll answers of the dashboard: not a participant"
        )

    if not row.attended:
        # A webinar registrant the report says never came: who it was, never attendance.
        identified = _match(replace(row, attended=True), index)
        who = f" ({identified.person_id})" if identified.person_id else ""
        return RowResult(
            row.row,
            None,
            IGNORED,
            f"registered{who}, did not attend",
            candidates=(identified.person_id,) if identified.person_id else (),
        )

    by_identity = _by_identity(row, index)
    if by_identity is not None:
        if by_identity.person_id is not None:
            return _identity_fits(row, index, by_identity) or by_identity
        return by_identity

    display = parse_display_name(row.name)
    email = fold_email(row.email)
    typed = _EMAIL_AS_NAME.fullmatch(row.name.strip())
    if typed and not email:
        # An address typed as the name: it is the e-mail, and no name.
        email, display = fold_email(typed["email"]), DisplayName(row.name, "empty", ())
    else:
        # (An address typed as the name beside the column's is one of these: no name left.)
        written = _unique(fold_email(found) for found in _EMAIL_IN_NAME.findall(row.name))
        if written:
            # "Ana Lima (binh@x.org)", "Ana Lima - ana@x.org": an address written in the name
            # is an e-mail like the column's, and the name is what is left. Two addresses,
            # or one that is another roster person's than the column's, say two identities:
            # a human decides.
            rest = _EMAIL_IN_NAME.sub(" ", row.name)
            rest = _EMPTY_BRACKETS.sub(" ", rest).strip(" -–—|/,;:")
            display = (
                parse_display_name(rest) if rest.strip() else DisplayName(row.name, "empty", ())
            )
            owners = _unique(
                pid
                for address in (*written, email)
                if address
                for pid in index.by_email.get(address, [])
            )
            if len(_unique((*written, email) if email else written)) > 1 and len(owners) > 1:
                return RowResult(
                    row.row,
                    None,
                    REVIEW,
                    f"the name and e-mail carry the addresses of {_describe(index, owners)}",
                    candidates=owners,
                )
            if not email:
                email = written[0] if len(written) == 1 else ""
    name_pids = _unique(pid for name in display.all_names for pid in index.exact(name))
    masked = ""
    if "*" in email:
        # Masked for privacy ("an***@example.org"): whose address it is cannot be read, so
        # the name decides; the mask must still fit the named person's address.
        masked, email = email, ""

    if display.kind == "room":
        # Several people on one connection: never one person's attendance, even when the
        # room is signed in with someone's account.
        owners = tuple(index.by_email.get(email, [])) if email else ()
        if owners:
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"shared room or several people on the account of {_describe(index, owners)}",
                candidates=owners,
            )
        return RowResult(row.row, None, UNMATCHED, "shared room or several people on one line")
    email_note = ""
    if email:
        email_pids = index.by_email.get(email, [])
        if len(email_pids) == 1:
            pid = email_pids[0]
            others = [other for other in name_pids if other != pid]
            if others and pid not in name_pids:
                return RowResult(
                    row.row,
                    None,
                    REVIEW,
                    f"e-mail belongs to {_describe(index, [pid])} but the name is "
                    f"{_describe(index, others)}",
                    candidates=(pid, *others),
                )
            hints_fit = all(
                first_names_compatible(hint, index.folded[pid][0])
                for hint in display.first_name_hints
            )
            if not hints_fit or (
                display.kind == "person"
                and (
                    not _name_may_be(display.all_names, index.folded[pid])
                    or _strangers(display, index.folded[pid])
                )
            ):
                # A site's device or a colleague on this person's account: the e-mail says
                # whose account, not who sat there. A human decides.
                return RowResult(
                    row.row,
                    None,
                    REVIEW,
                    f"e-mail belongs to {_describe(index, [pid])} but the name "
                    f"{' '.join(row.name.split())} does not fit",
                    candidates=(pid,),
                )
            return RowResult(row.row, pid, MATCHED, "matched by email", "email", (pid,))
        if len(email_pids) > 1:
            narrowed = [pid for pid in email_pids if pid in name_pids]
            if len(narrowed) == 1:
                return RowResult(
                    row.row,
                    narrowed[0],
                    MATCHED,
                    "matched by shared e-mail and name",
                    "email",
                    (narrowed[0],),
                )
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"e-mail shared by {_describe(index, email_pids)}",
                candidates=tuple(email_pids),
            )
        email_note = " (e-mail not on the roster)"

    if display.kind == "phone":
        return RowResult(row.row, None, UNMATCHED, "phone number: dial-in, identity unknown")
    if display.kind in ("device", "empty"):
        owners = _unique(pid for hint in display.first_name_hints for pid in index.similar(hint))
        if owners:
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"only a device name; could be {_describe(index, owners)}{email_note}",
                candidates=owners,
            )
        return RowResult(row.row, None, UNMATCHED, f"no usable name ({display.kind}){email_note}")

    if len(name_pids) > 1:
        return RowResult(
            row.row,
            None,
            REVIEW,
            f"ambiguous name: {', '.join(name_pids)}",
            candidates=name_pids,
        )
    similar = _unique(
        pid for name in display.all_names for pid in index.similar(name, exclude=name_pids)
    )
    if len(name_pids) == 1:
        pid = name_pids[0]
        if similar:
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"ambiguous name: {', '.join((pid, *similar))} (nickname or partial name)",
                candidates=(pid, *similar),
            )
        if all(len(name.split()) < 2 for name in display.all_names if pid in index.exact(name)):
            # "Maria" fits a roster person known by one name only (an account without a last
            # name): one word is anybody of that name, as "Ana" is for Ana Lima. A human decides.
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"possible nickname or partial name of {_describe(index, [pid])}",
                candidates=(pid,),
            )
        strangers = _strangers(display, index.folded[pid])
        if strangers:
            # "Ana Lima (Mark Olsen)": one name over another person's (a login lent, renamed
            # by the host). Who sat there is a guess: a human decides.
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"renamed: {' and '.join(strangers)} does not fit {_describe(index, [pid])}",
                candidates=(pid,),
            )
        first = index.folded[pid][0]
        hints = [hint for hint in display.first_name_hints if hint.split()]
        if hints and not any(
            hint == first or hint.split()[0] == first.split()[0] for hint in hints
        ):
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"device owner {', '.join(hints)!s} does not fit {_describe(index, [pid])}",
                candidates=(pid,),
            )
        if masked and not _mask_fits(masked, index.people[pid].email):
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"name fits {_describe(index, [pid])} but the e-mail {row.email.strip()} is "
                "not on the roster",
                candidates=(pid,),
            )
        if email_note:
            # The name fits, but the row comes from an account whose e-mail is not theirs:
            # a namesake guest is as likely as a personal address. A human decides.
            return RowResult(
                row.row,
                None,
                REVIEW,
                f"name fits {_describe(index, [pid])} but the e-mail {row.email.strip()} is "
                "not on the roster",
                candidates=(pid,),
            )
        return RowResult(row.row, pid, MATCHED, "matched by name", "name", (pid,))
    if similar:
        return RowResult(
            row.row,
            None,
            REVIEW,
            f"possible nickname or partial name of {_describe(index, similar)}",
            candidates=similar,
        )
    return RowResult(row.row, None, UNMATCHED, f"guest not on roster{email_note}")


# --- reconciliation ------------------------------------------------------------------------


def _when(moment: datetime, session: Session) -> datetime:
    """A time in the session's time zone (the message says it as "Thursday 4 Dec 2026, 12:30",
    a French page as « jeudi 4 déc. 2026, 12 h 30 »)."""
    return moment.astimezone(ZoneInfo(session.time_zone))


def _check_times(rows: Sequence[ParticipantRow], session: Session) -> list[str]:
    warnings: list[str] = []
    low, high = _utc(session.start) - MAX_SKEW, _utc(session.end) + MAX_SKEW
    start, end = _utc(session.start), _utc(session.end)
    outside: list[int] = []
    timed = 0
    online = inside = 0.0
    first: datetime | None = None
    last: datetime | None = None
    for row in rows:
        if row.join is None:
            continue
        if row.leave is None:  # still in the meeting at the export: its join is checked
            if not low <= _utc(row.join) <= high:
                raise AttendanceError(
                    "time_outside_session",
                    gettext_noop(
                        "Row %(row)s joined %(join)s, more than %(skew)s away from the session "
                        "(%(start)s to %(end)s, %(zone)s). Is this the report of another day "
                        "or meeting?"
                    ),
                    params={
                        "row": row.row,
                        "join": _when(row.join, session),
                        "skew": MAX_SKEW,
                        "start": _when(session.start, session),
                        "end": _when(session.end, session),
                        "zone": session.time_zone,
                    },
                    row=row.row,
                    line=row.line or None,
                )
            continue
        timed += 1
        join, leave = _utc(row.join), _utc(row.leave)
        if join < low or leave > high:
            raise AttendanceError(
                "time_outside_session",
                gettext_noop(
                    "Row %(row)s joined %(join)s and left %(leave)s, more than %(skew)s away "
                    "from the session (%(start)s to %(end)s, %(zone)s). Is this the report of "
                    "another day or meeting?"
                ),
                params={
                    "row": row.row,
                    "join": _when(row.join, session),
                    "leave": _when(row.leave, session),
                    "skew": MAX_SKEW,
                    "start": _when(session.start, session),
                    "end": _when(session.end, session),
                    "zone": session.time_zone,
                },
                row=row.row,
                line=row.line or None,
            )
        if not row.waiting_room and (leave <= start or join >= end):
            outside.append(row.row)
        if not row.waiting_room:
            online += (leave - join).total_seconds()
            inside += max(0.0, (min(leave, end) - max(join, start)).total_seconds())
            first = join if first is None else min(first, join)
            last = leave if last is None else max(last, leave)
    if timed and len(outside) == timed:
        raise AttendanceError(
            "no_overlap",
            gettext_noop(
                "No one in this report was in the session (%(start)s to %(end)s, %(zone)s). "
                "Is this the report of another meeting?"
            ),
            params={
                "start": _when(session.start, session),
                "end": _when(session.end, session),
                "zone": session.time_zone,
            },
        )
    if outside:
        warnings.append(
            "rows entirely outside the session (0 minutes): " + ", ".join(map(str, outside))
        )
    if first is not None and last is not None and online >= 60 and inside * 2 < online:
        # A report of another meeting the same day (the morning's, overlapping the session's
        # first minutes) is credited those minutes: say so, with the times it covers.
        zone = ZoneInfo(session.time_zone)
        warnings.append(
            f"most of the time online in this report is outside the session: it runs from "
            f"{first.astimezone(zone):%H:%M} to {last.astimezone(zone):%H:%M}, the session from "
            f"{session.start.astimezone(zone):%H:%M} to {session.end.astimezone(zone):%H:%M} "
            f"({session.time_zone}); only {round(inside * 100 / online)}% of it counts. Is this "
            "the report of another meeting?"
        )
    return warnings


def reconcile(
    rows: Sequence[ParticipantRow],
    roster: Sequence[RosterPerson],
    session: Session,
    *,
    warnings: Iterable[str] = (),
    meeting: tuple[datetime, datetime] | None = None,
) -> Reconciliation:
    """Match every row to a roster person or leave it unassigned with a reason, then compute
    each person's minutes. Pure: same input, same output. Raises ``time_outside_session`` when a
    row lies far outside the session (a report for another instance of the meeting).
    ``meeting`` (when the report's meeting started and ended): totals without times of a
    meeting that ran outside the session go to review (see :func:`_total_to_review`)."""
    all_warnings = list(warnings)
    all_warnings.extend(_check_times(rows, session))
    index = _RosterIndex(roster)
    results = tuple(match_row(row, index) for row in rows)
    results = _repeated_hours_to_review(rows, results, index, session)
    outside = _minutes_outside(meeting, session) if meeting is not None else 0
    if outside > TOTALS_OUTSIDE_SLACK_MINUTES:
        results = tuple(
            _total_to_review(row, result, index, outside)
            for row, result in zip(rows, results, strict=True)
        )
    elif meeting is None:
        results = tuple(
            _long_total_to_review(row, result, index, session)
            for row, result in zip(rows, results, strict=True)
        )
    elif outside and any(r.join is None and r.duration_minutes is not None for r in rows):
        # Within the slack a total is read, less the minutes the meeting ran outside the
        # session: all of them may be the person's (the part surely within the session counts).
        all_warnings.append(
            f"the meeting ran {outside} min outside the session: each total without join and "
            f"leave times counts {outside} min less, the part surely within the session"
        )

    segments: dict[str, list[Segment]] = {}
    gapped_rows: dict[str, list[tuple[Segment, int]]] = {}
    extra_minutes: dict[str, int] = {}
    contributing: dict[str, list[int]] = {}
    for row, result in zip(rows, results, strict=True):
        if result.person_id is None:
            continue
        contributing.setdefault(result.person_id, []).append(row.row)
        if row.join is not None and row.leave is not None:
            online = online_minutes_within(
                row.join,
                row.leave,
                row.duration_minutes,
                session.start,
                session.end,
                row.duration_seconds,
            )
            if online is None:
                segments.setdefault(result.person_id, []).append(Segment(row.join, row.leave))
            else:  # a first join to a last leave with gaps: what it surely spent inside
                gapped_rows.setdefault(result.person_id, []).append(
                    (Segment(row.join, row.leave), online)
                )
        elif row.join is None and row.duration_minutes is not None:  # unique-users layout
            # Two totals for one person are two devices or names (phone and laptop), most
            # often at the same time: without times the longest is what is known, not the sum.
            extra_minutes[result.person_id] = max(
                extra_minutes.get(result.person_id, 0), max(0, row.duration_minutes - outside)
            )
    gapped = [
        row.row
        for row, result in zip(rows, results, strict=True)
        if result.person_id is not None
        and row.join is not None
        and row.leave is not None
        and online_minutes_within(
            row.join,
            row.leave,
            row.duration_minutes,
            session.start,
            session.end,
            row.duration_seconds,
        )
        is not None
    ]
    if gapped:
        all_warnings.append(
            "rows whose time online is shorter than from their first join to their last leave "
            "(gaps between reconnects) count only the minutes surely spent in the session: "
            + ", ".join(map(str, gapped[:20]))
        )
    people: dict[str, PersonAttendance] = {}
    try:
        zone: tzinfo = ZoneInfo(session.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    for pid in contributing:
        merged = _merged(segments.get(pid, ()), session.start, session.end)
        minutes = sure_minutes(
            segments.get(pid, ()), gapped_rows.get(pid, ()), session.start, session.end
        )
        total = total_within(
            extra_minutes.get(pid, 0), segments.get(pid, ()), session.start, session.end
        )
        minutes = min(max(minutes, total), session.length_minutes)
        # Said in the session's zone, as the report wrote them (merging was done in UTC).
        local = tuple(Segment(s.start.astimezone(zone), s.end.astimezone(zone)) for s in merged)
        people[pid] = PersonAttendance(pid, minutes, local, tuple(contributing[pid]))
    return Reconciliation(people=people, rows=results, warnings=tuple(all_warnings))


def _repeated_hours_to_review(
    rows: Sequence[ParticipantRow],
    results: tuple[RowResult, ...],
    index: _RosterIndex,
    session: Session,
) -> tuple[RowResult, ...]:
    """Rows whose times fit both hours repeated when clocks go back (01:10 to 01:40 that
    night, see zoom_csv's note "repeated_hour") go to review, unless either reading gives the
    same minutes: both inside the session and neither touching the person's other rows. A
    guess moved minutes onto the person's other rows (hunt 8: 80 credited for 68)."""
    if not any(row.note == "repeated_hour" for row in rows):
        return results
    start, end = _utc(session.start), _utc(session.end)
    spans: dict[str, list[tuple[int, datetime, datetime]]] = {}
    for row, result in zip(rows, results, strict=True):
        if result.person_id is not None and row.join is not None and row.leave is not None:
            spans.setdefault(result.person_id, []).append(
                (row.row, _utc(row.join), _utc(row.leave))
            )
    decided = list(results)
    for position, (row, result) in enumerate(zip(rows, results, strict=True)):
        if row.note != "repeated_hour" or result.person_id is None:
            continue
        assert row.join is not None and row.leave is not None
        readings = [
            (_utc(row.join.replace(fold=fold)), _utc(row.leave.replace(fold=fold)))
            for fold in (0, 1)
        ]
        # The same span again (the report's block pasted twice, a row Zoom wrote twice) is no
        # other stay: both copies are read alike and count once (hunt 11: the duplicate sent
        # both to review and the person lost those minutes, only because the block was twice).
        own = (_utc(row.join), _utc(row.leave))
        others = [
            (a, b)
            for number, a, b in spans[result.person_id]
            if number != row.row and (a, b) != own
        ]
        harmless = all(
            start <= first and last <= end and all(b <= first or a >= last for a, b in others)
            for first, last in readings
        )
        if not harmless:
            decided[position] = RowResult(
                row.row,
                None,
                REVIEW,
                "times in the hour repeated when clocks went back, either hour fits: "
                f"{_describe(index, [result.person_id])}, minutes not counted",
                candidates=(result.person_id,),
                fingerprint=result.fingerprint,
                name=result.name,
                email=result.email,
            )
    return tuple(decided)


#: Minutes a meeting may run outside the session (a host opening it a little early) before its
#: totals without times are no longer taken as the session's.
TOTALS_OUTSIDE_SLACK_MINUTES = 5


def _minutes_outside(meeting: tuple[datetime, datetime], session: Session) -> int:
    """Whole minutes of the report's meeting outside the session's window."""
    first, last = _utc(meeting[0]), _utc(meeting[1])
    start, end = _utc(session.start), _utc(session.end)
    inside = max(timedelta(0), min(last, end) - max(first, start))
    return int(max(timedelta(0), (last - first) - inside).total_seconds() // 60)


def _total_to_review(
    row: ParticipantRow, result: RowResult, index: _RosterIndex, outside: int
) -> RowResult:
    """A total without join and leave times ("Show unique users") of a meeting that ran
    ``outside`` minutes outside the session: some of it, or all, may lie outside. Who it is
    may be certain, how much of it counts is not: a human decides (hunt 8: a meeting opened an
    hour early credited 60 minutes that may all have been before the session)."""
    if result.person_id is None or row.join is not None or row.duration_minutes is None:
        return result
    return replace(
        result,
        person_id=None,
        status=REVIEW,
        reason=(
            f"total of {row.duration_minutes} min without join and leave times, in a meeting "
            f"that ran {outside} min outside the session: {_describe(index, [result.person_id])}"
            ", minutes not counted"
        ),
        candidates=(result.person_id,),
        method=None,
    )


def _long_total_to_review(
    row: ParticipantRow, result: RowResult, index: _RosterIndex, session: Session
) -> RowResult:
    """A total without join and leave times, in a report without the meeting's times, longer
    than the session by more than the slack: part of it surely lies outside the session and how
    much of the session it covers is not known (capped at the session's length before: 130
    minutes credited 90 that may have been fewer). A human decides, as for a meeting known to
    have run outside the session (:func:`_total_to_review`)."""
    if result.person_id is None or row.join is not None or row.duration_minutes is None:
        return result
    beyond = row.duration_minutes - session.length_minutes
    if beyond <= TOTALS_OUTSIDE_SLACK_MINUTES:
        return result
    return replace(
        result,
        person_id=None,
        status=REVIEW,
        reason=(
            f"total of {row.duration_minutes} min without join and leave times, longer than "
            f"the {session.length_minutes}-min session: at least {beyond} min were outside it: "
            f"{_describe(index, [result.person_id])}, minutes not counted"
        ),
        candidates=(result.person_id,),
        method=None,
    )


def reconcile_report(
    data: bytes | str,
    roster: Sequence[RosterPerson],
    session: Session,
    *,
    date_order: str = "auto",
) -> Reconciliation:
    """Parse a Zoom participants CSV for ``session`` and reconcile it against ``roster``;
    ``date_order`` says how its slash dates are written (see :func:`parse_zoom_report`)."""
    report: Report = parse_zoom_report(
        data,
        time_zone=session.time_zone,
        meeting_id=session.meeting_id,
        near=session.start,
        room=session.room,
        others=session.other_starts,
        date_order=date_order,
    )
    warnings = list(report.warnings)
    if (
        report.meeting_start is not None
        and abs(_utc(report.meeting_start) - _utc(session.start)) > MAX_SKEW
        and (
            report.meeting_id is None
            or session.meeting_id is None
            or meeting_id_fits(report.meeting_id, session.meeting_id)
        )
    ):
        raise AttendanceError(
            "wrong_meeting",
            gettext_noop(
                "The report's meeting started %(report)s, but the session starts %(start)s "
                "(%(zone)s). Is this the report of another week's meeting?"
            ),
            params={
                "report": _when(report.meeting_start, session),
                "start": _when(session.start, session),
                "zone": session.time_zone,
            },
        )
    if report.meeting_start is not None and report.meeting_end is not None:
        # Another session of the day first: a morning session 3.5 hours before this one, as
        # long, looks like a report written in a zone 3.5 hours off, and was refused so
        # (choose another time zone) where the file is the morning's (hunt 12).
        check_other_session(report.meeting_start, report.meeting_end, session)
    _check_zone(report, session)
    meeting = (
        (report.meeting_start, report.meeting_end)
        if report.layout == "unique_users"
        and report.meeting_start is not None
        and report.meeting_end is not None
        else None
    )
    return reconcile(report.rows, roster, session, warnings=warnings, meeting=meeting)


def check_other_session(meeting_start: datetime, meeting_end: datetime, session: Session) -> None:
    """Refuse the report of another session of the program (two sessions on one day share the
    series' meeting): its meeting (``meeting_start`` to ``meeting_end``: a CSV's meeting-data
    block, or the first join and last leave Zoom's API gives) started nearer another session's
    start than this one's and ended before this session was half over. Read, the morning's
    overrun was credited to the afternoon session (hunt 8). A meeting left open into this
    session is its report too."""
    if not session.other_starts:
        return
    started = _utc(meeting_start)
    own = abs(started - _utc(session.start))
    other = min(session.other_starts, key=lambda start: abs(started - _utc(start)))
    if abs(started - _utc(other)) >= own:
        return
    middle = _utc(session.start) + (_utc(session.end) - _utc(session.start)) / 2
    if _utc(meeting_end) >= middle:
        return
    raise AttendanceError(
        "wrong_meeting",
        gettext_noop(
            "The report's meeting ran from %(report)s to %(report_end)s: that is another "
            "session of this program (starting %(other)s), not this one (%(start)s to %(end)s, "
            "%(zone)s). Upload it on that session."
        ),
        params={
            "report": _when(meeting_start, session),
            "report_end": _when(meeting_end, session),
            "other": _when(other, session),
            "start": _when(session.start, session),
            "end": _when(session.end, session),
            "zone": session.time_zone,
        },
    )


# A meeting whose start and end are both this close to the session's, shifted by the same
# whole number of half hours (one hour or more), was written in another time zone (Zoom writes
# its account's): hosts open early or close late, but not both shifted alike.
ZONE_SHIFT_STEP = timedelta(minutes=30)
ZONE_SHIFT_TOLERANCE = timedelta(minutes=10)


def _check_zone(report: Report, session: Session) -> None:
    if report.meeting_start is None or report.meeting_end is None:
        return
    early = _utc(report.meeting_start) - _utc(session.start)
    late = _utc(report.meeting_end) - _utc(session.end)
    steps = round(early / ZONE_SHIFT_STEP)
    shift = steps * ZONE_SHIFT_STEP
    if (
        abs(steps) < 2
        or abs(early - shift) > ZONE_SHIFT_TOLERANCE
        or abs(late - shift) > ZONE_SHIFT_TOLERANCE
    ):
        return
    raise AttendanceError(
        "other_time_zone",
        gettext_noop(
            "The report's meeting ran from %(report)s to %(report_end)s, %(shift)s from the "
            "session (%(start)s to %(end)s, %(zone)s): its times were probably written in "
            "another time zone. Import it again choosing the time zone of the Zoom account, or "
            "correct the session's times if it really ran then."
        ),
        params={
            "report": _when(report.meeting_start, session),
            "report_end": _when(report.meeting_end, session),
            "shift": abs(shift),
            "start": _when(session.start, session),
            "end": _when(session.end, session),
            "zone": session.time_zone,
        },
    )


def reconcile_files(
    roster: str | Path, session: str | Path, report: str | Path, date_order: str = "auto"
) -> Reconciliation:
    """:func:`reconcile_report` on files (roster CSV, session JSON, Zoom CSV); `date_order`
    as on the import form ("auto", "day" or "month")."""
    try:
        check_size(Path(report).stat().st_size)
        data = Path(report).read_bytes()
    except OSError as error:
        raise AttendanceError(
            "unreadable",
            f"cannot read report: {error}",  # notranslate: command line
        ) from None
    try:
        people = load_roster(roster)
    except OSError as error:
        raise AttendanceError(
            "unreadable",
            f"cannot read roster: {error}",  # notranslate: command line
        ) from None
    return reconcile_report(data, people, load_session(session), date_order=date_order)
