"""Eleventh held-out set (tests/phi/data/heldout11): 13 notes written on 2026-12-06 by helper
phinotes11 without reading the scanner rules or the other sets' notes (see the README there).

Measured once, blind, at commit a9a8728 (scanner 1.13.0; see the README for the figures). These
tests only check the markup, the set and the check digits of the invented numbers; `python
tests/phi/test_heldout11.py` prints the figures (`measure`); no scanner threshold is asserted
here."""

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

HELDOUT11 = Path(__file__).with_name("data") / "heldout11"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "c": "CSV export with a header row from an INR point-of-care clinic (Interlake, MB)",
    "g": "family group-chat export with lower-case first names and @handles (Algoma, ON)",
    "h": "home-support weekly visit schedule, fixed-width, worker initials (Bay St. George, NL)",
    "a": "audiologist's hearing assessment report, ALL-CAPS letterhead (Miramichi, NB)",
    "p": "summer camp camper health and medication form (Lunenburg County, NS)",
    "e": "health equipment loan agreement and delivery slip with asset tags (east-central AB)",
    "o": "on-call physician's overnight telephone log (Norfolk County, ON)",
    "m": "Transport Canada marine medical examination, examiner's copy (Haida Gwaii, BC)",
    "t": "French interfacility transfer form (Charlevoix, QC)",
    "n": "French dietitian's consultation note (Huronia francophone community, ON)",
    "r": "French pre-anaesthesia questionnaire, nurse and anaesthetist review (fransaskois, SK)",
    "k": "clean notes",
}
FRENCH = ["t1.txt", "n1.txt", "r1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 247,
    "DATE": 125,
    "ADDRESS": 104,
    "FACILITY": 70,
    "PHONE": 48,
    "ID": 35,
    "POSTAL_CODE": 20,
    "HEALTH_NUMBER": 19,
    "AGE": 14,
    "MRN": 5,
    "EMAIL": 4,
    "URL": 1,
    "IP": 1,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT11)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=13, styles=STYLES, kind_counts=KIND_COUNTS, total=693, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_titles_and_weekdays_stay_outside(docs: list[Document]) -> None:
    # `le`, `la`, `the`, `dr`, `aunt` in lower case only
    bad = re.compile(
        r"^(Dr\.?|Dre|Mme|Mrs?\.?|Ms\.?|Auntie|Medic|RN|NP|LPN|OT|MRN|PHIN|MCP|AHCIP|NAM|OHIP|PHN"
        r"|CDN|DOB|Rx|Chart|Dossier|Medicare|Loan|room|bed|(?-i:le|la|the|dr|aunt)"
        r"|Mon(day)?|Tue(s|sday)?\.?|Wed(nesday)?|Thu(rs|rsday)?\.?|Fri(day)?|Sat(urday)?"
        r"|Sun(day|\.)?|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[\s:#.]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 19
    # Ontario: Luhn on the 10 digits, the version code outside the check
    for name in ("g1.txt", "o1.txt", "n1.txt"):
        (ontario,) = health[name]
        digits = re.sub(r"\D", "", ontario)
        assert len(digits) == 10 and luhn(digits) and digits[0] != "0", ontario
        assert re.search(r"[A-Z]{2}$", ontario), ontario
    # BC PHN: mod 11
    (phn,) = health["m1.txt"]
    assert bc_phn(phn), phn
    # RAMQ: 3 letters of the surname + first letter of the given name + YYMMDD (women: month + 50)
    (ramq,) = health["t1.txt"]
    compact = ramq.replace(" ", "")
    assert re.fullmatch(r"[A-Z]{4}\d{6}[1-9]\d", compact), ramq
    assert compact[:4] == "LAJR" and compact[4:10] == "445513", ramq  # born 1944-05-13, a woman
    # MB (nine in the CSV), AB, NB and SK 9 digits, NS 10, NL 12: no check
    lengths = {"a1.txt": 9, "e1.txt": 9, "r1.txt": 9, "p1.txt": 10, "h1.txt": 12}
    for name, length in lengths.items():
        (number,) = health[name]
        assert len(re.sub(r"\D", "", number)) == length, (name, number)
    assert len(health["c1.txt"]) == 9
    assert all(re.fullmatch(r"\d{9}", n) for n in health["c1.txt"])
    assert not spans(docs, "SIN")
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
    assert sorted(ages) == [90, 90, 90, 90, 91, 91, 91, 92, 92, 93, 93, 94, 95, 96]


def test_clean_notes_name_no_number_like_an_identifier(docs: list[Document]) -> None:
    for d in docs:
        if d.gold:
            continue
        assert not re.search(r"\d{3}[- ]?555[- ]?01\d\d", d.text), d.name
        assert not re.search(r"\b\d{8,}\b", d.text), d.name
        assert "@" not in d.text and "http" not in d.text, d.name


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print its figures
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout11.py`."""
    report(load_marked(HELDOUT11), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
