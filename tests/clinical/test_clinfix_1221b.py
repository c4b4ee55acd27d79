"""clinfix 1221b: a fentanyl patch rate below the smallest patch (12 mcg/h) is refused naming
the unit and the rate likely meant, and no taper plan steps a patch below 12 mcg/h.

The lead's decision (2026-12-06) on the ninth hunt's open point: "0.025 mcg/h" typed for
0.025 mg/h counted 0.06 MME/day, a thousandth of the patch's 60; 69ab432 only warned. The
smallest marketed patch is 12 mcg/h (delivering 12.5), and patches are not cut."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper
from clinical.taper import TAPER_RULES


@pytest.mark.parametrize(
    ("rate", "meant"),
    [
        ("0.025", "0.025 mg/h is 25 mcg/h"),
        ("0.5", "0.025 mg/h is 25 mcg/h"),
        ("11.9", "0.025 mg/h is 25 mcg/h"),
        ("0.0375", "0.0375 mg/h is 37.5 mcg/h"),
        ("0.1", "0.1 mg/h is 100 mcg/h"),
    ],
)
def test_a_patch_rate_below_the_smallest_patch_is_refused_naming_the_unit(
    rate: str, meant: str
) -> None:
    """Before: counted (0.025 mcg/h = 0.06 MME/day) with a warning only."""
    result = calculate_mme([{"drug": "fentanyl", "dose": rate, "unit": "mcg/h"}])
    assert not result.rows and result.total_mme_per_day == 0
    (excluded,) = result.excluded
    assert excluded.reason_code == "unit_mismatch"
    assert f"patch rate of {rate} mcg/h is below the smallest patch (12 mcg/h)" in excluded.reason
    assert meant in excluded.reason


@pytest.mark.parametrize(("rate", "mme"), [("12", "28.8"), ("25", "60"), ("37.5", "90")])
def test_marketed_patch_rates_are_counted_without_a_refusal_or_warning(rate: str, mme: str) -> None:
    result = calculate_mme([{"drug": "fentanyl", "dose": rate, "unit": "mcg/h"}])
    assert not result.excluded
    assert result.total_mme_per_day == Decimal(mme)
    assert not [w for w in result.warnings if "smallest" in str(w)]


def test_a_patch_rate_below_12_is_refused_by_the_taper_plan_too() -> None:
    with pytest.raises(ClinicalInputError) as raised:
        plan_regimen_taper(
            [{"drug": "fentanyl", "dose": "0.025", "unit": "mcg/h"}],
            start_date=dt.date(2026, 1, 5),
        )
    assert "0.025 mg/h is 25 mcg/h" in str(raised.value)


RATES = ["12", "25", "37", "37.5", "50", "62", "75", "87", "100", "125", "150", "200"]
ON_HAND = [None, ["12", "25"], ["12", "25", "50"], ["25", "50", "100"], ["12", "37", "75"]]


@pytest.mark.parametrize("rule", sorted(TAPER_RULES))
def test_no_taper_plan_steps_a_patch_below_12_mcg_per_hour(rule: str) -> None:
    """A hand check found a plan stepping to 10 mcg/h (strengths of 5 and 10 on hand) that
    then failed its own check, a server error; strengths below 12 are refused, and with the
    marketed strengths every step is 0 (stopped) or a rate of 12 or more."""
    seen = 0
    for rate in RATES:
        for strengths in ON_HAND:
            row: dict[str, object] = {"drug": "fentanyl", "dose": rate, "unit": "mcg/h"}
            if strengths is not None:
                row["strengths"] = strengths
            for with_oxycodone in (False, True):
                rows = [row]
                if with_oxycodone:
                    rows.append(
                        {"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": 2}
                    )
                plan = plan_regimen_taper(rows, start_date=dt.date(2026, 1, 5), rule=rule)
                for step in plan.steps:
                    for line in step.doses:
                        if line.unit == "mcg/h":
                            seen += 1
                            assert line.dose == 0 or line.dose >= 12, (rate, strengths, line)
                            assert all(p >= 12 for p in line.patches), (rate, strengths, line)
    if not rule.startswith("cdc2022-acute"):
        assert seen > 0  # the plans were made (not all refused), so the check ran


@pytest.mark.parametrize("small", ["5", "10", "11.9"])
def test_a_patch_strength_below_12_on_hand_is_refused_not_stepped_to(small: str) -> None:
    row = {"drug": "fentanyl", "dose": "25", "unit": "mcg/h", "strengths": [small, "25"]}
    with pytest.raises(ClinicalInputError) as raised:
        plan_regimen_taper([row], start_date=dt.date(2026, 1, 5))
    assert f"strength of {small} mcg/h on hand" in str(raised.value)
