"""Twelfth held-out set (tests/phi/data/heldout12): 13 notes written on 2026-12-06 by helper
phinotes12 without reading the scanner rules or the other sets' notes (see the README there).

Measured once, blind (see the README for the commit and the figures). These tests only check the
markup, the set and the check digits of the invented numbers; `python tests/phi/test_heldout12.py`
prints the figures (`measure`); no scanner threshold is asserted here."""

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

HELDOUT12 = Path(__file__).with_name("data") / "heldout12"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "w": "wound-care clinic photo log with file names and initials (Kings County, PE)",
    "s": "hospital switchboard overnight paging transcript (Bulkley Valley, BC)",
    "j": "FHIR-like JSON export fragment pasted from an EMR (southwest SK)",
    "b": "blood-bank transfusion administration record, scanned (Willow Creek area, AB)",
    "d": "hemodialysis run sheet with a vitals table (Argyle, NS)",
    "x": "home oxygen vendor's order and delivery work order (southern Yukon)",
    "f": "funeral home first-call and transfer-of-remains sheet (Bruce Peninsula, ON)",
    "v": "Markdown meeting notes copied from a Teams chat, @mentions (Dehcho, NT)",
    "u": "French RAMQ exception-drug authorisation request (Abitibi, QC)",
    "q": "French CHSLD family call log, table (Les Basques, QC)",
    "z": "French pharmacist's refill request by fax (Franco-Manitoban, MB)",
    "k": "clean notes",
}
FRENCH = ["u1.txt", "q1.txt", "z1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 239,
    "DATE": 112,
    "ADDRESS": 86,
    "FACILITY": 49,
    "PHONE": 49,
    "ID": 44,
    "MRN": 18,
    "AGE": 16,
    "POSTAL_CODE": 15,
    "HEALTH_NUMBER": 10,
    "EMAIL": 9,
    "URL": 4,
    "IP": 3,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT12)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=13, styles=STYLES, kind_counts=KIND_COUNTS, total=654, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_titles_and_weekdays_stay_outside(docs: list[Document]) -> None:
    # `le`, `la`, `the`, `dr` in lower case only
    bad = re.compile(
        r"^(Dr\.?|Dre(?!\.)|Mme|Mrs?\.?|Ms\.?|Rev\.?|abbé|Medic|RN|NP|LPN|PAB|inf\.?|MRN|PHIN|NIP"
        r"|AHCIP|YHCIP|OHIP|PHN|CNO|CMQ|CPSM|CPhM|DOB|Rx|Chart|Dossier|Chambre|Bed|Chair"
        r"|room|(?-i:le|la|the|dr)"
        r"|Mon(day)?\.?|Tue(s|sday)?\.?|Wed(nesday)?|Thu(rs|rsday)?\.?|Fri(day)?|Sat(urday)?"
        r"|Sun(day|\.)?|lundi|mardi|mer\.|mercredi|jeudi|vendredi|samedi|dimanche)[\s:#.,]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 10
    # Ontario: Luhn on the 10 digits, the version code outside the check
    (ontario,) = health["f1.txt"]
    digits = re.sub(r"\D", "", ontario)
    assert len(digits) == 10 and luhn(digits) and digits[0] != "0", ontario
    assert re.search(r" [A-Z]{2}$", ontario), ontario
    # BC PHN: mod 11 (two, both run together)
    assert len(health["s1.txt"]) == 2
    for phn in health["s1.txt"]:
        assert bc_phn(phn), phn
    # RAMQ: 3 letters of the surname + first letter of the given name + YYMMDD (women: month + 50)
    (ramq,) = health["u1.txt"]
    compact = ramq.replace(" ", "")
    assert re.fullmatch(r"[A-Z]{4}\d{6}[1-9]\d", compact), ramq
    assert compact[:4] == "WAWE" and compact[4:10] == "586007", ramq  # born 1958-10-07, a woman
    # PE 8 digits; AB, SK, YT and MB 9; NS 10: no check
    lengths = {"w1.txt": 8, "b1.txt": 9, "j1.txt": 9, "x1.txt": 9, "z1.txt": 9, "d1.txt": 10}
    for name, length in lengths.items():
        (number,) = health[name]
        assert len(re.sub(r"\D", "", number)) == length, (name, number)
    assert not spans(docs, "SIN") and not spans(docs, "SSN")
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
    assert sorted(ages) == [90, 91, 91, 91, 92, 92, 92, 93, 93, 94, 95, 95, 95, 96, 97, 98]


def test_clean_notes_name_no_number_like_an_identifier(docs: list[Document]) -> None:
    for d in docs:
        if d.gold:
            continue
        assert not re.search(r"\d{3}[- ]?555[- ]?01\d\d", d.text), d.name
        assert not re.search(r"\b\d{8,}\b", d.text), d.name
        assert "@" not in d.text and "http" not in d.text, d.name


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print its figures
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout12.py`."""
    report(load_marked(HELDOUT12), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
