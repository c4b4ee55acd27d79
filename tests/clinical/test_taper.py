"""Taper plans against the computed examples of clinical.md §2.2 and the rules of §2.1."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clinical import ClinicalInputError
from clinical._numbers import round_display
from clinical.taper import TAPER_NOTES, TAPER_RULES, Interval, add_months, plan_taper

START = date(2026, 1, 15)

# clinical.md §2.2, from a 90 MME/day start, steps 0-10.
LINEAR_MONTHLY = ["90", "81", "72", "63", "54", "45", "36", "27", "18", "9", "0"]
GEOMETRIC_MONTHLY = [
    "90",
    "81",
    "72.9",
    "65.6",
    "59.0",
    "53.1",
    "47.8",
    "43.0",
    "38.7",
    "34.9",
    "31.4",
]
SHORT_DURATION_WEEKLY = ["90", "81", "72", "63", "54", "45", "36", "27", "24.3", "21.9", "19.7"]


def mme_column(plan_steps: tuple[object, ...]) -> list[Decimal]:
    return [round_display(s.mme_per_day) for s in plan_steps]  # type: ignore[attr-defined]


def test_linear_10_percent_of_original_per_month_matches_section_2_2() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, rule="cdc2022-long-term")
    assert mme_column(plan.steps) == [Decimal(v) for v in LINEAR_MONTHLY]
    assert plan.complete
    assert plan.basis == "original"
    assert [s.date for s in plan.steps[:3]] == [
        date(2026, 1, 15),
        date(2026, 2, 15),
        date(2026, 3, 15),
    ]
    assert plan.steps[-1].note == "opioid stopped"


def test_geometric_10_percent_of_current_per_month_matches_section_2_2() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, basis="current", max_steps=10)
    assert mme_column(plan.steps) == [Decimal(v) for v in GEOMETRIC_MONTHLY]
    assert not plan.complete  # a geometric taper never reaches zero by itself
    assert plan.steps[2].mme_per_day == Decimal("72.9")


def test_cdc2022_short_duration_rule_matches_section_2_2() -> None:
    plan = plan_taper(
        start_mme_per_day=90, start_date=START, rule="cdc2022-short-duration", max_steps=10
    )
    assert mme_column(plan.steps) == [Decimal(v) for v in SHORT_DURATION_WEEKLY]
    assert plan.steps[1].date == date(2026, 1, 22)
    assert "30 %" in (plan.steps[7].note or "")
    assert plan.steps[8].mme_per_day == Decimal("24.3")


def test_geometric_plan_without_max_steps_shows_12_steps() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, basis="current")
    assert len(plan.steps) == 13
    assert not plan.complete


def test_plan_stops_at_the_target_and_never_below() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, target_mme_per_day=50)
    assert mme_column(plan.steps) == [Decimal(v) for v in ["90", "81", "72", "63", "54", "50"]]
    assert plan.complete
    assert plan.steps[-1].note == "taper target reached"
    geometric = plan_taper(
        start_mme_per_day=90, start_date=START, basis="current", target_mme_per_day=50
    )
    assert geometric.steps[-1].mme_per_day == Decimal(50)
    assert geometric.complete


def test_daily_dose_follows_the_fraction_and_rounds_up_to_the_strength() -> None:
    # Rounding down (60 -> 50 mg, a 17 % cut under a 10 %-a-month rule) would be faster than
    # the rule: 54 mg rounds up to 55.
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=START,
        start_daily_dose=60,
        dose_unit="mg oxycodone",
        dose_step=5,
    )
    doses = [s.daily_dose for s in plan.steps]
    assert doses[:4] == [Decimal(60), Decimal(55), Decimal(50), Decimal(45)]
    # MME follows the rounded dose: 55 mg oxycodone of 60 -> 82.5 MME/day
    assert plan.steps[1].mme_per_day == Decimal("82.5")
    assert plan.steps[1].note is None
    assert doses[-1] == 0
    assert plan.dose_unit == "mg oxycodone"


def test_daily_dose_without_rounding_is_exact() -> None:
    plan = plan_taper(start_mme_per_day=60, start_date=START, start_daily_dose=40)
    assert [s.daily_dose for s in plan.steps[:3]] == [Decimal(40), Decimal(36), Decimal(32)]


def test_follow_ups_are_at_least_monthly_and_cover_the_whole_plan() -> None:
    for rule in TAPER_RULES:
        plan = plan_taper(start_mme_per_day=90, start_date=START, rule=rule)
        previous = plan.start_date
        for follow_up in plan.follow_ups:
            assert follow_up <= add_months(previous, 1)
            previous = follow_up
        assert plan.follow_ups[-1] >= plan.steps[-1].date
        for step in plan.steps:
            assert step.date < step.follow_up_by <= add_months(step.date, 1)


def test_weekly_follow_ups_can_be_chosen() -> None:
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=START,
        rule="cdc2022-short-duration",
        follow_up_every="week",
    )
    assert plan.follow_ups[:2] == (date(2026, 1, 22), date(2026, 1, 29))


def test_follow_up_longer_than_a_month_is_refused() -> None:
    with pytest.raises(ClinicalInputError) as error:
        plan_taper(start_mme_per_day=90, start_date=START, follow_up_every="2-months")
    assert error.value.code == "taper.invalid_follow_up_every"


def test_faster_than_the_source_is_refused_and_slower_is_allowed() -> None:
    with pytest.raises(ClinicalInputError) as error:
        plan_taper(start_mme_per_day=90, start_date=START, percent=25)
    assert error.value.code == "taper.too_fast"
    slower = plan_taper(start_mme_per_day=90, start_date=START, percent=5)
    assert slower.steps[1].mme_per_day == Decimal("85.5")
    assert len(slower.steps) == 21


def test_hhs_range_is_5_to_20_percent_every_four_weeks() -> None:
    plan = plan_taper(start_mme_per_day=100, start_date=START, rule="hhs2019", percent=20)
    assert mme_column(plan.steps) == [Decimal(v) for v in ["100", "80", "60", "40", "20", "0"]]
    assert plan.steps[1].date == date(2026, 2, 12)
    with pytest.raises(ClinicalInputError):
        plan_taper(start_mme_per_day=100, start_date=START, rule="hhs2019", percent=21)


def test_nougg_interval_choices() -> None:
    daily = plan_taper(start_mme_per_day=100, start_date=START, rule="nougg2010", interval="day")
    assert daily.steps[1].date == date(2026, 1, 16)
    fortnightly = plan_taper(
        start_mme_per_day=100, start_date=START, rule="nougg2010", interval=Interval.TWO_WEEKS
    )
    assert fortnightly.steps[1].date == date(2026, 1, 29)
    with pytest.raises(ClinicalInputError) as error:
        plan_taper(start_mme_per_day=100, start_date=START, rule="nougg2010", interval="month")
    assert error.value.code == "taper.invalid_interval"


def test_acute_rules() -> None:
    brief = plan_taper(start_mme_per_day=40, start_date=START, rule="cdc2022-acute-brief")
    assert [(s.date, s.mme_per_day) for s in brief.steps] == [
        (date(2026, 1, 15), Decimal(40)),
        (date(2026, 1, 17), Decimal(20)),
        (date(2026, 1, 19), Decimal(0)),
    ]
    acute = plan_taper(start_mme_per_day=40, start_date=START, rule="cdc2022-acute")
    assert mme_column(acute.steps) == [Decimal(v) for v in ["40", "32", "24", "16", "8", "0"]]


def test_cdc2016_rule_allows_only_the_original_basis() -> None:
    with pytest.raises(ClinicalInputError) as error:
        plan_taper(start_mme_per_day=90, start_date=START, rule="cdc2016", basis="current")
    assert error.value.code == "taper.invalid_basis"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"rule": "fast"}, "taper.unknown_rule"),
        ({"start_mme_per_day": 0}, "taper.not_positive"),
        ({"start_mme_per_day": "abc"}, "taper.invalid"),
        ({"target_mme_per_day": 90}, "taper.invalid_target"),
        ({"target_mme_per_day": -1}, "taper.invalid_target"),
        ({"dose_step": 5}, "taper.dose_step_without_dose"),
        ({"max_steps": 0}, "taper.invalid_max_steps"),
        ({"percent": 0}, "taper.not_positive"),
    ],
)
def test_invalid_choices_raise_with_a_stable_code(kwargs: dict[str, object], code: str) -> None:
    arguments: dict[str, object] = {"start_mme_per_day": 90, **kwargs}
    with pytest.raises(ClinicalInputError) as error:
        plan_taper(start_date=START, **arguments)  # type: ignore[arg-type]
    assert error.value.code == code


def test_every_rule_quotes_its_source() -> None:
    for rule in TAPER_RULES.values():
        assert rule.source.startswith("clinical.md §2.1")
        assert rule.quote
        assert rule.percent <= rule.max_percent


def test_plan_is_plain_data_with_cautions() -> None:
    data = plan_taper(start_mme_per_day=90, start_date=START).to_dict()
    assert data["rule"]["key"] == "cdc2022-long-term"
    assert data["steps"][1] == {
        "step": 1,
        "date": "2026-02-15",
        "percent_of_start": 90,
        "mme_per_day": 81,
        "daily_dose": None,
        "follow_up_by": "2026-03-15",
        "note": None,
    }
    assert data["notes"] == list(TAPER_NOTES)
    assert any("not be discontinued abruptly" in note for note in data["notes"])


def test_month_end_dates_are_clamped() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=date(2026, 1, 31))
    assert plan.steps[1].date == date(2026, 2, 28)
    assert plan.steps[2].date == date(2026, 3, 31)


def test_a_changed_global_decimal_context_does_not_change_the_plan() -> None:
    import decimal

    with decimal.localcontext() as context:
        context.prec = 2
        plan = plan_taper(start_mme_per_day="123.45", start_date=START, basis="current")
    assert plan.steps[1].mme_per_day == Decimal("111.105")
