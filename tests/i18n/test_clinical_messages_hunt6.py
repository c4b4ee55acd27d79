"""The sixth clinical hunt's refusals and warnings said in French: each produced from a real
input, then put through the translation the pages use (core.clinical_text). Before their
patterns, each came out in English on a French page (the package speaks English)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from clinical import ClinicalInputError, calculate_mme
from echohub.core import clinical_text


def _french(code: str, english: str) -> str:
    with translation.override("fr"):
        # (read with plain spaces: the French puts no-break spaces inside « » and before :)
        return clinical_text.message(code, english).replace("\xa0", " ")


def _refusal(row: dict[str, Any]) -> tuple[str, str]:
    result = calculate_mme([row])
    (excluded,) = result.excluded
    return excluded.reason_code, excluded.reason


@pytest.mark.parametrize(
    ("frequency", "dose", "french"),
    [
        ("12/12", "10", "ISMP Canada déconseille fortement les fractions"),
        ("q4h while awake", "10", "heures d’éveil"),
        ("3 f/j", "10", "« 3 fois par jour »"),
        ("½ co hs", "2,5", "2.5 mg peut être la teneur d’un comprimé ou la dose entière"),
    ],
)
def test_a_frequency_refused_with_its_reason_is_said_in_french(frequency, dose, french):
    code, english = _refusal(
        {"drug": "oxycodone", "dose": dose, "unit": "mg", "frequency": frequency}
    )
    said = _french(code, english)
    assert said != english
    assert french in said and f"« {frequency} »" in said


def test_cc_is_refused_in_french():
    code, english = _refusal(
        {"drug": "Doloral", "dose": "5", "unit": "cc", "frequency": "qid", "concentration": "1"}
    )
    said = _french(code, english)
    assert said != english and "ISMP Canada" in said and "« Ne pas utiliser »" in said


def test_the_oat_methadone_warning_in_french():
    result = calculate_mme([{"drug": "Methadose", "dose": "80", "unit": "mg", "frequency": "die"}])
    ((code, english),) = result.warnings
    said = _french(code, english)
    assert said != english and said.startswith("ligne 1 (Methadose)") and "TAO" in said


@pytest.mark.parametrize(
    ("typed", "french"), [("1-2", "un intervalle"), ("10/325", "barre oblique")]
)
def test_a_range_or_a_slash_typed_as_a_dose_is_refused_in_french(typed, french):
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme([{"drug": "Percocet", "dose": typed, "unit": "co", "frequency": "qid"}])
    said = _french(refused.value.code, refused.value.message)
    assert said != refused.value.message and french in said and f"« {typed} »" in said
