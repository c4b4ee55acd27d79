"""Rows the calculator does not count, by their stable ``reason_code``, and combination tablets
counted as their opioid component only (Tylenol No. 3: codeine 30 mg a tablet; CDC 2022 codeine
0.15, clinical.md §1.2; as-needed doses at the maximum frequency, §1.8)."""

from __future__ import annotations

from typing import Any

import pytest

from clinical.mme import calculate_mme


def test_tylenol_3_as_needed_counts_codeine_at_the_maximum_frequency() -> None:
    # 2 tablets q4h prn = 6 doses x 60 mg codeine = 360 mg/day x 0.15 = 54 MME/day
    result = calculate_mme(
        [{"drug": "Tylenol #3", "dose": 2, "unit": "tablets", "frequency": "q4h prn"}]
    )
    (row,) = result.rows
    assert row.mme_per_day == 54
    assert row.drug == "codeine"
    assert row.as_needed is True
    assert row.read_as == (
        "Tylenol #3: codeine 30 mg per tablet with acetaminophen: 2 tablet(s) a dose = 60 mg of "
        "codeine"
    )
    assert row.to_dict()["counted_as_needed"] is True
    assert row.dose_per_administration == 60 and row.times_per_day == 6


def test_tablet_units_are_read_without_spaces() -> None:
    result = calculate_mme(
        [{"drug": "Tylenol #3", "dose": 1, "unit": " Tab lets ", "times_per_day": 4}]
    )
    (row,) = result.rows
    assert row.mme_per_day == 18  # 4 x 30 mg x 0.15
    assert row.as_needed is False


