"""Eighth held-out set (tests/phi/data/heldout8): 12 notes written on 2026-12-05 by helper
phinotes8 without reading the scanner rules or the other sets' notes (see the README there).

Measured once, blind, at scanner 1.8.0: recall 0.760, precision 0.982, 1 clean-note finding.
Now a development set: the 1.9.0 rules were changed after reading these misses (classes only,
tests in test_general_rules_1210.py): recall 0.849, precision 0.993, no clean-note finding.
These tests only check the markup, the set and the check digits of the invented numbers;
`python tests/phi/test_heldout8.py` prints the figures (`measure`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from phi.evaluation import Document, load_marked, report

try:
    from tests.phi.heldout_checks import (
        assert_markup_sound,
        assert_outside,
        assert_set_whole,
        bc_phn,
        luhn,
        spans,
    )
except ImportError:  # run as a script (`python tests/phi/test_heldoutN.py`): its own folder
    from heldout_checks import (  # type: ignore[no-redef]
        assert_markup_sound,
        assert_outside,
        assert_set_whole,
        bc_phn,
        luhn,
        spans,
    )

HELDOUT8 = Path(__file__).with_name("data") / "heldout8"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "z": "naturopath's new-client intake form (Annapolis Valley, NS, consent, invoice)",
    "w": "midwife's postpartum home visit note, day 5 (Bruce County, ON, mother and baby)",
    "g": "speech-language pathologist's adult assessment report (Camrose area, AB)",
    "y": "French sleep-clinic polysomnography report (Bas-Saint-Laurent, RAMQ, IP)",
    "b": "pain clinic's genicular nerve-block procedure note (Saskatchewan, Cree patient)",
    "v": "veterans' advocate's benefits application letter to VAC (New Brunswick, SIN)",
    "i": "interpreter-assisted primary care visit note (Kamloops, BC, Tigrinya, refugee)",
    "h": "hospice volunteers' visit log (Burin Peninsula, NL, dated entries by volunteer)",
    "o": "pharmacy opioid treatment agreement (Kings County, PEI, signatures block)",
    "f": "French Manitoba health centre's consultation request letter (NIP, ages)",
    "k": "clean notes",
}
FRENCH = ["y1.txt", "f1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 150,
    "DATE": 77,
    "ADDRESS": 65,
    "FACILITY": 64,
    "PHONE": 35,
    "ID": 21,
    "POSTAL_CODE": 13,
    "HEALTH_NUMBER": 10,
    "EMAIL": 10,
    "MRN": 9,
    "URL": 4,
    "AGE": 3,
    "SIN": 1,
    "IP": 1,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT8)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=12, styles=STYLES, kind_counts=KIND_COUNTS, total=463, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_titles_and_weekdays_stay_outside(docs: list[Document]) -> None:
    bad = re.compile(
        r"^(Dr\.?|Dre|Docteure|Mme|Mrs?\.?|Ms\.?|Me|Rev\.?|Father|Sergeant|NP|RN|RM|ND|MRN|PHN"
        r"|HSN|MCP|NAM|NIP|OHIP|AHCIP|DOB|SIN|CMO|CMQ|OMCM|BCCNM|ACSLPA|ID|RPh|le|la|the|Chart"
        r"|Room|salle|Mon(day)?|Tue(s|sday)?\.?|Wed(nesday)?|Thu(rs|rsday)?\.?|Fri(day)?"
        r"|Sat(urday)?|Sun(day)?|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[\s:#.]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 10
    (ontario,) = health["w1.txt"]  # Ontario: Luhn on the 10 digits, version code outside the check
    digits = re.sub(r"\D", "", ontario)
    assert len(digits) == 10 and luhn(digits), ontario
    (phn,) = health["i1.txt"]  # BC PHN: mod 11
    assert bc_phn(re.sub(r"\D", "", phn)), phn
    # RAMQ: 3 letters of the surname + first letter of the given name + YYMMDD (women: month + 50)
    (ramq,) = health["y1.txt"]
    compact = ramq.replace(" ", "")
    assert re.fullmatch(r"[A-Z]{4}\d{6}[1-9]\d", compact), ramq
    assert compact[:4] == "MORG" and compact[4:10] == "665728", ramq  # born 1966-07-28
    # NS 10 digits, Alberta, Saskatchewan, NB, Manitoba 9, NL MCP 12, PEI 8: no check
    lengths = {
        "z1.txt": 10,
        "g1.txt": 9,
        "b1.txt": 9,
        "v1.txt": 9,
        "f1.txt": 9,
        "h1.txt": 12,
        "o1.txt": 8,
    }
    for name, length in lengths.items():
        (number,) = health[name]
        assert len(re.sub(r"\D", "", number)) == length, (name, number)
    sins = spans(docs, "SIN")
    assert sorted(sins) == ["v1.txt"]
    for (sin,) in sins.values():
        assert luhn(sin.replace(" ", "")) and sin[0] not in "089", sin
    for phones in spans(docs, "PHONE").values():
        for phone in phones:
            assert re.search(r"555\W?01\d\d$", phone), phone
    for ips in spans(docs, "IP").values():
        for ip in ips:
            assert ip.startswith(("192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:")), ip
    for kind in ("EMAIL", "URL"):
        for found in spans(docs, kind).values():
            for value in found:
                assert re.search(r"\.example(/|$)", value), value


def test_ages_agree_with_the_notes(docs: list[Document]) -> None:
    # ages 90 and over are AGE spans; younger ages stay unmarked
    ages = [int(a) for found in spans(docs, "AGE").values() for a in found]
    assert sorted(ages) == [91, 92, 94]


def test_clean_notes_name_no_number_like_an_identifier(docs: list[Document]) -> None:
    for d in docs:
        if d.gold:
            continue
        assert not re.search(r"\d{3}[- ]?555[- ]?01\d\d", d.text), d.name
        assert not re.search(r"\b\d{8,}\b", d.text), d.name
        assert "@" not in d.text and "http" not in d.text, d.name


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print its figures
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout8.py`."""
    report(load_marked(HELDOUT8), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
