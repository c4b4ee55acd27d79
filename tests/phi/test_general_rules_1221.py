"""Scanner 1.20.0: general rules for classes missed on two development sets or more (see
`src/phi/README.md`, "Since 1.20.0"). Every name, place and number here is invented, except the
towns, which come from the general gazetteer the scanner ships (GeoNames' cities500) and from no
corpus note."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def test_the_version_is_at_least_1_20() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 20)


# --- villages of 500 people or more (GeoNames cities500) -------------------------------------


def test_a_village_of_the_wider_gazetteer_is_a_town_without_a_cue() -> None:
    found = _found("Grew up on a potato farm, Kedgwick way; still drives to Doaktown Sundays.")
    assert ("ADDRESS", "Kedgwick") in found
    assert ("ADDRESS", "Doaktown") in found


def test_a_village_written_with_its_accents_is_found() -> None:
    # the list folds accents; a note that writes them is read without them
    found = _found("Famille à Saint-Éphrem-de-Beauce, visite aux deux semaines.")
    assert ("ADDRESS", "Saint-Éphrem-de-Beauce") in found


def test_a_village_named_by_everyday_words_still_needs_a_place_cue() -> None:
    # "Hare Bay" is two everyday words: a place only after a cue
    assert _found("Saw a hare bay side of the pond on the walk.") == []
    assert ("ADDRESS", "Hare Bay") in _found("She moved back to Hare Bay last fall.")


def test_a_saints_feast_day_after_la_is_no_town() -> None:
    text = "Deux chutes depuis la Saint-Jean-Baptiste; fermé à la Saint-Jean-Baptiste aussi."
    assert _found(text) == []
    # the town itself, with no article, is still a town
    assert ("ADDRESS", "Saint-Jean-Baptiste") in _found("Elle habite Saint-Jean-Baptiste.")
