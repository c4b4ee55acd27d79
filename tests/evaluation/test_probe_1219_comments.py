"""Probe 1219 (comments about the respondent): a free-text question that asks about the
respondent ("Which town do you work in?", "What is your discipline?") had its answers listed
among an evaluator's comments. Each answer stands for one person, so the list was a table of
counts of 1 ("Smalltown" once, "Big City" five times); and comments were listed in the order
the answers were stored, response by response, so the n-th town and the n-th remark were the
same person's: "Smalltown" named the author of a remark.

Now an evaluator's comments leave out the answers of questions about the respondent (the page
says so), and each question's comments are listed by their text, not in response order.

Invented program: six participants answer one identified survey in January 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
TOWNS = ["Smalltown", "Big City", "Big City", "Big City", "Big City", "Big City"]
REMARKS = [
    "Zeta: I still fear tapering my own patients",
    "Alpha remark on the teaching",
    "Mid remark on the slides",
    "Beta remark on the cases",
    "Omega remark on the timing",
    "Gamma remark on the sound",
]


def _page(client, role: str = Role.EVALUATOR) -> tuple[object, Survey]:
    p = ProgramFactory(slug="townsfolk", time_zone="America/Toronto")
    site = SiteFactory(program=p, region="Valley", rurality="urban")
    survey = Survey.objects.create(program=p, kind="custom", title="About", status="open")
    town = Question.objects.create(
        survey=survey, code="q1", kind="text", text="Which town do you work in?", position=1
    )
    remark = Question.objects.create(
        survey=survey, code="q2", kind="text", text="Remarks", position=2
    )
    for i, (where, words) in enumerate(zip(TOWNS, REMARKS, strict=True)):
        user = UserFactory(profession="registered_nurse", email=f"t{i}.towns@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT, site=site)
        r = Response.objects.create(survey=survey, user=user, submitted_on=dt.date(2026, 1, 14))
        Answer.objects.create(response=r, question=town, text=where)
        Answer.objects.create(response=r, question=remark, text=words)
    reader = UserFactory(email="reader.towns@example.test")
    MembershipFactory(program=p, user=reader, role=role)
    client.force_login(reader)
    url = reverse("evaluation:survey_results", kwargs={"slug": p.slug, "pk": survey.pk})
    response = client.get(url, JANUARY)
    assert response.status_code == 200
    return response, survey


def test_answers_about_the_respondent_are_not_listed_as_comments(client):
    response, _survey = _page(client)
    html = response.content.decode()
    texts = [c["text"] for c in response.context["data"]["comments"]]
    # Before: "Smalltown" once and "Big City" five times, beside the remarks.
    assert "Smalltown" not in html and "Big City" not in texts
    assert sorted(texts) == sorted(REMARKS)
    assert 'id="comments-about-respondent"' in html


def test_comments_are_not_listed_in_response_order(client):
    response, _survey = _page(client)
    texts = [c["text"] for c in response.context["data"]["comments"]]
    # Before: in the order the responses came, so the n-th of each question was one person's.
    assert texts == sorted(REMARKS)


def test_a_coordinator_still_reads_every_answer(client):
    response, _survey = _page(client, Role.COORDINATOR)
    texts = [c["text"] for c in response.context["data"]["comments"]]
    assert "Smalltown" in texts
