"""Medication rows as the forms and the API send them: each refusal's ``code`` and ``field``
(``rows[i].name``, what a form highlights), empty optional fields read as not given, and the
soft warnings for implausible rows by code and row number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from clinical import ClinicalInputError
from clinical.mme import calculate_mme

BASE = {"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 2}


@pytest.mark.parametrize(
    ("rows", "code", "field", "words"),
    [
        (["x"], "mme.row_not_object", None, "rows[0] must be an object"),
        (
            [{**BASE, "colour": "red"}],
            "mme.unknown_field",
            "rows[0].colour",
            "unknown field(s) colour; allowed: as_needed, concentration, dose, drug",
        ),
        ([{"dose": 1, "unit": "mg"}], "mme.missing_field", "rows[0].drug", "rows[0] needs drug"),
        ([{**BASE, "drug": "  "}], "mme.invalid_text", "rows[0].drug", "rows[0].drug must be"),
        ([{**BASE, "unit": 5}], "mme.invalid_text", "rows[0].unit", "rows[0].unit must be"),
        ([{**BASE, "formulation": 7}], "mme.invalid_text", "rows[0].formulation", ""),
        ([{**BASE, "frequency": 7}], "mme.invalid_text", "rows[0].frequency", ""),
        ([{**BASE, "dose": "ten"}], "mme.invalid_number", "rows[0].dose", "rows[0].dose must be"),
        ([{**BASE, "dose": 0}], "mme.not_positive", "rows[0].dose", "rows[0].dose must be"),
        ([{**BASE, "times_per_day": -1}], "mme.not_positive", "rows[0].times_per_day", ""),
        ([{**BASE, "as_needed": "yes"}], "mme.invalid_as_needed", "rows[0].as_needed", ""),
        ([{**BASE, "purpose": "fun"}], "mme.invalid_purpose", "rows[0].purpose", '"pain" or "oud"'),
        ([{**BASE, "purpose": 3}], "mme.invalid_purpose", "rows[0].purpose", ""),
        ([{**BASE, "strengths": 5}], "mme.invalid_strengths", "rows[0].strengths", ""),
        (
            [{**BASE, "strengths": list(range(1, 23))}],
            "mme.invalid_strengths",
            "rows[0].strengths",
            "more than 20",
        ),
        ([{**BASE, "id": True}], "mme.invalid_id", "rows[0].id", ""),
        ([{**BASE, "concentration": 0}], "mme.not_positive", "rows[0].concentration", ""),
        ([BASE, {**BASE, "dose": -2}], "mme.not_positive", "rows[1].dose", "rows[1].dose"),
        ("morphine", "mme.rows_not_list", None, ""),
    ],
)
def test_row_refusals(rows: Any, code: str, field: str | None, words: str) -> None:
    with pytest.raises(ClinicalInputError) as caught:
        calculate_mme(rows)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert words in caught.value.message


def test_empty_optional_fields_are_not_given() -> None:
    row = {
        **BASE,
        "formulation": "",
        "frequency": "",
        "purpose": "",
        "as_needed": None,
        "strengths": "",
        "concentration": "",
    }
    (counted,) = calculate_mme([row]).rows
    assert counted.mme_per_day == 20
    read = counted.row
    assert (read.formulation, read.frequency, read.purpose, read.concentration) == (None,) * 4
    assert read.as_needed is False and read.strengths == ()


def test_row_values_are_normalised() -> None:
    (counted,) = calculate_mme(
        [{**BASE, "purpose": " PAIN ", "drug": " Morphine ", "dose": 1}]
    ).rows
    assert counted.row.purpose == "pain"
    assert counted.row.drug == "Morphine"
    assert counted.row.dose == Decimal(1)
    assert counted.mme_per_day == 2


def test_implausible_rows_are_warned_by_row_number() -> None:
    result = calculate_mme(
        [
            BASE,
            {"drug": "morphine", "dose": 1, "unit": "mg", "times_per_day": 24},
            {"drug": "fentanyl", "formulation": "patch", "dose": 400, "unit": "mcg/h"},
            {"drug": "morphine", "dose": 600, "unit": "mg", "times_per_day": 2},
        ]
    )
    warnings = list(result.warnings)
    assert [code for code, _ in warnings] == [
        "implausible_frequency",
        "implausible_dose",
        "implausible_dose",
    ]
    assert warnings[0][1].startswith("row 2 (morphine): 24 doses a day")
    assert warnings[1][1].startswith("row 3 (fentanyl): patches totalling 400 mcg/h")
    assert warnings[2][1].startswith("row 4 (morphine): 1200 MME/day from one row")
    assert calculate_mme([BASE]).warnings == ()


def test_more_row_contract() -> None:
    from types import MappingProxyType

    from clinical.mme import MedicationRow

    # any mapping is a row, not only a dict
    (counted,) = calculate_mme([MappingProxyType(BASE)]).rows
    assert counted.mme_per_day == 20
    # 20 strengths are accepted, 21 are not
    twenty = calculate_mme([{**BASE, "strengths": list(range(1, 21))}]).rows[0]
    assert len(twenty.row.strengths) == 20
    with pytest.raises(ClinicalInputError) as caught:
        calculate_mme([{**BASE, "strengths": list(range(1, 22))}])
    assert caught.value.field == "rows[0].strengths"
    with pytest.raises(ClinicalInputError) as caught:
        calculate_mme([{**BASE, "strengths": [5, 0]}])
    assert (caught.value.code, caught.value.field) == ("mme.not_positive", "rows[0].strengths")
    # the id and the row as given are kept
    (counted,) = calculate_mme([{**BASE, "id": "a", "formulation": ""}]).rows
    assert counted.row.id == "a"
    assert counted.row.to_dict() == {**BASE, "id": "a", "formulation": ""}
    # two unknown fields are both named; a row read on its own is row 0
    with pytest.raises(ClinicalInputError) as caught:
        calculate_mme([{**BASE, "size": 1, "colour": 2}])
    assert "unknown field(s) colour, size; " in caught.value.message
    with pytest.raises(ClinicalInputError) as caught:
        MedicationRow.from_mapping({"dose": 1, "unit": "mg"})
    assert caught.value.field == "rows[0].drug"
    # an unknown table names the tables
    with pytest.raises(ClinicalInputError) as caught:
        calculate_mme([BASE], table="who")
    assert caught.value.code == "mme.unknown_table"
    assert caught.value.message.endswith("choose one of cdc2022, cdc2016, cdc-analytic")


def test_plausibility_boundaries() -> None:
    at_limits = calculate_mme(
        [
            {"drug": "morphine", "dose": 1, "unit": "mg", "times_per_day": 12},
            {"drug": "fentanyl", "formulation": "patch", "dose": 300, "unit": "mcg/h"},
            {"drug": "morphine", "dose": 500, "unit": "mg", "times_per_day": 2},
        ]
    )
    assert at_limits.warnings == ()
    above = calculate_mme(
        [
            {"drug": "morphine", "dose": 1, "unit": "mg", "times_per_day": 13},
            {"drug": "fentanyl", "formulation": "patch", "dose": 301, "unit": "mcg/h"},
            {"drug": "morphine", "dose": "500.5", "unit": "mg", "times_per_day": 2},
        ]
    )
    assert [code for code, _ in above.warnings] == [
        "implausible_frequency",
        "implausible_dose",
        "implausible_dose",
    ]


def test_no_rows_is_a_zero_total_with_no_flags() -> None:
    result = calculate_mme([])
    assert result.total_mme_per_day == 0
    assert (result.has_opioid, result.has_benzodiazepine, result.has_gabapentinoid) == (
        False,
        False,
        False,
    )


def test_unrecognised_words_are_quoted_together() -> None:
    result = calculate_mme(
        [{"drug": "oxycodone foo bar", "dose": 5, "unit": "mg", "times_per_day": 1}]
    )
    (excluded,) = result.excluded
    assert "'oxycodone foo bar' names oxycodone but also 'foo bar', which" in excluded.reason
