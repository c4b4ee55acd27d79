"""The name, form, unit and frequency readers are cached; each test starts with empty caches so
that what it checks is computed by the code under test (a mutation run relies on it)."""

from __future__ import annotations

import pytest

from clinical import drugs

CACHED = (
    drugs.read_drug_name,
    drugs.read_form,
    drugs.read_unit,
    drugs.read_frequency,
    drugs.read_combination_tablet,
)


@pytest.fixture(autouse=True)
def _empty_caches() -> None:
    for reader in CACHED:
        reader.cache_clear()
