"""Probe 1226, as properties: for any months of attendance, no shown figures of reach combine
to give a month's returning people (its people less its new people) when they are 1 to 4, and
for any answers to a rating scale, a pre/post comparison's mean does not give back the answers
per option hidden below it (see tests/security/test_probe_1226_differencing.py for the attacks
one by one).

The first property runs the rule alone (fast, many programs), with an attacker stronger than
the pages (every month's people shown); the others run real programs through HTTP (slow, few
examples; PROBE_1226_EXAMPLES raises them)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.core.smallcells import enough
from echohub.evaluation import privacy
from tests.security.test_probe_1226_differencing import (
    Comparison,
    Reach,
    options_given_back,
    returning_given_back,
)

TZ = ZoneInfo("America/Toronto")
N_MONTHS = 4
MONTHS = [dt.date(2026, m + 1, 1) for m in range(N_MONTHS)]
EXAMPLES = int(os.environ.get("PROBE_1226_EXAMPLES", "3"))

#: per person, the months (indexes) they attended; nobody attends no month
attendance = st.lists(st.sets(st.integers(0, N_MONTHS - 1), min_size=1), min_size=1, max_size=40)


def shown_by_the_rule(
    people: list[set[int]],
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """What an evaluator may read: every month's people of 0 or 5 or more (the strongest
    attacker: the pages hide more), the month's new people where they are 0 or 5 or more and
    `_returning_safe` allows, and the people from
    the program's start to each month where `_prefix_shown` allows."""
    firsts = {
        i: dt.datetime.combine(MONTHS[min(ms)], dt.time(12), tzinfo=TZ)
        for i, ms in enumerate(people)
    }
    by_month = {
        MONTHS[m]: frozenset(i for i, ms in enumerate(people) if m in ms) for m in range(N_MONTHS)
    }
    month_people = {
        m: len(by_month[MONTHS[m]]) for m in range(N_MONTHS) if enough(len(by_month[MONTHS[m]]))
    }
    month_new: dict[int, int] = {}
    for m in range(N_MONTHS):
        new = frozenset(i for i, ms in enumerate(people) if min(ms) == m)
        if enough(len(new)) and privacy._returning_safe(by_month[MONTHS[m]], new):
            month_new[m] = len(new)
    prefixes: dict[int, int] = {}
    for k in range(N_MONTHS):
        within = {m: v for m, v in by_month.items() if m <= MONTHS[k]}
        newcomers: dict[Any, set[Any]] = {}
        for i, ms in enumerate(people):
            if min(ms) <= k:
                newcomers.setdefault(MONTHS[min(ms)], set()).add(i)
        returning = privacy._few_returning({m: v for m, v in within.items() if v}, firsts, TZ)
        if privacy._prefix_shown(newcomers, len, returning=returning):
            prefixes[k] = sum(len(v) for v in newcomers.values())
    return month_people, month_new, prefixes


@settings(max_examples=300, deadline=None)
@given(people=attendance)
def test_no_shown_figures_give_back_a_months_few_returning_people(people: list[set[int]]) -> None:
    month_people, month_new, prefixes = shown_by_the_rule(people)
    new = dict(month_new)
    known = {-1: 0, **prefixes}  # nobody before the first month
    for a, b in itertools.combinations(sorted(known), 2):
        between = range(a + 1, b + 1)
        unknown = [m for m in between if m not in new]
        if len(unknown) == 1:
            new[unknown[0]] = known[b] - known[a] - sum(new[m] for m in between if m in new)
    for m, n in new.items():
        if m not in month_people:
            continue
        returning = month_people[m] - n
        assert enough(returning), (people, m, month_people, month_new, prefixes)


def test_the_rule_still_shows_a_safe_program() -> None:
    """Ten people each month, six of them back every month and four new: everything shows."""
    people = [set(range(N_MONTHS)) for _ in range(6)] + [
        {m} for m in range(N_MONTHS) for _ in range(5)
    ]
    _month_people, month_new, prefixes = shown_by_the_rule(people)
    assert sorted(month_new) == list(range(N_MONTHS))
    assert sorted(prefixes) == list(range(N_MONTHS))


@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(st.sets(st.integers(0, 2), min_size=1), min_size=5, max_size=24))
def test_reach_over_http_gives_back_no_few_returning_people(
    db: None, people: list[set[int]]
) -> None:
    from django.test import Client

    with transaction.atomic():
        world = Reach("diffprop", [sorted(ms) for ms in people])
        found = returning_given_back(world.readings(Client()))
        transaction.set_rollback(True)
    assert found == [], people


@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES * 3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ratings=st.lists(st.integers(1, 5), min_size=5, max_size=30),
    anonymous=st.booleans(),
)
def test_a_comparisons_mean_never_gives_back_hidden_options(
    db: None, ratings: list[int], anonymous: bool
) -> None:
    from django.test import Client

    with transaction.atomic():
        world = Comparison("diffpropmean", ratings, anonymous=anonymous)
        found = options_given_back(world.page(Client()))
        transaction.set_rollback(True)
    assert found == [], ratings
