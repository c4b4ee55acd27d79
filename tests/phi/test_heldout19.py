"""Nineteenth held-out set (tests/phi/data/heldout19): 13 notes written on 2026-12-07 by helper
phinotes19 without reading the scanner rules or the other sets' notes (see the README there).

Measured once, blind (see the README for the commit and the figures). These tests only check the
markup, the set and the check digits of the invented numbers; `python tests/phi/test_heldout19.py`
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

HELDOUT19 = Path(__file__).with_name("data") / "heldout19"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "u": "medical review officer's verified drug-test result, cross-border trucker (Taber, AB)",
    "s": "newborn screening screen-positive notification, recall and call log (Haldimand, ON)",
    "h": "environmental health dwelling inspection for suspected hoarding (Queens, PE)",
    "p": "hospital client relations complaint file, letter and activity log (Fogo Island, NL)",
    "v": "hospital patient valuables and belongings security deposit record (East Kootenay, BC)",
    "c": "spiritual care referral, assessment and chaplains' palliative visit record (SK)",
    "a": "leaving against medical advice release form with ED nursing note (Shelburne, NS)",
    "n": "French constat and déclaration de naissance, home birth with midwives (Laurentides, QC)",
    "d": "French advance medical directives (DMA) form and the GMF meeting note (Memphrémagog, QC)",
    "e": "French Extra-Mural Program referral and admission assessment (Kent, NB)",
    "q": "French Consent and Capacity Board hearing notice, physician's summary (eastern ON)",
    "k": "clean notes",
}
FRENCH = ["n1.txt", "d1.txt", "e1.txt", "q1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 202,
    "DATE": 129,
    "ADDRESS": 105,
    "PHONE": 70,
    "ID": 57,
    "FACILITY": 49,
    "POSTAL_CODE": 24,
    "MRN": 17,
    "EMAIL": 17,
    "HEALTH_NUMBER": 13,
    "AGE": 11,
    "URL": 4,
    "SSN": 1,
    "IP": 1,
    "SIN": 1,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT19)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=13, styles=STYLES, kind_counts=KIND_COUNTS, total=701, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_titles_and_weekdays_stay_outside(docs: list[Document]) -> None:
    # `le`, `la`, `the`, `dr` in lower case only
    bad = re.compile(
        r"^(Dr\.?|Drs|Dre(?!\.)|Mme|Mrs?\.?|Ms\.?|Me|Monsieur|Madame|Rev\.?|Fr\.|Ibu|NP|RN|RPN|RPh"
        r"|RM|PT|MOA|SW|EHO|MRN|PHN|HSN|MCP|NAM|NAS|SIN|SSN|OHIP|CPSNS|OSFQ|OIIQ|MROCC|DOB|DL|PO"
        r"|FWID|PID|Rx|Box 0|Tel|Fax|Tél|Téléc|IP|(?-i:le|la|the|dr)"
        r"|Mon(day)?\.?|Tue(s|sday)?\.?|Wed(nesday)?|Thu(rs|rsday)?\.?|Fri(day)?|Sat(urday)?"
        r"|Sun(day|\.)?|lun\.|lundi|mardi|mer\.|mercredi|jeu\.|jeudi|vendredi|samedi|dim\.|dimanche)"
        r"[\s:#.,]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 13
    # Ontario: Luhn on the 10 digits, first digit not 0; the version codes are outside the spans
    ontario = health["s1.txt"] + health["q1.txt"]
    assert ontario == ["6763-674-865", "4452 581 681", "3453 265 799"]
    for number in ontario:
        digits = re.sub(r"\D", "", number)
        assert len(digits) == 10 and luhn(digits) and digits[0] != "0", number
    # BC PHN: 10 digits, first 9, mod-11 check
    assert health["v1.txt"] == ["9120 333 844"]
    assert bc_phn(re.sub(r"\D", "", health["v1.txt"][0]))
    # RAMQ: 3 letters of the surname + first letter of the given name + YYMMDD (women: month + 50)
    ramq = {
        "n1.txt": [
            ("BARN", "935527"),  # BARTHELEMY Noémi, born 1993-05-27, a woman
            ("AKST", "901203"),  # AKSU Thibaut, born 1990-12-03, a man
        ],
        "d1.txt": [("DIAA", "471108")],  # DIACONESCU Anatolie, born 1947-11-08, a man
    }
    for name, expected in ramq.items():
        assert len(health[name]) == len(expected), name
        for number, (letters, born) in zip(health[name], expected, strict=True):
            compact = number.replace(" ", "")
            assert re.fullmatch(r"[A-Z]{4}\d{6}[1-9]\d", compact), number
            assert compact[:4] == letters and compact[4:10] == born, number
    # the birth dates written in the notes agree with the RAMQ numbers
    texts = {d.name: d.text for d in docs}
    assert "27 mai 1993" in texts["n1.txt"] and "3 décembre 1990" in texts["n1.txt"]
    assert "1947-11-08" in texts["d1.txt"]
    # NL 12 digits, NS 10, PEI 8, AB, SK and NB 9: no check
    lengths = {
        "p1.txt": 12,
        "a1.txt": 10,
        "h1.txt": 8,
        "u1.txt": 9,
        "c1.txt": 9,
        "e1.txt": 9,
    }
    for name, length in lengths.items():
        assert len(health[name]) == 1, name
        assert len(re.sub(r"\D", "", health[name][0])) == length, name
    # one SIN, Luhn-valid, not a temporary resident's (9) nor an invalid first digit (0, 8)
    sins = spans(docs, "SIN")
    assert sorted(sins) == ["v1.txt"]
    (sin,) = sins["v1.txt"]
    digits = re.sub(r"\D", "", sin)
    assert len(digits) == 9 and luhn(digits) and digits[0] not in "089", sin
    # one SSN (3-2-4, no area 000, 666 or 9xx) and one IP from a documentation range
    assert spans(docs, "SSN") == {"u1.txt": ["418-63-2095"]}
    assert spans(docs, "IP") == {"u1.txt": ["203.0.113.209"]}
    for phones in spans(docs, "PHONE").values():
        for phone in phones:
            assert re.search(r"555\W?01\d\d$", phone), phone
    for kind in ("EMAIL", "URL"):
        for found in spans(docs, kind).values():
            for value in found:
                assert re.search(r"\.example(/|$)", value), value


def _age(born: date, then: date) -> int:
    return then.year - born.year - ((then.month, then.day) < (born.month, born.day))


def test_ages_agree_with_the_notes(docs: list[Document]) -> None:
    # ages 90 and over are AGE spans; younger ages stay unmarked
    ages = [int(a) for found in spans(docs, "AGE").values() for a in found]
    assert sorted(ages) == [90, 90, 91, 92, 92, 93, 94, 95, 96, 97, 99]
    # the ages computed from a birth date written in the same note
    born_then = {
        ("h1.txt", "91"): (date(1937, 8, 2), date(2029, 3, 6)),
        ("p1.txt", "93"): (date(1935, 6, 30), date(2029, 2, 12)),
        ("e1.txt", "92"): (date(1936, 3, 21), date(2029, 3, 14)),
    }
    for (name, age), (born, then) in born_then.items():
        assert age in spans(docs, "AGE")[name]
        assert _age(born, then) == int(age), name
    # the DMA signatory's age is written (81, unmarked)
    texts = {d.name: d.text for d in docs}
    assert "M. [[NAME:Diaconescu]], 81 ans" in (HELDOUT19 / "d1.txt").read_text(encoding="utf-8")
    assert "81 ans" in texts["d1.txt"]
    assert _age(date(1947, 11, 8), date(2029, 3, 8)) == 81


def test_weekdays_agree_with_the_calendar(docs: list[Document]) -> None:
    said = [
        ("u1.txt", "Thu [[DATE:January 18, 2029]]", date(2029, 1, 18)),
        ("u1.txt", "Tue [[DATE:Jan 16]]", date(2029, 1, 16)),
        ("s1.txt", "Wed [[DATE:Feb 7, 2029]]", date(2029, 2, 7)),
        ("s1.txt", "Fri [[DATE:February 9]]", date(2029, 2, 9)),
        ("h1.txt", "Thu [[DATE:1 March 2029]]", date(2029, 3, 1)),
        ("h1.txt", "Tue [[DATE:6 March 2029]]", date(2029, 3, 6)),
        ("h1.txt", "Tue [[DATE:20 March 2029]]", date(2029, 3, 20)),
        ("p1.txt", "Mon [[DATE:12-Feb-2029]]", date(2029, 2, 12)),
        (
            "p1.txt",
            "[[DATE:27-Feb-2029]] 10:00 [[NAME:abhatnagar]]  Meeting (Tue)",
            date(2029, 2, 27),
        ),
        ("v1.txt", "Sat [[DATE:27/01/2029]]", date(2029, 1, 27)),
        ("v1.txt", "Wed [[DATE:31/01/2029]]", date(2029, 1, 31)),
        ("c1.txt", "Fri [[DATE:Mar 9]]", date(2029, 3, 9)),
        ("c1.txt", "Sun [[DATE:11-Mar-2029]]", date(2029, 3, 11)),
        ("c1.txt", "Wed [[DATE:14-Mar-2029]]", date(2029, 3, 14)),
        ("c1.txt", "Sat [[DATE:17-Mar-2029]]", date(2029, 3, 17)),
        ("a1.txt", "Sun [[DATE:18 Feb 2029]]", date(2029, 2, 18)),
        ("a1.txt", "Mon [[DATE:Feb 19]]", date(2029, 2, 19)),
        ("n1.txt", "vendredi [[DATE:26 janvier 2029]]", date(2029, 1, 26)),
        ("n1.txt", "mardi [[DATE:6 février]]", date(2029, 2, 6)),
        ("d1.txt", "jeudi [[DATE:8 mars 2029]]", date(2029, 3, 8)),
        ("e1.txt", "lundi [[DATE:12 mars 2029]]", date(2029, 3, 12)),
        ("e1.txt", "mardi [[DATE:13 mars]]", date(2029, 3, 13)),
        ("e1.txt", "mercredi [[DATE:14 mars 2029]]", date(2029, 3, 14)),
        ("q1.txt", "mercredi [[DATE:21 février 2029]]", date(2029, 2, 21)),
        ("q1.txt", "lundi [[DATE:26 février 2029]]", date(2029, 2, 26)),
    ]
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    french = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
    for name, cue, day in said:
        raw = (HELDOUT19 / name).read_text(encoding="utf-8")
        assert cue in raw, (name, cue)
        # the weekday is the cue's first word, or the word in brackets after a log line's date
        word = re.search(r"\((\w+)\)$", cue).group(1) if cue.startswith("[[") else cue.split()[0]
        assert word[:3] in (names[day.weekday()], french[day.weekday()]), (name, cue)


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
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout19.py`."""
    report(load_marked(HELDOUT19), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
