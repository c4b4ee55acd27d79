"""Probe 1211 (cycles): survey answers count for an evaluator by whole months (two date ranges a
day apart must not give back one person's answer), but the cycle filter slices a month by
session: a month shared by two cycles, read for "all cycles" and for one of them, gives back
the answers at the other cycle's sessions.

Invented program: cycle A's sessions on 8 and 15 January 2026 (nine people answer the
post-session survey after them, rating 4), cycle B's first session on 22 January (one person,
x1, rating 1). January counts (10 people); for cycle A it keeps 9: both pages show, and
10 answers minus 9 is x1's rating.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from echohub.accounts.models import ApiToken
from echohub.evaluation.models import Answer, Question, Response, Survey
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
LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]
HIDDEN = "<5"


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    p = ProgramFactory(slug="cycles", time_zone="America/Toronto")
    a = SeriesFactory(program=p, title="Cycle A", first_date=dt.date(2025, 9, 4))
    b = SeriesFactory(program=p, title="Cycle B", first_date=dt.date(2026, 1, 22))
    sessions = [
        SessionFactory(program=p, series=s, starts_at=at(d), ends_at=at(d, 14))
        for s, d in (
            (a, dt.date(2026, 1, 8)),
            (a, dt.date(2026, 1, 15)),
            (b, dt.date(2026, 1, 22)),
        )
    ]
    survey = Survey.objects.create(
        program=p, kind="post_session", title="After the session", status="open"
    )
    q = Question.objects.create(
        survey=survey, code="useful", kind="likert", text="Useful?", options=LIKERT
    )
    for i in range(10):
        user = UserFactory(profession="family_physician", email=f"x{i}.cycles@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
        session = sessions[2] if i == 0 else sessions[i % 2]
        r = Response.objects.create(
            survey=survey,
            user=user,
            session=session,
            submitted_on=session.starts_at.date() + dt.timedelta(days=1),
        )
        Answer.objects.create(response=r, question=q, number=Decimal(1 if i == 0 else 4))
    evaluator = UserFactory()
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    _token, raw = ApiToken.issue(user=evaluator, name="probe")
    return {
        "program": p,
        "a": a,
        "b": b,
        "survey": survey,
        "evaluator": evaluator,
        "headers": {"HTTP_AUTHORIZATION": f"Bearer {raw}"},
    }


def ratings(client: Any, world: dict[str, Any], filters: dict[str, Any]) -> list[str]:
    """The "Useful?" answers per option as the results page's CSV gives them."""
    page = reverse(
        "evaluation:survey_results",
        kwargs={"slug": world["program"].slug, "pk": world["survey"].pk},
    )
    response = client.get(page, {**filters, "format": "csv", "chart": "q-useful"})
    assert response.status_code == 200
    rows = [line.split(",") for line in response.content.decode().splitlines()]
    return rows[1][1:]


def page_count(client: Any, world: dict[str, Any], filters: dict[str, Any]) -> str:
    page = reverse(
        "evaluation:survey_results",
        kwargs={"slug": world["program"].slug, "pk": world["survey"].pk},
    )
    html = client.get(page, filters).content.decode()
    found = re.search(r"(\d+) responses?", html)
    return found.group(1) if found else HIDDEN


def test_one_cycle_of_a_shared_month_does_not_give_back_the_other_cycles_answer(client, world):
    client.force_login(world["evaluator"])
    january = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
    everyone = ratings(client, world, january)
    cycle_a = ratings(client, world, {**january, "series": world["a"].pk})
    differ = [
        (x, y) for x, y in zip(everyone, cycle_a, strict=True) if HIDDEN not in (x, y) and x != y
    ]
    assert not differ, (everyone, cycle_a)
    assert not (
        page_count(client, world, january) != HIDDEN
        and page_count(client, world, {**january, "series": world["a"].pk}) != HIDDEN
    )


def test_the_surveys_list_and_api_agree(client, world):
    """The surveys dashboard's count per survey (page API) under each cycle."""
    counts = {}
    for series in ("", str(world["a"].pk)):
        response = client.get(
            "/api/v1/programs/cycles/insights/surveys",
            {"series": series} if series else {},
            **world["headers"],
        )
        assert response.status_code == 200
        counts[series] = response.json()["figures"]["rows"][0]["n"]
    shown = [n for n in counts.values() if n != HIDDEN]
    if len(shown) == 2:
        assert shown[0] == shown[1] or abs(shown[0] - shown[1]) >= 5, counts


def test_the_page_says_why_a_shared_month_is_left_out_for_a_cycle(client, world):
    client.force_login(world["evaluator"])
    page = reverse(
        "evaluation:survey_results",
        kwargs={"slug": world["program"].slug, "pk": world["survey"].pk},
    )
    html = client.get(page, {"series": world["a"].pk}).content.decode()
    assert 'id="cycle-months"' in html and "A month shared by two cycles" in html
    assert 'id="cycle-months"' not in client.get(page).content.decode()
