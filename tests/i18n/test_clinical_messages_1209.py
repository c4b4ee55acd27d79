"""This session's new clinical messages said in French: each produced from a real input, then
put through the translation the pages use (core.clinical_text)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper
from echohub.core import clinical_text

START = dt.date(2027, 1, 4)


def _french(code: str, english: str) -> str:
    with translation.override("fr"):
        return clinical_text.message(code, english)


def test_a_stop_measured_against_the_scheduled_dose():
    plan = plan_regimen_taper(
        [
            {"drug": "hydromorphone ER", "dose": 12, "unit": "mg", "frequency": "bid"},
            {"drug": "hydromorphone", "dose": 4, "unit": "mg", "frequency": "q2h prn"},
        ],
        start_date=START,
    )
    (stop,) = [w for w in plan.warnings if w.code == "step_too_large"]
    assert "of the starting scheduled MME/day" in stop.message
    said = _french(stop.code, stop.message)
    assert "des MEM/j réguliers de départ" in said and "scheduled" not in said


def test_a_naloxone_kit_alone():
    result = calculate_mme([{"drug": "naloxone", "dose": 4, "unit": "mg", "times_per_day": 1}])
    notes = [(e.reason_code, e.reason) for e in result.excluded]
    assert notes, result
    said = [_french(code, text) for code, text in notes]
    assert any("antagoniste des opioïdes" in s for s in said), said


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (
            {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "q4h " + "x" * 300},
            "caractères",
        ),
        ({"drug": "morphine", "dose": "9" * 200, "unit": "mg", "times_per_day": 1}, "trop long"),
    ],
)
def test_text_and_numbers_too_long(row, words):
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme([row])
    said = _french(refused.value.code, refused.value.message)
    assert said != refused.value.message and words in said


def test_too_many_rows_for_a_plan():
    rows = [{"drug": "morphine", "dose": 30, "unit": "mg", "times_per_day": 2}] * 60
    with pytest.raises(ClinicalInputError) as refused:
        plan_regimen_taper(rows, start_date=START)
    said = _french(refused.value.code, refused.value.message)
    assert "La liste compte 60 lignes" in said
