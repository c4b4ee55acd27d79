"""MME/day against the published factor tables (clinical.md §1.2 CDC 2022, §1.3 CDC 2016 with its
methadone sliding scale, §1.4 the CDC analytic file), the guideposts at 50 and 90 MME/day
(inclusive, §1.7) and the JSON the API and the CLI return. Every expected number is written out
from the reference, not read from the module's tables.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from clinical.mme import MedicationRow, calculate_mme, guideposts_for, methadone_factor

RESULT_KEYS = {
    "table",
    "table_name",
    "table_source",
    "rows",
    "total_mme_per_day",
    "total_computed",
    "total_partial",
    "warnings",
    "excluded",
    "guideposts",
    "caveat",
    "prn_rule",
    "notes",
}
ROW_RESULT_KEYS = {
    "mme_per_day",
    "index",
    "drug_read_as",
    "formulation_read_as",
    "daily_dose",
    "daily_dose_unit",
    "counted_as_needed",
    "factor",
    "table",
    "read_as",
    "notes",
}


def mme(drug: str, daily_mg: Any, table: str = "cdc2022") -> Decimal:
    result = calculate_mme(
        [{"drug": drug, "dose": daily_mg, "unit": "mg", "times_per_day": 1}], table=table
    )
    assert len(result.rows) == 1, result.excluded
    return result.rows[0].mme_per_day


# --- Factor tables -------------------------------------------------------------------------------

CDC2022 = {  # §1.2
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
CDC2016 = {  # §1.3 (methadone: sliding scale, tested below; tramadol absent)
    "codeine": "0.15",
    "hydrocodone": "1",
    "hydromorphone": "4",
    "morphine": "1",
    "oxycodone": "1.5",
    "oxymorphone": "3",
    "tapentadol": "0.4",
}
ANALYTIC_2018 = {  # §1.4, 2018 version, oral products
    "codeine": "0.15",
    "dihydrocodeine": "0.25",
    "hydrocodone": "1",
    "hydromorphone": "4",
    "levorphanol": "11",
    "meperidine": "0.1",
    "methadone": "3",
    "morphine": "1",
    "oxycodone": "1.5",
    "oxymorphone": "3",
    "pentazocine": "0.37",
    "tapentadol": "0.4",
    "tramadol": "0.1",
}


@pytest.mark.parametrize(
    ("table", "drug", "factor"),
    [("cdc2022", d, f) for d, f in CDC2022.items()]
    + [("cdc2016", d, f) for d, f in CDC2016.items()]
    + [("cdc-analytic", d, f) for d, f in ANALYTIC_2018.items()],
)
def test_published_factor(table: str, drug: str, factor: str) -> None:
    result = calculate_mme(
        [{"drug": drug, "dose": 10, "unit": "mg", "times_per_day": 2}], table=table
    )
    (row,) = result.rows
    assert row.factor == Decimal(factor)
    assert row.mme_per_day == 20 * Decimal(factor)
    data = row.to_dict()
    assert data["daily_dose"] == 20
    assert data["daily_dose_unit"] == "mg/day"
    assert Decimal(str(data["factor"])) == Decimal(factor)
    assert data["table"] == table


@pytest.mark.parametrize("table", ["cdc2022", "cdc2016", "cdc-analytic"])
def test_fentanyl_patch_25_mcg_per_hour_is_60_mme(table: str) -> None:
    # clinical.md §1.1 / §1.8: 25 x 2.4 = 60; analytic file 7.2 per patch-day-supply (/ 3)
    result = calculate_mme(
        [{"drug": "fentanyl", "formulation": "patch", "dose": 25, "unit": "mcg/h"}], table=table
    )
    (row,) = result.rows
    assert row.mme_per_day == 60
    assert row.daily_dose_unit == "mcg/h"
    assert row.to_dict()["formulation_read_as"] == "transdermal"


def test_tramadol_has_no_cdc2016_factor() -> None:
    result = calculate_mme(
        [{"drug": "tramadol", "dose": 50, "unit": "mg", "times_per_day": 4}], table="cdc2016"
    )
    assert result.rows == ()
    assert len(result.excluded) == 1


@pytest.mark.parametrize(
    ("regimen", "expected"),
    [
        # §1.8 sourced and computed examples (CDC 2022)
        ({"drug": "hydrocodone", "dose": 5, "unit": "mg", "times_per_day": 4}, 20),
        ({"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 2}, 30),
        ({"drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 4}, 60),
        ({"drug": "morphine", "dose": 30, "unit": "mg", "times_per_day": 2}, 60),
        ({"drug": "hydromorphone", "dose": 2, "unit": "mg", "times_per_day": 4}, 40),
        ({"drug": "tramadol", "dose": 50, "unit": "mg", "times_per_day": 4}, 40),
        ({"drug": "codeine", "dose": 30, "unit": "mg", "times_per_day": 8}, 36),
        ({"drug": "tapentadol", "dose": 100, "unit": "mg", "times_per_day": 2}, 80),
        ({"drug": "oxymorphone", "dose": 10, "unit": "mg", "times_per_day": 2}, 60),
        ({"drug": "methadone", "dose": 10, "unit": "mg", "times_per_day": 3}, 141),
        ({"drug": "fentanyl", "formulation": "patch", "dose": 12, "unit": "mcg/h"}, "28.8"),
        ({"drug": "fentanyl", "formulation": "patch", "dose": 100, "unit": "mcg/h"}, 240),
    ],
)
def test_worked_examples_cdc2022(regimen: dict[str, Any], expected: Any) -> None:
    assert calculate_mme([regimen]).total_mme_per_day == Decimal(str(expected))


# --- CDC 2016 methadone sliding scale (§1.3) -----------------------------------------------------


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
def test_cdc2016_methadone_tiers(daily_mg: str, factor: int) -> None:
    assert methadone_factor(Decimal(daily_mg), table="cdc2016") == factor
    assert mme("methadone", Decimal(daily_mg), "cdc2016") == Decimal(daily_mg) * factor


def test_cdc2016_methadone_below_the_scale_has_no_factor() -> None:
    assert methadone_factor(Decimal("0.5"), table="cdc2016") is None


@pytest.mark.parametrize(("table", "factor"), [("cdc2022", "4.7"), ("cdc-analytic", "3")])
def test_single_methadone_factor(table: str, factor: str) -> None:
    assert methadone_factor(Decimal(30), table=table) == Decimal(factor)
    assert methadone_factor(Decimal(100), table=table) == Decimal(factor)


# --- Guideposts (§1.7: inclusive at 50 and 90) ---------------------------------------------------


def codes(total: Any) -> list[str]:
    return [g.code for g in guideposts_for(Decimal(str(total)))]


def test_guideposts_below_50_none() -> None:
    assert codes("49.99") == []
    assert [
        g.code
        for g in calculate_mme(
            [{"drug": "morphine", "dose": "49.9", "unit": "mg", "times_per_day": 1}]
        ).guideposts
    ] == []


def test_guideposts_at_50_inclusive() -> None:
    assert set(codes(50)) == {"mme-50-cdc2022", "mme-50-canada2017", "naloxone-mme-50"}
    result = calculate_mme([{"drug": "morphine", "dose": 25, "unit": "mg", "times_per_day": 2}])
    assert result.total_mme_per_day == 50
    assert {g.code for g in result.guideposts} == set(codes(50))


def test_guideposts_at_90_inclusive() -> None:
    assert "mme-90-canada2017" not in codes("89.99")
    assert "mme-90-canada2017" in codes(90)
    result = calculate_mme([{"drug": "oxycodone", "dose": 15, "unit": "mg", "times_per_day": 4}])
    assert result.total_mme_per_day == 90
    assert "mme-90-canada2017" in [g.code for g in result.guideposts]


def test_guidepost_json() -> None:
    (g90,) = [g for g in guideposts_for(Decimal(90)) if g.code == "mme-90-canada2017"]
    data = g90.to_dict()
    assert set(data) == {"code", "threshold", "guideline", "text", "source"}
    assert data["threshold"] == 90
    assert data["guideline"] == "Canada 2017"
    assert data["source"].startswith("clinical.md §1.7")
    benzo = guideposts_for(Decimal(0), opioid_with_benzodiazepine=True)
    assert [g.code for g in benzo] == ["opioid-benzodiazepine", "naloxone-benzodiazepine"]
    assert benzo[0].to_dict()["threshold"] is None
    assert benzo[0].to_dict()["source"].startswith("clinical.md §4")
    gaba = guideposts_for(Decimal(0), opioid_with_gabapentinoid=True)
    assert [g.code for g in gaba] == ["opioid-gabapentinoid"]


# --- JSON ----------------------------------------------------------------------------------------


def test_result_json_keys_and_values() -> None:
    rows = [
        {"id": "a", "drug": "oxycodone", "dose": 10, "unit": "mg", "times_per_day": 4},
        {"drug": "lorazepam", "dose": 1, "unit": "mg", "times_per_day": 2},
        {"drug": "fentanyl", "formulation": "patch", "dose": 25, "unit": "mcg/h"},
    ]
    data = calculate_mme(rows).to_dict()
    assert set(data) == RESULT_KEYS
    assert data["table"] == "cdc2022"
    assert data["table_name"] == "CDC 2022 clinical conversion factors"
    assert "2022" in data["table_source"] and "MMWR" in data["table_source"]
    assert data["total_mme_per_day"] == 120
    assert data["total_computed"] is True and data["total_partial"] is False
    assert data["warnings"] == []
    oxy, patch = data["rows"]
    assert set(oxy) == ROW_RESULT_KEYS | {"id", "drug", "dose", "unit", "times_per_day"}
    assert (oxy["id"], oxy["index"], oxy["drug_read_as"]) == ("a", 0, "oxycodone")
    assert (oxy["daily_dose"], oxy["mme_per_day"], oxy["counted_as_needed"]) == (40, 60, False)
    assert oxy["read_as"] is None and oxy["notes"] == []
    assert patch["index"] == 2 and len(patch["notes"]) == 1
    (excluded,) = data["excluded"]
    assert excluded == {
        "index": 1,
        "row": {"drug": "lorazepam", "dose": 1, "unit": "mg", "times_per_day": 2},
        "reason_code": "benzodiazepine",
        "reason": excluded["reason"],
    }
    assert "benzodiazepine" in excluded["reason"]
    assert {g["code"] for g in data["guideposts"]} >= {"mme-90-canada2017", "opioid-benzodiazepine"}
    assert "risk assessment" in data["caveat"]
    assert data["prn_rule"]


def test_warnings_json() -> None:
    data = calculate_mme(
        [{"drug": "morphine", "dose": 100, "unit": "mg", "times_per_day": 12}]
    ).to_dict()
    assert data["warnings"] == [
        {"code": "implausible_dose", "message": data["warnings"][0]["message"]}
    ]
    assert "1200" in data["warnings"][0]["message"]


def test_rows_given_as_mappings_are_echoed_as_given() -> None:
    row = {
        "drug": "morphine",
        "dose": Decimal("7.5"),
        "unit": "mg",
        "times_per_day": 2,
        "strengths": [Decimal("2.5"), 5],
        "purpose": "pain",
    }
    data = calculate_mme([row]).to_dict()["rows"][0]
    assert data["dose"] == 7.5
    assert data["strengths"] == [2.5, 5]
    assert data["purpose"] == "pain"
    assert data["mme_per_day"] == 15


def test_rows_built_in_code_are_shown_by_their_fields() -> None:
    full = MedicationRow(
        drug="morphine",
        dose=Decimal(10),
        unit="mL",
        formulation="oral liquid",
        times_per_day=Decimal(2),
        frequency="BID",
        as_needed=True,
        id=7,
        strengths=(Decimal("2.5"), Decimal(5)),
        purpose="pain",
        concentration=Decimal(1),
    )
    assert full.to_dict() == {
        "id": 7,
        "drug": "morphine",
        "dose": 10,
        "unit": "mL",
        "formulation": "oral liquid",
        "times_per_day": 2,
        "frequency": "BID",
        "as_needed": True,
        "strengths": [2.5, 5],
        "purpose": "pain",
        "concentration": 1,
    }
    assert next(iter(full.to_dict())) == "id"
    bare = MedicationRow(drug="morphine", dose=Decimal(30), unit="mg")
    assert bare.to_dict() == {"drug": "morphine", "dose": 30, "unit": "mg"}


# --- CDC 2016 methadone notes, flags and the combination guideposts ------------------------------


def methadone_2016(daily_mg: str) -> Any:
    return calculate_mme(
        [{"drug": "methadone", "dose": daily_mg, "unit": "mg", "times_per_day": 1}], table="cdc2016"
    )


def test_cdc2016_methadone_notes() -> None:
    (row,) = methadone_2016("30").rows
    assert any("caution with methadone" in n for n in row.notes)  # the CDC caution is kept
    assert "CDC 2016 sliding scale: total methadone 30 mg/day -> factor 8." in row.notes
    assert not any("above the table" in n for n in row.notes)
    (at_80,) = methadone_2016("80").rows
    assert not any("above the table" in n for n in at_80.notes)
    (above,) = methadone_2016("81").rows
    assert any("81 mg/day is above the table" in n for n in above.notes)


def test_cdc2022_methadone_has_no_sliding_scale_note() -> None:
    result = calculate_mme([{"drug": "methadone", "dose": 30, "unit": "mg", "times_per_day": 1}])
    (row,) = result.rows
    assert row.factor == Decimal("4.7")
    assert not any("sliding scale" in n for n in row.notes)


def test_cdc2016_methadone_below_the_scale_is_not_counted() -> None:
    result = methadone_2016("0.5")
    assert result.rows == ()
    (excluded,) = result.excluded
    assert (excluded.index, excluded.reason_code) == (0, "methadone_off_scale")
    assert excluded.row.drug == "methadone"
    assert "starts at 1 mg/day" in excluded.reason


def test_flags_and_combination_guideposts() -> None:
    oxy = {"drug": "oxycodone", "dose": 5, "unit": "mg", "times_per_day": 2}
    gaba = {"drug": "gabapentin", "dose": 300, "unit": "mg", "times_per_day": 3}
    benzo = {"drug": "lorazepam", "dose": 1, "unit": "mg", "times_per_day": 1}
    both = calculate_mme([oxy, gaba])
    assert (both.has_opioid, both.has_gabapentinoid, both.has_benzodiazepine) == (True, True, False)
    assert [g.code for g in both.guideposts] == ["opioid-gabapentinoid"]
    alone = calculate_mme([gaba])
    assert (alone.has_opioid, alone.has_gabapentinoid) == (False, True)
    assert alone.guideposts == ()
    none = calculate_mme([oxy])
    assert (none.has_opioid, none.has_gabapentinoid, none.has_benzodiazepine) == (
        True,
        False,
        False,
    )
    with_benzo = calculate_mme([oxy, benzo])
    assert with_benzo.has_benzodiazepine is True
    assert not any("Buprenorphine" in n for n in with_benzo.notes)


def test_no_factor_lists_every_form_and_table() -> None:
    fentanyl = calculate_mme(
        [{"drug": "fentanyl", "dose": 100, "unit": "mcg", "times_per_day": 2}], table="cdc-analytic"
    )
    (excluded,) = fentanyl.excluded
    assert (
        "it has one for buccal/sublingual tablet or lozenge, film or oral spray, nasal spray"
        in (excluded.reason)
    )
    tramadol = calculate_mme(
        [{"drug": "tramadol", "dose": 50, "unit": "mg", "times_per_day": 4}], table="cdc2016"
    )
    (excluded,) = tramadol.excluded
    assert excluded.reason.endswith("; a factor exists in: cdc2022, cdc-analytic.")
