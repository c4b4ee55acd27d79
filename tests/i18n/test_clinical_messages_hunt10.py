"""The tenth clinical hunt's refusals go through the translation the pages use
(core.clinical_text): each is read by its own pattern (re-said with the row's name or frequency in
“ ”), never passed through as the package's raw English. Their French is proposed in the hunt's
report, so these tests assert English and structure only."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from clinical import calculate_mme
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