def test_a_scheduled_frequency_is_not_as_needed() -> None:
    result = calculate_mme(
        [{"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "bid", "times_per_day": 2}]
    )
    (row,) = result.rows
    assert (row.mme_per_day, row.as_needed) == (15, False)


@pytest.mark.parametrize(
    ("row", "table", "code", "words"),
    [
        (
            {"drug": "Vicodin", "dose": 1, "unit": "tablet", "times_per_day": 4},
            "cdc2022",
            "combination_strength_unknown",
            "'Vicodin'",
        ),
        (
            {"drug": "oxycodone", "dose": 2, "unit": "tablets", "times_per_day": 4},
            "cdc2022",
            "unit_tablet",
            "'oxycodone'",
        ),
        (
            {"drug": "Tramacet", "dose": 1, "unit": "tablet", "times_per_day": 4},
            "cdc2016",
            "no_factor",
            "tramadol",
        ),
        (
            {"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "sometimes"},
            "cdc2022",
            "frequency_unknown",
            "'sometimes'",
        ),
        (
            {"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "BID", "times_per_day": 3},
            "cdc2022",
            "frequency_conflict",
            "(2 a day)",
        ),
        ({"drug": "oxycodone", "dose": 5, "unit": "mg"}, "cdc2022", "frequency_missing", ""),
        (
            {"drug": "oxycodone tea", "dose": 5, "unit": "mg", "times_per_day": 2},
            "cdc2022",
            "unknown_drug",
            "'tea'",
        ),
        (
            {"drug": "zzz", "dose": 5, "unit": "mg", "times_per_day": 2},
            "cdc2022",
            "unknown_drug",
            "'zzz' is not a recognised opioid",
        ),
        (
            {
                "drug": "fentanyl",
                "formulation": "buccal",
                "dose": 100,
                "unit": "mcg",
                "times_per_day": 2,
            },
            "cdc2022",
            "no_factor",
            "it has one for transdermal",
        ),
        (
            {
                "drug": "morphine",
                "formulation": "injection",
                "dose": 5,
                "unit": "mg",
                "times_per_day": 2,
            },
            "cdc2022",
            "parenteral",
            "",
        ),
        (
            {
                "drug": "morphine",
                "formulation": "sparkly",
                "dose": 5,
                "unit": "mg",
                "times_per_day": 2,
            },
            "cdc2022",
            "formulation_unknown",
            "'sparkly'",
        ),
        (
            {"drug": "morphine", "dose": 5, "unit": "mL", "times_per_day": 2},
            "cdc2022",
            "concentration_missing",
            "",
        ),
        (
            {"drug": "Percocet", "dose": 1, "unit": "mg", "times_per_day": 2},
            "cdc2022",
            "combination",
            "'Percocet'",
        ),
        (
            {"drug": "fentanyl", "formulation": "patch", "dose": 25, "unit": "mg"},
            "cdc2022",
            "unit_mismatch",
            "mcg/h",
        ),
        (
            {"drug": "lorazepam", "dose": 1, "unit": "mg", "times_per_day": 2},
            "cdc2022",
            "benzodiazepine",
            "'lorazepam'",
        ),
        (
            {"drug": "pregabalin", "dose": 75, "unit": "mg", "times_per_day": 2},
            "cdc2022",
            "gabapentinoid",
            "'pregabalin'",
        ),
    ],
)
def test_not_counted(row: dict[str, Any], table: str, code: str, words: str) -> None:
    result = calculate_mme([row], table=table)
    assert result.rows == ()
    (excluded,) = result.excluded
    assert excluded.reason_code == code
    assert words in excluded.reason
    assert excluded.to_dict()["reason_code"] == code


def test_an_uncounted_opioid_makes_the_total_partial_or_not_computed() -> None:
    counted = {"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2}
    uncounted = {"drug": "oxycodone", "dose": 5, "unit": "mg"}
    both = calculate_mme([counted, uncounted]).to_dict()
    assert (both["total_computed"], both["total_partial"]) == (True, True)
    alone = calculate_mme([uncounted]).to_dict()
    assert (alone["total_computed"], alone["total_partial"]) == (False, False)
    benzo_only = calculate_mme([{"drug": "lorazepam", "dose": 1, "unit": "mg", "times_per_day": 1}])
    assert benzo_only.computed is True and benzo_only.partial is False


def test_rows_read_with_their_notes() -> None:
    result = calculate_mme(
        [
            {
                "drug": "fentanyl",
                "formulation": "buccal",
                "dose": 100,
                "unit": "mcg",
                "times_per_day": 2,
            },
            {"drug": "morphine", "dose": 5, "unit": "mL", "concentration": 2, "times_per_day": 2},
            {"drug": "MS Contin", "dose": 15, "unit": "mg", "times_per_day": 2},
            {
                "drug": "fentanyl",
                "formulation": "patch",
                "dose": 25,
                "unit": "mcg/h",
                "as_needed": True,
            },
            {"drug": "fentanyl patch", "dose": 25, "unit": "mcg/h"},
            {"drug": "Duragesic", "formulation": "tablet", "dose": 25, "unit": "mcg/h"},
        ]
    )
    liquid, brand, patch = result.rows
    assert (liquid.index, liquid.mme_per_day) == (1, 20)
    assert liquid.read_as == "5 mL x 2 mg/mL = 10 mg of morphine a dose"
    assert liquid.notes == (
        "Oral liquid: 5 mL x 2 mg/mL = 10 mg of morphine a dose; confirm the concentration.",
    )
    assert (brand.index, brand.drug, brand.mme_per_day) == (2, "morphine", 30)
    assert brand.notes == ("'MS Contin' read as morphine.",)
    assert (patch.index, patch.mme_per_day, patch.as_needed) == (4, 60, False)
    assert patch.to_dict()["counted_as_needed"] is False
    buccal, prn_patch, duragesic = result.excluded
    assert buccal.reason == (
        "CDC 2022 clinical conversion factors has no factor for fentanyl (buccal/sublingual "
        "tablet or lozenge); it has one for transdermal (state the formulation); a factor "
        "exists in: cdc-analytic."
    )
    assert prn_patch.reason_code == "frequency_not_applicable"
    assert duragesic.reason_code == "formulation_mismatch"
    assert duragesic.reason.startswith("'Duragesic' is a transdermal product")
