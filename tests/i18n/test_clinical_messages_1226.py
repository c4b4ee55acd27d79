"""The fourteenth clinical hunt's new refusals and note in the reader's language
(core.clinical_text): a count joined to a time of day ("bid et hs"), counts at times of day
that are not the dose ("2 matin, 2 soir"), the dose said twice in mL and in mg (after how often,
or disagreeing with the dose field), an amount first that is not the dose, codeine tablets whose
content no source gives (Triatec-30, Novo-Gesic C30), "Triatec" alone, and the note on a quantity
dispensed ("q4h prn #30").

Each is matched by its own pattern (the English as the package writes it), which re-says it with
the row's own words: in English in “ ”, in French in « » with no English left (the French is in
the catalogue, from the hunt's report /tmp/h/note_clinhunt14.md). A message lost, cut, or re-said
by another pattern (another reason's words) fails.
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
    (_r("morphine", "10", "mg", "tid and hs"), "frequency_unknown", "tid and hs",
     "joins a count"),
    (_r("morphine", "10", "mg", "2 matin, 2 soir"), "frequency_unknown", "2 matin, 2 soir",
     "at each time of day with no unit"),
    (_r("oxycodone", "5", "mg", "q4h prn (5 mL = 5 mg)"), "frequency_unknown",
     "q4h prn (5 mL = 5 mg)", "gives the dose twice"),
    (_r("morphine", "5", "mL", "5 mL (10 mg) q4h prn", concentration="1 mg/mL"),
     "frequency_unknown", "5 mL (10 mg) q4h prn", "disagrees with the dose field"),
    (_r("morphine", "10", "mg", "5 mg (5 mL) q4h prn", concentration="1 mg/mL"),
     "frequency_unknown", "5 mg (5 mL) q4h prn", "disagrees with the dose field"),
    (_r("morphine", "10", "mg", "5 mg q4h prn"), "frequency_unknown", "5 mg q4h prn",
     "is not the dose field"),
    (_r("Triatec-30", "1", "co", "q4h prn"), "combination_strength_unknown", "Triatec-30",
     "none of the sources"),
    (_r("Novo-Gesic C30", "30", "mg", "q4h prn"), "combination_strength_unknown",
     "Novo-Gesic C30", "none of the sources"),
    (_r("Triatec", "5", "mg", "die"), "unknown_drug", "Triatec", "ramipril, which is not"),
]  # fmt: skip


def _refused(row: dict[str, Any], code: str) -> str:
    (excluded,) = calculate_mme([row]).excluded
    assert excluded.reason_code == code
    return excluded.reason


@pytest.mark.parametrize(("row", "code", "words", "english"), ROWS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_new_refusal_is_said_whole(
    language: str, row: dict[str, Any], code: str, words: str, english: str
) -> None:
    reason = _refused(row, code)
    assert english in reason and words in reason, reason
    with translation.override(language):
        said = str(clinical_text.message(code, reason))
    if language == "en":  # the pattern's English, the row's words in “ ”
        assert f"“{words}”" in said and english in said, said
    else:  # in French, with the row's words in French quotes, and no English left
        assert f"«\u00a0{words}\u00a0»" in said, said
        assert english not in said, said


@pytest.mark.parametrize(("row", "code", "words", "english"), ROWS)
def test_each_new_refusal_is_matched_by_its_own_pattern(
    row: dict[str, Any], code: str, words: str, english: str
) -> None:
    """One pattern of the code, and only one, takes the package's English (an unmatched message
    falls back to that English, whole); said in English it keeps this reason's words and the
    row's own, so no other reason's pattern took it. Holds before the catalogue has the French."""
    reason = _refused(row, code)
    matched = [p for p in clinical_text.PATTERNS[code] if p.english.fullmatch(reason)]
    assert len(matched) == 1, [p.english.pattern[:80] for p in matched]
    with translation.override("en"):
        said = str(clinical_text.message(code, reason))
    assert said != reason, said  # not the fallback
    assert f"“{words}”" in said and english in said, said
    with translation.override("fr"):
        assert str(clinical_text.message(code, reason)) != reason


def test_a_count_joined_to_a_time_keeps_its_numbers() -> None:
    reason = _refused(_r("morphine", "10", "mg", "qid + hs"), "frequency_unknown")
    with translation.override("en"):
        said = str(clinical_text.message("frequency_unknown", reason))
    assert "(“qid”, 4 a day) and a time of day (“hs”)" in said, said
    assert "(5 a day)" in said and "“5 fois par jour” for 5 a day" in said, said


def test_a_changed_wording_falls_back_to_the_english_whole() -> None:
    """Bad input: the package's English with a part the pattern does not know (a count in
    words, a dose field in parentheses) is not re-said by guess: its English is kept whole."""
    changed = [
        "frequency 'bid et hs' is not read: it joins a count ('bid', two a day) and a time of "
        "day ('hs'): the time may be one more dose (3 a day) or say at what time a dose of the "
        "2 a day is taken. Write the count alone (e.g. 'tid' for 3 a day) or each time of day.",
        "frequency '5 mL (10 mg) q4h prn' is not read: it says the dose as 5 mL (10 mg), which "
        "disagrees with the dose field (5 mL (5 mg)), so the dose is not guessed. Give it once.",
        "frequency '2 matin, 2 soir' is not read: it gives 2 at each time of day.",
    ]
    for english in changed:
        with translation.override("fr"):
            assert clinical_text.message("frequency_unknown", english) == english
    with translation.override("fr"):
        assert clinical_text.note("'#30' in the frequency is read as a quantity.") == (
            "'#30' in the frequency is read as a quantity."
        )


@pytest.mark.parametrize(
    ("frequency", "quantity"),
    [("q4h prn #30", "#30"), ("q4h prn Qté 60", "Qté 60"), ("q6h prn mitte 20", "mitte 20")],
)
def test_the_quantity_note_is_matched_by_its_pattern(frequency: str, quantity: str) -> None:
    (counted,) = calculate_mme([_r("oxycodone", "5", "mg", frequency)]).rows
    (note,) = [n for n in counted.notes if "quantity dispensed" in n]
    assert f"'{quantity}'" in note
    matched = [p for p in clinical_text.ROW_NOTES if p.english.fullmatch(note)]
    assert len(matched) == 1
    with translation.override("en"):
        said = str(clinical_text.note(note))
    assert said != note and f"“{quantity}”" in said and "quantity dispensed" in said, said


def test_the_quantity_note_is_said_in_french() -> None:
    (counted,) = calculate_mme([_r("oxycodone", "5", "mg", "q4h prn #30")]).rows
    (note,) = [n for n in counted.notes if "quantity dispensed" in n]
    with translation.override("fr"):
        said = str(clinical_text.note(note))
    assert "«\u00a0#30\u00a0»" in said and "quantity dispensed" not in said, said
