"""Probe 1212 (months still running): survey answers and cases count for an evaluator by whole
months, but a month still under way grows: the surveys page read on the 8th and on the 15th
of the same month gives back the answers of whoever answered between the two readings.

Invented program: five family physicians answer a survey on 5 January 2026 and a sixth on 12
January; the evaluator reads January on the 8th and on the 15th.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from echohub.accounts.models import ApiToken
from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/Toronto")
HIDDEN = "<5"
LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]
JAN = {"date_from": "2026-01-01", "date_to": "2026-01-31"}


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=TZ)


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    p = ProgramFactory(slug="running", time_zone="America/Toronto")
    survey = Survey.objects.create(program=p, kind="custom", title="Views", status="open")
    q = Question.objects.create(
        survey=survey, code="useful", kind="likert", text="Useful?", options=LIKERT
    )
    for i in range(5):
        answer(p, survey, q, i, dt.date(2026, 1, 5), 4)
    evaluator = UserFactory()
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    _token, raw = ApiToken.issue(user=evaluator, name="probe")
    return {
        "program": p,
        "survey": survey,
        "q": q,
        "headers": {"HTTP_AUTHORIZATION": f"Bearer {raw}"},
    }


def answer(p: Any, survey: Survey, q: Question, i: int, day: dt.date, rating: int) -> None:
    user = UserFactory(profession="family_physician", email=f"m{i}.running@example.test")
    MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
    r = Response.objects.create(survey=survey, user=user, submitted_on=day)
    Answer.objects.create(response=r, question=q, number=Decimal(rating))


def responses(client: Any, world: dict[str, Any]) -> Any:
    response = client.get("/api/v1/programs/running/insights/surveys", JAN, **world["headers"])
    assert response.status_code == 200
    return response.json()["figures"]["rows"][0]["n"]


def test_a_month_read_a_week_apart_does_not_give_back_one_answer(client, world):
    with time_machine.travel(noon(dt.date(2026, 1, 8)), tick=False):
        early = responses(client, world)
    answer(world["program"], world["survey"], world["q"], 5, dt.date(2026, 1, 12), 1)
    with time_machine.travel(noon(dt.date(2026, 1, 15)), tick=False):
        late = responses(client, world)
    shown = [n for n in (early, late) if n not in (HIDDEN, None)]
    assert not (len(shown) == 2 and 0 < abs(shown[0] - shown[1]) < 5), (early, late)


def test_the_month_counts_once_it_is_over(client, world):
    answer(world["program"], world["survey"], world["q"], 5, dt.date(2026, 1, 12), 1)
    with time_machine.travel(noon(dt.date(2026, 2, 2)), tick=False):
        assert responses(client, world) == 6
