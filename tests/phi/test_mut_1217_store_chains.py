"""A chain's store named with its town (phi.recognizers.store_chains, since 1.16.0), on the
cases a focused mutation run of that module (2026-12-06) showed no test pinned. The chains are
published banner names; the towns are gazetteer towns or invented words; no note was copied."""

from __future__ import annotations

import phi


def findings(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in phi.scan(text)]


def test_a_listed_town_that_is_an_everyday_word_names_the_store() -> None:
    # "Hope" (British Columbia) is a frequent word: only the gazetteer makes it a town here.
    text = "Refill at Hope Pharmasave today."
    assert findings(text) == [("FACILITY", "Hope Pharmasave")]


def test_a_word_that_is_never_a_name_before_a_word_of_geography_is_no_town() -> None:
    # "Great Valley" has the shape of a place, but "great" is never a name, so no store.
    assert findings("Great Valley Foodland today.") == []


def test_an_unlisted_word_before_a_word_of_geography_is_a_town() -> None:
    text = "Refill at Quarnby Valley Foodland today."
    assert findings(text) == [("FACILITY", "Quarnby Valley Foodland")]


def test_a_region_before_a_chain_is_no_store() -> None:
    assert findings("Picked up at Ontario Pharmasave today.") == []
