"""Figures that add up to a hidden figure of people are not all shown beside it: new +
returning people and each breakdown (profession, region, rurality) add up to the period's
people; a month's new people are its people in the program's first month. Found after the
1212 probe hid the total beside sessions that leave out one person: the page still showed
"new: 12" (everyone) beside a hidden "people", and the first month's new people beside its
hidden people. Read as an evaluator through the API on the small program of
tests/evaluation/smallcells (twelve participants, one dietitian)."""

from __future__ import annotations

import itertools

import pytest

from tests.evaluation.smallcells.conftest import HIDDEN, PROFESSIONS, REGIONS, RURALITIES
from tests.evaluation.smallcells.test_pages import api  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

FILTERS = [
    {k: v for k, v in zip(("profession", "region", "rurality"), combo, strict=True) if v}
    for combo in itertools.product(PROFESSIONS, REGIONS, RURALITIES)
]


def shown(value: object) -> bool:
    return value is not None and value != HIDDEN


def test_nothing_beside_a_hidden_total_of_people_adds_up_to_it(tiny, api) -> None:  # noqa: F811
    checked = 0
    for filters in FILTERS:
        reach = api("reach", filters)
        totals = reach["totals"]
        if totals["people"] == HIDDEN:
            checked += 1
            assert not (shown(totals["new"]) and shown(totals["returning"])), filters
            for key in ("by_profession", "by_region", "by_rurality"):
                cells = [r["n"] for r in reach[key] if r["n"] is not None]
                assert not cells or not all(shown(n) for n in cells), (filters, key, cells)
        for month in reach["months"]:
            if month["people"] == HIDDEN:
                assert not shown(month.get("new")), (filters, month)
    assert checked  # the small program does hide totals
