"""MME calculator: worked examples and factors pinned to clinical.md §1 (not to web calculators)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from clinical import ClinicalInputError, MedicationRow, calculate_mme, factor_for, get_table
from clinical.drugs import Form
from clinical.mme import (
    BUPRENORPHINE_NOTE,
    CONVERSION_CAVEAT,
    PRN_RULE,
    guideposts_for,
    methadone_factor,
)


def row(drug: str, dose: Any, unit: str = "mg", **extra: Any) -> dict[str, Any]:
    return {"drug": drug, "dose": dose, "unit": unit, **extra}


def total(*rows: dict[str, Any], table: str = "cdc2022") -> Decimal:
    return calculate_mme(list(rows), table=table).total_mme_per_day


# --- §1.8 worked examples ------------------------------------------------------------------------


def test_oxycodone_10_mg_four_times_daily_is_60_mme() -> None:
    result = calculate_mme([row("oxycodone", 10, times_per_day=4)])
    assert result.total_mme_per_day == Decimal(60)
    (counted,) = result.rows
    assert counted.daily_dose == Decimal(40)
    assert counted.factor == Decimal("1.5")


def test_fentanyl_patch_25_mcg_per_hour_is_60_mme() -> None:
    result = calculate_mme([row("fentanyl", 25, "mcg/h", formulation="transdermal")])
    assert result.total_mme_per_day == Decimal(60)


@pytest.mark.parametrize(
    ("rows", "expected_2022", "expected_2016"),
    [
        # sourced: CDC 2022 table footnote [GRPH][MSCP]
        ([row("hydrocodone", 5, times_per_day=4)], "20", "20"),
        ([row("oxycodone", 10, formulation="ER", times_per_day=2)], "30", "30"),
        # _COMPUTED_ table of §1.8
        ([row("oxycodone", 10, frequency="QID")], "60", "60"),
        ([row("morphine", 30, frequency="BID")], "60", "60"),
        ([row("hydromorphone", 2, frequency="QID")], "40", "32"),
        ([row("codeine", 30, times_per_day=8)], "36", "36"),
        ([row("tapentadol", 100, frequency="BID")], "80", "80"),
        ([row("oxymorphone", 10, frequency="BID")], "60", "60"),
        ([row("methadone", 10, frequency="TID")], "141", "240"),
        ([row("fentanyl", 12, "mcg/h")], "28.8", "28.8"),
        ([row("fentanyl", 50, "mcg/h")], "120", "120"),
        ([row("fentanyl", 100, "mcg/h")], "240", "240"),
        ([row("oxycodone", 10, frequency="QID"), row("fentanyl", 25, "mcg/h")], "120", "120"),
    ],
)
def test_worked_examples_of_section_1_8(
    rows: list[dict[str, Any]], expected_2022: str, expected_2016: str
) -> None:
    assert total(*rows, table="cdc2022") == Decimal(expected_2022)
    assert total(*rows, table="cdc2016") == Decimal(expected_2016)


def test_tramadol_50_mg_qid_is_40_with_2022_and_20_with_the_analytic_file_and_absent_in_2016() -> (
    None
):
    tramadol = row("tramadol", 50, frequency="QID")
    assert total(tramadol) == Decimal(40)
    assert total(tramadol, table="cdc-analytic") == Decimal(20)
    result = calculate_mme([tramadol], table="cdc2016")
    assert result.total_mme_per_day == 0
    assert result.excluded[0].reason_code == "no_factor"
    assert "cdc2022" in result.excluded[0].reason


def test_fentanyl_12_mcg_per_hour_is_exact_in_decimal() -> None:
    # §1.8: 12 x 2.4 in binary floating point is 28.799999...
    result = calculate_mme([row("fentanyl", 12, "mcg/h")])
    assert result.rows[0].mme_per_day == Decimal("28.8")
    assert result.to_dict()["rows"][0]["mme_per_day"] == 28.8


def test_analytic_patch_factor_is_per_patch_day_supply() -> None:
    # §1.1 [CDC-DF-2018]: 25 mcg/h x (10 patches / 30 days) x 7.2 = 60: one patch per 3 days.
    result = calculate_mme([row("fentanyl", 25, "mcg/h")], table="cdc-analytic")
    assert result.total_mme_per_day == Decimal(60)
    assert result.rows[0].factor == Decimal("7.2")


# --- Factors spot-checked against the reference tables -------------------------------------------

CDC2022_FACTORS = {  # §1.2
    "codeine": "0.15",
    "hydrocodone": "1.0",
    "hydromorphone": "5.0",
    "methadone": "4.7",
    "morphine": "1.0",
    "oxycodone": "1.5",
    "oxymorphone": "3.0",
    "tapentadol": "0.4",
    "tramadol": "0.2",
}
CDC2016_FACTORS = {  # §1.3 (methadone: sliding scale, tested below)
    "codeine": "0.15",
    "hydrocodone": "1",
    "hydromorphone": "4",
    "morphine": "1",
    "oxycodone": "1.5",
    "oxymorphone": "3",
    "tapentadol": "0.4",
}
ANALYTIC_FACTORS = {  # §1.4, 2018 version
    "codeine": "0.15",
    "dihydrocodeine": "0.25",
    "hydrocodone": "1",
    "hydromorphone": "4",
    "levomethadyl": "8",
    "levorphanol": "11",
    "meperidine": "0.1",
    "methadone": "3",
    "morphine": "1",
    "opium": "1",
    "oxycodone": "1.5",
    "oxymorphone": "3",
    "pentazocine": "0.37",
    "tapentadol": "0.4",
    "tramadol": "0.1",
}


@pytest.mark.parametrize(
    ("table", "factors"),
    [
        ("cdc2022", CDC2022_FACTORS),
        ("cdc2016", CDC2016_FACTORS),
        ("cdc-analytic", ANALYTIC_FACTORS),
    ],
)
def test_oral_factors_match_the_reference(table: str, factors: dict[str, str]) -> None:
    for drug, value in factors.items():
        factor = factor_for(drug, Form.ORAL, table=table)
        assert factor is not None, drug
        assert factor.value == Decimal(value), drug
        assert factor.unit == "mg"
        # and through the calculator: 1 mg once a day = the factor
        assert total(row(drug, 1, times_per_day=1), table=table) == Decimal(value), drug


@pytest.mark.parametrize(
    ("form", "value", "unit"),
    [
        (Form.TRANSDERMAL, "7.2", "mcg/h"),
        (Form.TRANSMUCOSAL_TABLET, "0.13", "mcg"),
        (Form.FILM_OR_ORAL_SPRAY, "0.18", "mcg"),
        (Form.NASAL_SPRAY, "0.16", "mcg"),
    ],
)
def test_analytic_fentanyl_factors(form: Form, value: str, unit: str) -> None:
    factor = factor_for("fentanyl", form, table="cdc-analytic")
    assert factor is not None
    assert (factor.value, factor.unit) == (Decimal(value), unit)


def test_fentanyl_patch_factor_is_2_4_in_both_clinical_tables() -> None:
    for table in ("cdc2022", "cdc2016"):
        factor = factor_for("fentanyl", Form.TRANSDERMAL, table=table)
        assert factor is not None
        assert (factor.value, factor.unit) == (Decimal("2.4"), "mcg/h")


def test_butorphanol_spray_from_the_analytic_file() -> None:
    # §1.8 [CDC-DF-2018]: 10 mg/mL x 2.5 mL / 30 days x 7 = 5.8 MME/day; here: 1 mg a day x 7.
    result = calculate_mme(
        [row("butorphanol", 1, formulation="nasal spray", times_per_day=1)], table="cdc-analytic"
    )
    assert result.total_mme_per_day == Decimal(7)


@pytest.mark.parametrize("drug", ["meperidine", "levorphanol", "pentazocine", "opium"])
def test_drugs_missing_from_the_2022_table_are_excluded_with_a_pointer(drug: str) -> None:
    result = calculate_mme([row(drug, 10, times_per_day=2)])
    assert result.total_mme_per_day == 0
    (excluded,) = result.excluded
    assert excluded.reason_code == "no_factor"
    assert "cdc-analytic" in excluded.reason


def test_transmucosal_fentanyl_has_no_clinical_factor() -> None:
    result = calculate_mme([row("fentanyl", 200, "mcg", formulation="buccal", times_per_day=2)])
    assert result.excluded[0].reason_code == "no_factor"
    analytic = calculate_mme(
        [row("fentanyl", 200, "mcg", formulation="buccal", times_per_day=2)], table="cdc-analytic"
    )
    assert analytic.total_mme_per_day == Decimal(52)  # 400 mcg x 0.13


def test_unknown_table_is_refused() -> None:
    with pytest.raises(ClinicalInputError) as error:
        calculate_mme([], table="cdc2030")
    assert error.value.code == "mme.unknown_table"


def test_result_names_its_table() -> None:
    result = calculate_mme([row("morphine", 10, times_per_day=1)], table="cdc2016")
    data = result.to_dict()
    assert data["table"] == "cdc2016"
    assert "2016" in data["table_name"]
    assert get_table("cdc2016").name == data["table_name"]


# --- Methadone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("daily_mg", "factor"),
    [
        ("1", 4),
        ("20", 4),
        ("20.5", 8),
        ("21", 8),
        ("40", 8),
        ("41", 10),
        ("60", 10),
        ("61", 12),
        ("80", 12),
        ("120", 12),
    ],
)
def test_cdc2016_methadone_sliding_scale(daily_mg: str, factor: int) -> None:
    assert methadone_factor(Decimal(daily_mg), table="cdc2016") == Decimal(factor)
    result = calculate_mme([row("methadone", daily_mg, times_per_day=1)], table="cdc2016")
    assert result.total_mme_per_day == Decimal(daily_mg) * factor


def test_cdc2016_methadone_below_1_mg_per_day_is_off_the_scale() -> None:
    result = calculate_mme([row("methadone", "0.5", times_per_day=1)], table="cdc2016")
    assert result.total_mme_per_day == 0
    assert result.excluded[0].reason_code == "methadone_off_scale"


def test_cdc2016_methadone_tier_uses_the_total_methadone_daily_dose() -> None:
    # 10 mg + 20 mg = 30 mg/day -> factor 8 for both rows (not 4 for each alone).
    result = calculate_mme(
        [row("methadone", 10, times_per_day=1), row("methadone", 20, times_per_day=1)],
        table="cdc2016",
    )
    assert [r.factor for r in result.rows] == [Decimal(8), Decimal(8)]
    assert result.total_mme_per_day == Decimal(240)


@pytest.mark.parametrize("daily_mg", ["1", "30", "61", "200"])
def test_cdc2022_methadone_is_a_single_factor(daily_mg: str) -> None:
    assert methadone_factor(Decimal(daily_mg), table="cdc2022") == Decimal("4.7")
    assert methadone_factor(Decimal(daily_mg), table="cdc-analytic") == Decimal(3)


def test_methadone_rows_carry_the_caution() -> None:
    result = calculate_mme([row("methadone", 5, times_per_day=2)])
    assert any("long and variable half-life" in note for note in result.rows[0].notes)


# --- Buprenorphine, non-opioids, combination products, unknown drugs -----------------------------


@pytest.mark.parametrize("table", ["cdc2022", "cdc2016", "cdc-analytic"])
@pytest.mark.parametrize(
    ("drug", "dose", "unit", "formulation"),
    [
        ("buprenorphine", 8, "mg", "sublingual"),
        ("Butrans", 10, "mcg/h", "transdermal"),
        ("Suboxone", 8, "mg", None),
        ("buprenorphine/naloxone", 8, "mg", None),
    ],
)
def test_buprenorphine_is_excluded_with_a_visible_note(
    table: str, drug: str, dose: int, unit: str, formulation: str | None
) -> None:
    result = calculate_mme(
        [row(drug, dose, unit, formulation=formulation, times_per_day=1)], table=table
    )
    assert result.total_mme_per_day == 0
    (excluded,) = result.excluded
    assert excluded.reason_code == "buprenorphine"
    assert "partial" in excluded.reason
    assert BUPRENORPHINE_NOTE in result.notes


def test_benzodiazepine_is_excluded_but_recognised() -> None:
    result = calculate_mme([row("lorazepam", 1, times_per_day=2)])
    assert result.excluded[0].reason_code == "benzodiazepine"
    assert result.has_benzodiazepine
    assert not result.has_opioid


@pytest.mark.parametrize("drug", ["Percocet", "hydrocodone/acetaminophen", "Tylenol #3", "Norco"])
def test_combination_products_ask_for_the_opioid_component(drug: str) -> None:
    result = calculate_mme([row(drug, 325, times_per_day=4)])
    assert result.total_mme_per_day == 0
    assert result.excluded[0].reason_code == "combination"
    assert "opioid component" in result.excluded[0].reason


@pytest.mark.parametrize(
    ("drug", "reason"),
    [
        ("acetaminophen", "not a recognised opioid"),
        ("oxycodon", "not a recognised opioid"),
        ("oxycodone foo", "'foo', which is not recognised"),
    ],
)
def test_unknown_drugs_are_excluded_with_a_reason(drug: str, reason: str) -> None:
    result = calculate_mme([row(drug, 10, times_per_day=1)])
    assert result.total_mme_per_day == 0
    assert result.excluded[0].reason_code == "unknown_drug"
    assert reason in result.excluded[0].reason


@pytest.mark.parametrize(
    ("name", "drug"),
    [
        ("OxyContin", "oxycodone"),
        ("oxycodone hydrochloride", "oxycodone"),
        ("Oxycodone HCl ER", "oxycodone"),
        ("Dilaudid", "hydromorphone"),
        ("MS Contin", "morphine"),
        ("morphine sulfate", "morphine"),
        ("Nucynta ER", "tapentadol"),
        ("Ultram", "tramadol"),
        ("Dolophine", "methadone"),
        ("hydrocodone bitartrate", "hydrocodone"),
        ("HYSINGLA ER", "hydrocodone"),
    ],
)
def test_synonyms_and_brands_are_read(name: str, drug: str) -> None:
    result = calculate_mme([row(name, 10, times_per_day=2)])
    assert result.rows[0].drug == drug
    assert result.total_mme_per_day == Decimal(20) * Decimal(CDC2022_FACTORS[drug])


def test_pethidine_is_meperidine() -> None:
    result = calculate_mme([row("pethidine", 50, times_per_day=2)], table="cdc-analytic")
    assert result.rows[0].drug == "meperidine"
    assert result.total_mme_per_day == Decimal(10)


def test_duragesic_is_a_fentanyl_patch() -> None:
    result = calculate_mme([row("Duragesic", 25, "mcg/h")])
    assert result.total_mme_per_day == Decimal(60)
    contradicted = calculate_mme([row("Duragesic", 25, "mcg/h", formulation="oral")])
    assert contradicted.excluded[0].reason_code == "formulation_mismatch"


# --- Units never mix -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_row", "code"),
    [
        (row("fentanyl", 25, "mg", formulation="transdermal"), "unit_mismatch"),
        (row("fentanyl", 25, "mcg", formulation="patch"), "unit_mismatch"),
        (row("oxycodone", 10, "mcg/h", times_per_day=4), "unit_mismatch"),
        (row("oxycodone", 10000, "mcg", times_per_day=4), "unit_mismatch"),
        (row("morphine", 1, "g", times_per_day=1), "unit_unknown"),
        (row("morphine", 10, "mg/day"), "unit_unknown"),
        (row("morphine", 10, "mL", times_per_day=1), "concentration_missing"),
    ],
)
def test_a_unit_that_does_not_fit_is_refused_not_converted(
    bad_row: dict[str, Any], code: str
) -> None:
    result = calculate_mme([bad_row])
    assert result.rows == ()
    assert result.total_mme_per_day == 0
    (excluded,) = result.excluded
    assert excluded.reason_code == code
    assert "never converted" in excluded.reason


def test_bare_fentanyl_in_mcg_per_hour_is_read_as_a_patch_but_in_mg_is_refused() -> None:
    assert total(row("fentanyl", 25, "mcg/h")) == Decimal(60)
    result = calculate_mme([row("fentanyl", 25, "mg", times_per_day=1)])
    assert result.excluded[0].reason_code == "no_factor"


def test_parenteral_doses_are_refused() -> None:
    result = calculate_mme([row("morphine", 5, formulation="IV", times_per_day=4)])
    assert result.excluded[0].reason_code == "parenteral"


def test_unrecognised_formulation_is_refused() -> None:
    result = calculate_mme([row("morphine", 5, formulation="suppository", times_per_day=4)])
    assert result.excluded[0].reason_code == "formulation_unknown"


@pytest.mark.parametrize("unit", ["mcg/hr", "µg/h", "mcg/hour", "MCG/H"])
def test_patch_unit_spellings(unit: str) -> None:
    assert total(row("fentanyl", 25, unit, formulation="patch")) == Decimal(60)


def test_patch_with_a_frequency_is_refused() -> None:
    result = calculate_mme([row("fentanyl", 25, "mcg/h", times_per_day=1)])
    assert result.excluded[0].reason_code == "frequency_not_applicable"


# --- Frequency and PRN ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "per_day"),
    [
        ("daily", 1),
        ("OD", 1),
        ("b.i.d.", 2),
        ("TID", 3),
        ("qid", 4),
        ("q4h", 6),
        ("q6h", 4),
        ("q8h", 3),
        ("q12h", 2),
        ("q4-6h prn", 6),
    ],
)
def test_frequencies(frequency: str, per_day: int) -> None:
    assert total(row("morphine", 10, frequency=frequency)) == Decimal(10 * per_day)


def test_prn_row_counts_at_the_maximum_and_states_the_rule() -> None:
    result = calculate_mme([row("oxycodone", 5, times_per_day=6, as_needed=True)])
    assert result.total_mme_per_day == Decimal(45)
    assert PRN_RULE in result.notes
    assert PRN_RULE in result.rows[0].notes
    assert result.to_dict()["prn_rule"] == PRN_RULE


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({}, "frequency_missing"),
        ({"frequency": "q5h"}, "frequency_unknown"),
        ({"frequency": "sometimes"}, "frequency_unknown"),
        ({"frequency": "BID", "times_per_day": 3}, "frequency_conflict"),
    ],
)
def test_frequency_problems_exclude_the_row(extra: dict[str, Any], code: str) -> None:
    result = calculate_mme([row("morphine", 10, **extra)])
    assert result.excluded[0].reason_code == code


# --- Guideposts ----------------------------------------------------------------------------------


def codes(result_total: str, *, benzo: bool = False) -> set[str]:
    return {g.code for g in guideposts_for(Decimal(result_total), opioid_with_benzodiazepine=benzo)}


def test_guideposts_at_49_50_89_90() -> None:
    assert codes("49") == set()
    assert codes("49.9") == set()
    assert codes("50") == {"mme-50-cdc2022", "mme-50-canada2017", "naloxone-mme-50"}
    assert codes("89") == {"mme-50-cdc2022", "mme-50-canada2017", "naloxone-mme-50"}
    assert codes("90") == {
        "mme-50-cdc2022",
        "mme-50-canada2017",
        "naloxone-mme-50",
        "mme-90-canada2017",
    }


@pytest.mark.parametrize(
    ("morphine_mg", "reached"),
    [(49, set()), (50, {50}), (89, {50}), (90, {50, 90})],
)
def test_guideposts_from_a_calculation(morphine_mg: int, reached: set[int]) -> None:
    result = calculate_mme([row("morphine", morphine_mg, times_per_day=1)])
    assert {int(g.threshold) for g in result.guideposts if g.threshold is not None} == reached


def test_every_guidepost_names_its_guideline_and_says_it_is_not_a_limit() -> None:
    for guidepost in guideposts_for(Decimal(500), opioid_with_benzodiazepine=True):
        assert guidepost.guideline in {"CDC 2022", "Canada 2017"}
        assert "not a limit" in guidepost.text
        assert guidepost.source.startswith("clinical.md")
        data = guidepost.to_dict()
        assert set(data) >= {"code", "threshold", "guideline", "text"}


def test_opioid_with_benzodiazepine_raises_the_combination_guideposts() -> None:
    result = calculate_mme(
        [row("oxycodone", 5, times_per_day=2), row("Xanax", "0.5", times_per_day=2)]
    )
    assert result.total_mme_per_day == Decimal(15)
    assert {g.code for g in result.guideposts} == {
        "opioid-benzodiazepine",
        "naloxone-benzodiazepine",
    }
    assert next(g for g in result.guideposts if g.code == "opioid-benzodiazepine").threshold is None


def test_benzodiazepine_alone_or_opioid_alone_raise_no_combination_guidepost() -> None:
    assert calculate_mme([row("diazepam", 5, times_per_day=2)]).guideposts == ()
    assert calculate_mme([row("morphine", 5, times_per_day=2)]).guideposts == ()


def test_buprenorphine_with_benzodiazepine_still_raises_the_combination_guidepost() -> None:
    result = calculate_mme(
        [row("buprenorphine", 8, times_per_day=1), row("clonazepam", 1, times_per_day=1)]
    )
    assert "opioid-benzodiazepine" in {g.code for g in result.guideposts}


def test_uncounted_rows_are_called_out_in_the_notes() -> None:
    result = calculate_mme(
        [row("morphine", 60, times_per_day=1), row("mystery", 1, times_per_day=1)]
    )
    assert any("could not be counted" in note for note in result.notes)


# --- Caveat and input validation -----------------------------------------------------------------


def test_result_always_carries_the_conversion_caveat() -> None:
    result = calculate_mme([])
    assert result.caveat == CONVERSION_CAVEAT
    assert "never a conversion between opioids" in result.to_dict()["caveat"]
    assert result.total_mme_per_day == 0


def test_analytic_table_carries_its_own_caveat() -> None:
    result = calculate_mme([], table="cdc-analytic")
    assert any("analytic purposes" in note for note in result.notes)


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ({"dose": 10, "unit": "mg"}, "mme.missing_field"),
        ({"drug": "morphine", "unit": "mg"}, "mme.missing_field"),
        (row("morphine", -5, times_per_day=1), "mme.not_positive"),
        (row("morphine", 0, times_per_day=1), "mme.not_positive"),
        (row("morphine", "ten", times_per_day=1), "mme.invalid_number"),
        (row("morphine", True, times_per_day=1), "mme.invalid_number"),
        (row("morphine", float("nan"), times_per_day=1), "mme.invalid_number"),
        (row("morphine", 10, times_per_day=0), "mme.not_positive"),
        (row("morphine", 10, times_per_day=1, as_needed="yes"), "mme.invalid_as_needed"),
        (row("morphine", 10, times_a_day=1), "mme.unknown_field"),
        (row("", 10, times_per_day=1), "mme.invalid_text"),
    ],
)
def test_badly_shaped_rows_raise_with_a_stable_code(bad: dict[str, Any], code: str) -> None:
    with pytest.raises(ClinicalInputError) as error:
        calculate_mme([bad])
    assert error.value.code == code
    assert error.value.field is not None and error.value.field.startswith("rows[0]")


def test_rows_must_be_a_list() -> None:
    with pytest.raises(ClinicalInputError) as error:
        calculate_mme({"drug": "morphine"})  # type: ignore[arg-type]
    assert error.value.code == "mme.rows_not_list"


def test_medication_row_objects_are_accepted() -> None:
    rows = [MedicationRow(drug="morphine", dose=Decimal(30), unit="mg", times_per_day=Decimal(2))]
    result = calculate_mme(rows)
    assert result.total_mme_per_day == Decimal(60)
    assert result.to_dict()["rows"][0]["drug"] == "morphine"


def test_float_doses_are_read_exactly() -> None:
    assert total(row("hydromorphone", 0.1, times_per_day=3)) == Decimal("1.5")


def test_row_id_is_echoed() -> None:
    data = calculate_mme([row("morphine", 10, times_per_day=1, id="med-1")]).to_dict()
    assert data["rows"][0]["id"] == "med-1"


@pytest.mark.parametrize(
    "benzodiazepine", ["chlordiazepoxide/clidinium", "Klonopin", "alprazolam ER", "Ativan"]
)
def test_benzodiazepine_named_anywhere_raises_the_combination_guidepost(
    benzodiazepine: str,
) -> None:
    result = calculate_mme(
        [row("morphine", 10, times_per_day=1), row(benzodiazepine, 1, times_per_day=1)]
    )
    assert "opioid-benzodiazepine" in {g.code for g in result.guideposts}


def test_refused_opioid_combination_still_counts_as_an_opioid_for_the_benzo_guidepost() -> None:
    result = calculate_mme(
        [row("Percocet", 5, times_per_day=4), row("diazepam", 5, times_per_day=1)]
    )
    assert result.total_mme_per_day == 0
    assert "opioid-benzodiazepine" in {g.code for g in result.guideposts}


def test_a_changed_global_decimal_context_does_not_change_results() -> None:
    import decimal

    with decimal.localcontext() as context:
        context.prec = 2
        assert total(row("fentanyl", 37, "mcg/h")) == Decimal("88.8")


def test_a_known_drug_with_extra_words_is_refused_with_the_words_named() -> None:
    result = calculate_mme([row("MS Contin 30", 30, times_per_day=2)])
    (excluded,) = result.excluded
    assert excluded.reason_code == "unknown_drug"
    assert "names morphine" in excluded.reason
    assert "'30'" in excluded.reason
