"""Tests that pin the rules added on 2026-12-05 where a mutation run of their code found
behaviour no test fixed (bench/mutation.py phi --only 'phi.recognizers.names.x_holidays__*' ...).
Names and places are made up."""

from __future__ import annotations

import pytest

import phi
from phi.index import after_elision
from phi.lexicon import lexicon
from phi.recognizers.name_reader import given_compound


def found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in phi.scan(text) if kind is None or f.kind == kind]


# --- French elision --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [
        ("l'H", 2, True),
        ("d’H", 2, True),
        ("L'H", 2, True),
        ("à l'Hôpital", 4, True),
        ("x Hôpital", 2, False),  # no apostrophe
        ("'a l", 1, False),  # too near the start for an article
        ("lXH", 2, False),  # no apostrophe
        ("X'H", 2, False),  # no article before it
        ("al'H", 3, False),  # "l'" ends a word here: no article
        ("nul'H", 4, False),
    ],
)
def test_after_elision(text: str, pos: int, expected: bool) -> None:
    assert after_elision(text, pos) is expected


# --- holidays ----------------------------------------------------------------------------------


def test_the_holiday_list_as_loaded() -> None:
    holidays = lexicon().holidays
    assert "victoria day" in holidays["victoria"]
    assert "st. patrick's day" in holidays["st."]  # "Saint" written short, with a period
    assert "st patrick's day" in holidays["st"]  # and without
    assert "saint patrick's day" in holidays["saint"]
    for key, names in holidays.items():
        assert key == key.lower() and "’" not in key
        assert all(name.split()[0] == key for name in names)
        assert all(" " in name and "’" not in name and "  " not in name for name in names)
        assert [len(n) for n in names] == sorted((len(n) for n in names), reverse=True)


@pytest.mark.parametrize(
    "text",
    [
        "Closed on New Year’s Day.",  # a typographic apostrophe
        "Closed on New  Year's Day.",  # two spaces
        "Closed on Victoria Day.",
        "(Victoria Day)",
    ],
)
def test_holidays_as_written(text: str) -> None:
    assert found(text, "NAME") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Marguerite Victoria Daylen came.", ["Marguerite Victoria Daylen"]),  # a longer word
        ("Victoria Day-Quillan came.", ["Victoria Day-Quillan"]),  # a hyphenated surname
        ("Victoria Day's cake.", []),
    ],
)
def test_a_holiday_name_inside_a_longer_word_is_no_holiday(text: str, expected: list[str]) -> None:
    assert found(text, "NAME") == expected


def test_the_first_holiday_that_fits_ends_the_search_but_not_the_text() -> None:
    text = "On Victoria Day and on Boxing Day, Amara Quillby called."
    assert found(text, "NAME") == ["Amara Quillby"]


# --- lower-case names after "dr" ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("check with dr smithers today", ["smithers"]),  # a listed surname that is a word too
        ("dr quillby's note", []),  # a possessive is the office's, not read as a name here
        ("dr quillby’s note", []),
        ("per dr anna quillby vance recs", ["anna quillby"]),  # two words at most
        ("dr note", []),
    ],
)
def test_lower_case_dr(text: str, expected: list[str]) -> None:
    assert found(text, "NAME") == expected


def test_a_given_compound_has_at_most_three_parts() -> None:
    lex = lexicon()
    assert given_compound("mary-anne-rose", lex)
    assert not given_compound("mary-anne-rose-jean", lex)
    assert not given_compound("mary", lex)


# --- places --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moved from St. Quillette to town.", ["St. Quillette"]),
        ("He grew up near Mt. Quillby in the north.", ["Mt. Quillby"]),
        ("Came from Fort-Quillane today.", ["Fort-Quillane"]),
        ("Fort Quillane is 60 km north of Fort Quillane, a far walk from Lake Quill.", []),
    ],
)
def test_shaped_places(text: str, expected: list[str]) -> None:
    assert found(text, "ADDRESS") == expected


def test_a_town_found_is_found_again_with_its_reason() -> None:
    text = "Moved to Quillton Falls in May. Pharmacy: Quill Drugs, Quillton Falls."
    findings = [f for f in phi.scan(text) if f.kind == "ADDRESS"]
    assert [f.text for f in findings] == ["Quillton Falls", "Quillton Falls"]
    assert findings[1].reason == "same place as elsewhere in this text"


def test_a_one_word_town_is_found_again_unless_it_is_an_everyday_word() -> None:
    text = "Lives at 4 Elm St, Quillmore. Quillmore has a pharmacy."
    assert found(text, "ADDRESS") == ["4 Elm St", "Quillmore", "Quillmore"]
    text = "Moved to Hope, BC last year. Hope is what keeps him going."
    assert found(text, "ADDRESS") == ["Hope"]  # the town, not the word at the next sentence


def test_a_propagated_town_yields_to_a_name() -> None:
    # the town found after the street line, then a person with the same word as a surname
    text = "Lives at 4 Elm St, Quillmore. Seen by Dr. Ana Quillmore."
    names = found(text, "NAME")
    assert "Ana Quillmore" in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RR 3, 4410 Sideroad 15, Quillmore", ["RR 3, 4410 Sideroad 15", "Quillmore"]),
        ("BRR 3, 4410 Sideroad 15", ["4410 Sideroad 15"]),  # not a rural route: part of a word
        ("RR 3, 4410 Sideroad 15", ["RR 3, 4410 Sideroad 15"]),  # at the very start
        (
            "12 Main Street, Township of Quillaloe K0J 2A0",
            ["12 Main Street", "Township of Quillaloe"],
        ),
        ("12 Main Street, Lower-Quillby on Monday", ["12 Main Street", "Lower-Quillby"]),
        ("12 Main Street, New Brunswick.", ["12 Main Street"]),
    ],
)
def test_street_prefixes_and_the_town_after_a_street(text: str, expected: list[str]) -> None:
    assert found(text, "ADDRESS") == expected


def test_only_street_lines_take_a_prefix() -> None:
    # "Box 12" before a town (not a street line) stays as it was found
    text = "Box 12, Quillmore ON K0J 2A0"
    assert "Box 12, Quillmore" not in found(text, "ADDRESS")
