"""Probe 1211 (percentages): an option's share is its count over the question's answers, so a
shown share beside a hidden answer count gives that count back (count / share).

Invented survey: ten family physicians and five nurse practitioners answer; one question is
skipped by every nurse but one (n1). Filtered to physicians, the question's answer count
(10) is 1 away from the unfiltered one (11): hidden. But the physicians all chose "Point 4",
shown as 10 answers, 100 %: the hidden count is 10, and 11 - 10 is the one nurse.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]
FP, NP = "family_physician", "nurse_practitioner"


@pytest.fixture
def world(db: None, client: Any) -> dict[str, Any]:
    p = ProgramFactory(slug="shares", time_zone="America/Toronto")
    survey = Survey.objects.create(program=p, kind="custom", title="Views", status="open")
    first = Question.objects.create(
        survey=survey, code="first", kind="likert", text="First?", options=LIKERT, position=1
    )
    second = Question.objects.create(
        survey=survey, code="second", kind="likert", text="Second?", options=LIKERT, position=2
    )
    for i, profession in enumerate([FP] * 10 + [NP] * 5):
        user = UserFactory(profession=profession, email=f"s{i}.shares@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
        r = Response.objects.create(survey=survey, user=user, submitted_on=dt.date(2026, 2, 3))
        Answer.objects.create(response=r, question=first, number=Decimal(3))
        if profession == FP:
            Answer.objects.create(response=r, question=second, number=Decimal(4))
        elif i == 10:
            Answer.objects.create(response=r, question=second, number=Decimal(2))
    evaluator = UserFactory()
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    return {"program": p, "survey": survey, "second": second}


def question_table(html: str, pk: int) -> tuple[str, list[tuple[str, str, str]]]:
    section = re.search(
        rf'<section class="insights-question" aria-labelledby="q-{pk}">(.*?)</section>', html, re.S
    )
    assert section is not None
    answered = re.search(r'<p class="help">(.*?)</p>', section.group(1), re.S)
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td></tr>', section.group(1)
    )
    return (answered.group(1).strip() if answered else ""), rows


def test_a_share_does_not_give_back_a_hidden_answer_count(client, world):
    page = reverse(
        "evaluation:survey_results",
        kwargs={"slug": world["program"].slug, "pk": world["survey"].pk},
    )
    html = client.get(page, {"profession": FP}).content.decode()
    answered, rows = question_table(html, world["second"].pk)
    assert "hidden to protect privacy" in answered, answered
    shares = [share for _label, n, share in rows if share not in ("&lt;5", "—")]
    assert not any(float(s) > 0 for s in shares), rows
    # nor do the options' counts add up to it
    counts = [int(n) for _label, n, _share in rows if n != "&lt;5"]
    assert not (sum(counts) > 0 and all(n != "&lt;5" for _label, n, _share in rows)), rows
