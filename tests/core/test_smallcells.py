"""The one small-cell rule (echohub.core.smallcells): examples at the boundary of 5, and
properties for any groups of people (issue 19)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from echohub.core.smallcells import (
    MIN_PEOPLE,
    Anonymous,
    count_people,
    enough,
    hidden_figure,
    hidden_groups,
)


def test_five_is_the_boundary_and_zero_is_shown():
    assert MIN_PEOPLE == 5
    assert [enough(n) for n in range(7)] == [True, False, False, False, False, True, True]


def test_people_are_counted_once_however_many_records():
    assert count_people([7, 7, 7, 7, 7, 7]) == 1
    assert hidden_figure([7] * 6)  # six answers from one person
    assert not hidden_figure([1, 2, 3, 4, 5])


def test_anonymous_answers_count_as_few_people_as_they_could_be():
    # one answer per person per slot (survey and session): 3 in one slot are 3 people ...
    assert count_people([Anonymous("s1", i) for i in range(3)]) == 3
    # ... but 2 in each of three slots may be the same 2 people
    assert count_people([Anonymous(f"s{s}", i) for s in range(3) for i in range(2)]) == 2


def test_primary_and_secondary_cells():
    groups = {"fp": set(range(6)), "np": set(range(10, 15)), "diet": {99}}
    # the dietitian alone is hidden; 11 + the total would give them: hide the next smallest
    assert hidden_groups(groups) == {"diet", "np"}
    # two small groups adding up to 5 people hide nothing more
    groups = {"a": set(range(10)), "b": {20, 21}, "c": {30, 31, 32}}
    assert hidden_groups(groups) == {"b", "c"}


def test_a_filter_that_leaves_out_fewer_than_five_people_hides_the_figure():
    urban = set(range(11))
    assert hidden_groups({"all": urban}, {"all": [urban | {99}]}) == {"all"}
    assert hidden_groups({"all": urban}, {"all": [urban | {95, 96, 97, 98, 99}]}) == set()
    assert hidden_groups({"all": urban}, {"all": [urban]}) == set()
    # Toronto and urban: 5; Toronto alone: 6, everyone: 12 -> 6 - 5 gives one person
    both, toronto = set(range(5)), set(range(6))
    assert hidden_groups({"x": both}, {"x": [set(range(12)), toronto]}) == {"x"}
    # a wider figure of fewer than 5 people is hidden itself: nothing to subtract from
    assert hidden_groups({"x": set()}, {"x": [{1, 2}]}) == set()


people = st.frozensets(st.integers(0, 40), max_size=20)


@given(st.dictionaries(st.integers(0, 6), people, max_size=6))
def test_whatever_the_groups_nothing_shown_or_subtractable_stands_for_1_to_4(groups):
    hidden = hidden_groups(groups)
    for key, members in groups.items():
        if key not in hidden:
            assert enough(len(members))
    # the hidden groups together stand for 5 or more people, unless every group is hidden
    # (then the whole is a figure of fewer than 5 people too, hidden where it is shown)
    together = set().union(*(groups[k] for k in hidden)) if hidden else set()
    assert enough(len(together)) or all(k in hidden for k, v in groups.items() if v)


@given(
    st.dictionaries(
        st.integers(0, 6), st.tuples(people, st.frozensets(st.integers(41, 60))), max_size=6
    )
)
def test_with_a_person_filter_the_left_out_people_are_none_or_five(pairs):
    groups = {k: kept for k, (kept, _out) in pairs.items()}
    parents = {k: kept | out for k, (kept, out) in pairs.items()}
    hidden = hidden_groups(groups, {k: [v] for k, v in parents.items()})
    for key in groups:
        if key not in hidden:
            wider_shown = len(parents[key]) >= MIN_PEOPLE
            assert enough(len(groups[key]))
            assert enough(len(parents[key] - groups[key])) or not wider_shown


@given(st.dictionaries(st.integers(0, 6), people, max_size=6))
def test_groups_of_five_or_more_people_are_never_hidden_for_nothing(groups):
    if all(enough(len(v)) for v in groups.values()):
        assert hidden_groups(groups) == set()


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 9)), max_size=30, unique=True))
def test_anonymous_count_never_exceeds_the_real_people(slot_person):
    """Whoever stands behind each (slot, answer) — one answer per person per slot — the
    count is at most the number of different people."""
    keys = [Anonymous(slot, i) for i, (slot, _person) in enumerate(slot_person)]
    assert count_people(keys) <= len({person for _slot, person in slot_person})
