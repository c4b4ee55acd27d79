"""Planning a series: statutory holidays by province, the program's breaks, "N sessions" meaning
N held, and create_series making exactly what the plan shows."""

import datetime as dt

import pytest

from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.scheduling import services
from echohub.scheduling.models import AgendaItem, ProgramBreak, Session
from echohub.scheduling.planning import default_region, holiday_name, plan_series
from echohub.scheduling.recurrence import Recurrence, RecurrenceError, plan
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def mondays(**overrides):
    fields = dict(
        frequency="weekly",
        weekday=0,
        first_date=dt.date(2027, 9, 6),  # Labour Day
        start_time=dt.time(12, 30),
        duration_minutes=90,
        time_zone="America/Toronto",
        count=10,
    )
    fields.update(overrides)
    return Recurrence(**fields)


def test_ontario_mondays_skip_labour_day_and_thanksgiving_and_still_make_ten(program):
    planned = plan_series(program=program, rule=mondays(), holiday_region="CA-ON")
    assert [(d.day, d.skipped) for d in planned.skipped] == [
        (dt.date(2027, 9, 6), "Labour Day"),
        (dt.date(2027, 10, 11), "Thanksgiving Day"),
    ]
    held = [d.day for d in planned.held]
    assert len(held) == 10
    assert held[0] == dt.date(2027, 9, 13) and held[-1] == dt.date(2027, 11, 22)
    assert all(
        d.start is not None and d.start.astimezone(dt.UTC).hour in (16, 17) for d in planned.held
    )


def test_without_a_region_no_holiday_is_skipped(program):
    planned = plan_series(program=program, rule=mondays(), holiday_region="")
    assert planned.skipped == [] and planned.held[0].day == dt.date(2027, 9, 6)


def test_provinces_differ_quebec_skips_saint_jean_baptiste_ontario_does_not(program):
    wednesday = mondays(weekday=2, first_date=dt.date(2026, 6, 24), count=1)
    quebec = plan_series(program=program, rule=wednesday, holiday_region="CA-QC")
    ontario = plan_series(program=program, rule=wednesday, holiday_region="CA-ON")
    assert [d.day for d in quebec.skipped] == [dt.date(2026, 6, 24), dt.date(2026, 7, 1)]
    assert "Jean" in quebec.skipped[0].skipped and quebec.skipped[1].skipped == "Canada Day"
    assert quebec.held[0].day == dt.date(2026, 7, 8)
    assert ontario.held[0].day == dt.date(2026, 6, 24) and ontario.skipped == []


def test_federal_only_skips_canada_day_but_not_family_day(program):
    assert holiday_name("CA", dt.date(2026, 7, 1)) == "Canada Day"
    assert holiday_name("CA", dt.date(2026, 2, 16)) is None  # Family Day is provincial
    assert holiday_name("CA-ON", dt.date(2026, 2, 16)) == "Family Day"
    assert holiday_name("", dt.date(2026, 7, 1)) is None
    assert holiday_name("XX-YY", dt.date(2026, 7, 1)) is None


def test_program_breaks_are_skipped_with_their_name_and_only_for_their_program(program):
    ProgramBreak.objects.create(
        program=program,
        title="Winter break",
        first_day=dt.date(2027, 12, 20),
        last_day=dt.date(2028, 1, 2),
    )
    ProgramBreak.objects.create(
        program=ProgramFactory(),
        title="Someone else's break",
        first_day=dt.date(2027, 12, 1),
        last_day=dt.date(2027, 12, 31),
    )
    rule = mondays(first_date=dt.date(2027, 12, 6), count=4)
    planned = plan_series(program=program, rule=rule, holiday_region="CA-ON")
    assert [d.day for d in planned.held] == [
        dt.date(2027, 12, 6),
        dt.date(2027, 12, 13),
        dt.date(2028, 1, 10),
        dt.date(2028, 1, 17),
    ]
    assert [(d.day, d.skipped) for d in planned.skipped] == [
        (dt.date(2027, 12, 20), "Winter break"),
        # Christmas observed on Monday 27 December, inside the break: both reasons are given.
        (dt.date(2027, 12, 27), "Christmas Day (observed) · Winter break"),
        # 1 January 2028 is a Saturday: the day off is Monday 3 January.
        (dt.date(2028, 1, 3), "New Year's Day (observed)"),
    ]


