"""Fifteenth held-out set (tests/phi/data/heldout15): 13 notes written on 2026-12-06 by helper
phinotes15 without reading the scanner rules or the other sets' notes (see the README there).

Measured once, blind (see the README for the commit and the figures). These tests only check the
markup, the set and the check digits of the invented numbers; `python tests/phi/test_heldout15.py`
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

HELDOUT15 = Path(__file__).with_name("data") / "heldout15"
# style letter -> what it is (the first letter of each file name)
STYLES = {
    "r": "Ontario Health atHome referral form for home and community care (Lanark County, ON)",
    "w": "WSIB Form 8 health professional's report, chart copy (Grey County, ON)",
    "m": "RAI-MDS 2.0 quarterly assessment summary and shift handover, care home (Swan Valley, MB)",
    "p": "family-kept palliative ESAS-r symptom diary at home, timed entries (Cumberland, NS)",
    "o": "OTN telemedicine booking confirmation email thread (Red Lake area, ON)",
    "v": "medical certificate of death, physician's draft with working notes (Big River, SK)",
    "i": "long-term care respiratory outbreak line list, pipe tables (Arrow Lakes, BC)",
    "c": "CPP Disability medical report by the treating physician (Bonavista Peninsula, NL)",
    "b": "French RAMQ statement of refused claims with revision requests (Portneuf, QC)",
    "f": "French community pharmacy profil pharmacologique printout (Bellechasse, QC)",
    "s": "French home-support (SAD) interdisciplinary intervention plan, PII (Kamouraska, QC)",
    "k": "clean notes",
}
FRENCH = ["b1.txt", "f1.txt", "s1.txt", "k2.txt"]
# spans per kind when the set was written (README "Counts")
KIND_COUNTS = {
    "NAME": 198,
    "DATE": 170,
    "ADDRESS": 74,
    "ID": 64,
    "PHONE": 51,
    "FACILITY": 48,
    "HEALTH_NUMBER": 19,
    "EMAIL": 15,
    "POSTAL_CODE": 14,
    "AGE": 11,
    "MRN": 11,
    "URL": 3,
    "SIN": 2,
    "IP": 1,
}


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return load_marked(HELDOUT15)


def test_the_set_is_whole(docs: list[Document]) -> None:
    assert_set_whole(
        docs, notes=13, styles=STYLES, kind_counts=KIND_COUNTS, total=681, french=FRENCH
    )


def test_the_markup_is_sound(docs: list[Document]) -> None:
    assert_markup_sound(docs)


def test_labels_titles_and_weekdays_stay_outside(docs: list[Document]) -> None:
    # `le`, `la`, `the`, `dr` in lower case only
    bad = re.compile(
        r"^(Dr\.?|Dre(?!\.)|Mme|Mrs?\.?|Ms\.?|Rev\.?|Fr\.|Pastor|NP|RN|LPN|RPN|RPh|PT|PA|MOA|IPS"
        r"|MRN|PHN|PHIN|HSN|NAM|NAS|SIN|OHIP|MCP|CPSO|CPSS|CMQ|DOB|Rx|Chart|Dossier|Room|Tel|Fax"
        r"|Box 0|(?-i:le|la|the|dr)"
        r"|Mon(day)?\.?|Tue(s|sday)?\.?|Wed(nesday)?|Thu(rs|rsday)?\.?|Fri(day)?|Sat(urday)?"
        r"|Sun(day|\.)?|lun\.|lundi|mardi|mer\.|mercredi|jeudi|vendredi|samedi|dim\.|dimanche)"
        r"[\s:#.,]",
        re.IGNORECASE,
    )
    assert_outside(docs, bad, FRENCH)


def test_invented_numbers_pass_their_checks(docs: list[Document]) -> None:
    health = spans(docs, "HEALTH_NUMBER")
    assert sum(len(v) for v in health.values()) == 19
    # BC PHN: mod 11 (the outbreak line list)
    assert len(health["i1.txt"]) == 4
    for number in health["i1.txt"]:
        assert bc_phn(number.replace(" ", "")), number
    # Ontario: Luhn on the 10 digits, first digit not 0; version codes inside the span
    ontario = health["r1.txt"] + health["w1.txt"] + health["o1.txt"]
    assert len(ontario) == 4
    for number in ontario:
        digits = re.sub(r"\D", "", number)
        assert len(digits) == 10 and luhn(digits) and digits[0] != "0", number
    assert [n for n in ontario if re.search(r"[A-Z]{2}$", n)] == [
        "6189 795 609 HK",
        "8735-279-203-QA",
    ]
    # RAMQ: 3 letters of the surname + first letter of the given name + YYMMDD (women: month + 50)
    ramq = {
        "b1.txt": [
            ("BERG", "180502"),  # the father's number, BERGERON Gérard, born 1918-05-02, a man
            ("CHOH", "376229"),  # CHOUINARD-BLAIS Hortense, born 1937-12-29, a woman, aged 90
            ("DUFT", "150914"),  # DUFOUR Tristan, born 2015-09-14, a boy
            ("MARJ", "835603"),  # MARTEL Juliette, born 1983-06-03, a woman
            ("BERG", "440317"),  # BERGERON Gérard, born 1944-03-17, a man
        ],
        "f1.txt": [("POTE", "396105")],  # POTVIN Éléonore, born 1939-11-05, a woman
        "s1.txt": [("DESY", "460603")],  # DESCHÊNES Yves-Grégoire, born 1946-06-03, a man
    }
    for name, expected in ramq.items():
        assert len(health[name]) == len(expected), name
        for number, (letters, born) in zip(health[name], expected, strict=True):
            compact = number.replace(" ", "")
            assert re.fullmatch(r"[A-Z]{4}\d{6}[1-9]\d", compact), number
            assert compact[:4] == letters and compact[4:10] == born, number
    # the birth dates written in the notes agree with the RAMQ numbers
    texts = {d.name: d.text for d in docs}
    assert "17 mars 1944" in texts["b1.txt"] and "14/09/2015" in texts["b1.txt"]
    assert "1939-11-05" in texts["f1.txt"] and "3 juin 1946" in texts["s1.txt"]
    # MB and SK 9 digits; NS 10; NL 12: no check
    lengths = {"m1.txt": 9, "v1.txt": 9, "p1.txt": 10, "c1.txt": 12}
    for name, length in lengths.items():
        assert len(health[name]) == 1, name
        assert len(re.sub(r"\D", "", health[name][0])) == length, name
    # two SINs, Luhn-valid, not a temporary resident's (9) nor an invalid first digit (0, 8)
    sins = spans(docs, "SIN")
    assert sorted(sins) == ["c1.txt", "w1.txt"]
    for found in sins.values():
        (sin,) = found
        digits = re.sub(r"\D", "", sin)
        assert len(digits) == 9 and luhn(digits) and digits[0] not in "089", sin
    assert not spans(docs, "SSN")
    for phones in spans(docs, "PHONE").values():
        for phone in phones:
            assert re.search(r"555\W?01\d\d$", phone), phone
    assert spans(docs, "IP") == {"o1.txt": ["203.0.113.58"]}
    for kind in ("EMAIL", "URL"):
        for found in spans(docs, kind).values():
            for value in found:
                assert re.search(r"\.example(/|$)", value), value


def test_ages_agree_with_the_notes(docs: list[Document]) -> None:
    # ages 90 and over are AGE spans; younger ages stay unmarked
    ages = [int(a) for found in spans(docs, "AGE").values() for a in found]
    assert sorted(ages) == [90, 91, 91, 92, 92, 93, 94, 95, 95, 97, 98]
    # the three ages computed from a birth date written in the same note
    born_then = {
        ("m1.txt", "95"): (date(1932, 5, 17), date(2028, 2, 8)),
        ("v1.txt", "92"): (date(1935, 4, 19), date(2028, 2, 12)),
        ("i1.txt", "98"): (date(1929, 10, 11), date(2028, 2, 1)),
    }
    for (name, age), (born, then) in born_then.items():
        assert age in spans(docs, "AGE")[name]
        years = then.year - born.year - ((then.month, then.day) < (born.month, born.day))
        assert years == int(age), name


def test_weekdays_agree_with_the_calendar(docs: list[Document]) -> None:
    texts = {d.name: d.text for d in docs}
    said = [
        ("r1.txt", "Thu [[", date(2028, 1, 13)),
        ("w1.txt", "Tue [[", date(2028, 1, 18)),
        ("m1.txt", "Wed [[", date(2028, 2, 9)),
        ("p1.txt", "Sat [[", date(2028, 2, 5)),
        ("p1.txt", "Mon [[", date(2028, 2, 7)),
        ("o1.txt", "Thursday, [[", date(2028, 2, 3)),
        ("v1.txt", "Wed [[", date(2028, 2, 16)),
        ("i1.txt", "Monday [[", date(2028, 2, 7)),
        ("s1.txt", "mercredi [[", date(2028, 1, 26)),
    ]
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    french = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    for name, cue, day in said:
        raw = (HELDOUT15 / name).read_text(encoding="utf-8")
        assert cue in raw, (name, cue)
        word = cue.split()[0].rstrip(",")
        assert word[:3] == names[day.weekday()] or word == french[day.weekday()], (name, cue)
        assert name in texts


def test_clean_notes_name_no_number_like_an_identifier(docs: list[Document]) -> None:
    for d in docs:
        if d.gold:
            continue
        assert not re.search(r"\d{3}[- ]?555[- ]?01\d\d", d.text), d.name
        assert not re.search(r"\b\d{8,}\b", d.text), d.name
        assert "@" not in d.text and "http" not in d.text, d.name


def measure() -> None:
    """SCORES, NOT ASSERTED: run the scanner on the set and print its figures
    (`phi.evaluation.report`). Not called by pytest: `python tests/phi/test_heldout15.py`."""
    report(load_marked(HELDOUT15), kinds=KIND_COUNTS, styles=STYLES, french=FRENCH)


if __name__ == "__main__":
    measure()
