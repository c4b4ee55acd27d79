"""The ninth clinical hunt's refusals (and clinfix10's patch-rate refusal) go through the
translation the pages use (core.clinical_text): numbers in scientific notation or in words, a
fraction character other than ½ ¼ ¾, a taper percent that is not a number, tablets given in the
frequency and in the dose, a fentanyl patch rate or strength below 12 mcg/h. Without their
patterns they came out as the package's raw English on a French page."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from clinical import ClinicalInputError, calculate_mme
from clinical.taper import read_percent
from echohub.core import clinical_text


@pytest.mark.parametrize(
    ("row", "kept"),
    [
        (
            {"drug": "Percocet", "dose": "1", "unit": "tablet", "frequency": "1-2 tabs q4-6h prn"},
            ["1-2 tabs q4-6h prn", "indique 1 (tablet)"],
        ),
        (
            {"drug": "fentanyl", "dose": "25", "unit": "mcg/h", "strengths": ["5", "25"]},
            ["disponible de 5 µg/h"],
        ),
        ({"drug": "fentanyl", "dose": "0.025", "unit": "mcg/h"}, ["0.025 mg/h = 25 µg/h"]),
        ({"drug": "fentanyl", "dose": "4.2", "unit": "mcg/h"}, ["fentanyl de 4.2 µg/h"]),
        ({"drug": "fentanyl", "dose": "0.05", "unit": "mcg/h"}, ["0.05 mg/h = 50 µg/h"]),
    ],
)
def test_the_ninth_hunts_row_refusals_are_said_through_their_patterns(
    row: dict[str, Any], kept: list[str]
) -> None:
    (excluded,) = calculate_mme([row]).excluded
    english = excluded.reason
    with translation.override("fr"):
        said = clinical_text.message(excluded.reason_code, english)
    assert said != english  # read by a pattern, not passed through
    for text in kept:
        assert text in said


def _refusal(call: Any) -> ClinicalInputError:
    with pytest.raises(ClinicalInputError) as raised:
        call()
    return raised.value


@pytest.mark.parametrize(
    ("call", "kept"),
    [
        (
            lambda: calculate_mme([{"drug": "oxycodone", "dose": "1e2", "unit": "mg"}]),
            "«\u00a01e2\u00a0»",
        ),
        (
            lambda: calculate_mme([{"drug": "oxycodone", "dose": "ii", "unit": "mg"}]),
            "«\u00a0ii\u00a0»",
        ),
        (
            lambda: calculate_mme([{"drug": "oxycodone", "dose": "deux", "unit": "mg"}]),
            "«\u00a0deux\u00a0»",
        ),
        (lambda: calculate_mme([{"drug": "oxycodone", "dose": "⅓", "unit": "mg"}]), "écrivez ⅓"),
        (lambda: read_percent("1e1"), "«\u00a01e1\u00a0»"),
        (lambda: read_percent("dix %"), "«\u00a0dix %\u00a0»"),
        (lambda: read_percent("10 pour cent"), "«\u00a010 pour cent\u00a0»"),
        (lambda: read_percent("x" * 30), "n’est pas un nombre"),
        (lambda: read_percent(["10"]), "n’est pas un nombre"),
    ],
)
def test_the_ninth_hunts_input_errors_are_said_through_their_patterns(call: Any, kept: str) -> None:
    error = _refusal(call)
    with translation.override("fr"):
        said = clinical_text.input_error(error.code, error.message)
    assert said != error.message
    assert kept in said


def test_the_patch_rate_warning_is_gone_and_its_refusal_keeps_the_numbers() -> None:
    """clinfix10: the warning of 69ab432 is a refusal now; no warning names the rate."""
    result = calculate_mme([{"drug": "fentanyl", "dose": "0.0375", "unit": "mcg/h"}])
    assert not any("smallest" in str(w) for w in result.warnings)
    (excluded,) = result.excluded
    said = clinical_text.message(excluded.reason_code, excluded.reason)
    assert "0.0375 mcg/h" in said and "0.0375 mg/h is 37.5 mcg/h" in said


def test_in_english_the_percent_refusals_keep_their_signs() -> None:
    with translation.override("en"):
        for typed in ("dix %", "x" * 30):
            error = _refusal(lambda typed=typed: read_percent(typed))
            said = clinical_text.input_error(error.code, error.message)
            assert "(e.g. 10, 10 % or 10,5 %)." in said and "%%" not in said