def test_with_a_last_date_skipped_dates_are_dropped_not_added(program):
    rule = mondays(count=None, last_date=dt.date(2027, 10, 11))
    planned = plan_series(program=program, rule=rule, holiday_region="CA-ON")
    assert len(planned.held) == 4 and len(planned.skipped) == 2


def test_a_range_that_is_all_breaks_is_refused(program):
    ProgramBreak.objects.create(
        program=program,
        title="Closed",
        first_day=dt.date(2027, 9, 1),
        last_day=dt.date(2027, 9, 30),
    )
    with pytest.raises(RecurrenceError) as err:
        plan_series(
            program=program,
            rule=mondays(count=None, last_date=dt.date(2027, 9, 27)),
            holiday_region="",
        )
    assert err.value.code == "all_skipped"


def test_a_count_that_skipped_dates_can_never_reach_is_refused():
    with pytest.raises(RecurrenceError) as err:
        plan(
            mondays(count=3, first_date=dt.date(2027, 9, 20)),
            skip=lambda day: "closed" if day >= dt.date(2027, 10, 1) else None,
        )
    assert err.value.code == "too_many_skipped"


def test_the_fingerprint_changes_with_the_dates(program):
    a = plan_series(program=program, rule=mondays(), holiday_region="CA-ON")
    b = plan_series(program=program, rule=mondays(), holiday_region="")
    assert (
        a.fingerprint()
        == plan_series(program=program, rule=mondays(), holiday_region="CA-ON").fingerprint()
    )
    assert a.fingerprint() != b.fingerprint()
    assert a.fingerprint("Topic A") != a.fingerprint("Topic B")


def test_default_region_follows_the_time_zone():
    assert default_region("America/Toronto") == "CA-ON"
    assert default_region("America/Vancouver") == "CA-BC"
    assert default_region("Europe/Paris") == ""


def test_create_series_skips_holidays_gives_topics_to_held_sessions_and_audits(
    program, make_member
):
    actor = make_member(program, "coordinator")
    series = services.create_series(
        actor=actor,
        program=program,
        title="Cycle 2027",
        rule=mondays(count=3),
        topics=["Topic A", "Topic B", "Topic C"],
        holiday_region="CA-ON",
    )
    sessions = list(Session.objects.filter(series=series).order_by("starts_at"))
    assert [s.starts_at.date() for s in sessions] == [
        dt.date(2027, 9, 13),
        dt.date(2027, 9, 20),
        dt.date(2027, 9, 27),
    ]
    assert [s.number for s in sessions] == [1, 2, 3]
    assert [AgendaItem.objects.get(session=s).title for s in sessions] == [
        "Topic A",
        "Topic B",
        "Topic C",
    ]
    assert series.holiday_region == "CA-ON"
    entry = AuditEntry.objects.get(action="series.created")
    assert entry.changes == {"sessions": 3, "holiday_region": "CA-ON", "skipped": ["2027-09-06"]}


def test_create_series_refuses_an_unknown_region(program):
    with pytest.raises(DomainError) as err:
        services.create_series(
            actor=None, program=program, title="X", rule=mondays(), holiday_region="CA-ZZ"
        )
    assert err.value.code == "invalid_holiday_region"
    assert not Session.objects.exists()


def test_breaks_service_validates_and_audits(program):
    with pytest.raises(DomainError) as err:
        services.add_break(
            actor=None,
            program=program,
            title="Backwards",
            first_day=dt.date(2027, 1, 2),
            last_day=dt.date(2027, 1, 1),
        )
    assert err.value.code == "end_before_start"
    with pytest.raises(DomainError) as err:
        services.add_break(
            actor=None,
            program=program,
            title="  ",
            first_day=dt.date(2027, 1, 1),
            last_day=dt.date(2027, 1, 1),
        )
    assert err.value.code == "title_required"
    with pytest.raises(DomainError) as err:
        services.add_break(
            actor=None,
            program=program,
            title="Sabbatical",
            first_day=dt.date(2027, 1, 1),
            last_day=dt.date(2028, 6, 1),
        )
    assert err.value.code == "break_too_long"
    brk = services.add_break(
        actor=None,
        program=program,
        title="March break",
        first_day=dt.date(2027, 3, 15),
        last_day=dt.date(2027, 3, 19),
    )
    services.remove_break(actor=None, brk=brk)
    assert not ProgramBreak.objects.exists()
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "break.added",
        "break.removed",
    ]
