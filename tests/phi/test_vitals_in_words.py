"""A number over 89 said in words is an age unless it is a vital sign or part of a larger
number (invented sentences, from a review of dictated notes)."""

from __future__ import annotations

import pytest

import phi


def _ages(text: str) -> list[str]:
    return [text[f.start : f.end] for f in phi.scan(text) if f.kind == "AGE"]


@pytest.mark.parametrize(
    "text",
    [
        "BP one fifty over ninety, pulse one hundred and four, sat ninety four percent.",
        "Her BP was 150 over ninety.",
        "O2 sat ninety-two on room air.",
        "Heart rate was ninety-five and regular.",
        "Saturation à quatre-vingt-quinze pour cent.",
        "Il en reste deux cent.",
    ],
)
def test_a_vital_sign_or_a_larger_number_is_no_age(text: str) -> None:
    assert _ages(text) == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("He is ninety one years old.", "ninety one"),
        ("She turned ninety this year.", "ninety"),
        ("A man of ninety, living alone.", "ninety"),
        ("Elle a cent ans.", "cent"),
        ("aged ninety five", "ninety five"),
    ],
)
def test_an_age_said_in_words_is_still_found(text: str, age: str) -> None:
    assert age in _ages(text)
