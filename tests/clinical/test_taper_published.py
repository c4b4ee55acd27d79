"""Taper plans against the published rates (clinical.md §2.1) and the follow-up rule (CDC 2022:
"follow up frequently (at least monthly)"), as the plan's JSON shows them, plus the error
``code`` and ``field`` a form uses. Expected numbers are worked out by hand from the rules.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from clinical import ClinicalInputError
from clinical.taper import add_months, plan_taper

START = date(2027, 1, 4)
#: The note of the last step of a plan that stops because one unit of the strength is more
#: than one interval's allowance (before 2026-12-05 such a step was made after a hold).
STOPPED = "the plan stops here rather than cut faster"

PLAN_KEYS = {
    "rule",
    "basis",
    "percent",
    "interval",
    "start_date",
    "start_mme_per_day",
    "target_mme_per_day",
    "dose_unit",
    "dose_step",
    "steps",
    "follow_ups",
    "complete",
    "notes",
}
STEP_KEYS = {
    "step",
    "date",
    "percent_of_start",
    "mme_per_day",
    "daily_dose",
    "follow_up_by",
    "note",
}


def refusal(**kwargs: Any) -> ClinicalInputError:
    kwargs.setdefault("start_mme_per_day", 90)
    kwargs.setdefault("start_date", START)
    with pytest.raises(ClinicalInputError) as caught:
        plan_taper(**kwargs)
    return caught.value


def stopped(plan: Any) -> list[int]:
    return [s.step for s in plan.steps if s.note and STOPPED in s.note]


# --- The plan as JSON ----------------------------------------------------------------------------


def test_plan_json_keys_and_values() -> None:
    plan = plan_taper(
        start_mme_per_day=60,
        start_date=START,
        start_daily_dose=40,
        dose_unit="mg",
        dose_step=4,
        target_mme_per_day=30,
    )
    data = plan.to_dict()
    assert set(data) == PLAN_KEYS
    assert data["rule"]["key"] == "cdc2022-long-term"
    assert data["basis"] == "original"
    assert data["percent"] == 10
    assert data["interval"] == "month"
    assert data["start_date"] == "2027-01-04"
    assert data["start_mme_per_day"] == 60
    assert data["target_mme_per_day"] == 30
    assert data["dose_unit"] == "mg"
    assert data["dose_step"] == 4
    assert data["complete"] is True
    assert len(data["notes"]) >= 5
    first = data["steps"][0]
    assert set(first) == STEP_KEYS
    assert first == {
        "step": 0,
        "date": "2027-01-04",
        "percent_of_start": 100,
        "mme_per_day": 60,
        "daily_dose": 40,
        "follow_up_by": "2027-02-04",
        "note": "starting dose",
    }
    # 4 mg units, 4 mg (10 %) a month: one unit less each month.
    assert [s["daily_dose"] for s in data["steps"]] == [40, 36, 32, 28, 24, 20]
    assert [s["mme_per_day"] for s in data["steps"]] == [60, 54, 48, 42, 36, 30]
    assert data["follow_ups"][:3] == ["2027-02-04", "2027-03-04", "2027-04-04"]
    assert data["follow_ups"][-1] == "2027-06-04"


def test_plan_without_a_dose_has_no_daily_dose() -> None:
    data = plan_taper(start_mme_per_day=90, start_date=START).to_dict()
    assert data["dose_unit"] is None and data["dose_step"] is None
    assert all(s["daily_dose"] is None for s in data["steps"])
    assert data["steps"][0]["note"] == "starting dose"
    assert data["steps"][-1]["note"] == "opioid stopped"


def test_stopping_at_a_target_of_1_says_target_reached() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, target_mme_per_day=1)
    assert plan.steps[-1].mme_per_day == 1
    assert plan.steps[-1].note == "taper target reached"


# --- Rounding to a strength reaches the target early ---------------------------------------------


def test_rounding_that_reaches_the_target_ends_the_plan() -> None:
    # oxycodone 40 mg/day (60 MME), 5 mg tablets, target 30 MME (20 mg), HHS 2019 at 20 %
    # (8 mg) every four weeks: 40 -> 35 -> 30 -> 25 -> 20 (one tablet, within 8 mg), stop.
    plan = plan_taper(
        start_mme_per_day=60,
        start_date=START,
        rule="hhs2019",
        percent=20,
        start_daily_dose=40,
        dose_step=5,
        target_mme_per_day=30,
    )
    assert [s.mme_per_day for s in plan.steps] == [60, Decimal("52.5"), 45, Decimal("37.5"), 30]
    assert plan.complete
    assert plan.steps[-1].note == "taper target reached"


def test_rounding_that_reaches_the_target_completes_a_capped_plan() -> None:
    plan = plan_taper(
        start_mme_per_day=60,
        start_date=START,
        start_daily_dose=40,
        dose_step=4,
        target_mme_per_day=30,
        max_steps=5,
    )
    assert [s.mme_per_day for s in plan.steps] == [60, 54, 48, 42, 36, 30]
    assert plan.complete is True


def test_a_capped_plan_that_stops_short_is_incomplete() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, max_steps=3)
    assert [s.mme_per_day for s in plan.steps] == [90, 81, 72, 63]
    assert plan.complete is False


def test_a_step_clamped_to_the_target_shows_the_dose_of_the_target() -> None:
    # 90 MME from 60 mg: the target of 10 MME is 60 * 10 / 90 mg a day
    plan = plan_taper(
        start_mme_per_day=90, start_date=START, start_daily_dose=60, target_mme_per_day=10
    )
    last = plan.steps[-1]
    assert last.mme_per_day == 10
    assert last.daily_dose is not None
    assert abs(last.daily_dose - Decimal(60) * 10 / 90) < Decimal("1e-20")
    assert last.to_dict()["daily_dose"] == pytest.approx(6.6667, abs=1e-3)


def test_rounding_below_the_target_is_clamped_with_a_consistent_dose() -> None:
    # 40 mg (60 MME), 4 mg units, target 25 MME (16.7 mg): the plan stops at the lowest
    # whole-unit dose at or above the target (20 mg, 30 MME), never below it.
    plan = plan_taper(
        start_mme_per_day=60,
        start_date=START,
        start_daily_dose=40,
        dose_step=4,
        target_mme_per_day=25,
    )
    last = plan.steps[-1]
    assert last.mme_per_day == 30 and last.daily_dose == 20
    assert plan.complete
    assert all(s.mme_per_day >= 25 for s in plan.steps)


# --- A strength larger than one interval's cut stops the plan ------------------------------------


def test_whole_strengths_at_the_stated_rate_give_no_warning() -> None:
    # morphine 100 mg/day, 5 mg tablets, 10 % of the original dose: 10 mg less each month
    plan = plan_taper(start_mme_per_day=100, start_date=START, start_daily_dose=100, dose_step=5)
    assert [s.daily_dose for s in plan.steps] == list(range(100, -1, -10))
    assert stopped(plan) == [] and plan.complete


def test_whole_strengths_faster_than_the_stated_rate_stop_the_plan() -> None:
    # 40 mg with 10 mg tablets: 40 -> 30 is 25 % of the start, more than 10 % a month. Before:
    # held 3 months, then made (and flagged). Now never made: the plan stops at the start.
    plan = plan_taper(start_mme_per_day=60, start_date=START, start_daily_dose=40, dose_step=10)
    assert [s.daily_dose for s in plan.steps] == [40]
    assert stopped(plan) == [0] and plan.complete is False
    assert plan.steps[0].note == (
        "starting dose; the next reduction of one unit of 10 would cut faster than the rule "
        "(25 % of the starting dose where the rule allows 10 %): a smaller strength (or another "
        "formulation) is needed to continue; the plan stops here rather than cut faster"
    )


def test_geometric_warning_is_measured_against_the_current_dose() -> None:
    # 10 % of the current dose: 100, 90, 81 -> 85 (rounded up, a 5 mg cut within 10 % of 90)
    plan = plan_taper(
        start_mme_per_day=100,
        start_date=START,
        start_daily_dose=100,
        dose_step=5,
        basis="current",
        max_steps=3,
    )
    assert [s.daily_dose for s in plan.steps] == [100, 90, 85, 80]
    assert stopped(plan) == []


def test_short_duration_rule_switches_to_the_remaining_dose_once() -> None:
    plan = plan_taper(
        start_mme_per_day=100,
        start_date=START,
        rule="cdc2022-short-duration",
        start_daily_dose=100,
        dose_step=5,
        max_steps=9,
    )
    doses = [s.daily_dose for s in plan.steps]
    assert doses == [100, 90, 80, 70, 60, 50, 40, 30]
    switch = [s.step for s in plan.steps if s.note and "remaining dose" in s.note]
    assert switch == [7]
    assert "30 %" in plan.steps[7].note  # type: ignore[operator]
    # before the switch 10 mg (10 % of the original) is the stated rate; after it, 30 -> 25 is
    # 16.7 % of the remaining dose, more than 10 %: never made (before: after a two-week hold)
    assert stopped(plan) == [7] and plan.complete is False
    assert "(16.7 % of the current dose where the rule allows 10 %)" in plan.steps[7].note


def test_short_duration_switch_note_appears_once_without_a_strength() -> None:
    plan = plan_taper(
        start_mme_per_day=90, start_date=START, rule="cdc2022-short-duration", max_steps=10
    )
    notes = [s.note for s in plan.steps]
    assert sum(1 for n in notes if n and "remaining dose" in n) == 1
    assert notes[7] is not None and "remaining dose" in notes[7]
    assert notes[8:] == [None, None, None]


def test_geometric_plan_without_a_strength_is_never_stopped() -> None:
    plan = plan_taper(start_mme_per_day=97, start_date=START, basis="current", max_steps=12)
    assert stopped(plan) == []
    assert all(s.note is None for s in plan.steps[1:])


# --- Follow-up: at least monthly (CDC 2022) ------------------------------------------------------


def test_weekly_steps_are_followed_up_by_the_next_change() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, rule="cdc2022-short-duration")
    for step in plan.steps:
        assert step.follow_up_by == step.date + timedelta(days=7)


def test_monthly_follow_up_is_within_a_month_of_the_step_after_a_short_month() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=date(2027, 1, 31))
    assert plan.steps[1].date == date(2027, 2, 28)
    assert plan.steps[1].follow_up_by == date(2027, 3, 28)
    for step in plan.steps:
        assert step.follow_up_by <= add_months(step.date, 1)
        assert step.follow_up_by > step.date


def test_four_weekly_steps_are_followed_up_at_the_next_change() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, rule="hhs2019")
    assert plan.interval.value == "4-weeks"
    assert plan.steps[1].date == START + timedelta(days=28)
    assert plan.steps[0].follow_up_by == START + timedelta(days=28)


def test_follow_ups_end_on_the_last_step() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START)
    assert plan.steps[-1].date == date(2027, 11, 4)
    assert plan.follow_ups[-1] == date(2027, 11, 4)
    assert len(plan.follow_ups) == 10


# --- Published rates -----------------------------------------------------------------------------


def test_short_duration_rule_allows_10_percent_and_no_more() -> None:
    assert (
        plan_taper(
            start_mme_per_day=90, start_date=START, rule="cdc2022-short-duration", percent=10
        ).percent
        == 10
    )
    error = refusal(rule="cdc2022-short-duration", percent=Decimal("10.5"))
    assert (error.code, error.field) == ("taper.too_fast", "percent")
    assert refusal(rule="cdc2022-short-duration", percent=11).code == "taper.too_fast"


def test_hhs_2019_defaults_to_10_percent_every_four_weeks() -> None:
    # HHS 2019: 5 % to 20 % every four weeks; 10 % per month or slower after more than a year
    plan = plan_taper(start_mme_per_day=90, start_date=START, rule="hhs2019")
    assert plan.percent == 10
    assert plan.steps[1].mme_per_day == 81
    assert (
        plan_taper(start_mme_per_day=90, start_date=START, rule="hhs2019", percent=20)
        .steps[1]
        .mme_per_day
        == 72
    )
    assert refusal(rule="hhs2019", percent=21).code == "taper.too_fast"


@pytest.mark.parametrize(
    ("rule", "percent", "interval_days"),
    [
        ("cdc2022-long-term", 10, None),
        ("cdc2016", 10, 7),
        ("nougg2010", 10, 1),
        ("cdc2022-acute-brief", 50, 2),
        ("cdc2022-acute", 20, 2),
    ],
)
def test_each_rule_defaults_to_its_published_rate(
    rule: str, percent: int, interval_days: int | None
) -> None:
    plan = plan_taper(start_mme_per_day=100, start_date=START, rule=rule)
    assert plan.percent == percent
    assert plan.steps[1].mme_per_day == 100 - percent
    if interval_days is not None:
        assert plan.steps[1].date == START + timedelta(days=interval_days)
    assert refusal(rule=rule, percent=percent + 1).code == "taper.too_fast"


# --- Refusals: code and field --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "code", "field", "words"),
    [
        ({"rule": "fast"}, "taper.unknown_rule", "rule", ("cdc2022-long-term, cdc2022-short",)),
        ({"start_mme_per_day": 0}, "taper.not_positive", "start_mme_per_day", ()),
        ({"start_mme_per_day": "lots"}, "taper.invalid", "start_mme_per_day", ()),
        ({"target_mme_per_day": "x"}, "taper.invalid", "target_mme_per_day", ()),
        (
            {"target_mme_per_day": 90},
            "taper.invalid_target",
            "target_mme_per_day",
            ("at least 0 and below the starting MME/day",),
        ),
        ({"target_mme_per_day": -1}, "taper.invalid_target", "target_mme_per_day", ()),
        ({"percent": 0}, "taper.not_positive", "percent", ()),
        ({"percent": 15}, "taper.too_fast", "percent", ("CDC 2022", "cdc2022-long-term")),
        ({"basis": "remaining"}, "taper.invalid_basis", "basis", ("original, current",)),
        (
            {"dose_step": 10},
            "taper.dose_step_without_dose",
            "dose_step",
            ("dose_step needs start_daily_dose",),
        ),
        ({"max_steps": 0}, "taper.invalid_max_steps", "max_steps", ("120",)),
        ({"max_steps": 121}, "taper.invalid_max_steps", "max_steps", ("120",)),
        ({"interval": "week"}, "taper.invalid_interval", "interval", ("cdc2022-long-term",)),
        (
            {"follow_up_every": "2-months"},
            "taper.invalid_follow_up_every",
            "follow_up_every",
            ("at least monthly",),
        ),
    ],
)
def test_refusals_name_the_field(
    kwargs: dict[str, Any], code: str, field: str, words: tuple[str, ...]
) -> None:
    error = refusal(**kwargs)
    assert (error.code, error.field) == (code, field)
    for word in words:
        assert word in error.message


@pytest.mark.parametrize("max_steps", [1, 120])
def test_max_steps_from_1_to_120(max_steps: int) -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, basis="current", max_steps=max_steps)
    assert len(plan.steps) == max_steps + 1


def test_strength_equal_to_the_daily_dose_is_one_unit_a_day() -> None:
    # One unit a day cannot be cut by 10 %: stopping it is a 100 % cut in one step, never made
    # (before: held ten months, then stopped at once).
    plan = plan_taper(start_mme_per_day=15, start_date=START, start_daily_dose=10, dose_step=10)
    assert [s.daily_dose for s in plan.steps] == [10]
    assert stopped(plan) == [0] and plan.complete is False


def test_100_units_a_day_is_the_most_allowed() -> None:
    plan = plan_taper(start_mme_per_day=100, start_date=START, start_daily_dose=100, dose_step=1)
    assert plan.steps[1].daily_dose == 90
    error = refusal(start_mme_per_day=101, start_daily_dose=101, dose_step=1, dose_unit="mg")
    assert (error.code, error.field) == ("taper.strength_too_small", "dose_step")


def test_strength_messages_without_a_unit() -> None:
    error = refusal(start_daily_dose=40, dose_step=50)
    assert (error.code, error.field) == ("taper.strength_too_large", "dose_step")
    assert "(50)" in error.message and "(40)" in error.message
    assert "None" not in error.message and "XX" not in error.message


def test_strength_not_a_divisor_names_the_doses_either_side() -> None:
    error = refusal(start_daily_dose=40, dose_step=15, dose_unit="mg")
    assert (error.code, error.field) == ("taper.strength_not_divisor", "dose_step")
    assert "(30 mg or 45 mg can)" in error.message


# --- The rules as the API lists them (clinical.md §2.1) ------------------------------------------

RULES = {
    # key: (percent, max_percent, intervals, bases, guideline)
    "cdc2022-long-term": (10, 10, ["month"], ["original", "current"], "CDC 2022"),
    "cdc2022-short-duration": (10, 10, ["week"], ["original-then-remaining"], "CDC 2022"),
    "cdc2016": (10, 10, ["week", "month"], ["original"], "CDC 2016"),
    "hhs2019": (10, 20, ["4-weeks"], ["original", "current"], "HHS 2019"),
    "nougg2010": (
        10,
        10,
        ["day", "week", "2-weeks"],
        ["original", "current"],
        "Canada 2010 (NOUGG)",
    ),
    "cdc2022-acute-brief": (50, 50, ["2-days"], ["original"], "CDC 2022"),
    "cdc2022-acute": (20, 20, ["2-days"], ["original", "current"], "CDC 2022"),
}


@pytest.mark.parametrize("key", sorted(RULES))
def test_rule_json_states_the_published_rate(key: str) -> None:
    percent, most, intervals, bases, guideline = RULES[key]
    data = plan_taper(start_mme_per_day=40, start_date=START, rule=key).to_dict()["rule"]
    assert set(data) == {
        "key",
        "label",
        "population",
        "percent",
        "max_percent",
        "intervals",
        "bases",
        "guideline",
        "quote",
        "source",
    }
    assert data["key"] == key
    assert (data["percent"], data["max_percent"]) == (percent, most)
    assert (data["intervals"], data["bases"]) == (intervals, bases)
    assert data["guideline"] == guideline
    assert f"{most}%" in data["quote"]
    assert data["label"] and data["population"]
    assert data["source"].startswith("clinical.md §2.1")


def test_interval_refusal_lists_the_rule_choices() -> None:
    error = refusal(rule="nougg2010", interval="month")
    assert (error.code, error.field) == ("taper.invalid_interval", "interval")
    assert "nougg2010 (Canada 2010 (NOUGG)) allows interval day, week, 2-weeks" in error.message
