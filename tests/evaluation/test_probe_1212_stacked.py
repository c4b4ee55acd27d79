"""Probe 1212 (100% stacked bars): a stacked bar draws the shown options as shares of their own
sum and labels it n=; where options are hidden, that sum beside the answers (known from the
population, or from the question's answer count) must not give back 1 to 4 hidden answers.

Invented survey: a likert question and a two-item matrix answered by family physicians and
nurse practitioners, whatever the spread of answers (Hypothesis).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

HIDDEN = "<5"
FP, NP = "family_physician", "nurse_practitioner"
LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]
ROWS = [{"key": "a", "label": "Item A"}, {"key": "b", "label": "Item B"}]
COUNTER = itertools.count()


def chart_rows(client: Any, page: str, chart: str, filters: dict[str, str]) -> list[list[str]]:
    response = client.get(page, {**filters, "format": "csv", "chart": chart})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))[1:]


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([FP, NP]),
            st.integers(1, 5),
            st.one_of(st.none(), st.integers(1, 5)),
            st.one_of(st.none(), st.integers(1, 5)),
        ),
        min_size=5,
        max_size=22,
    )
)
def test_a_stacked_bar_never_gives_back_1_to_4_hidden_answers(client, people):
    n = next(COUNTER)
    p = ProgramFactory(slug=f"stacked{n}", time_zone="America/Toronto")
    survey = Survey.objects.create(program=p, kind="custom", title="Views", status="open")
    likert = Question.objects.create(
        survey=survey, code="scale", kind="likert", text="Scale?", options=LIKERT, position=1
    )
    grid = Question.objects.create(
        survey=survey,
        code="grid",
        kind="matrix",
        text="Grid?",
        options=LIKERT,
        rows=ROWS,
        position=2,
    )
    for i, (profession, rating, a, b) in enumerate(people):
        user = UserFactory(profession=profession, email=f"s{i}.stacked{n}@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
        r = Response.objects.create(survey=survey, user=user, submitted_on=dt.date(2026, 3, 4))
        Answer.objects.create(response=r, question=likert, number=Decimal(rating))
        for key, value in (("a", a), ("b", b)):
            if value is not None:
                Answer.objects.create(response=r, question=grid, row_key=key, number=Decimal(value))
    evaluator = UserFactory(email=f"e.stacked{n}@example.test")
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    page = reverse("evaluation:survey_results", kwargs={"slug": p.slug, "pk": survey.pk})
    for filters in ({}, {"profession": FP}):
        kept = [x for x in people if filters.get("profession", x[0]) == x[0]]
        truth = {
            "scale": len(kept),
            "Item A": sum(1 for x in kept if x[2] is not None),
            "Item B": sum(1 for x in kept if x[3] is not None),
        }
        for chart in ("q-scale", "q-grid"):
            for row in chart_rows(client, page, chart, filters):
                shown = sum(int(v) for v in row[1:] if v not in (HIDDEN, ""))
                if shown:
                    left = truth[row[0]] - shown
                    assert left == 0 or left >= 5, (filters, chart, row, truth[row[0]])
