"""The clinical package's refusals added for unseen regimens (absurd numbers, unreadable
combination strengths, a tablet maximum on a dose in mg, a rapid rule with rows not counted)
and the attendance import's day-first warning are said in French, with their figures, and in
English as the package writes them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper
from clinical.taper import plan_taper
from echohub.attendance.import_text import import_warning
from echohub.core import clinical_text


def _input_error(call, *args, **kwargs) -> ClinicalInputError:
    with pytest.raises(ClinicalInputError) as info:
        call(*args, **kwargs)
    return info.value


def _messages() -> list[tuple[str, str]]:
    absurd_dose = _input_error(
        calculate_mme,
        [{"drug": "morphine", "dose": "1000000000", "unit": "mg", "times_per_day": 1}],
    )
    absurd_start = _input_error(
        plan_taper, start_mme_per_day="1000000000", start_date=dt.date(2027, 1, 4)
    )
    result = calculate_mme(
        [
            {
                "drug": "oxycodone/acetaminophen 325/5",
                "dose": 1,
                "unit": "tablet",
                "times_per_day": 2,
            },
            {"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "max 8 tablets a day"},
        ]
    )
    refusals = [(e.reason_code, e.reason) for e in result.excluded]
    plan = plan_regimen_taper(
        [
            {"drug": "morphine", "dose": 20, "unit": "mg", "times_per_day": 2},
            {
                "drug": "oxycodone/acetaminophen 325/5",
                "dose": 1,
                "unit": "tablet",
                "times_per_day": 4,
            },
        ],
        start_date=dt.date(2027, 1, 31),
        rule="nougg2010",
        interval="week",
        duration="long-term",
    )
    assert plan.refused is not None
    return [
        (absurd_dose.code, absurd_dose.message),
        (absurd_start.code, absurd_start.message),
        *refusals,
        (plan.refused.code, plan.refused.message),
    ]


def test_a_rapid_rule_from_a_guideline_with_brackets_in_its_name_is_said_in_french():
    """ "Canada 2010 (NOUGG)": the guideline's own brackets (both wordings of the refusal)."""
    rows = [{"drug": "morphine", "dose": 40, "unit": "mg", "times_per_day": 2}]
    plan = plan_regimen_taper(
        rows, start_date=dt.date(2027, 1, 31), rule="nougg2010", duration="long-term"
    )
    assert plan.refused is not None and plan.refused.code == "rapid_rule_long_term"
    with translation.override("fr"):
        french = clinical_text.message(plan.refused.code, plan.refused.message)
    assert french != plan.refused.message and "NOUGG" in french


def test_the_new_refusals_are_said_in_french_with_their_figures():
    messages = _messages()
    assert [code for code, _m in messages] == [
        "mme.absurd_number",
        "taper.absurd_number",
        "combination_strength_unknown",
        "frequency_unknown",
        "rapid_rule_long_term",
    ]
    with translation.override("fr"):
        said = [clinical_text.message(code, english) for code, english in messages]
    for (code, english), french in zip(messages, said, strict=True):
        assert french != english, f"{code} still in English: {english}"
    # the figures in French format (clinhunt10: they were the package's English "100,000")
    assert "1\u00a0000\u00a0000\u00a0000" in said[0] and "100\u00a0000" in said[0]
    assert "Vérifiez" in said[0]
    assert "oxycodone/acetaminophen 325/5" in said[2]
    assert "max 8 tablets a day" in said[3] and "comprimés" in said[3]
    assert "oxycodone/acetaminophen 325/5" in said[4] and "MEM/j" in said[4]


def test_in_english_they_keep_the_packages_figures_and_names():
    with translation.override("en"):
        for code, english in _messages():
            said = clinical_text.message(code, english)
            for number in re.findall(r"\d[\d.,+e/]*", english):
                assert number in said, (code, number, said)


def test_the_day_first_warning_is_said_in_french():
    with translation.override("fr"):
        assert import_warning("dates read day first (DD/MM/YYYY)") == (
            "dates lues jour d'abord (JJ/MM/AAAA)"
        )
