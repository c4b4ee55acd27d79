"""The lexicon (the word lists in ``phi/data``) is read once and cached, and the word table of
``phi.index`` is built once per lexicon. A mutant in those loaders is active only inside the
test process, after the first load, so the tests of the loaders themselves (``test_lexicon.py``,
``test_index.py``) start from empty caches (``fresh_lexicon``): what they check is then
computed by the code under test (a mutation run relies on it).

Not autouse: reloading the lists and rebuilding the table costs 0.1 s per test on a quiet
machine (0.5 s under load), which would double the time of every surviving mutant in a
mutation run, where each reruns the scanner's whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from phi import index
from phi import lexicon as lexicon_module
from phi.recognizers import places

CACHED = (lexicon_module.lexicon,)


@pytest.fixture
def fresh_lexicon() -> Iterator[None]:
    for reader in CACHED:
        reader.cache_clear()
    index._TABLE = None
    places._PLACES_BY_FIRST = None
    yield
    # and after: no later test reuses a lexicon read while a test replaced its files
    for reader in CACHED:
        reader.cache_clear()
    index._TABLE = None
    places._PLACES_BY_FIRST = None
