"""Thirteenth held-out set (tests/phi/data/heldout13): 13 notes written on 2026-12-06 by helper
phinotes13 without reading the scanner rules or the other sets' notes (see the README there).

Measured once, blind (see the README for the commit and the figures). These tests only check the
markup, the set and the check digits of the invented numbers; `python tests/phi/test_heldout13.py`
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

HELDOUT13 = Path(__file__).with_name("data") / "heldout13"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "t": "physiotherapy waitlist spreadsheet pasted as tab-separated text (Sunshine Coast, BC)",
    "p": "patient portal secure-message thread with a proxy, printed for the chart (Muskoka, ON)",
    "m": "cardiac device clinic remote-transmission review, serials (upper Saint John valley, NB)",
    "h": "IT service-desk ticket asking for a duplicate chart merge (Pictou County, NS)",
    "o": "occupational health pre-placement and respirator fit-test record, mine (Elk Valley, BC)",
    "r": "ground search and rescue medical handover and subject care log (Bonne Bay, NL)",
    "l": "pharmacy drug-recall call-back worksheet, pipe table (west-central SK)",
    "v": "school immunization clinic vaccine administration roster (Westman, MB)",
    "e": "French emergency triage sheet, ÉTG (Haute-Matawinie, QC)",
    "a": "French group disability insurance claim, attending physician's statement (Beauce, QC)",
    "c": "French paratransit eligibility application with an OT's attestation (Bois-Francs, QC)",
    "k": "clean notes",
}
FRENCH = ["e1.txt", "a1.txt", "c1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 221,
    "DATE": 108,
    "ADDRESS": 65,
    "ID": 60,
    "FACILITY": 50,
    "PHONE": 44,
    "HEALTH_NUMBER": 24,
    "MRN": 16,
    "POSTAL_CODE": 12,
    "AGE": 9,
    "EMAIL": 6,
    "URL": 3,
    "IP": 3,
    "SIN": 1,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT13)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=13, styles=STYLES, kind_counts=KIND_COUNTS, total=622, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_titles_and_weekdays_stay_outside(docs: list[Document]) -> None:
    # `le`, `la`, `the`, `dr` in lower case only
    bad = re.compile(
        r"^(Dr\.?|Dre(?!\.)|Mme|Mrs?\.?|Ms\.?|Rev\.?|NP|RN|LPN|RPN|RPh|PCP|OHN|PT|MRN|PHN|PHIN|HSN"
        r"|NAM|NAS|AHCIP|OHIP|MCP|CMQ|OEQ|SCPP|DOB|Rx|Chart|Dossier|Bed|room|civière"
        r"|(?-i:le|la|the|dr)"
        r"|Mon(day)?\.?|Tue(s|sday)?\.?|Wed(nesday)?|Thu(rs|rsday)?\.?|Fri(day)?|Sat(urday)?"
        r"|Sun(day|\.)?|lun\.|lundi|mardi|mer\.|mercredi|jeudi|vendredi|samedi|dim\.|dimanche)"
        r"[\s:#.,]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 24
    # BC PHN: mod 11 (five in the waitlist, one at the mine), all run together
    bc = [n for n in health["t1.txt"] if n.isdigit()] + health["o1.txt"]
    assert len(bc) == 6
    for phn in bc:
        assert bc_phn(phn), phn
    # Alberta (a summer patient in the waitlist): 9 digits grouped 5-4
    (alberta,) = [n for n in health["t1.txt"] if not n.isdigit()]
    assert re.fullmatch(r"\d{5}-\d{4}", alberta), alberta
    # Ontario: Luhn on the 10 digits, the version code outside the check
    (ontario,) = health["p1.txt"]
    digits = re.sub(r"\D", "", ontario)
    assert len(digits) == 10 and luhn(digits) and digits[0] != "0", ontario
    assert re.search(r" [A-Z]{2}$", ontario), ontario
    # RAMQ: 3 letters of the surname + first letter of the given name + YYMMDD (women: month + 50)
    ramq = {
        "e1.txt": ("QUIE", "365523"),  # QUITICH-CLOUÂTRE Eudoxie, born 1936-05-23, a woman
        "a1.txt": ("JOBU", "750308"),  # JOBIN-KAMARA Urbain, born 1975-03-08, a man
        "c1.txt": ("DUSP", "335126"),  # DUSSAULT-LAMY Pâquerette, born 1933-01-26, a woman
    }
    for name, (letters, born) in ramq.items():
        (number,) = health[name]
        compact = number.replace(" ", "")
        assert re.fullmatch(r"[A-Z]{4}\d{6}[1-9]\d", compact), number
        assert compact[:4] == letters and compact[4:10] == born, number
    # NB, SK and MB 9 digits; NS 10; NL 12: no check
    lengths = {"m1.txt": {9}, "h1.txt": {10}, "r1.txt": {12}, "l1.txt": {9}, "v1.txt": {9}}
    for name, allowed in lengths.items():
        for number in health[name]:
            assert len(re.sub(r"\D", "", number)) in allowed, (name, number)
    # one SIN, Luhn-valid, not a temporary resident's (9) nor an invalid first digit (0, 8)
    sins = spans(docs, "SIN")
    assert list(sins) == ["a1.txt"] and len(sins["a1.txt"]) == 1
    sin = re.sub(r"\D", "", sins["a1.txt"][0])
    assert len(sin) == 9 and luhn(sin) and sin[0] not in "089", sin
    assert not spans(docs, "SSN")
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
    assert sorted(ages) == [90, 91, 91, 91, 92, 93, 94, 94, 95]


def test_clean_notes_name_no_number_like_an_identifier(docs: list[Document]) -> None:
    for d in docs:
        if d.gold:
            continue
        assert not re.search(r"\d{3}[- ]?555[- ]?01\d\d", d.text), d.name
        assert not re.search(r"\b\d{8,}\b", d.text), d.name
        assert "@" not in d.text and "http" not in d.text, d.name


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print its figures
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout13.py`."""
    report(load_marked(HELDOUT13), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
