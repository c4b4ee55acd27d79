"""Probe 1220 (hand-made API queries; median and quartiles of small groups).

The insights API was queried as an evaluator with parameters the page does not offer
(repeated, empty, unknown, case-changed values; one-day, reversed and far-off dates; a cycle of
another program; pagination parameters; filters narrowing to one person): every figure stood
for 5 or more people or read "<5", and bad values were a 400 naming the parameter.

One thing did leak: a summary of 5 to 9 values (hours to recommendations, MME and PEG before
and after, a survey's number question) showed its median and quartiles. Computed by the
inclusive method, the quartiles and median of 5 values are the 2nd, 3rd and 4th values
themselves, and the mean beside them gives the sum of the other two: three of five people's
exact answers. For an evaluator, a summary of fewer than 10 values now shows n and the mean
only, with the reason.

Invented program: five family physicians each present one case at a session in January 2026;
the recommendations are sent 25 to 29 hours after its start.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from echohub.accounts.models import ApiToken
from echohub.attendance.models import Attendance
from echohub.cases.models import Case, CaseStatus
from echohub.evaluation import stats
from echohub.evaluation.privacy import coarse_summary
from echohub.programs.models import Role
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/Toronto")
JAN = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


def _program(presenters: int, role: str = Role.EVALUATOR) -> tuple[str, dict[str, str]]:
    p = ProgramFactory(slug=f"q1220-{presenters}-{role}", time_zone="America/Toronto")
    cycle = SeriesFactory(program=p, title="Winter", first_date=dt.date(2026, 1, 8))
    starts = dt.datetime(2026, 1, 8, 12, tzinfo=TZ)
    session = SessionFactory(
        program=p, series=cycle, number=1, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    for i in range(presenters):
        user = UserFactory(profession="family_physician", email=f"fp{i}.{p.slug}@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
        Attendance.objects.create(session=session, user=user, computed_minutes=60, minutes=60)
        Case.objects.create(
            program=p,
            presenter=user,
            presenter_profession="family_physician",
            theme="low_back",
            status=CaseStatus.RECOMMENDATIONS_SENT,
            session=session,
            submitted_at=starts - dt.timedelta(days=7),
            sent_at=starts + dt.timedelta(hours=25 + i),
        )
    reader = UserFactory(email=f"reader.{p.slug}@example.test")
    MembershipFactory(program=p, user=reader, role=role)
    _token, raw = ApiToken.issue(user=reader, name="probe")
    return p.slug, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _summary(client, presenters: int, role: str = Role.EVALUATOR) -> dict:
    slug, auth = _program(presenters, role)
    body = client.get(f"/api/v1/programs/{slug}/insights/cases", JAN, **auth).json()
    return body["figures"]["recommendations"]["summary"]


def test_five_values_do_not_give_three_of_them_back(client):
    summary = _summary(client, 5)
    assert summary["n"] == 5
    assert summary["mean"] == 27.0  # the mean of 5 or more values stays
    # Before: median 27.0, q1 26.0, q3 28.0 = the 2nd, 3rd and 4th presenters' own hours.
    assert (summary["median"], summary["q1"], summary["q3"]) == (None, None, None)
    assert summary["withheld"]  # the reason, shown instead


def test_ten_values_keep_their_median_and_quartiles(client):
    summary = _summary(client, 10)
    assert (summary["n"], summary["median"]) == (10, 29.5)
    assert summary["q1"] is not None and not summary["withheld"]


def test_a_coordinator_still_sees_every_figure(client):
    summary = _summary(client, 5, Role.COORDINATOR)
    assert (summary["median"], summary["q1"], summary["q3"]) == (27.0, 26.0, 28.0)


class TestCoarseSummary(HypothesisTestCase):
    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=30))
    def test_no_shown_position_is_one_answer_of_a_small_group(self, values):
        s = coarse_summary(stats.summarise([float(v) for v in values]))
        if len(values) < 10:
            assert (s.median, s.q1, s.q3) == (None, None, None)
            assert s.withheld
        else:
            assert s.median is not None and not s.withheld
        assert s.n == len(values)
