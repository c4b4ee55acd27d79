"""Taper doses rounded to what can be dispensed (clinical.md §2.2 proposes rounding **down** to
an available strength, but §2.1's rates are "10 % ... or slower": rounding down would cut
faster than the rule, so doses are rounded toward the higher, slower dose; a unit larger than one
interval's cut is never removed: the plan stops there; MME/day follows the rounded dose)."""

import itertools
from datetime import date
from decimal import Decimal

import pytest

from clinical import ClinicalInputError, plan_taper

START = date(2026, 1, 15)


def test_every_daily_dose_is_whole_units_of_the_strength_and_never_rises() -> None:
    plan = plan_taper(
        start_mme_per_day=90, start_date=START, start_daily_dose=60, dose_unit="mg", dose_step=5
    )
    doses = [s.daily_dose for s in plan.steps]
    # 10 % of 60 mg is 6 mg a month: 54 mg rounds up to 55, never down to 50.
    assert doses == [60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5, 0]
    assert all(d is not None and d % 5 == 0 for d in doses)
    assert all(a >= b for a, b in itertools.pairwise(doses))
    # MME/day follows the rounded dose, never the unrounded one (90 x 55/60 = 82.5).
    assert [s.mme_per_day for s in plan.steps[:3]] == [90, Decimal("82.5"), 75]
    assert plan.complete and plan.steps[-1].note == "opioid stopped"
    assert plan.dose_step == 5 and plan.to_dict()["dose_step"] == 5


def test_patch_strength_in_mcg_per_hour() -> None:
    # 20 % of 75 is 15 mcg/h an interval: one 12.5 patch less each interval fits.
    plan = plan_taper(
        start_mme_per_day=180,
        start_date=START,
        rule="hhs2019",
        percent=20,
        start_daily_dose=75,
        dose_unit="mcg/h",
        dose_step="12.5",
    )
    doses = [s.daily_dose for s in plan.steps]
    assert doses == [75, Decimal("62.5"), 50, Decimal("37.5"), 25, Decimal("12.5"), 0]
    assert plan.complete
    assert plan.to_dict()["dose_step"] == 12.5


def test_a_patch_larger_than_one_interval_s_cut_stops_the_plan() -> None:
    # 10 % of 75 is 7.5 mcg/h an interval, less than one 12.5 patch: waiting does not make
    # the step smaller, so it is never made (before: held two intervals, then made).
    plan = plan_taper(
        start_mme_per_day=180,
        start_date=START,
        rule="hhs2019",
        start_daily_dose=75,
        dose_unit="mcg/h",
        dose_step="12.5",
    )
    assert [s.daily_dose for s in plan.steps] == [75] and not plan.complete
    assert "one 12.5 mcg/h unit" in (plan.steps[-1].note or "")
    assert "(16.7 % of the starting dose where the rule allows 10 %)" in (plan.steps[-1].note or "")


@pytest.mark.parametrize(
    ("dose", "strength", "code", "words"),
    [
        (45, 10, "taper.strength_not_divisor", "40 mg or 50 mg"),
        (5, 10, "taper.strength_too_large", "larger than the starting daily dose"),
        (300, 1, "taper.strength_too_small", "300 units"),
        (0, 5, "taper.not_positive", "greater than zero"),
        (60, 0, "taper.not_positive", "greater than zero"),
        (60, "abc", "taper.invalid", ""),
    ],
)
def test_impossible_dose_and_strength_are_refused_with_a_clear_message(
    dose: object, strength: object, code: str, words: str
) -> None:
    with pytest.raises(ClinicalInputError) as err:
        plan_taper(
            start_mme_per_day=90,
            start_date=START,
            start_daily_dose=dose,
            dose_unit="mg",
            dose_step=strength,
        )
    assert err.value.code == code
    assert words in err.value.message
    assert err.value.field in ("dose", "dose_step")


def test_without_a_strength_doses_are_not_rounded() -> None:
    plan = plan_taper(start_mme_per_day=90, start_date=START, start_daily_dose=45, dose_unit="mg")
    assert plan.steps[1].daily_dose == Decimal("40.5") and plan.dose_step is None
