"""The fourth clinical hunt's messages said in French: each produced from a real input, then put
through the translation the pages use (core.clinical_text).

Messages that reuse a wording already translated are checked in French, and so are the four
new wordings (an as-needed maximum above its interval, a point followed by three digits, a
concentration that is not exact in mg/mL, a row entered twice), whose patterns are in
core.clinical_text."""

from __future__ import annotations

import pytest
from django.utils import translation

from clinical import ClinicalInputError, calculate_mme
from echohub.core import clinical_text


def _french(code: str, english: str) -> str:
    with translation.override("fr"):
        return clinical_text.message(code, english)


def test_tapentadol_er_above_its_maximum_reuses_the_label_maximum_wording():
    result = calculate_mme(
        [{"drug": "tapentadol ER", "dose": 300, "unit": "mg", "frequency": "bid"}]
    )
    ((code, english),) = [(c, m) for c, m in result.warnings if "500" in m]
    said = _french(code, english)
    assert said != english and "tapentadol ER" in said and "500" in said


def test_a_codeine_product_in_tablets_reuses_the_names_but_also_wording():
    result = calculate_mme([{"drug": "Robaxacet-8", "dose": 1, "unit": "co.", "frequency": "qid"}])
    (excluded,) = result.excluded
    said = _french(excluded.reason_code, excluded.reason)
    assert said != excluded.reason and "codeine" in said


def test_a_concentration_of_no_ml_is_refused_in_the_usual_words():
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme(
            [
                {
                    "drug": "morphine oral solution",
                    "dose": 5,
                    "unit": "mL",
                    "concentration": "10 mg/0 mL",
                    "frequency": "q4h",
                }
            ]
        )
    said = _french(refused.value.code, refused.value.message)
    assert said != refused.value.message and "supérieur à zéro" in said


def test_an_as_needed_maximum_above_its_interval():
    result = calculate_mme(
        [{"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "q6h prn, max 6/day"}]
    )
    ((code, english),) = [(c, m) for c, m in result.warnings if c == "prn_limits_disagree"]
    said = _french(code, english)
    assert said != english and "au plus" in said


def test_a_point_followed_by_three_digits():
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme([{"drug": "morphine", "dose": "1.000", "unit": "mg", "times_per_day": 2}])
    said = _french(refused.value.code, refused.value.message)
    assert said != refused.value.message and "séparateur" in said


def test_a_concentration_that_is_not_exact_in_mg_per_ml():
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme(
            [
                {
                    "drug": "morphine oral solution",
                    "dose": 5,
                    "unit": "mL",
                    "concentration": "10 mg/3 mL",
                    "frequency": "q4h",
                }
            ]
        )
    said = _french(refused.value.code, refused.value.message)
    assert said != refused.value.message and "mg par mL" in said


def test_a_row_entered_twice():
    row = {"drug": "morphine ER", "dose": 30, "unit": "mg", "frequency": "bid"}
    result = calculate_mme([row, dict(row)])
    ((code, english),) = [(c, m) for c, m in result.warnings if c == "duplicate_row"]
    said = _french(code, english)
    assert said != english and "deux fois" in said
