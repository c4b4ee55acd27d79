"""Which mentor a question goes to (plain Python, no database: property-tested alone).

A mentor fits when they are active, offer the question's topic, are not away (`away_until` is
the last day away), hold fewer open questions than their capacity, are not the asker and have
not passed on this question. Among those, the fewest open questions wins; ties go to the one
offered a question longest ago, then the lowest id. No topic, or no mentor fits: None (the
question waits for a coordinator's triage).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    id: int
    user_id: int
    topic_ids: frozenset[int] = field(default_factory=frozenset)
    capacity: int = 3
    load: int = 0
    away_until: dt.date | None = None
    active: bool = True
    last_offered: dt.datetime | None = None


def fits(
    c: Candidate,
    *,
    asker_id: int,
    topic_id: int | None,
    passed: Collection[int],
    today: dt.date,
    check_topic: bool = True,
    check_capacity: bool = True,
) -> bool:
    return (
        c.active
        and c.user_id != asker_id
        and c.id not in passed
        and (c.away_until is None or c.away_until < today)
        and (not check_capacity or c.load < c.capacity)
        and (not check_topic or (topic_id is not None and topic_id in c.topic_ids))
    )


def choose(
    candidates: Iterable[Candidate],
    *,
    asker_id: int,
    topic_id: int | None,
    passed: Collection[int],
    today: dt.date,
) -> Candidate | None:
    if topic_id is None:
        return None
    fitting = [
        c
        for c in candidates
        if fits(c, asker_id=asker_id, topic_id=topic_id, passed=passed, today=today)
    ]
    if not fitting:
        return None
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    return min(fitting, key=lambda c: (c.load, c.last_offered or never, c.id))
