"""Probe 1214 (who skipped, once): the survey results page counts responses ("20 responses")
and each question's answers ("19 answers"), one per response. A post-session survey is
answered once per session, so one person answers it several times; the 1213 rule compared
people (who never answered the question), and a person who skipped the question once but
answered it another time was no one. The difference, 1 response, is still one person's
skip, a figure of 1 person worked out from two shown; so is a matrix row's answers less the
question's.

Invented program: ten family physicians answer the survey after each of two January 2026
sessions; one of them leaves the optional question, and a matrix row, blank the second time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

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
HIDDEN = "<5"
LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]
ROWS = [{"key": "pace", "label": "Pace"}, {"key": "depth", "label": "Depth"}]


def _results(client, skippers: int) -> dict:
    p = ProgramFactory(slug=f"twice{skippers}", time_zone="America/Toronto")
    cycle = SeriesFactory(program=p, title="Winter", first_date=dt.date(2026, 1, 8))
    sessions = []
    for i, day in enumerate((8, 15)):
        starts = dt.datetime(2026, 1, day, 12, tzinfo=TZ)
        sessions.append(
            SessionFactory(
                program=p,
                series=cycle,
                number=i + 1,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
            )
        )
    survey = Survey.objects.create(program=p, kind="post_session", title="After", status="open")
    useful = Question.objects.create(
        survey=survey, code="useful", kind="likert", text="Useful?", options=LIKERT
    )
    hours = Question.objects.create(
        survey=survey, code="hours", kind="number", text="Hours?", required=False
    )
    grid = Question.objects.create(
        survey=survey, code="grid", kind="matrix", text="Rate", options=LIKERT, rows=ROWS
    )
    for i in range(10):
        user = UserFactory(profession="family_physician", email=f"t{i}.twice@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
        for s, session in enumerate(sessions):
            r = Response.objects.create(
                survey=survey, user=user, session=session, submitted_on=dt.date(2026, 1, 8 + 7 * s)
            )
            Answer.objects.create(response=r, question=useful, number=Decimal(4))
            Answer.objects.create(response=r, question=grid, row_key="pace", number=Decimal(3))
            skips = s == 1 and i < skippers
            if not skips:
                Answer.objects.create(response=r, question=hours, number=Decimal(i))
                Answer.objects.create(response=r, question=grid, row_key="depth", number=Decimal(4))
    evaluator = UserFactory(email=f"reader.twice{skippers}@example.test")
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    page = reverse("evaluation:survey_results", kwargs={"slug": p.slug, "pk": survey.pk})
    response = client.get(page, {"date_from": "2026-01-01", "date_to": "2026-01-31"})
    assert response.status_code == 200
    return response.context["data"]


def _row_total(item: dict, key: str) -> int | str:
    row = next(r for r in item["rows"] if r["key"] == key)
    counts = [d["n"] for d in row["dist"]]
    return HIDDEN if HIDDEN in counts else sum(counts)


def test_responses_less_a_questions_answers_are_none_or_five_people(client):
    data = _results(client, skippers=1)
    assert data["n"] == 20  # the page itself is shown
    by_code = {item["q"].code: item for item in data["questions"]}
    assert by_code["useful"]["answered"] == 20
    hours = by_code["hours"]
    assert hours["answered"] == HIDDEN, hours["answered"]  # 20 - 19: one person's skip
    assert isinstance(hours["summary"].n, str)
    grid = by_code["grid"]
    assert grid["answered"] == 20
    assert _row_total(grid, "pace") == 20
    assert _row_total(grid, "depth") == HIDDEN  # 20 - 19: one person's skip


def test_five_people_skipping_once_are_shown(client):
    data = _results(client, skippers=5)
    by_code = {item["q"].code: item for item in data["questions"]}
    assert by_code["hours"]["answered"] == 15
    assert _row_total(by_code["grid"], "depth") == 15
