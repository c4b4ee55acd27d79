"""Tenth held-out set (tests/phi/data/heldout10): 13 notes written on 2026-12-05 by helper
phinotes10 without reading the scanner rules or the other sets' notes (see the README there).

Measured once, blind, at commit 7d52fff (see the README for the figures). These tests only check
the markup, the set and the check digits of the invented numbers; `python
tests/phi/test_heldout10.py` prints the figures (`measure`); no scanner threshold is asserted
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
        luhn,
        spans,
    )
except ImportError:  # run as a script (`python tests/phi/test_heldoutN.py`): its own folder
    from heldout_checks import (  # type: ignore[no-redef]
        assert_markup_sound,
        assert_outside,
        assert_set_whole,
        luhn,
        spans,
    )

HELDOUT10 = Path(__file__).with_name("data") / "heldout10"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "x": "scanned and OCR'd faxed neurology consult letter with OCR errors (Peace Country, AB)",
    "e": "employee assistance program telephone intake after a workplace death (Labrador West)",
    "b": "pharmacy compliance-packaging sync sheet, table with Rx numbers (Prince County, PE)",
    "v": "veterinarian's One Health zoonosis referral to a physician (goat dairy, Haliburton, ON)",
    "n": "expected death in the home notification and pronouncement record (Hay River, NT)",
    "s": "SMS appointment-reminder log export with patients' replies (Boundary, BC)",
    "t": "tuberculosis contact investigation worksheet with a contacts table (northern SK)",
    "u": "immigration medical exam panel physician's working notes (Essex County, ON, abroad)",
    "i": "French Info-Santé 811 telephone triage record (Côte-Nord, QC)",
    "d": "French dentist's emergency chart note (Îles-de-la-Madeleine, QC)",
    "f": "French university student health service note by an NP (Clare, NS)",
    "k": "clean notes",
}
FRENCH = ["i1.txt", "d1.txt", "f1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 211,
    "DATE": 127,
    "ADDRESS": 93,
    "FACILITY": 76,
    "PHONE": 52,
    "ID": 30,
    "MRN": 22,
    "POSTAL_CODE": 10,
    "HEALTH_NUMBER": 9,
    "EMAIL": 5,
    "AGE": 4,
    "URL": 2,
    "IP": 1,
    "SIN": 1,
}
# the OCR'd fax keeps its misread letters inside spans: O read for 0, l for 1
OCR = str.maketrans({"O": "0", "l": "1"})


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT10)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=13, styles=STYLES, kind_counts=KIND_COUNTS, total=643, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_titles_and_weekdays_stay_outside(docs: list[Document]) -> None:
    # `le`, `la`, `the` in lower case only: `La Ronge` is a town
    bad = re.compile(
        r"^(Dr\.?|Dre|Mme|Mrs?\.?|Ms\.?|Father|Elder|Mémère|Nan|RN|NP|LPN|RPh|IP|MRN|HSN|MCP|AHC#?"
        r"|NAM|OHIP|DOB|SIN|UCI|IME|Rx|Chart|Dossier|chambre|Room|(?-i:le|la|the)|Mon(day)?|Tue(s|sday)?\.?"
        r"|Wed(nesday)?|Thu(rs|rsday)?\.?|Fri(day)?|Sat(urday)?|Sun(day|\.)|lundi|mardi|mercredi"
        r"|jeudi|vendredi|samedi|dimanche)[\s:#.]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 9
    # Ontario: Luhn on the 10 digits, the version code outside the check
    (ontario,) = health["v1.txt"]
    digits = re.sub(r"\D", "", ontario)
    assert len(digits) == 10 and luhn(digits) and digits[0] != "0", ontario
    assert re.search(r"[A-Z]{2}$", ontario), ontario
    # RAMQ: 3 letters of the surname + first letter of the given name + YYMMDD (women: month + 50)
    for name, prefix, born in (("i1.txt", "ASHP", "385819"), ("d1.txt", "TURG", "691127")):
        (ramq,) = health[name]
        compact = ramq.replace(" ", "")
        assert re.fullmatch(r"[A-Z]{4}\d{6}[1-9]\d", compact), ramq
        assert compact[:4] == prefix and compact[4:10] == born, ramq
    # NL 12 digits, NS 10, PE 8, AB, SK and NT 9: no check
    lengths = {"e1.txt": 12, "f1.txt": 10, "b1.txt": 8, "x1.txt": 9, "t1.txt": 9, "n1.txt": 9}
    for name, length in lengths.items():
        (number,) = health[name]
        assert len(re.sub(r"\D", "", number)) == length, (name, number)
    sins = spans(docs, "SIN")
    assert sorted(sins) == ["u1.txt"]
    for (sin,) in sins.values():
        # a temporary resident's SIN starts with 9
        assert luhn(sin.replace(" ", "")) and sin[0] == "9", sin
    for name, phones in spans(docs, "PHONE").items():
        for phone in phones:
            read = phone.translate(OCR) if name == "x1.txt" else phone
            assert re.search(r"555\W?01\d\d$", read), phone
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
    assert sorted(ages) == [91, 91, 91, 92]


def test_clean_notes_name_no_number_like_an_identifier(docs: list[Document]) -> None:
    for d in docs:
        if d.gold:
            continue
        assert not re.search(r"\d{3}[- ]?555[- ]?01\d\d", d.text), d.name
        assert not re.search(r"\b\d{8,}\b", d.text), d.name
        assert "@" not in d.text and "http" not in d.text, d.name


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print its figures
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout10.py`."""
    report(load_marked(HELDOUT10), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
