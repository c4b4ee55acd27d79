"""Clinical behaviour of ``calculate_mme`` that a mutation run of ``clinical.mme`` (2026-12-07,
a 1-in-10 sample at dfb9af2) found unchecked, or that stale entries of
``bench/mutation_equivalent.txt`` had hidden (mutmut renumbers a function's mutants when its
source changes, so an entry written for one mutant came to excuse another).

Figures are the CDC 2022 factors (clinical.md §1.2: tapentadol 0.4, methadone 4.7, codeine
0.15); the label maxima and the acetaminophen maximum are the Health Canada monograph values
the module cites (tapentadol extended release 500 mg/day, acetaminophen 4 g/day); the regimens
are invented.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from clinical import ClinicalInputError
from clinical.mme import calculate_mme, methadone_factor


def warnings_of(rows: list[dict[str, Any]]) -> list[str]:
    return [code for code, _ in calculate_mme(rows).warnings]


def test_an_extended_release_form_given_in_the_formulation_field_has_the_er_maximum() -> None:
    # Tapentadol 300 mg BID is 600 mg/day: at the immediate-release maximum (600, not above),
    # above the extended-release one (500). "ER" written in the formulation, not the name.
    er = {"drug": "tapentadol", "formulation": "ER", "dose": 300, "unit": "mg", "frequency": "bid"}
    ir = {"drug": "tapentadol", "dose": 300, "unit": "mg", "frequency": "bid"}
    assert calculate_mme([er]).total_mme_per_day == Decimal(240)  # 600 mg x 0.4
    assert warnings_of([er]) == ["above_label_maximum"]
    assert warnings_of([ir]) == []


def test_methadone_products_sold_for_oat_are_flagged_and_the_analgesic_tablet_is_not() -> None:
    # Methadose and Metadol-D are OAT concentrates; Metadol (no "-D") is the analgesic.
    def flagged(name: str) -> bool:
        rows = [{"drug": name, "dose": 60, "unit": "mg", "frequency": "daily"}]
        result = calculate_mme(rows)
        assert result.total_mme_per_day == Decimal(282)  # 60 mg x 4.7, counted either way
        return "oat_product" in [code for code, _ in result.warnings]

    assert flagged("Methadose")
    assert flagged("Metadol-D")
    assert not flagged("Metadol")


def test_acetaminophen_exactly_at_4_g_a_day_is_not_above_the_maximum() -> None:
    # Tylenol Extra Strength is 500 mg a tablet: 2 tablets QID = 4,000 mg, the maximum itself.
    rows = [{"drug": "Tylenol Extra Strength", "dose": 2, "unit": "tablets", "frequency": "qid"}]
    assert warnings_of(rows) == []
    more = [{**rows[0], "frequency": "q4h"}]  # 6 x 1,000 mg
    assert warnings_of(more) == ["acetaminophen_maximum"]


def test_the_acetaminophen_warning_names_the_rows_as_the_clinician_numbers_them() -> None:
    # 4,000 mg alone + Tylenol No. 3 (300 mg acetaminophen, 30 mg codeine) QID: 5.2 g/day.
    rows = [
        {"drug": "Tylenol Extra Strength", "dose": 2, "unit": "tablets", "frequency": "qid"},
        {"drug": "Tylenol No. 3", "dose": 1, "unit": "tablet", "frequency": "qid"},
    ]
    result = calculate_mme(rows)
    assert result.total_mme_per_day == Decimal(18)  # 120 mg codeine x 0.15
    [(code, message)] = result.warnings
    assert code == "acetaminophen_maximum"
    assert "(rows 1, 2)" in message and "5.2 g/day" in message


def test_a_dose_in_cc_is_refused_as_on_the_do_not_use_list() -> None:
    # ISMP Canada "Do Not Use": cc is mistaken for u (units); mL is asked for, never converted.
    rows = [{"drug": "morphine", "dose": 5, "unit": "cc", "concentration": 1, "frequency": "q4h"}]
    result = calculate_mme(rows)
    assert not result.rows
    [excluded] = result.excluded
    assert excluded.reason_code == "unit_unknown"
    assert "Do Not Use" in excluded.reason and "mL" in excluded.reason


def test_the_strengths_on_hand_are_echoed_as_given() -> None:
    row = {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "bid", "strengths": [5, 10]}
    [counted] = calculate_mme([row]).to_dict()["rows"]
    assert counted["strengths"] == [5, 10]
    assert counted["mme_per_day"] == 20


def test_each_guidepost_names_the_guideline_that_states_it() -> None:
    # clinical.md §1.7: thresholds are shown as guideposts tied to a named guideline.
    rows = [{"drug": "morphine", "dose": 50, "unit": "mg", "frequency": "bid"}]  # 100 MME/day
    guideposts = calculate_mme(rows).to_dict()["guideposts"]
    assert {g["code"]: g["guideline"] for g in guideposts} == {
        "mme-50-cdc2022": "CDC 2022",
        "mme-50-canada2017": "Canada 2017",
        "mme-90-canada2017": "Canada 2017",
        "naloxone-mme-50": "CDC 2022",
    }


def test_a_daily_maximum_in_mg_of_exactly_one_dose_counts_one_dose() -> None:
    # Morphine 10 mg q4h prn, max 10 mg/day: one dose a day at most (clinical.md §1.8: PRN
    # doses count at the maximum), 10 MME/day; 20 mg/day is two doses.
    row = {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "q4h prn max 10 mg/day"}
    assert calculate_mme([row]).total_mme_per_day == Decimal(10)
    twice = {**row, "frequency": "q4h prn max 20 mg/day"}
    assert calculate_mme([twice]).total_mme_per_day == Decimal(20)


def test_a_maximum_in_mg_of_a_combination_tablet_is_never_read_as_doses() -> None:
    # Tylenol No. 3 in tablets, "max 60 mg/day": mg of codeine or of acetaminophen? Refused,
    # and a stray concentration on the tablet row does not turn tablets into mg.
    row = {
        "drug": "Tylenol No. 3",
        "dose": 2,
        "unit": "tablet",
        "frequency": "q4h prn max 60 mg/day",
    }
    for given in (row, {**row, "concentration": 5}):
        result = calculate_mme([given])
        assert not result.rows
        assert [e.reason_code for e in result.excluded] == ["frequency_unknown"]


def test_a_patch_rate_below_the_smallest_patch_asks_for_the_rate_in_mcg_per_hour() -> None:
    # 0.025 is a rate in mg/h (25 mcg/h); the smallest fentanyl patch is 12 mcg/h.
    rows = [{"drug": "fentanyl", "formulation": "patch", "dose": "0.025", "unit": "mcg/h"}]
    result = calculate_mme(rows)
    assert not result.rows
    [excluded] = result.excluded
    assert excluded.reason_code == "unit_mismatch"
    assert "0.025 mg/h is 25 mcg/h" in excluded.reason
    assert excluded.reason.endswith("Give the rate printed on the patch, in mcg/h.")


def test_a_methadone_dose_that_is_no_number_is_refused_naming_the_daily_dose() -> None:
    # CDC 2016 sliding scale (clinical.md §1.3): 30 mg/day is the 21-40 tier (x8).
    assert methadone_factor(Decimal(30), table="cdc2016") == Decimal(8)
    with pytest.raises(ClinicalInputError) as refused:
        methadone_factor("thirty", table="cdc2016")  # type: ignore[arg-type]
    assert refused.value.code == "mme.invalid_number"
    assert refused.value.field == "daily_dose_mg"
