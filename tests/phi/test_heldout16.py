"""Sixteenth held-out set (tests/phi/data/heldout16): 13 notes written on 2026-12-06 by helper
phinotes16 without reading the scanner rules or the other sets' notes (see the README there).

Measured once, blind (see the README for the commit and the figures). These tests only check the
markup, the set and the check digits of the invented numbers; `python tests/phi/test_heldout16.py`
prints the figures (`measure`); no scanner threshold is asserted here."""

from __future__ import annotations

import re
from datetime import date
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

HELDOUT16 = Path(__file__).with_name("data") / "heldout16"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "a": "land ambulance dispatch (CACC) CAD incident detail printout (Frontenac, ON)",
    "m": "MAID written request and assessments, care coordinator's record (Comox Valley, BC)",
    "l": "group long-term-disability insurer's claim decision letter (Battlefords, SK)",
    "u": "privacy officer's EMR access audit and breach notice (Restigouche, NB)",
    "n": "Northern Health Travel Grant application with clinic note (Almaguin, ON)",
    "b": "hospice bereavement follow-up record, calls and visits (Gambo area, NL)",
    "e": "capacity assessor's report on managing property, SDA s. 16 (Elgin County, ON)",
    "r": "French authorisation to disclose records and archives processing log (Gaspésie, QC)",
    "h": "French psychosocial assessment to homologate a protection mandate (Nicolet, QC)",
    "q": "French Franco-Ontarian meals-on-wheels route sheet, pipe table (Chatham-Kent, ON)",
    "z": "French private physiotherapy receipts and group insurance claim (Gracefield, QC)",
    "k": "clean notes",
}
FRENCH = ["r1.txt", "h1.txt", "q1.txt", "z1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 218,
    "DATE": 165,
    "ADDRESS": 96,
    "ID": 64,
    "PHONE": 56,
    "FACILITY": 41,
    "HEALTH_NUMBER": 17,
    "EMAIL": 17,
    "POSTAL_CODE": 15,
    "AGE": 15,
    "MRN": 11,
    "IP": 5,
    "URL": 2,
    "SIN": 1,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT16)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=13, styles=STYLES, kind_counts=KIND_COUNTS, total=723, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_titles_and_weekdays_stay_outside(docs: list[Document]) -> None:
    # `le`, `la`, `the`, `dr` in lower case only
    bad = re.compile(
        r"^(Dr\.?|Dre(?!\.)|Mme|Mrs?\.?|Ms\.?|Me|Rev\.?|Fr\.|Pastor|NP|RN|LPN|RPN|RPh|PT|PA|MOA|IPS"
        r"|T\.S\.|OT|ACP|PCP|MRN|PHN|HSN|NAM|NAS|SIN|OHIP|MCP|CPSBC|OPPQ|DOB|Rx|Chart|Dossier"
        r"|Room|Box 0|Tel|Fax|Tél|(?-i:le|la|the|dr)"
        r"|Mon(day)?\.?|Tue(s|sday)?\.?|Wed(nesday)?|Thu(rs|rsday)?\.?|Fri(day)?|Sat(urday)?"
        r"|Sun(day|\.)?|lun\.|lundi|mardi|mer\.|mercredi|jeudi|vendredi|samedi|dim\.|dimanche)"
        r"[\s:#.,]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 17
    # BC PHN: mod 11 (the MAID record: the patient's and, typed by mistake, the husband's)
    assert len(health["m1.txt"]) == 2
    for number in health["m1.txt"]:
        assert bc_phn(number.replace(" ", "")), number
    # Ontario: Luhn on the 10 digits, first digit not 0; one version code inside the span
    ontario = health["a1.txt"] + health["n1.txt"] + health["e1.txt"] + health["q1.txt"]
    assert len(ontario) == 6
    for number in ontario:
        digits = re.sub(r"\D", "", number)
        assert len(digits) == 10 and luhn(digits) and digits[0] != "0", number
    assert [n for n in ontario if re.search(r"[A-Z]{2}$", n)] == ["2738-877-295-KT"]
    # RAMQ: 3 letters of the surname + first letter of the given name + YYMMDD (women: month + 50)
    ramq = {
        "r1.txt": [
            ("EMOF", "786025"),  # ÉMOND Frédérique, born 1978-10-25, a woman
            ("EMOF", "515403"),  # ÉMOND Frédérique, her aunt, born 1951-04-03, a woman
        ],
        "h1.txt": [("BERH", "365109")],  # BERNIER Helen, born 1936-01-09, a woman, aged 92
        "z1.txt": [("AUDC", "746122")],  # AUDET Catherine, born 1974-11-22, a woman
    }
    for name, expected in ramq.items():
        assert len(health[name]) == len(expected), name
        for number, (letters, born) in zip(health[name], expected, strict=True):
            compact = number.replace(" ", "")
            assert re.fullmatch(r"[A-Z]{4}\d{6}[1-9]\d", compact), number
            assert compact[:4] == letters and compact[4:10] == born, number
    # the birth dates written in the notes agree with the RAMQ numbers
    texts = {d.name: d.text for d in docs}
    assert "1978-10-25" in texts["r1.txt"] and "3 avril 1951" in texts["r1.txt"]
    assert "9 janvier 1936" in texts["h1.txt"]
    assert "22/11/1974" in texts["z1.txt"] and "22 novembre 1974" in texts["z1.txt"]
    # SK and NB 9 digits; NL 12: no check
    lengths = {"l1.txt": (1, 9), "u1.txt": (3, 9), "b1.txt": (1, 12)}
    for name, (count, length) in lengths.items():
        assert len(health[name]) == count, name
        for number in health[name]:
            assert len(re.sub(r"\D", "", number)) == length, (name, number)
    # one SIN, Luhn-valid, not a temporary resident's (9) nor an invalid first digit (0, 8)
    sins = spans(docs, "SIN")
    assert sorted(sins) == ["l1.txt"]
    (sin,) = sins["l1.txt"]
    digits = re.sub(r"\D", "", sin)
    assert len(digits) == 9 and luhn(digits) and digits[0] not in "089", sin
    assert not spans(docs, "SSN")
    for phones in spans(docs, "PHONE").values():
        for phone in phones:
            assert re.search(r"555\W?01\d\d$", phone), phone
    # private addresses of the hospital network and the documentation range for the VPN
    ips = spans(docs, "IP")
    assert sorted(ips) == ["u1.txt"]
    for ip in ips["u1.txt"]:
        assert ip.startswith(("10.55.", "203.0.113.")), ip
    for kind in ("EMAIL", "URL"):
        for found in spans(docs, kind).values():
            for value in found:
                assert re.search(r"\.example(/|$)", value), value


def test_ages_agree_with_the_notes(docs: list[Document]) -> None:
    # ages 90 and over are AGE spans; younger ages stay unmarked
    ages = [int(a) for found in spans(docs, "AGE").values() for a in found]
    assert sorted(ages) == [90, 90, 91, 91, 91, 92, 92, 93, 93, 93, 94, 95, 96, 96, 97]
    # the three ages computed from a birth date written in the same note
    born_then = {
        ("a1.txt", "91"): (date(1936, 11, 2), date(2028, 3, 14)),
        ("e1.txt", "91"): (date(1936, 8, 14), date(2028, 3, 8)),
        ("h1.txt", "92"): (date(1936, 1, 9), date(2028, 3, 15)),
    }
    for (name, age), (born, then) in born_then.items():
        assert age in spans(docs, "AGE")[name]
        years = then.year - born.year - ((then.month, then.day) < (born.month, born.day))
        assert years == int(age), name


def test_weekdays_agree_with_the_calendar(docs: list[Document]) -> None:
    texts = {d.name: d.text for d in docs}
    said = [
        ("a1.txt", "Tue [[DATE:14-Mar", date(2028, 3, 14)),
        ("a1.txt", "Fri [[DATE:Mar 17", date(2028, 3, 17)),
        ("a1.txt", "Mon [[DATE:Mar 20", date(2028, 3, 20)),
        ("m1.txt", "Thu [[DATE:2 March", date(2028, 3, 2)),
        ("m1.txt", "Tue [[DATE:March 21", date(2028, 3, 21)),
        ("u1.txt", "Mon [[DATE:6 March", date(2028, 3, 6)),
        ("e1.txt", "Wed [[DATE:March 8", date(2028, 3, 8)),
        ("e1.txt", "Thu [[DATE:March 16", date(2028, 3, 16)),
        ("b1.txt", "Sun [[DATE:June 4", date(2028, 6, 4)),
        ("q1.txt", "jeudi [[DATE:16 mars", date(2028, 3, 16)),
        ("q1.txt", "lundi [[DATE:20 mars", date(2028, 3, 20)),
    ]
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    french = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    for name, cue, day in said:
        raw = (HELDOUT16 / name).read_text(encoding="utf-8")
        assert cue in raw, (name, cue)
        word = cue.split()[0].rstrip(",")
        assert word[:3] == names[day.weekday()] or word == french[day.weekday()], (name, cue)
        assert name in texts
    # a weekday written after its date, in brackets
    raw = (HELDOUT16 / "n1.txt").read_text(encoding="utf-8")
    assert "[[DATE:March 28, 2028]] (Tue)" in raw and date(2028, 3, 28).weekday() == 1
    assert date(2028, 2, 29).weekday() == 1  # the leap day of b1 exists


def test_clean_notes_name_no_number_like_an_identifier(docs: list[Document]) -> None:
    for d in docs:
        if d.gold:
            continue
        assert not re.search(r"\d{3}[- ]?555[- ]?01\d\d", d.text), d.name
        assert not re.search(r"\b\d{8,}\b", d.text), d.name
        assert "@" not in d.text and "http" not in d.text, d.name
        # no calendar date more specific than a year (every such date is marked in this corpus)
        months = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|janv|févr|mars|avr|mai|juin"
        months += r"|juil|août|sept|oct|nov|déc)"
        assert not re.search(r"\b\d{1,2}(er)? " + months, d.text), d.name
        assert not re.search(months + r"\w* \d{1,2}\b", d.text), d.name
        assert not re.search(r"\b(19|20)\d\d[-/]\d\d", d.text), d.name


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print its figures
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout16.py`."""
    report(load_marked(HELDOUT16), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
