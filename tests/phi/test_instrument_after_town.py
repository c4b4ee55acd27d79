"""A town starting an instrument's, rule's or study's name is not a place, even with several
capitalised words before the head (invented sentences; the instruments are published ones)."""

from __future__ import annotations

import pytest

import phi


def _found(text: str) -> set[tuple[str, str]]:
    return {(text[f.start : f.end], f.kind) for f in phi.scan(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Scored on the Boston Carpal Tunnel Questionnaire at intake.",
        "Toronto Spasmodic Torticollis Rating Scale done last week.",
        "Montreal Cognitive Assessment 26/30.",
        "Edmonton Symptom Assessment System completed.",
        "Ottawa ankle rules negative.",
    ],
)
def test_an_instrument_named_after_a_city_is_no_place(text: str) -> None:
    assert not any(kind == "ADDRESS" for _span, kind in _found(text)), _found(text)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Lives in Boston with her sister.", "Boston"),
        ("Moved from Kingston last spring; Pain Scale 7 today.", "Kingston"),
        ("Grew up in Halifax Regional... no, in Halifax itself.", "Halifax"),
    ],
)
def test_the_town_itself_is_still_found(text: str, town: str) -> None:
    assert (town, "ADDRESS") in _found(text), _found(text)
