"""Third held-out set (tests/phi/data/heldout3): 12 notes written on 2026-12-05 by helper phinotes3
without reading the scanner rules or the other held-out sets (see the README there).

First honest measurement (2026-12-05, scanner 1.4.0 plus the rules written that day against
heldout2; nothing here had been read by whoever wrote rules): recall 0.843 (236/280), precision
0.992 (240/242), formatted kinds 1.000, 2 findings on the clean notes ("Montreal" and "Edmonton"
in instrument names). The floors below sit just under those figures; rules written after that
measurement with this set in view are listed in the README (the set is then no longer held out
for them). `python tests/phi/test_heldout3.py` prints the figures (`measure`)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from phi import KINDS
from phi.evaluation import FORMATTED_KINDS, Document, Score, load_marked, phi_detect, score

HELDOUT3 = Path(__file__).with_name("data") / "heldout3"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "c": "dictated consult letter, run-on sentences",
    "h": "NP handover in SBAR",
    "q": "French letter, Montréal pain clinic to a Gaspésie GMF",
    "p": "Saskatchewan/Manitoba rural note, land location, RM, Box",
    "m": "crisis line call summary, nicknames and family",
    "o": "OAT witnessed dosing log, pharmacist initials",
    "d": "US border-town discharge summary (NY)",
    "e": "email thread with headers, signature, Zoom link",
    "b": "lower-case physiotherapy note",
    "g": "long-term care progress note, ages over 89",
    "k": "clean notes",
}
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 91,
    "DATE": 50,
    "ADDRESS": 40,
    "FACILITY": 31,
    "ID": 21,
    "PHONE": 17,
    "POSTAL_CODE": 8,
    "HEALTH_NUMBER": 6,
    "MRN": 4,
    "AGE": 4,
    "EMAIL": 3,
    "IP": 2,
    "URL": 2,
    "SSN": 1,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT3)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert len(docs) == 12
    assert {d.name[0] for d in docs} == set(STYLES)
    assert sorted(d.name for d in docs if not d.gold) == ["k1.txt", "k2.txt"]
    assert Counter(kind for d in docs for _s, _e, kind in d.gold) == KIND_COUNTS
    assert sum(KIND_COUNTS.values()) == 280


def test_the_markup_is_sound(docs: list[Document]) -> None:
    for d in docs:
        assert "[[" not in d.text and "]]" not in d.text, d.name
        previous_end = 0
        for start, end, kind in sorted(d.gold):
            assert kind in KINDS, (d.name, kind)
            span = d.text[start:end]
            assert span and span == span.strip() and "\n" not in span, (d.name, span)
            assert start >= previous_end, (d.name, span)  # no overlap
            previous_end = end


def test_labels_and_titles_stay_outside(docs: list[Document]) -> None:
    bad = re.compile(r"^(Dr\.?|Dre|Mme|Mr\.?|Ms\.?|Sr\.|MRN|OHN|DOB)\s", re.IGNORECASE)
    for d in docs:
        for start, end, _kind in d.gold:
            assert not bad.match(d.text[start:end]), (d.name, d.text[start:end])


def test_clean_notes_name_no_town_or_number_like_an_identifier(docs: list[Document]) -> None:
    for d in docs:
        if d.gold:
            continue
        assert not re.search(r"\d{3}[- ]?555[- ]?01\d\d", d.text), d.name
        assert not re.search(r"\b\d{8,}\b", d.text), d.name
        assert "@" not in d.text and "http" not in d.text, d.name


@pytest.fixture(scope="module")
def result(docs: list[Document]) -> Score:
    return score(docs, phi_detect)


def test_recall_and_precision(result: Score) -> None:
    assert result.recall >= 0.83, result.misses
    assert result.precision >= 0.98, result.false_positives
    assert result.group_recall(FORMATTED_KINDS) == 1.0, result.misses


def test_few_findings_on_clean_notes(result: Score, docs: list[Document]) -> None:
    clean = {d.name for d in docs if not d.gold}
    on_clean = [t for name, _f, t in result.false_positives if name in clean]
    assert len(on_clean) <= 2, on_clean


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print recall and precision.

    Not called by pytest. Run `python tests/phi/test_heldout3.py` once to take the first honest
    measurement, then set floors in a separate change."""
    docs = load_marked(HELDOUT3)
    result = score(docs, phi_detect)
    print(f"recall {result.recall:.3f} ({result.gold_caught}/{result.gold_total})")
    print(f"precision {result.precision:.3f} ({result.findings_touching}/{result.findings})")
    print(f"formatted kinds recall {result.group_recall(FORMATTED_KINDS):.3f}")
    for kind in sorted(KIND_COUNTS):
        print(f"  {kind:<14} {result.group_recall([kind]):.3f}")
    for style, what in STYLES.items():
        marked = [d for d in docs if d.name[0] == style and d.gold]
        if marked:
            s = score(marked, phi_detect)
            print(f"  style {style} ({what}): {s.recall:.3f} ({s.gold_caught}/{s.gold_total})")
    clean = {d.name for d in docs if not d.gold}
    on_clean = [t for name, _f, t in result.false_positives if name in clean]
    print(f"findings on clean notes: {len(on_clean)} {on_clean}")
    print("misses:", result.misses)
    print("false positives:", result.false_positives)


if __name__ == "__main__":
    measure()
