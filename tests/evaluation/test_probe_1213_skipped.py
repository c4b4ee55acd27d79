"""Probe 1213 (who skipped a question): the survey results page shows the responses counted
("12 responses") and each question's answers ("10 answers"); the difference is who skipped
the question, 2 people here, a figure of fewer than 5 people worked out from two shown.

Invented program: twelve family physicians answer a survey in January 2026; ten of them answer
its optional second question too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]


def test_responses_less_a_questions_answers_are_none_or_five_people(client):
    p = ProgramFactory(slug="skipped", time_zone="America/Toronto")
    survey = Survey.objects.create(program=p, kind="custom", title="Views", status="open")
    useful = Question.objects.create(
        survey=survey, code="useful", kind="likert", text="Useful?", options=LIKERT
    )
    hours = Question.objects.create(
        survey=survey, code="hours", kind="number", text="Hours?", required=False
    )
    for i in range(12):
        user = UserFactory(profession="family_physician", email=f"s{i}.skipped@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
        r = Response.objects.create(survey=survey, user=user, submitted_on=dt.date(2026, 1, 12))
        Answer.objects.create(response=r, question=useful, number=Decimal(4))
        if i < 10:
            Answer.objects.create(response=r, question=hours, number=Decimal(i))
    evaluator = UserFactory()
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    page = reverse("evaluation:survey_results", kwargs={"slug": "skipped", "pk": survey.pk})
    response = client.get(page, {"date_from": "2026-01-01", "date_to": "2026-01-31"})
    assert response.status_code == 200
    data = response.context["data"]
    assert data["n"] == 12  # the page itself is shown
    for item in data["questions"]:
        answered = item["answered"]
        if isinstance(answered, int):
            assert not 0 < data["n"] - answered < 5, (item["q"].code, answered)
            if "summary" in item:
                assert isinstance(item["summary"].n, str) or not 0 < 12 - item["summary"].n < 5


def test_answers_less_the_pairs_of_a_comparison_are_none_or_five_people(client):
    """Twelve answer the end-of-cycle survey, ten of them the start too: the end page shows 12
    answers to the question, the comparison 10 pairs; the 2 who answered only the end are a
    figure of 2 people."""
    p = ProgramFactory(slug="pairs1213", time_zone="America/Toronto")
    pre = Survey.objects.create(program=p, kind="pre_cycle", title="Start", status="open")
    post = Survey.objects.create(
        program=p, kind="post_cycle", title="End", status="open", pre_survey=pre
    )
    questions = {
        s.pk: Question.objects.create(
            survey=s, code="confident", kind="likert", text="Confident?", options=LIKERT
        )
        for s in (pre, post)
    }
    for i in range(12):
        user = UserFactory(profession="family_physician", email=f"c{i}.pairs@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
        for survey, value in ((pre, 2), (post, 4)):
            if survey == pre and i >= 10:
                continue
            r = Response.objects.create(survey=survey, user=user, submitted_on=dt.date(2026, 3, 9))
            Answer.objects.create(response=r, question=questions[survey.pk], number=value)
    evaluator = UserFactory()
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    page = reverse("evaluation:survey_results", kwargs={"slug": "pairs1213", "pk": post.pk})
    data = client.get(page).context["data"]
    answered = data["questions"][0]["answered"]
    assert answered == 12
    (item,) = data["comparison"]["items"]
    pairs = None if item["hidden"] else item["result"].n
    assert pairs is None or not 0 < answered - pairs < 5, (answered, pairs)


def test_a_matrix_rows_options_less_the_questions_answers_are_none_or_five_people(client):
    """Twelve answer a matrix question, ten of them its second row: the row's options (and
    their shares) add up to 10 beside the question's 12 answers."""
    p = ProgramFactory(slug="matrix1213", time_zone="America/Toronto")
    survey = Survey.objects.create(program=p, kind="custom", title="Views", status="open")
    matrix = Question.objects.create(
        survey=survey,
        code="skills",
        kind="matrix",
        text="Skills",
        options=LIKERT,
        rows=[{"key": "taper", "label": "Tapering"}, {"key": "naloxone", "label": "Naloxone"}],
    )
    for i in range(12):
        user = UserFactory(profession="family_physician", email=f"m{i}.matrix@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
        r = Response.objects.create(survey=survey, user=user, submitted_on=dt.date(2026, 1, 12))
        Answer.objects.create(response=r, question=matrix, row_key="taper", number=Decimal(4))
        if i < 10:
            Answer.objects.create(
                response=r, question=matrix, row_key="naloxone", number=Decimal(3 + i % 2)
            )
    evaluator = UserFactory()
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    page = reverse("evaluation:survey_results", kwargs={"slug": "matrix1213", "pk": survey.pk})
    data = client.get(page).context["data"]
    (item,) = data["questions"]
    assert item["answered"] == 12
    for row in item["rows"]:
        shown = [d["n"] for d in row["dist"] if isinstance(d["n"], int)]
        if len(shown) == len(row["dist"]):  # every option shown: they add up to the row
            assert not 0 < 12 - sum(shown) < 5, (row["key"], shown)
