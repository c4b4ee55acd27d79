"""Taper doses rounded to what can be dispensed (clinical.md §2.2: the target daily dose per
opioid is rounded **down** to an available strength; MME/day follows the rounded dose)."""

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
    assert doses == [60, 50, 45, 40, 35, 30, 20, 15, 10, 5, 0]
    assert all(d is not None and d % 5 == 0 for d in doses)
    assert all(a >= b for a, b in itertools.pairwise(doses))
    # MME/day follows the rounded dose, never the unrounded one (90 x 50/60 = 75).
    assert [s.mme_per_day for s in plan.steps[:3]] == [90, 75, Decimal("67.5")]
    assert plan.dose_step == 5 and plan.to_dict()["dose_step"] == 5


def test_patch_strength_in_mcg_per_hour() -> None:
    plan = plan_taper(
        start_mme_per_day=180,
        start_date=START,
        rule="hhs2019",
        start_daily_dose=75,
        dose_unit="mcg/h",
        dose_step="12.5",
    )
    doses = [s.daily_dose for s in plan.steps]
    assert doses[:4] == [75, Decimal("62.5"), 50, 50]  # 67.5 -> 62.5, 60 -> 50, 52.5 -> 50
    assert plan.to_dict()["dose_step"] == 12.5


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
