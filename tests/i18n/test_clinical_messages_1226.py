"""The fourteenth clinical hunt's new refusals and note in the reader's language
(core.clinical_text): a count joined to a time of day ("bid et hs"), counts at times of day
that are not the dose ("2 matin, 2 soir"), the dose said twice in mL and in mg (after how often,
or disagreeing with the dose field), an amount first that is not the dose, codeine tablets whose
content no source gives (Triatec-30, Novo-Gesic C30), "Triatec" alone, and the note on a quantity
dispensed ("q4h prn #30").

Until the catalogue has them (their French is in the hunt's report, /tmp/h/note_clinhunt14.md),
each falls back to the package's English, whole: this test accepts that English, or a French
re-saying that keeps the row's own words in French quotes and drops the English. A message lost,
cut, or re-said by another pattern (another reason's words) fails either way.
TODO(lead): once the French patterns are in core.clinical_text, drop the English branch
(`said == reason`) below so the test asks for the French.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from clinical import calculate_mme
from echohub.core import clinical_text


def _r(drug: str, dose: str, unit: str, frequency: str, **more: Any) -> dict[str, Any]:
    return {"drug": drug, "dose": dose, "unit": unit, "frequency": frequency, **more}


#: (row, code, the row's own words the message carries, English words of this reason only)
ROWS = [
    (_r("morphine", "10", "mg", "bid et hs"), "frequency_unknown", "bid et hs",
     "joins a count"),
    (_r("morphine", "10", "mg", "2 matin, 2 soir"), "frequency_unknown", "2 matin, 2 soir",
     "at each time of day with no unit"),
    (_r("oxycodone", "5", "mg", "q4h prn (5 mL = 5 mg)"), "frequency_unknown",
     "q4h prn (5 mL = 5 mg)", "gives the dose twice"),
    (_r("morphine", "5", "mL", "5 mL (10 mg) q4h prn", concentration="1 mg/mL"),
     "frequency_unknown", "5 mL (10 mg) q4h prn", "disagrees with the dose field"),
    (_r("morphine", "10", "mg", "5 mg q4h prn"), "frequency_unknown", "5 mg q4h prn",
     "is not the dose field's"),
    (_r("Triatec-30", "1", "co", "q4h prn"), "combination_strength_unknown", "Triatec-30",
     "none of the sources"),
    (_r("Novo-Gesic C30", "30", "mg", "q4h prn"), "combination_strength_unknown",
     "Novo-Gesic C30", "none of the sources"),
    (_r("Triatec", "5", "mg", "die"), "unknown_drug", "Triatec", "ramipril, which is not"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "code", "words", "english"), ROWS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_new_refusal_is_said_whole(
    language: str, row: dict[str, Any], code: str, words: str, english: str
) -> None:
    (excluded,) = calculate_mme([row]).excluded
    assert excluded.reason_code == code
    reason = excluded.reason
    assert english in reason and words in reason, reason
    with translation.override(language):
        said = str(clinical_text.message(excluded.reason_code, reason))
    if language == "en" or said == reason:  # the package's English, whole (no pattern yet)
        assert said == reason or (english in said and words in said), said
    else:  # in French, with the row's words in French quotes, and no English left
        assert f"«\u00a0{words}\u00a0»" in said, said
        assert english not in said, said


def test_the_quantity_note_is_said_whole() -> None:
    (counted,) = calculate_mme([_r("oxycodone", "5", "mg", "q4h prn #30")]).rows
    (note,) = [n for n in counted.notes if "quantity dispensed" in n]
    assert "'#30'" in note
    with translation.override("fr"):
        said = str(clinical_text.note(note))
    if said != note:  # the French, once in the catalogue
        assert "«\u00a0#30\u00a0»" in said and "quantity dispensed" not in said, said
