"""Sixth held-out set (tests/phi/data/heldout6): 14 notes written on 2026-12-05 by helper phinotes6
without reading the scanner rules or the other sets' notes (see the README there).

Measured blind once (scanner 1.6.0: recall 0.788, precision 0.989, 2 findings on the clean notes);
rules were then changed after reading its misses (scanner 1.7.0), so it is now a development set
(see the README there). These tests only check the markup, the set and the check digits of the
invented numbers; `python tests/phi/test_heldout6.py` prints the figures (`measure`)."""

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

HELDOUT6 = Path(__file__).with_name("data") / "heldout6"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "f": "pharmacy fax cover sheet and best possible medication history (New Brunswick)",
    "n": "private-duty home nursing shift log, timed entries signed by initials",
    "l": "personal-injury lawyer's records request letter (claim, policy, plate)",
    "s": "harm-reduction outreach van contact log, street names and nicknames",
    "c": "NIHB medical-travel request and CHR note, Mi'kmaw community (Nova Scotia)",
    "q": "French Québec pharmacist's opinion pharmaceutique (RAMQ, rang)",
    "m": "French franco-Ontarian family-conference minutes (attendee list)",
    "u": "out-of-country referral to a US clinic with US intake form (SSN, ZIP+4)",
    "w": "athletic therapist's concussion return-to-play log, junior hockey (Manitoba)",
    "t": "teaching case half de-identified: placeholders next to leftovers",
    "r": "research case report form with monitor note and EDC audit trail",
    "a": "paramedic patient care report (Yukon, km marker, ePCR numbers)",
    "k": "clean notes",
}
FRENCH = ["q1.txt", "m1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 222,
    "DATE": 101,
    "ADDRESS": 71,
    "FACILITY": 61,
    "PHONE": 38,
    "ID": 31,
    "HEALTH_NUMBER": 13,
    "POSTAL_CODE": 12,
    "EMAIL": 7,
    "AGE": 6,
    "MRN": 6,
    "IP": 3,
    "URL": 2,
    "SIN": 1,
    "SSN": 1,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT6)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=14, styles=STYLES, kind_counts=KIND_COUNTS, total=575, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_and_titles_stay_outside(docs: list[Document]) -> None:
    bad = re.compile(
        r"^(Dr\.?|Dre|Mme|Mrs?\.?|Ms\.?|Rev\.?|Cst\.?|coach|uncle|pastor|MRN|OHIP|HN|PHN|PHIN"
        r"|YHCIP|AHCIP|NAM|DOB|SIN|SSN|NAS|Rx|CPSO|Medicare|ID|RN|NP|RPh)[\s:#]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 13
    ontario = ["n1.txt", "l1.txt", "m1.txt", "t1.txt", "u1.txt", "u1.txt"]
    assert sorted(n for n, v in health.items() for _ in v if n in ontario) == sorted(ontario)
    for name in set(ontario):  # Ontario: Luhn on the 10 digits, version code outside the check
        for number in health[name]:
            digits = re.sub(r"\D", "", number)
            assert len(digits) == 10 and luhn(digits), (name, number)
    (phn,) = health["r1.txt"]  # BC PHN: mod 11
    assert bc_phn(re.sub(r"\D", "", phn)), phn
    (ramq,) = health["q1.txt"]  # RAMQ: QUI(rion) + F(rançoise) + 1948-09-17, female (month + 50)
    compact = ramq.replace(" ", "")
    assert re.fullmatch(r"QUIF\d{6}[1-9]\d", compact) and compact[4:10] == "485917", ramq
    # New Brunswick, Alberta, Manitoba and Yukon 9 digits, Nova Scotia 10: no check
    lengths = {"f1.txt": 9, "s1.txt": 9, "w1.txt": 9, "a1.txt": 9, "c1.txt": 10}
    for name, length in lengths.items():
        (number,) = health[name]
        assert len(re.sub(r"\D", "", number)) == length, (name, number)
    (sin,) = spans(docs, "SIN")["l1.txt"]
    assert luhn(sin.replace(" ", "")) and sin[0] not in "089", sin
    (ssn,) = spans(docs, "SSN")["u1.txt"]
    area, group, serial = ssn.split("-")
    assert area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"
    for phones in spans(docs, "PHONE").values():
        for phone in phones:
            assert re.search(r"555\W?01\d\d$", phone), phone
    for ips in spans(docs, "IP").values():
        for ip in ips:
            assert ip.startswith(("192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:")), ip


def test_clean_notes_name_no_number_like_an_identifier(docs: list[Document]) -> None:
    for d in docs:
        if d.gold:
            continue
        assert not re.search(r"\d{3}[- ]?555[- ]?01\d\d", d.text), d.name
        assert not re.search(r"\b\d{8,}\b", d.text), d.name
        assert "@" not in d.text and "http" not in d.text, d.name


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print its figures
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout6.py`."""
    report(load_marked(HELDOUT6), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
