"""Rows from Zoom's REST report ``GET /v2/report/meetings/{id}/participants``. No Django import.

Each page's ``participants`` entries carry ``name``, ``user_email``, ``join_time`` and
``leave_time`` (ISO 8601 UTC, e.g. ``2026-01-08T17:11:04Z``), ``registrant_id`` (the reliable
identity for external users since 2023), ``status`` (``in_meeting`` / ``in_waiting_room``).
``duration`` is ignored: its unit differs between accounts, and join/leave are exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from echohub.attendance.errors import AttendanceError, gettext_noop
from echohub.attendance.zoom_csv import (
    MAX_SEGMENT,
    ParticipantRow,
    _waiting_status,
    row_fingerprint,
)

__all__ = ["SOURCE", "parse_zoom_api_participants"]

SOURCE = "zoom_api"


def _time(value: Any, *, field: str, row: int) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise AttendanceError(
            "bad_time", gettext_noop("%(field)s is missing"), params={"field": field}, row=row
        )
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise AttendanceError(
            "bad_time",
            gettext_noop("%(field)s not understood: “%(value)s”"),
            params={"field": field, "value": value},
            row=row,
        ) from None
    if parsed.tzinfo is None:
        raise AttendanceError(
            "bad_time",
            gettext_noop("%(field)s has no UTC offset: “%(value)s”"),
            params={"field": field, "value": value},
            row=row,
        )
    try:
        # "9999-12-31T23:00:00-05:00" has no UTC instant: every sum or comparison with it
        # raised OverflowError, an error page instead of a refusal (hunt 9).
        parsed.astimezone(UTC)
    except OverflowError:
        raise AttendanceError(
            "bad_time",
            gettext_noop("%(field)s is out of range: “%(value)s”"),
            params={"field": field, "value": value},
            row=row,
        ) from None
    return parsed


def parse_zoom_api_participants(
    pages: Iterable[Mapping[str, Any]], *, source: str = SOURCE
) -> list[ParticipantRow]:
    """Turn report pages (each a decoded JSON object with ``participants``) into rows, in
    order, numbered from 1. Raises :class:`AttendanceError` naming the row on bad entries."""
    rows: list[ParticipantRow] = []
    seen: Counter[tuple[object, ...]] = Counter()
    for page in pages:
        participants = page.get("participants")
        if not isinstance(participants, list):
            raise AttendanceError(
                "bad_payload", gettext_noop("a report page has no 'participants' list")
            )
        for entry in participants:
            number = len(rows) + 1
            if not isinstance(entry, Mapping):
                raise AttendanceError(
                    "bad_payload", gettext_noop("participant is not an object"), row=number
                )
            join = _time(entry.get("join_time"), field="join_time", row=number)
            raw_leave = entry.get("leave_time")
            # No leave time: still in the meeting when the report was fetched. The row goes
            # to review and counts nothing (as the CSV path does), never the whole report
            # refused nor the stay stretched to the fetch.
            still_in = raw_leave is None or (
                isinstance(raw_leave, str) and raw_leave.strip() in ("", "-", "--")
            )
            leave = None if still_in else _time(raw_leave, field="leave_time", row=number)
            if leave is not None and leave < join:
                raise AttendanceError(
                    "negative_duration", gettext_noop("leaves before joining"), row=number
                )
            if leave is not None and leave - join > MAX_SEGMENT:
                raise AttendanceError(
                    "absurd_duration",
                    gettext_noop("lasts %(span)s"),
                    params={"span": leave - join},
                    row=number,
                )
            name = str(entry.get("name") or "")
            email = str(entry.get("user_email") or "")
            registrant = str(entry.get("registrant_id") or "")
            # "in_waiting_room", and however else it is written (as the CSV path reads it).
            waiting = _waiting_status(str(entry.get("status") or ""))
            content = (name, email.casefold(), registrant, join, leave, waiting)
            occurrence = seen[content]
            seen[content] += 1
            rows.append(
                ParticipantRow(
                    row=number,
                    line=0,
                    name=name,
                    email=email,
                    join=join,
                    leave=leave,
                    duration_minutes=(
                        None if leave is None else int((leave - join).total_seconds() // 60)
                    ),
                    waiting_room=waiting,
                    source=source,
                    registrant_id=registrant,
                    fingerprint=row_fingerprint(
                        source=source,
                        name=f"{name}\x1f{registrant}",
                        email=email,
                        join=join,
                        leave=leave,
                        duration_minutes=None,
                        waiting_room=waiting,
                        occurrence=occurrence,
                    ),
                )
            )
    return rows
