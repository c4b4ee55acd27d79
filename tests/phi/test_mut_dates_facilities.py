"""Dates, ages, facilities and workplaces, health numbers, word lists and line ends: cases
written against the survivors of a mutation run (issue 19). Each states a behaviour a reader of
the findings relies on: the exact span of a date or a facility, a clean phrase left alone, a
reason given for every finding, the same reading whatever the line ends of a note.

Names and numbers are synthetic (common name lists; a ten-digit number made Luhn-valid here)."""

from __future__ import annotations

import pytest

import phi
from phi import checksums
from phi.recognizers import dates

from .helpers import proposals

# 628 104 739 with its Luhn check digit: a valid Ontario-shaped health number
HN = "6281047396"


def spans(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in phi.scan(text) if kind is None or f.kind == kind]


# --- dates ---------------------------------------------------------------------------------


def test_a_date_after_a_month_and_count_is_still_read() -> None:
    # "Feb 3 times" is a count, not a date; it must not stop the reading of the next date
    text = "Seen in Feb 3 times; last visit 14 March 2024."
    assert "14 March 2024" in spans(text, "DATE")
    assert "14 March 2024" in [t for t, k, _r, _p in proposals(dates.full_dates, text)]


def test_a_numeric_date_after_one_with_an_impossible_year_is_read() -> None:
    text = "Copied from a 12/03/1776 print; seen again 12/03/2024."
    assert spans(text, "DATE") == ["12/03/2024"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("SEEN 3RD MARCH 2024 IN CLINIC", "3RD MARCH 2024"),
        ("SEEN 21ST MARCH 2024", "21ST MARCH 2024"),
        ("ADMIS LE 1ER JUILLET 2024", "1ER JUILLET 2024"),
    ],
)
def test_an_ordinal_day_in_capitals_belongs_to_the_date(text: str, date: str) -> None:
    assert spans(text, "DATE") == [date]


def test_a_unit_word_opening_the_note_does_not_hide_a_later_date() -> None:
    # the unit check looks after the date, not at the start of the text
    assert spans("weeks since Dec 5: three", "DATE") == ["Dec 5"]


def test_cent_ans_in_a_note_about_a_centenarian() -> None:
    text = "Centenaire depuis mars : elle a eu cent ans."
    assert "cent" in [t for t, k, _r, _p in proposals(dates.ages, text) if k == "AGE"]
    assert spans(text, "AGE") == ["cent"]


def test_every_date_and_age_finding_says_why() -> None:
    text = "Age: 93; seen Wed the 14th; rendez-vous mardi le 12 à 10 h; last visit Dec '23."
    found = phi.scan(text)
    assert [(f.kind, f.text) for f in found] == [
        ("AGE", "93"),
        ("DATE", "14th"),
        ("DATE", "12"),
        ("DATE", "Dec '23"),
    ]
    assert all(isinstance(f.reason, str) and f.reason for f in found)
    for recognizer in (dates.ages, dates.recognize):
        for _t, _k, reason, _p in proposals(recognizer, text):
            assert isinstance(reason, str) and reason


# --- facilities ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "facility"),
    [
        # a name on the line before (with a trailing space) is not part of the facility
        ("Discharge summary to Dr. Patel \nRiverside Hospital, ward 4.", "Riverside Hospital"),
        # the connecting word before the name is not part of it
        ("She is a patient of Riverside Clinic since May.", "Riverside Clinic"),
        ("She works on the Birchwood Lodge unit.", "Birchwood Lodge"),
        # nor a determiner opening the sentence
        ("This Riverside Clinic patient is stable.", "Riverside Clinic"),
        # a keyword with no name before it does not stop the reading of the next one
        ("Clinic staff called from Riverside Hospital.", "Riverside Hospital"),
        # two distinct name words are enough before a weak keyword (Place, Home)
        ("He moved to Bellamy Hartwell Place in June.", "Bellamy Hartwell Place"),
        # a French keyword with an everyday word after it does not stop the next one
        ("Vue à la Clinique Santé, puis au CLSC Dubois.", "CLSC Dubois"),
    ],
)
def test_a_facility_is_found_with_its_exact_span(text: str, facility: str) -> None:
    assert facility in spans(text, "FACILITY")
    assert all("\n" not in f for f in spans(text))


