"""Service targets in business days: weekends and the program's provincial (or federal)
statutory holidays are skipped (echohub.scheduling.planning.holiday_name, package `holidays`).

A question asked on a business day at 10:00 with a target of 2 business days is due two business
days later at 10:00 (in the program's time zone); one asked on a weekend or holiday starts its
clock at midnight of the next business day. The reminder falls `remind_hours` before the target,
moved back to the last business moment before it (never before the question was asked).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from echohub.scheduling.planning import holiday_name


def is_business_day(day: dt.date, region: str) -> bool:
    return day.weekday() < 5 and holiday_name(region, day) is None


def next_business_day(day: dt.date, region: str) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_business_day(day, region):
        day += dt.timedelta(days=1)
    return day


def add_business_days(start: dt.datetime, days: int, *, region: str, time_zone: str) -> dt.datetime:
    """`start` (aware) plus `days` business days, as an aware UTC datetime."""
    zone = zoneinfo.ZoneInfo(time_zone or "UTC")
    local = start.astimezone(zone)
    day, clock = local.date(), local.time().replace(tzinfo=None)
    if not is_business_day(day, region):
        day, clock = next_business_day(day, region), dt.time(0, 0)
    for _ in range(days):
        day = next_business_day(day, region)
    due = dt.datetime.combine(day, clock, tzinfo=zone)
    return due.astimezone(dt.UTC)


def remind_time(
    start: dt.datetime, due: dt.datetime, hours: int, *, region: str, time_zone: str
) -> dt.datetime:
    """When the mentor is reminded: `hours` before `due`; when that falls on a weekend or
    holiday, at the end of the business day before it; never before `start`."""
    zone = zoneinfo.ZoneInfo(time_zone or "UTC")
    at = (due - dt.timedelta(hours=hours)).astimezone(zone)
    day = at.date()
    if not is_business_day(day, region):
        while not is_business_day(day, region) and day > start.astimezone(zone).date():
            day -= dt.timedelta(days=1)
        at = dt.datetime.combine(day, dt.time(17, 0), tzinfo=zone)
        if at > due:
            at = due - dt.timedelta(hours=hours)
    return max(at.astimezone(dt.UTC), start)
