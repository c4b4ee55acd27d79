"""Eighteenth held-out set (tests/phi/data/heldout18): 13 notes written on 2026-12-07 by helper
phinotes18 without reading the scanner rules or the other sets' notes (see the README there).

Measured once, blind (see the README for the commit and the figures). These tests only check the
markup, the set and the check digits of the invented numbers; `python tests/phi/test_heldout18.py`
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

HELDOUT18 = Path(__file__).with_name("data") / "heldout18"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "v": "adverse event following immunization (AEFI) report to public health (Rainy River, ON)",
    "p": "pharmacist's Tracked Prescription Program multiple-prescriber fax (Lakeland, AB)",
    "h": "emergency shelter intake and nightly bed log with an overdose incident (York, NB)",
    "m": "Métis health navigator's client contact notes (northwest SK)",
    "w": "Assistive Devices Program mobility device application, chart copy (Sudbury, ON)",
    "j": "physician's letter to excuse a summoned juror, fax cover and chart note (Antigonish, NS)",
    "t": "travel medical insurance emergency claim form, Arizona admission (southeast MB)",
    "a": "French CHSLD admission form with a life history, histoire de vie (Matapédia, QC)",
    "n": "French CLSC postnatal home visit for mother and newborn (Haut-Richelieu, QC)",
    "c": "French colonoscopy convocation and bowel preparation letter (Pontiac, QC)",
    "r": "French cardiac rehabilitation attendance and follow-up sheet (L'Érable, QC)",
    "k": "clean notes",
}
FRENCH = ["a1.txt", "n1.txt", "c1.txt", "r1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 194,
    "DATE": 158,
    "ADDRESS": 84,
    "FACILITY": 64,
    "ID": 63,
    "PHONE": 57,
    "POSTAL_CODE": 21,
    "MRN": 18,
    "EMAIL": 14,
    "HEALTH_NUMBER": 13,
    "AGE": 11,
    "URL": 4,
    "SIN": 1,
    "IP": 1,
    "SSN": 1,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT18)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=13, styles=STYLES, kind_counts=KIND_COUNTS, total=704, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_titles_and_weekdays_stay_outside(docs: list[Document]) -> None:
    # `le`, `la`, `the`, `dr` in lower case only
    bad = re.compile(
        r"^(Dr\.?|Drs|Dre(?!\.)|Mme|Mrs?\.?|Ms\.?|Me|Monsieur|Madame|Rev\.?|NP|RN|RPN|RPh|PT|ACP"
        r"|MOA|SW|MRN|PHN|HSN|PHIN|NAM|NAS|SIN|SSN|NPI|OHIP|CPSA|CPSO|CPSNS|OIIQ|DOB|Rx|SN|Chart"
        r"|Dossier|Room|Chambre|Box 0|Tel|Fax|Tél|Téléc|IP|(?-i:le|la|the|dr)"
        r"|Mon(day)?\.?|Tue(s|sday)?\.?|Wed(nesday)?|Thu(rs|rsday)?\.?|Fri(day)?|Sat(urday)?"
        r"|Sun(day|\.)?|lun\.|lundi|mardi|mer\.|mercredi|jeu\.|jeudi|vendredi|samedi|dim\.|dimanche)"
        r"[\s:#.,]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 13
    # Ontario: Luhn on the 10 digits, first digit not 0; the version codes are in their own fields
    ontario = health["v1.txt"] + health["w1.txt"]
    assert ontario == ["4637 694 862", "6379-089-276"]
    for number in ontario:
        digits = re.sub(r"\D", "", number)
        assert len(digits) == 10 and luhn(digits) and digits[0] != "0", number
    # RAMQ: 3 letters of the surname + first letter of the given name + YYMMDD (women: month + 50)
    ramq = {
        "a1.txt": [("LAVG", "345921")],  # LAVIGUEUR Giuseppina, born 1934-09-21, a woman, aged 94
        "n1.txt": [
            ("BROY", "965411"),  # BROQUET-DUMORTIER Ysaline, born 1996-04-11, a woman
            ("KADE", "281103"),  # KADDOUR Élouan, born 2028-11-03, a boy
        ],
        "c1.txt": [("HODB", "620829")],  # HODGINS-LÉVY Brahim, born 1962-08-29, a man
        "r1.txt": [("TOUR", "570123")],  # TOURNAY-ADAM Rodolphe, born 1957-01-23, a man
    }
    for name, expected in ramq.items():
        assert len(health[name]) == len(expected), name
        for number, (letters, born) in zip(health[name], expected, strict=True):
            compact = number.replace(" ", "")
            assert re.fullmatch(r"[A-Z]{4}\d{6}[1-9]\d", compact), number
            assert compact[:4] == letters and compact[4:10] == born, number
    # the birth dates written in the notes agree with the RAMQ numbers
    texts = {d.name: d.text for d in docs}
    assert "21 septembre 1934" in texts["a1.txt"]
    assert "1996-04-11" in texts["n1.txt"] and "2028-11-03" in texts["n1.txt"]
    assert "29 août 1962" in texts["c1.txt"]
    assert "1957-01-23" in texts["r1.txt"]
    # NS 10 digits (quoted twice), AB, NB, SK and MB 9: no check
    lengths = {
        "j1.txt": (2, 10),
        "p1.txt": (1, 9),
        "h1.txt": (1, 9),
        "m1.txt": (1, 9),
        "t1.txt": (1, 9),
    }
    for name, (count, length) in lengths.items():
        assert len(health[name]) == count, name
        for number in health[name]:
            assert len(re.sub(r"\D", "", number)) == length, (name, number)
    # one SIN, Luhn-valid, not a temporary resident's (9) nor an invalid first digit (0, 8)
    sins = spans(docs, "SIN")
    assert sorted(sins) == ["h1.txt"]
    (sin,) = sins["h1.txt"]
    digits = re.sub(r"\D", "", sin)
    assert len(digits) == 9 and luhn(digits) and digits[0] not in "089", sin
    # one SSN (3-2-4, no area 000, 666 or 9xx) and one IP from a documentation range
    assert spans(docs, "SSN") == {"t1.txt": ["512-44-8370"]}
    assert spans(docs, "IP") == {"t1.txt": ["198.51.100.74"]}
    for phones in spans(docs, "PHONE").values():
        for phone in phones:
            assert re.search(r"555\W?01\d\d$", phone), phone
    for kind in ("EMAIL", "URL"):
        for found in spans(docs, kind).values():
            for value in found:
                assert re.search(r"\.example(/|$)", value), value


def test_ages_agree_with_the_notes(docs: list[Document]) -> None:
    # ages 90 and over are AGE spans; younger ages stay unmarked
    ages = [int(a) for found in spans(docs, "AGE").values() for a in found]
    assert sorted(ages) == [90, 91, 91, 92, 93, 93, 94, 94, 95, 96, 97]
    # the ages computed from a birth date written in the same note
    born_then = {
        ("w1.txt", "92"): (date(1936, 2, 8), date(2028, 11, 6)),
        ("a1.txt", "94"): (date(1934, 9, 21), date(2028, 11, 14)),
    }
    for (name, age), (born, then) in born_then.items():
        assert age in spans(docs, "AGE")[name]
        years = then.year - born.year - ((then.month, then.day) < (born.month, born.day))
        assert years == int(age), name
    # the claimant's age on the date of loss is written (81, unmarked)
    texts = {d.name: d.text for d in docs}
    assert "Age on date of loss: 81" in texts["t1.txt"]
    then, born = date(2028, 11, 12), date(1947, 5, 17)
    assert then.year - born.year - ((then.month, then.day) < (born.month, born.day)) == 81


def test_weekdays_agree_with_the_calendar(docs: list[Document]) -> None:
    said = [
        ("v1.txt", "Fri [[DATE:Oct 13]]", date(2028, 10, 13)),
        ("v1.txt", "Sun [[DATE:October 15, 2028]]", date(2028, 10, 15)),
        ("v1.txt", "Mon [[DATE:Oct 16]]", date(2028, 10, 16)),
        ("p1.txt", "Thu [[DATE:Nov 9]]", date(2028, 11, 9)),
        ("h1.txt", "Sat [[DATE:28 Oct 2028]]", date(2028, 10, 28)),
        ("h1.txt", "Tues [[DATE:Nov 7]]", date(2028, 11, 7)),
        ("m1.txt", "Mon [[DATE:Oct 30]]", date(2028, 10, 30)),
        ("m1.txt", "Tues [[DATE:Nov 21]]", date(2028, 11, 21)),
        ("w1.txt", "Mon [[DATE:Oct 23, 2028]]", date(2028, 10, 23)),
        ("w1.txt", "Thu [[DATE:Nov 2, 2028]]", date(2028, 11, 2)),
        ("w1.txt", "Wed [[DATE:Nov 29]]", date(2028, 11, 29)),
        ("j1.txt", "Monday, [[DATE:December 4]]", date(2028, 12, 4)),
        ("t1.txt", "Sunday [[DATE:November 12, 2028]]", date(2028, 11, 12)),
        ("a1.txt", "mardi [[DATE:14 novembre 2028]]", date(2028, 11, 14)),
        ("n1.txt", "jeudi [[DATE:9 novembre 2028]]", date(2028, 11, 9)),
        ("n1.txt", "mardi [[DATE:21 novembre]]", date(2028, 11, 21)),
        ("c1.txt", "vendredi [[DATE:8 décembre 2028]]", date(2028, 12, 8)),
        ("r1.txt", "jeudi [[DATE:28 décembre]]", date(2028, 12, 28)),
        ("r1.txt", "lun. [[DATE:13 novembre]]", date(2028, 11, 13)),
        ("r1.txt", "jeu. [[DATE:16 novembre]]", date(2028, 11, 16)),
    ]
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    french = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
    for name, cue, day in said:
        raw = (HELDOUT18 / name).read_text(encoding="utf-8")
        assert cue in raw, (name, cue)
        word = cue.split()[0].rstrip(",.")
        assert word[:3] in (names[day.weekday()], french[day.weekday()]), (name, cue)
    # the supervised sessions of the cardiac rehabilitation table fall on Mondays and Thursdays
    raw = (HELDOUT18 / "r1.txt").read_text(encoding="utf-8")
    sessions = re.findall(r"^\| \d+ +\| \[\[DATE:(\d{4})-(\d\d)-(\d\d)\]\]", raw, re.MULTILINE)
    assert len(sessions) == 10
    assert {date(int(y), int(m), int(d)).weekday() for y, m, d in sessions} == {0, 3}


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
        # no age of 90 or more
        assert not re.search(r"\b(9\d|1[01]\d) ?(ans|years?|y/o|yo)\b", d.text), d.name


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print its figures
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout18.py`."""
    report(load_marked(HELDOUT18), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
