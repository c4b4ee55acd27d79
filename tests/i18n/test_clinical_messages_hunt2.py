"""The clinical package's new messages (a second hunt on unseen regimens) are said in French
when the reader reads French: each produced by the calculators from a real input, then put
through the same translation the pages use (core.clinical_text)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper
from echohub.core import clinical_text


def _french(code, english):
    with translation.override("fr"):
        return clinical_text.message(code, english)


def test_a_number_with_a_comma_and_three_digits():
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme([{"drug": "morphine", "dose": "1,000", "unit": "mg", "times_per_day": 1}])
    said = _french(refused.value.code, refused.value.message)
    assert said != refused.value.message and "virgule" in said and "1,000" in said


def test_too_many_doses_to_plan_over():
    row = {
        "drug": "morphine",
        "dose": 100,
        "unit": "mg",
        "times_per_day": 24,
        "strengths": [Decimal(k) / 1000 for k in range(1, 21)],
    }
    with pytest.raises(ClinicalInputError) as refused:
        plan_regimen_taper([row], start_date=dt.date(2027, 1, 4))
    said = _french(refused.value.code, refused.value.message)
    assert "trop pour établir un plan" in said and "100" in said


def test_above_the_label_maximum_and_the_patch_note_and_oud():
    result = calculate_mme(
        [
            {"drug": "tramadol", "dose": 150, "unit": "mg", "times_per_day": 4},
            {"drug": "fentanyl", "dose": 25, "unit": "mcg/h", "frequency": "q72h"},
            {"drug": "methadone", "dose": 80, "unit": "mg", "times_per_day": 1, "purpose": "oud"},
        ]
    ).to_dict()
    with translation.override("fr"):
        french = clinical_text.localized_mme(result)
    warnings = [w["message"] for w in french["warnings"] if w["code"] == "above_label_maximum"]
    assert warnings and "monographies du produit" in warnings[0]
    notes = [n for row in french["rows"] for n in row["notes"] if "72" in n]
    assert notes and notes[0].startswith("Timbre changé toutes les 72 heures")
    reasons = [x["reason"] for x in french["excluded"] if x["reason_code"] == "oud_treatment"]
    assert reasons and reasons[0].startswith("Indiqué comme traitement du trouble")
