"""Scanner 1.12.0: general rules for classes still missed on the development sets (towns written
with accents the gazetteer lacks, ...). Every name, place and number here is invented; the towns
are taken from the gazetteer's general source only to show its spelling without accents."""

from __future__ import annotations

import pytest

import phi
from phi import scan
from phi.lexicon import lexicon


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def test_the_version_is_1_12_0() -> None:
    assert phi.SCANNER_VERSION == "1.12.0"


# --- towns written with accents the gazetteer lacks ---------------------------------------------


def test_the_gazetteer_spells_these_towns_without_accents() -> None:
    places = lexicon().places
    for town in ("chateauguay", "becancour", "sainte-therese", "saint-felicien"):
        assert town in places
        assert not places[town]  # no word-like town: found without a cue


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Elle habite à Châteauguay depuis l'été.", "Châteauguay"),
        ("Son fils vit à Bécancour avec sa conjointe.", "Bécancour"),
        ("Transfert vers Sainte-Thérèse demain.", "Sainte-Thérèse"),
        ("Suivi au CLSC, Saint-Félicien: rendez-vous donné.", "Saint-Félicien"),
    ],
)
def test_a_town_with_accents_the_list_lacks(text: str, town: str) -> None:
    assert ("ADDRESS", town) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "La traversée du Détroit en bateau l'inquiète.",  # an article before it: a noun
        "Été difficile, plus de douleur à la marche.",
        "Élevé par sa grand-mère, dit-il.",
        "Pêche au Bécancour Café? Non.",  # hypothetical: an article, so no town
    ],
)
def test_no_town_from_an_accented_word_after_an_article_or_no_place(text: str) -> None:
    assert not [t for k, t in _found(text) if k == "ADDRESS"], _found(text)
