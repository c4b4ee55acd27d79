"""Session occurrences from a recurrence rule, in a wall-clock time zone (DST-correct).

Occurrences are computed as local dates with dateutil's rrule, then each local start is placed in
the time zone with zoneinfo, so a Thursday 12:30 session stays at 12:30 local time on both sides
of a daylight-saving change (its UTC time moves by an hour).
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from dateutil import rrule
from django.utils.translation import gettext as _

MAX_OCCURRENCES = 400


class RecurrenceError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Recurrence:
    frequency: str  # "weekly" | "monthly_weekday"
    weekday: int  # 0 = Monday
    first_date: dt.date
    start_time: dt.time
    duration_minutes: int
    time_zone: str
    interval: int = 1
    week_of_month: int | None = None  # 1..4 or -1 (last), for monthly_weekday
    last_date: dt.date | None = None
    count: int | None = None


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise RecurrenceError(
            "invalid_time_zone", _("%(zone)s is not a known time zone.") % {"zone": repr(name)}
        ) from None


def local_to_utc(day: dt.date, at: dt.time, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """A wall-clock time in `tz` as an aware UTC datetime. A time that does not exist (the
    spring-forward gap) moves forward by the gap, as clocks do; an ambiguous one (fall-back)
    takes the first. Both follow from PEP 495's fold=0."""
    return dt.datetime.combine(day, at).replace(tzinfo=tz, fold=0).astimezone(dt.UTC)


@dataclass(frozen=True)
class PlannedDate:
    """One date the rule gives: held (start and end in UTC) or skipped, with the reason."""

    day: dt.date
    start: dt.datetime | None
    end: dt.datetime | None
    skipped: str = ""  # why the date is skipped ("Canada Day", "Winter break"); "" when held


Skip = Callable[[dt.date], str | None]


def _validate(rule: Recurrence) -> tuple[zoneinfo.ZoneInfo, rrule.rrule]:
    tz = zone(rule.time_zone)
    if rule.interval < 1:
        raise RecurrenceError("invalid_interval", _("The interval must be at least 1."))
    if not 0 <= rule.weekday <= 6:
        raise RecurrenceError("invalid_weekday", _("Choose a weekday."))
    if rule.duration_minutes <= 0:
        raise RecurrenceError("invalid_duration", _("A session must end after it starts."))
    if rule.count is not None and rule.last_date is not None:
        raise RecurrenceError("count_and_last_date", _("Give a last date or a number, not both."))
    if rule.count is None and rule.last_date is None:
        raise RecurrenceError("unbounded", _("Give a last date or a number of sessions."))
    if rule.last_date is not None and rule.last_date < rule.first_date:
        raise RecurrenceError("end_before_start", _("The last date is before the first date."))
    if rule.count is not None and not 1 <= rule.count <= MAX_OCCURRENCES:
        raise RecurrenceError(
            "invalid_count",
            _("The number of sessions must be between 1 and %(max)d.") % {"max": MAX_OCCURRENCES},
        )
    day = rrule.weekday(rule.weekday)
    freq: Literal[1, 2]  # rrule.MONTHLY, rrule.WEEKLY
    if rule.frequency == "weekly":
        freq, byweekday = rrule.WEEKLY, day
    elif rule.frequency == "monthly_weekday":
        if rule.week_of_month not in (1, 2, 3, 4, -1):
            raise RecurrenceError("invalid_week_of_month", _("Choose which week of the month."))
        freq, byweekday = rrule.MONTHLY, day(rule.week_of_month)
    else:
        raise RecurrenceError("invalid_frequency", _("Unknown frequency."))
    # No COUNT in the rrule itself: with skipped dates, "30 sessions" means 30 held ones.
    rr = rrule.rrule(
        freq,
        interval=rule.interval,
        byweekday=byweekday,
        dtstart=dt.datetime.combine(rule.first_date, dt.time()),
        until=dt.datetime.combine(rule.last_date, dt.time()) if rule.last_date else None,
    )
    return tz, rr


def plan(rule: Recurrence, skip: Skip | None = None) -> list[PlannedDate]:
    """Every date the rule gives, in order, each held or skipped (``skip`` names the reason for
    a date not to hold a session, or returns None). With ``count``, skipped dates do not count:
    the series runs on until it has that many sessions."""
    tz, rr = _validate(rule)
    length = dt.timedelta(minutes=rule.duration_minutes)
    result: list[PlannedDate] = []
    held = 0
    looked = 0
    # A bound on dates looked at, so a break covering every candidate cannot loop for ever.
    for candidate in itertools.islice(rr, 2 * MAX_OCCURRENCES + 1):
        d = candidate.date()
        if rule.count is not None and held == rule.count:
            break
        looked += 1
        if looked > 2 * MAX_OCCURRENCES:
            if rule.count is not None:
                break  # cannot reach the count: said below
            raise RecurrenceError(
                "too_many",
                _("That would make more than %(max)d sessions; shorten the range.")
                % {"max": MAX_OCCURRENCES},
            )
        reason = skip(d) if skip is not None else None
        if reason:
            result.append(PlannedDate(d, None, None, reason))
            continue
        held += 1
        if held > MAX_OCCURRENCES:
            raise RecurrenceError(
                "too_many",
                _("That would make more than %(max)d sessions; shorten the range.")
                % {"max": MAX_OCCURRENCES},
            )
        start = local_to_utc(d, rule.start_time, tz)
        result.append(PlannedDate(d, start, start + length))
    if rule.count is not None and held < rule.count:
        raise RecurrenceError(
            "too_many_skipped",
            _(
                "So many dates are skipped that the series cannot reach that number of "
                "sessions; check the breaks."
            ),
        )
    if not result:
        raise RecurrenceError(
            "empty_recurrence",
            _("No session falls in that range: check the weekday and the dates."),
        )
    if held == 0:
        raise RecurrenceError(
            "all_skipped",
            _("Every date in that range is a holiday or a break: no session is left."),
        )
    return result


def occurrences(rule: Recurrence) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) pairs in UTC, nothing skipped."""
    return [(p.start, p.end) for p in plan(rule) if p.start is not None and p.end is not None]
