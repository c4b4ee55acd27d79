"""Properties: routing never sends a question to the asker, a mentor who passed, an away or
inactive mentor, or one at capacity; the figures obey the small-group rule whatever the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.core.smallcells import MIN_PEOPLE, count_people
from echohub.mentoring import queries, routing

TODAY = dt.date(2026, 6, 15)

candidates = st.lists(
    st.builds(
        routing.Candidate,
        id=st.integers(1, 30),
        user_id=st.integers(1, 12),
        topic_ids=st.frozensets(st.integers(1, 4), max_size=4),
        capacity=st.integers(1, 4),
        load=st.integers(0, 6),
        away_until=st.none() | st.dates(TODAY - dt.timedelta(days=5), TODAY + dt.timedelta(days=5)),
        active=st.booleans(),
        last_offered=st.none()
        | st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 6, 1)).map(
            lambda d: d.replace(tzinfo=dt.UTC)
        ),
    ),
    max_size=12,
    unique_by=lambda c: c.id,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    pool=candidates,
    asker=st.integers(1, 12),
    topic=st.none() | st.integers(1, 4),
    passed=st.frozensets(st.integers(1, 30), max_size=6),
)
def test_routing_respects_every_rule(
    pool: list[routing.Candidate], asker: int, topic: int | None, passed: frozenset[int]
) -> None:
    chosen = routing.choose(pool, asker_id=asker, topic_id=topic, passed=passed, today=TODAY)
    fitting = [
        c
        for c in pool
        if c.active
        and c.user_id != asker
        and c.id not in passed
        and (c.away_until is None or c.away_until < TODAY)
        and c.load < c.capacity
        and topic in c.topic_ids
    ]
    if chosen is None:
        assert not fitting  # triage only when nobody fits
        return
    assert chosen.user_id != asker
    assert chosen.id not in passed
    assert chosen.active and chosen.load < chosen.capacity
    assert chosen.away_until is None or chosen.away_until < TODAY
    assert topic in chosen.topic_ids
    assert chosen.load == min(c.load for c in fitting)  # the least loaded


MONTHS = [dt.date(2026, m, 1) for m in range(1, 7)]
rows = st.lists(
    st.builds(
        queries.Row,
        asker=st.integers(1, 25),
        month=st.sampled_from(MONTHS),
        topic=st.none() | st.integers(1, 4),
        hours_to_answer=st.none() | st.floats(0, 200),
        within_target=st.none() | st.booleans(),
        mentor=st.none() | st.integers(1, 8),
    ),
    max_size=80,
)


def _check_table(
    data: list[queries.Row], cells: list[queries.Cell], key: Any, total_shown: bool
) -> None:
    by_label = {c.label: c for c in cells}
    hidden_people: set[Any] = set()
    for label, cell in by_label.items():
        people = {r.asker for r in data if key(r) == label}
        if cell.hidden:
            hidden_people |= people
        else:
            n = count_people(people)
            assert n == 0 or n >= MIN_PEOPLE, (label, n)
            assert cell.value == sum(1 for r in data if key(r) == label)
    if total_shown:
        # What a reader can subtract from the total stands for 0 or 5+ people.
        assert len(hidden_people) == 0 or len(hidden_people) >= MIN_PEOPLE


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=rows)
def test_every_figure_stands_for_five_people_or_none(data: list[queries.Row]) -> None:
    figs = queries.figures(data, {1: "A", 2: "B", 3: "C", 4: "D"})
    everyone = {r.asker for r in data}
    if not figs.total.hidden:
        assert len(everyone) == 0 or len(everyone) >= MIN_PEOPLE
    answered = {r.asker for r in data if r.hours_to_answer is not None}
    mentors = {r.mentor for r in data if r.hours_to_answer is not None and r.mentor is not None}
    if not figs.median_hours.hidden:
        assert len(answered) >= MIN_PEOPLE
        assert len(mentors) >= MIN_PEOPLE  # a median is a record about the mentors too
    hours = [r.hours_to_answer for r in data if r.hours_to_answer is not None]
    if not figs.median_hours.hidden:
        assert len(hours) >= 2 * MIN_PEOPLE  # a median of 5 is one question's own time
    if not figs.within_target.hidden:
        # Each side of the share (in time, late) stands for none or 5+ askers and mentors,
        # so neither can be read as one person's record; the median needs more (ce7500d).
        assert len(answered) >= MIN_PEOPLE and len(mentors) >= MIN_PEOPLE
        for side in (True, False):
            rows = [
                r for r in data if r.hours_to_answer is not None and bool(r.within_target) == side
            ]
            askers = {r.asker for r in rows}
            assert len(askers) == 0 or len(askers) >= MIN_PEOPLE
            their_mentors = {r.mentor for r in rows if r.mentor is not None}
            assert len(their_mentors) == 0 or len(their_mentors) >= MIN_PEOPLE
    _check_table(data, figs.months, lambda r: r.month, not figs.total.hidden)
    names = {1: "A", 2: "B", 3: "C", 4: "D"}
    _check_table(data, figs.topics, lambda r: names.get(r.topic, r.topic), not figs.total.hidden)


def test_a_small_program_shows_nothing_that_points_at_a_person() -> None:
    data = [queries.Row(i, MONTHS[0], 1, 5.0, True) for i in range(4)]
    figs = queries.figures(data, {1: "A"})
    assert figs.total.hidden and figs.median_hours.hidden
    assert all(c.hidden for c in figs.months + figs.topics)


def test_one_small_month_beside_a_total_hides_another() -> None:
    data = [queries.Row(i, MONTHS[0], 1, 5.0, True) for i in range(10)]
    data += [queries.Row(i, MONTHS[1], 1, 5.0, True) for i in range(10, 16)]
    data += [queries.Row(99, MONTHS[2], 1, 5.0, True)]  # one person in March
    figs = queries.figures(data, {1: "A"})
    assert not figs.total.hidden and figs.total.value == 17
    hidden = [c.label for c in figs.months if c.hidden]
    assert MONTHS[2] in hidden and len(hidden) == 2  # and the smallest other month


@pytest.mark.django_db
def test_figures_page_hides_a_small_program(
    client: Any, program: Any, participant: Any, coordinator: Any, mentor: Any, topics: Any
) -> None:
    from django.urls import reverse

    from echohub.mentoring import services
    from tests.mentoring.conftest import CLEAN

    services.ask(actor=participant, program=program, body=CLEAN, topic=topics[0])
    client.force_login(coordinator)
    page = client.get(reverse("mentoring:figures", args=[program.slug])).content.decode()
    assert "Questions asked" in page
    assert "<dd>1</dd>" not in page and "<td>1</td>" not in page
