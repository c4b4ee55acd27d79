import datetime as dt
import zoneinfo

import pytest

from echohub.scheduling.recurrence import Recurrence, RecurrenceError, occurrences

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def weekly(**overrides):
    fields = dict(
        frequency="weekly",
        weekday=3,
        first_date=dt.date(2026, 10, 1),
        start_time=dt.time(12, 30),
        duration_minutes=90,
        time_zone="America/Toronto",
        count=6,
    )
    fields.update(overrides)
    return Recurrence(**fields)


def test_weekly_thursdays_keep_local_time_across_the_autumn_dst_change():
    slots = occurrences(weekly())
    local = [s.astimezone(TORONTO) for s, _ in slots]
    assert [d.date() for d in local] == [dt.date(2026, 10, d) for d in (1, 8, 15, 22, 29)] + [
        dt.date(2026, 11, 5)
    ]
    assert {(d.hour, d.minute) for d in local} == {(12, 30)}
    # 2026-11-01 the clocks go back: UTC start moves from 16:30 to 17:30.
    assert slots[4][0].astimezone(dt.UTC).hour == 16
    assert slots[5][0].astimezone(dt.UTC).hour == 17
    assert all(end - start == dt.timedelta(minutes=90) for start, end in slots)


def test_every_two_weeks_until_a_last_date_includes_it():
    slots = occurrences(weekly(interval=2, count=None, last_date=dt.date(2026, 10, 29)))
    assert [s.astimezone(TORONTO).day for s, _ in slots] == [1, 15, 29]


def test_monthly_second_tuesday_and_last_friday():
    second_tue = occurrences(
        weekly(
            frequency="monthly_weekday",
            weekday=1,
            week_of_month=2,
            first_date=dt.date(2026, 1, 1),
            count=3,
        )
    )
    assert [s.astimezone(TORONTO).date() for s, _ in second_tue] == [
        dt.date(2026, 1, 13),
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 10),
    ]
    last_fri = occurrences(
        weekly(
            frequency="monthly_weekday",
            weekday=4,
            week_of_month=-1,
            first_date=dt.date(2026, 1, 1),
            count=2,
        )
    )
    assert [s.astimezone(TORONTO).date() for s, _ in last_fri] == [
        dt.date(2026, 1, 30),
        dt.date(2026, 2, 27),
    ]


def test_a_start_in_the_spring_forward_gap_moves_forward_like_the_clocks():
    # 2026-03-08 02:30 does not exist in Toronto.
    [(start, _)] = occurrences(
        weekly(weekday=6, first_date=dt.date(2026, 3, 8), start_time=dt.time(2, 30), count=1)
    )
    assert start.astimezone(TORONTO).replace(tzinfo=None) == dt.datetime(2026, 3, 8, 3, 30)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        (
            {"count": None, "last_date": dt.date(2026, 10, 3), "first_date": dt.date(2026, 10, 2)},
            "empty_recurrence",
        ),
        ({"time_zone": "America/Atlantis"}, "invalid_time_zone"),
        ({"count": None, "last_date": dt.date(2026, 9, 1)}, "end_before_start"),
        ({"count": None}, "unbounded"),
        ({"count": 0}, "invalid_count"),
        ({"count": None, "last_date": dt.date(2040, 1, 1)}, "too_many"),
        ({"interval": 0}, "invalid_interval"),
        ({"duration_minutes": 0}, "invalid_duration"),
        ({"frequency": "monthly_weekday", "week_of_month": 5}, "invalid_week_of_month"),
    ],
)
def test_bad_recurrences_are_refused_with_a_code(overrides, code):
    with pytest.raises(RecurrenceError) as err:
        occurrences(weekly(**overrides))
    assert err.value.code == code
