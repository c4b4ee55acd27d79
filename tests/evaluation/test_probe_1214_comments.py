"""Probe 1214 (comments across filters): a verbatim comment is the same text on every page
that lists it, so the comments of two filtered pages side by side can be intersected. Each
page alone stands for 5 or more people, yet a comment listed under "Registered nurse" and
under "North West" was written by a North West nurse, a group the rule hides when asked for
(one person here): the intersection of two lists gives back what the rule hides.

Invented program: sixteen participants answer one identified survey in January 2026, each with
a comment of their own: five family physicians and five nurses at a Toronto site, five family
physicians and one nurse at a North West site. Each filter alone keeps 6 or more people and
leaves out 10 or more; the one North West nurse is alone in both.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]
JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
PROFESSIONS = ["", "family_physician", "registered_nurse"]
REGIONS = ["", "Toronto", "North West"]


def _world(anonymous: bool = False) -> tuple[Survey, dict[str, tuple[str, str]]]:
    """The survey, and each comment's (profession, region) of its author."""
    p = ProgramFactory(slug="remarks", time_zone="America/Toronto")
    sites = {
        "Toronto": SiteFactory(program=p, name="Lakeside", region="Toronto", rurality="urban"),
        "North West": SiteFactory(
            program=p, name="Pinecrest", region="North West", rurality="urban"
        ),
    }
    survey = Survey.objects.create(
        program=p, kind="custom", title="Views", status="open", anonymous=anonymous
    )
    useful = Question.objects.create(
        survey=survey, code="useful", kind="likert", text="Useful?", options=LIKERT
    )
    remarks = Question.objects.create(survey=survey, code="remarks", kind="text", text="Remarks")
    layout = (
        [("family_physician", "Toronto")] * 5
        + [("registered_nurse", "Toronto")] * 5
        + [("family_physician", "North West")] * 5
        + [("registered_nurse", "North West")]
    )
    authors: dict[str, tuple[str, str]] = {}
    for i, (profession, region) in enumerate(layout):
        user = UserFactory(profession=profession, email=f"r{i}.remarks@example.test")
        MembershipFactory(program=p, user=user, role=Role.PARTICIPANT, site=sites[region])
        r = Response.objects.create(
            survey=survey, user=None if anonymous else user, submitted_on=dt.date(2026, 1, 14)
        )
        Answer.objects.create(response=r, question=useful, number=Decimal(4))
        text = f"Remark number {i} about the teaching"
        Answer.objects.create(response=r, question=remarks, text=text)
        authors[text] = (profession, region)
    return survey, authors


def _comments(client, survey: Survey, profession: str, region: str) -> set[str]:
    page = reverse("evaluation:survey_results", kwargs={"slug": "remarks", "pk": survey.pk})
    params = {**JANUARY, "profession": profession, "region": region}
    response = client.get(page, {k: v for k, v in params.items() if v})
    assert response.status_code == 200
    return {c["text"] for c in response.context["data"]["comments"]}


def _as_evaluator(client, survey: Survey) -> None:
    evaluator = UserFactory(email="reader.remarks@example.test")
    MembershipFactory(program=survey.program, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)


def test_two_filtered_comment_lists_do_not_single_out_a_comment(client):
    """Every comment's authors-in-common: the people who are on exactly the pages that list it
    (of the person filters an evaluator can choose). Fewer than 5 would name its author's
    group; here the one North West nurse."""
    survey, authors = _world()
    _as_evaluator(client, survey)
    pages = {
        (prof, reg): _comments(client, survey, prof, reg)
        for prof, reg in itertools.product(PROFESSIONS, REGIONS)
    }
    assert pages[("", "")] == set(authors)  # the unfiltered page lists every comment

    def on(prof: str, reg: str, page: tuple[str, str]) -> bool:
        return page[0] in ("", prof) and page[1] in ("", reg)

    listing = [page for page, texts in pages.items() if texts]
    for text, (prof, reg) in authors.items():
        seen = {page for page, texts in pages.items() if text in texts}
        alike = [
            who
            for who in authors.values()
            # a person whose responses are on every page listing the comment, and on no
            # other page that lists comments at all
            if all(on(*who, page) for page in seen)
            and not any(on(*who, page) for page in listing if page not in seen)
        ]
        assert len(alike) >= 5, (text, prof, reg, sorted(seen))


def test_a_person_filtered_page_says_why_it_lists_no_comments(client):
    survey, _authors = _world()
    _as_evaluator(client, survey)
    page = reverse("evaluation:survey_results", kwargs={"slug": "remarks", "pk": survey.pk})
    response = client.get(page, {**JANUARY, "profession": "registered_nurse"})
    assert response.context["data"]["comments_filtered_out"] is True
    assert "without the profession, region and rurality filters" in response.content.decode()
    # the counts themselves are still shown (6 nurses, 10 others)
    assert response.context["data"]["n"] == 6


def test_an_anonymous_survey_ignores_the_person_filters_and_keeps_its_comments(client):
    """Its answers carry no person: a person filter changes nothing, so no intersection."""
    survey, authors = _world(anonymous=True)
    _as_evaluator(client, survey)
    assert _comments(client, survey, "registered_nurse", "") == set(authors)


def test_a_coordinator_still_reads_the_comments_of_a_filtered_page(client):
    survey, authors = _world()
    coordinator = UserFactory(email="coord.remarks@example.test")
    MembershipFactory(program=survey.program, user=coordinator, role=Role.COORDINATOR)
    client.force_login(coordinator)
    expected = {t for t, (prof, _reg) in authors.items() if prof == "registered_nurse"}
    assert _comments(client, survey, "registered_nurse", "") == expected
