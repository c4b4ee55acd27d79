"""Minutes attended: the union of segments clipped to the session, floored."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from echohub.attendance.reconcile import Segment, attended_minutes, union_seconds

from .conftest import TORONTO

START = datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO)
END = START + timedelta(minutes=90)


def seg(start_minute: float, end_minute: float) -> Segment:
    return Segment(START + timedelta(minutes=start_minute), START + timedelta(minutes=end_minute))


def test_one_segment_inside_the_session() -> None:
    assert attended_minutes([seg(10, 40)], START, END) == 30


def test_overlapping_segments_count_once() -> None:
    assert attended_minutes([seg(0, 50), seg(40, 80)], START, END) == 80


def test_reconnect_gap_is_not_counted() -> None:
    assert attended_minutes([seg(0, 30), seg(35, 60)], START, END) == 55


def test_touching_segments_merge() -> None:
    assert attended_minutes([seg(0, 30), seg(30, 60)], START, END) == 60
    assert union_seconds([seg(0, 30), seg(30, 60)], START, END) == 3600


def test_segment_inside_another_adds_nothing() -> None:
    assert attended_minutes([seg(0, 80), seg(10, 20)], START, END) == 80


def test_time_before_and_after_the_session_is_clipped() -> None:
    assert attended_minutes([seg(-19, 67)], START, END) == 67
    assert attended_minutes([seg(60, 130)], START, END) == 30
    assert attended_minutes([seg(-60, 200)], START, END) == 90


def test_segments_entirely_outside_count_zero() -> None:
    assert attended_minutes([seg(-60, -1), seg(95, 120)], START, END) == 0


def test_minutes_are_floored_on_the_union_not_per_segment() -> None:
    # 29.5 + 29.5 minutes = 59 whole minutes (flooring each segment first would give 58).
    assert attended_minutes([seg(0, 29.5), seg(40, 69.5)], START, END) == 59


def test_no_segments_no_minutes() -> None:
    assert attended_minutes([], START, END) == 0


offsets = st.floats(min_value=-300, max_value=400, allow_nan=False, allow_infinity=False)
segments = st.lists(
    st.tuples(offsets, st.floats(min_value=0, max_value=600, allow_nan=False)).map(
        lambda pair: seg(pair[0], pair[0] + pair[1])
    ),
    max_size=30,
)


@given(segments)
def test_union_never_exceeds_the_session(items: list[Segment]) -> None:
    assert 0 <= attended_minutes(items, START, END) <= 90


@given(segments, st.randoms(use_true_random=False))
def test_segment_order_does_not_matter(items: list[Segment], rng: object) -> None:
    shuffled = list(items)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert attended_minutes(shuffled, START, END) == attended_minutes(items, START, END)
    assert union_seconds(shuffled, START, END) == union_seconds(items, START, END)


@given(segments)
def test_union_is_at_most_the_sum_and_at_least_the_longest(items: list[Segment]) -> None:
    clipped = [max(0.0, (min(s.end, END) - max(s.start, START)).total_seconds()) for s in items]
    total = union_seconds(items, START, END)
    assert total <= sum(clipped) + 1e-6
    assert total >= max(clipped, default=0.0) - 1e-6


@given(segments)
def test_duplicating_segments_changes_nothing(items: list[Segment]) -> None:
    assert attended_minutes(items + items, START, END) == attended_minutes(items, START, END)