def test_a_french_facility_after_an_elided_article() -> None:
    # "à l'Hôpital ..." is how French writes it; without the article the name is found
    assert spans("Suivi à Hôpital Sainte-Croix.", "FACILITY") == ["Hôpital Sainte-Croix"]
    assert spans("Suivi à l'Hôpital Sainte-Croix.", "FACILITY") == ["Hôpital Sainte-Croix"]


@pytest.mark.parametrize(
    ("text", "workplace"),
    [
        ("works at the kirkwood sawmill", "kirkwood sawmill"),
        ("He worked at Barrow and Sons Sawmill for years.", "Barrow and Sons Sawmill"),
        ("He worked at Barrow and Sons sawmill for years.", "Barrow and Sons sawmill"),
    ],
)
def test_a_workplace_is_found_with_its_exact_span(text: str, workplace: str) -> None:
    assert spans(text, "FACILITY") == [workplace]


@pytest.mark.parametrize(
    "text",
    [
        "they ate at the neighbour's diner",  # a possessive, not a name
        "we went to the lakeside center",  # a description before a generic keyword
        "we stayed at the lakeside inn",
        "picked up at the nearest pharmacy",
    ],
)
def test_everyday_places_in_lower_case_are_not_workplaces(text: str) -> None:
    assert phi.scan(text) == []


# --- health numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["Client ID: ", "Clinic ID ", "Chart ID: "])
def test_a_valid_health_number_after_an_id_label(label: str) -> None:
    for written in (HN, f"{HN[:4]} {HN[4:7]} {HN[7:]}", f"{HN[:4]}-{HN[4:7]}-{HN[7:]}"):
        text = f"{label}{written}"
        assert [(f.kind, f.text) for f in phi.scan(text)] == [("HEALTH_NUMBER", written)]


def test_a_version_code_is_one_or_two_letters_at_the_end() -> None:
    spaced = f"{HN[:4]} {HN[4:7]} {HN[7:]}"
    assert checksums.ontario_hn_valid(spaced)
    assert checksums.ontario_hn_valid(f"{spaced} KT")
    # a letter, a hyphen and two more letters are not a version code
    assert not checksums.ontario_hn_valid(f"{spaced} A-KT")
    assert not checksums.ontario_hn_valid(f"{spaced} X-KT")


# --- word lists ----------------------------------------------------------------------------


@pytest.mark.usefixtures("fresh_lexicon")
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr. Walker fell at home. He now uses a walker.", "Walker"),
        ("Ms. Harper called. harper agreed to the plan.", "Harper"),
    ],
)
def test_a_surname_that_is_an_everyday_word_is_not_taken_in_lower_case(
    text: str, name: str
) -> None:
    assert [(f.kind, f.text) for f in phi.scan(text)] == [("NAME", name)]


# --- line ends -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lines",
    [
        ["Seen today.", "scan_2024-03-14_final.pdf", "call back"],
        ["to: m_chen", "from: Dr. Wei Chen"],
        ["Signed: a_okafor", "Amara Okafor, MD"],
    ],
)
def test_joined_tokens_are_read_alike_whatever_the_line_ends(lines: list[str]) -> None:
    readings = []
    for end in ("\n", "\r", "\r\n"):
        text = end.join(lines)
        found = phi.scan(text)
        assert all(f.text == text[f.start : f.end] for f in found)
        readings.append([(f.kind, f.text) for f in found])
    assert readings[0] == readings[1] == readings[2]
    assert readings[0]  # something is found in each
