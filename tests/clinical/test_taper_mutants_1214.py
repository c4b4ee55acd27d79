"""Tests written from the survivors of a mutation sample of clinical.taper (2026-12-06,
`bench/mutation.py clinical --sample 3 --only 'clinical.taper*'`, docs/testing.md): the plan's
calendar bound, the starting dose's upper bound, and the stop note's percentages, which must
never read as "within the rule" when the cut is faster than it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinical.errors import ClinicalInputError
from clinical.taper import MAX_STEPS, TAPER_RULES, plan_taper

START = date(2026, 1, 5)


def _stop_percent(note: str) -> tuple[str, str]:
    found = re.search(r"\(([\d.]+) % of the \w+ dose where the rule allows ([\d.]+) %\)", note)
    assert found, note
    return found.group(1), found.group(2)


def test_a_start_date_whose_plan_would_run_past_the_calendar_is_refused():
    # 120 steps of a month and a follow-up after them would pass 9999-12-31
    with pytest.raises(ClinicalInputError) as refused:
        plan_taper(start_mme_per_day=90, start_date=date(9989, 11, 1))
    assert refused.value.code == "taper.start_date"


@settings(max_examples=60, deadline=None)
@given(
    days_before_end=st.integers(min_value=0, max_value=(MAX_STEPS + 6) * 31),
    rule=st.sampled_from(sorted(TAPER_RULES)),
)
def test_near_the_end_of_the_calendar_a_plan_is_made_or_refused_in_words(days_before_end, rule):
    start = date(9999, 12, 31) - timedelta(days=days_before_end)
    try:
        plan = plan_taper(start_mme_per_day=90, start_date=start, rule=rule)
    except ClinicalInputError as refused:
        assert refused.code == "taper.start_date"
        return
    assert all(step.date >= start for step in plan.steps)
    assert plan.follow_ups[-1] >= plan.steps[-1].date


def test_the_highest_starting_dose_is_accepted_and_one_above_refused():
    plan = plan_taper(start_mme_per_day=1_000_000, start_date=START)
    assert plan.start_mme_per_day == 1_000_000
    with pytest.raises(ClinicalInputError) as refused:
        plan_taper(start_mme_per_day="1000000.001", start_date=START)
    assert refused.value.code == "taper.absurd_number"


def test_a_cut_rounded_to_the_rules_own_percent_is_shown_with_more_places():
    # one 10 mg unit of 90 mg is 11.11 %: "11.1 % where the rule allows 11.1 %" would read as
    # within the rule; the cut is shown rounded up at the first place that tells them apart
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=START,
        rule="hhs2019",
        percent="11.1",
        start_daily_dose=90,
        dose_unit="mg",
        dose_step=10,
    )
    assert not plan.complete
    assert _stop_percent(plan.steps[-1].note) == ("11.12", "11.1")


def test_a_cut_halfway_between_two_tenths_is_rounded_up():
    # one 10 mg unit of 160 mg is 6.25 %: shown as 6.3 %, never 6.2 %
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=START,
        rule="cdc2016",
        percent=5,
        start_daily_dose=160,
        dose_unit="mg",
        dose_step=10,
    )
    assert _stop_percent(plan.steps[-1].note) == ("6.3", "5")


def test_a_plan_stopping_after_steps_without_notes_says_only_why_it_stops():
    plan = plan_taper(
        start_mme_per_day=90,
        start_date=START,
        rule="cdc2022-long-term",
        basis="current",
        start_daily_dose=60,
        dose_unit="mg",
        dose_step=5,
    )
    assert not plan.complete
    assert plan.steps[-2].note is None
    last = plan.steps[-1].note
    assert last.startswith("the next reduction of one 5 mg unit would cut faster than the rule")
    assert "None" not in last
    assert _stop_percent(last) == ("11.1", "10")


@pytest.mark.parametrize("percent", [150, "100.5"])
def test_a_percent_above_a_hundred_is_no_percent_not_a_fast_taper(percent):
    with pytest.raises(ClinicalInputError) as refused:
        plan_taper(start_mme_per_day=90, start_date=START, percent=percent)
    assert refused.value.code == "taper.absurd_number"
    assert refused.value.field == "percent"
