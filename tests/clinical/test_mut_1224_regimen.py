"""Whole regimens through ``plan_regimen_taper`` that pin behaviour a mutation run of
``clinical.regimen`` (2026-12-06, a 1-in-10 sample at bbc0e23) found unchecked, or that an
outdated entry of ``bench/mutation_equivalent.txt`` had hidden (mutmut renumbers a function's
mutants when its source changes, so an entry written for one mutant came to excuse another).

Figures are the CDC 2022 factors (clinical.md §1.2: morphine 1, oxycodone 1.5, fentanyl
patch 2.4 per mcg/h) and the rates of §2.1 (10 % per month of the original dose, or of the
current dose); the regimens are invented.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from clinical import ClinicalInputError
from clinical.regimen import GEOMETRIC_STEPS, Warning_, plan_regimen_taper

START = date(2031, 3, 10)


def plan(meds: list[dict[str, Any]], **kwargs: Any) -> Any:
    return plan_regimen_taper(meds, start_date=START, **kwargs)


def mme(p: Any) -> list[Decimal]:
    return [s.mme_per_day for s in p.steps]


def assumed(p: Any) -> list[str]:
    return [n for n in p.notes if "strengths marketed in Canada were assumed" in n]


MORPHINE_BID_1MG = {
    "drug": "morphine",
    "dose": 30,
    "unit": "mg",
    "times_per_day": 2,
    "strengths": [1],
}


def test_a_plan_by_the_current_dose_stops_after_twelve_changes() -> None:
    # 60 MME/day, 10 % of the current dose a month, rounded up to whole mg a day: 60 x 0.9^k
    # is never 0, so the plan stops after GEOMETRIC_STEPS changes (12 months), incomplete.
    p = plan([MORPHINE_BID_1MG], basis="current")
    assert GEOMETRIC_STEPS == 12
    assert mme(p) == [60, 54, 49, 45, 41, 37, 34, 31, 28, 26, 24, 22, 20]
    assert p.steps[-1].date == date(2032, 3, 10)
    assert not p.complete


def test_a_plan_by_the_original_dose_is_not_cut_at_twelve_changes() -> None:
    # 5 % of 60 MME/day a month is 3 mg of morphine a day: twenty changes to none.
    p = plan([MORPHINE_BID_1MG], percent=5)
    assert mme(p) == [Decimal(60 - 3 * k) for k in range(21)]
    assert p.complete
    assert p.steps[-1].note == "all opioids in the plan stopped"


def test_every_excluded_row_gets_its_own_warning_in_order() -> None:
    p = plan(
        [
            {"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 2, "strengths": [1]},
            {"drug": "lorazepam", "dose": 1, "unit": "mg", "times_per_day": 2},
            {"drug": "pregabalin", "dose": 75, "unit": "mg", "times_per_day": 2},
            {"drug": "zorblexin", "dose": 5, "unit": "mg", "times_per_day": 2},
        ]
    )
    assert [w.code for w in p.warnings] == ["benzodiazepine", "gabapentinoid", "not_tapered"]
    last = p.warnings[-1].message
    assert last.startswith("zorblexin is not part of this plan (")
    assert last.endswith(") and keeps its dose; the MME/day shown covers the other opioids only.")
    assert mme(p)[:2] == [30, 27]


def test_a_daily_rapid_rule_for_long_term_use_names_its_interval() -> None:
    p = plan(
        [{"drug": "oxycodone", "dose": 20, "unit": "mg", "times_per_day": 2}],
        rule="nougg2010",
        interval="day",
    )
    assert p.refused is not None
    assert p.refused.code == "rapid_rule_long_term"
    assert ", stepped every day, is too fast for long-term use at 60 MME/day" in (p.refused.message)
    assert p.steps == ()


def test_nothing_to_taper_is_an_error_of_the_medications_field() -> None:
    with pytest.raises(ClinicalInputError) as caught:
        plan([{"drug": "lorazepam", "dose": 1, "unit": "mg", "times_per_day": 2}])
    assert caught.value.code == "taper.nothing_to_taper"
    assert caught.value.field == "medications"


@pytest.mark.parametrize(
    ("row", "strengths"),
    [
        # no release word, twice a day: immediate- and extended-release strengths
        (
            {"drug": "oxycodone", "dose": 20, "unit": "mg", "times_per_day": 2},
            "5, 10, 15, 20, 30, 40, 60, 80 mg",
        ),
        # every 4 hours (6 a day): immediate-release strengths only
        (
            {"drug": "hydromorphone", "dose": 2, "unit": "mg", "times_per_day": 6},
            "1, 2, 4, 8 mg",
        ),
        # as needed: immediate-release strengths only
        (
            {"drug": "oxycodone", "dose": 5, "unit": "mg", "times_per_day": 4, "as_needed": True},
            "5, 10, 20 mg",
        ),
        # a release word: extended-release strengths only
        (
            {
                "drug": "oxycodone",
                "formulation": "controlled-release",
                "dose": 20,
                "unit": "mg",
                "times_per_day": 2,
            },
            "10, 15, 20, 30, 40, 60, 80 mg",
        ),
        # an immediate-release word on a twice-daily row: immediate-release strengths only
        (
            {
                "drug": "oxycodone",
                "formulation": "immediate-release",
                "dose": 20,
                "unit": "mg",
                "times_per_day": 2,
            },
            "5, 10, 20 mg",
        ),
    ],
)
def test_the_strengths_assumed_follow_the_release_and_the_frequency(
    row: dict[str, Any], strengths: str
) -> None:
    p = plan([row])
    drug = row["drug"]
    assert assumed(p) == [
        f"{drug}: no strengths given, so the strengths marketed in Canada were assumed "
        f"({strengths}); give the strengths on hand for a plan that fits them."
    ]


@pytest.mark.parametrize("strengths", [None, [12]])
def test_two_12_patches_are_no_step_down_from_a_25_patch(strengths: list[int] | None) -> None:
    # 12 + 12 is labelled 24 mcg/h but delivers 25 (the 12 patch delivers 12.5): not a cut.
    # The next real step, 25 -> 12 mcg/h, cuts 31.2 of 60 MME/day, far more than 10 %.
    row: dict[str, Any] = {"drug": "fentanyl", "dose": 25, "unit": "mcg/h", "formulation": "patch"}
    if strengths:
        row["strengths"] = strengths
    p = plan([row])
    assert mme(p) == [60]
    assert [w.code for w in p.warnings] == ["step_too_large"]
    assert not p.complete
    assert p.steps[0].note is not None
    assert "25 -> 12 mcg/h" in p.steps[0].note


def test_a_warning_flagging_several_steps_lists_them_in_its_json() -> None:
    # The JSON of a plan-level warning names every step it flags ("steps") after the first
    # ("step"); a warning of no step has neither key.
    flagged = Warning_("step_too_large", "oxycodone: too large", step=3, steps=(3, 5))
    assert flagged.to_dict() == {
        "code": "step_too_large",
        "message": "oxycodone: too large",
        "step": 3,
        "steps": [3, 5],
    }
    assert Warning_("rapid_rule", "words").to_dict() == {"code": "rapid_rule", "message": "words"}
