"""The tenth clinical hunt's refusals go through the translation the pages use
(core.clinical_text): each is read by its own pattern (re-said with the row's name or frequency in
“ ”), never passed through as the package's raw English. Their French is proposed in the hunt's
report, so these tests assert English and structure only. The absurd-number refusal shows its
figures in the reader's format (« 1 000,5 », « 100 000 »): its French is in the catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from clinical import ClinicalInputError, calculate_mme
from clinical.taper import plan_taper
from echohub.core import clinical_text

ROWS = [
    ({"drug": "oxycodone/naloxone 15/7.5", "dose": "1", "unit": "tab", "frequency": "bid"},
     "“oxycodone/naloxone 15/7.5”", "Targin 5/2.5, 10/5, 20/10 or 40/20 mg"),
    ({"drug": "OXYCODONE 10MG TAB DIN 02240131", "dose": "1", "unit": "tab", "frequency": "qid"},
     "“OXYCODONE 10MG TAB DIN 02240131”", "(e.g. “oxycodone”)"),
    ({"drug": "morphine 1 mg/mL", "dose": "5", "unit": "mL", "frequency": "q4h"},
     "“morphine 1 mg/mL”", "concentration in its name"),
    ({"drug": "oxycodone 10 mg", "dose": "1", "unit": "tab", "frequency": "qid"},
     "“oxycodone 10 mg”", "strength in its name"),
    ({"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "QTY 120 / 30 days"},
     "“QTY 120 / 30 days”", "days' supply"),
    ({"drug": "Percocet", "dose": "2", "unit": "tab", "frequency": "ii tabs q6h prn"},
     "“ii tabs q6h prn”", "Roman numerals"),
    ({"drug": "morphine", "dose": "30", "unit": "mg", "frequency": "30 mg alternating with 15"},
     "“30 mg alternating with 15”", "alternates doses"),
    ({"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "with meals"},
     "“with meals”", "not how many a day"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "quoted", "words"), ROWS)
def test_the_tenth_hunts_refusals_are_read_by_their_own_pattern(
    row: dict[str, Any], quoted: str, words: str
) -> None:
    (excluded,) = calculate_mme([row]).excluded
    with translation.override("en"):
        said = clinical_text.message(excluded.reason_code, excluded.reason)
    assert said != excluded.reason  # re-said by a pattern, not the package's English
    assert quoted in said and words in said


def _refusal(call: Any) -> ClinicalInputError:
    with pytest.raises(ClinicalInputError) as raised:
        call()
    return raised.value


@pytest.mark.parametrize(
    ("call", "figures", "not_there"),
    [
        (
            lambda: calculate_mme(
                [{"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "1000.5"}]
            ),
            ["1\u00a0000,5", "0,001", " 100."],
            ["1000.5"],
        ),
        (
            lambda: calculate_mme([{"drug": "oxycodone", "dose": "100000.5", "unit": "mg"}]),
            ["100\u00a0000,5", "100\u00a0000."],
            ["100000.5", "100,000"],
        ),
        (
            lambda: plan_taper(start_mme_per_day="1000000.5", start_date=dt.date(2028, 1, 31)),
            ["1\u00a0000\u00a0000,5", "1\u00a0000\u00a0000."],
            ["1000000.5", "1,000,000"],
        ),
        (
            lambda: calculate_mme([{"drug": "oxycodone", "dose": "1e999999", "unit": "mg"}]),
            ["1e+999999", "100\u00a0000."],
            ["100,000"],
        ),
    ],
)
def test_an_absurd_number_is_shown_in_french_figures(
    call: Any, figures: list[str], not_there: list[str]
) -> None:
    """Before: « rows[0].dose vaut 100000.5 … entre 0.001 et 100,000 » (English figures)."""
    error = _refusal(call)
    with translation.override("fr"):
        said = clinical_text.message(error.code, error.message)
    assert said != error.message
    for figure in figures:
        assert figure in said, (figure, said)
    for figure in not_there:
        assert figure not in said, (figure, said)


def test_in_english_the_absurd_number_keeps_the_packages_figures() -> None:
    error = _refusal(
        lambda: calculate_mme([{"drug": "oxycodone", "dose": "100000.5", "unit": "mg"}])
    )
    with translation.override("en"):
        said = clinical_text.message(error.code, error.message)
    assert "100000.5" in said and "100,000" in said


@pytest.mark.parametrize(
    ("row", "kept"),
    [
        ({"drug": "oxycodone", "dose": "10mg", "unit": "mg"}, "“10mg”"),
        ({"drug": "oxycodone", "dose": "1 000", "unit": "mg"}, "“1 000”"),
        ({"drug": "oxycodone", "dose": "1", "unit": "mL", "concentration": "5 mg"}, "“5 mg/mL”"),
    ],
)
def test_a_number_typed_with_its_unit_or_spaces_is_read_by_its_pattern(
    row: dict[str, Any], kept: str
) -> None:
    error = _refusal(lambda: calculate_mme([{**row, "frequency": "bid"}]))
    with translation.override("en"):
        said = clinical_text.message(error.code, error.message)
    assert said != error.message and kept in said
