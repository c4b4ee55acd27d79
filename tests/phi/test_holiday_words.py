"""A holiday said in one word after a word of time is no name ("fermée à Noël", "worse since
Christmas", "à la Toussaint"); the same word as a person's name still is (with a surname, a
title or a family word before it). Invented examples."""

from __future__ import annotations

import pytest

import phi


def names(text: str) -> list[str]:
    return [f.text for f in phi.scan(text) if f.kind == "NAME"]


@pytest.mark.parametrize(
    "text",
    [
        "La pharmacie sera fermée à Noël, renouveler avant.",
        "Depuis Noël elle dort mal.",
        "Douleur pire depuis Pâques.",
        "Visite prévue à la Toussaint.",
        "Pain worse since Christmas.",
        "Taper paused over Easter, resumed after.",
        "Family gathering at Thanksgiving was hard on his back.",
        "Fasting during Ramadan: doses moved to the evening.",
    ],
)
def test_a_holiday_after_a_word_of_time_is_no_name(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Noël Quennevard a appelé pour son père.", "Noël Quennevard"),
        ("Son fils Noël conduit aux rendez-vous.", "Noël"),
        ("Vue par Mme Toussaint, infirmière.", "Toussaint"),
        ("Dr. Noël will see her next week.", "Noël"),
        ("Depuis Noël Quennevard ne répond plus.", "Noël Quennevard"),
        ("She bought a gift for Noel, her grandson.", "Noel"),  # "for": a person as often
    ],
)
def test_the_same_word_as_a_persons_name_is_still_found(text: str, name: str) -> None:
    assert any(name in found for found in names(text)), names(text)
