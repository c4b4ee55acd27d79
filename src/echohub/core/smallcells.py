"""Small cells: the one rule for every figure shown to someone who may see only aggregates.

A figure (a count, a sum of minutes, a median, a share, a comment) *stands for* the distinct
people whose records went into it. Shown to an aggregate-only viewer (an evaluator, a hub
expert reading case summaries) it must stand for :data:`MIN_PEOPLE` or more distinct people, or
for nobody at all (a real zero). Counting records instead of people is the mistake this module
exists to prevent: six survey responses from one person stand for one person.

:func:`hidden_groups` applies the rule to figures shown together (a table, a chart, a row of
tiles) in three steps:

1. *Primary*: a figure standing for 1 to 4 people is hidden.
2. *Filter complement*: when the viewer narrowed the figures with person filters (profession,
   region, rurality), the same figure with fewer of those filters is known too (one click
   away); where that wider figure may be shown (5 or more people) and the difference stands
   for 1 to 4 people, the filtered figure is hidden.
3. *Secondary (complementary) cells*: a total shown beside the figures, or the other figures of
   the group, would let a reader subtract what is shown from the whole and find what is hidden;
   so while the hidden figures together stand for 1 to 4 people, the smallest figure still
   shown is hidden as well (the whole is then at worst the sum of 5 or more people's figures).

People are keys: a person's id, or :class:`Anonymous` for an answer that carries no person (an
anonymous survey's response). Anonymous keys count as few people as they could possibly be:
within one *slot* (a survey and session: one invitation, one answer per person) each key is a
different person, across slots they may all be the same people.

Plain Python with no Django import, so the rule can be tested alone (property tests in
tests/core/test_smallcells.py).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import NamedTuple, TypeVar

MIN_PEOPLE = 5

K = TypeVar("K", bound=Hashable)


class Anonymous(NamedTuple):
    """A record with no person: different from the others of its `slot`, possibly the same
    person as any record of another slot."""

    slot: Hashable
    ident: Hashable


def count_people(keys: Iterable[Hashable]) -> int:
    """How many distinct people `keys` stand for, at the least (see :class:`Anonymous`)."""
    known: set[Hashable] = set()
    slots: dict[Hashable, set[Hashable]] = {}
    for key in keys:
        if isinstance(key, Anonymous):
            slots.setdefault(key.slot, set()).add(key.ident)
        else:
            known.add(key)
    return max(len(known), max((len(s) for s in slots.values()), default=0))


def enough(people: int) -> bool:
    """May a figure standing for `people` distinct people be shown? (Nobody, or 5 or more.)"""
    return people == 0 or people >= MIN_PEOPLE


def hidden_groups(
    groups: Mapping[K, Collection[Hashable]],
    parents: Mapping[K, Iterable[Collection[Hashable]]] | None = None,
    already: Collection[K] = (),
) -> set[K]:
    """The keys of the figures to hide among `groups` (figure -> the people it stands for),
    shown together. `parents` gives, for a person-filtered view, the people of each figure
    under each narrower set of its person filters (supersets); `already` names figures hidden
    for another reason. See the module docstring for the three steps."""
    people = {k: frozenset(v) for k, v in groups.items()}
    sizes = {k: count_people(v) for k, v in people.items()}
    hidden = {k for k, n in sizes.items() if not enough(n)} | (set(already) & set(people))
    for k, wider in (parents or {}).items():
        for parent in wider:
            if k not in people or count_people(parent) < MIN_PEOPLE:
                continue  # a wider figure of fewer than 5 people is hidden itself
            if not enough(count_people(frozenset(parent) - people[k])):
                hidden.add(k)
    while True:
        together = count_people(p for k in hidden for p in people[k])
        if enough(together):
            return hidden
        shown = [k for k in people if k not in hidden and sizes[k] > 0]
        if not shown:
            return hidden
        hidden.add(min(shown, key=lambda k: sizes[k]))


def hidden_figure(people: Collection[Hashable], parent: Collection[Hashable] | None = None) -> bool:
    """Whether one figure standing alone (a tile) must be hidden."""
    return bool(hidden_groups({0: people}, None if parent is None else {0: [parent]}))
