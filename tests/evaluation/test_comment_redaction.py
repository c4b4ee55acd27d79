"""A comment whose identifiers the respondent kept ("not identifying", with a reason) is stored
verbatim, but every aggregate shows it as the research export does: identifiers as [KIND].

Paths: the survey results page (evaluator and coordinator), its chart downloads, the insights
API, the PDF report, and the research export itself (the reference)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from echohub.accounts.models import ApiToken
from echohub.evaluation import dashboards as db
from echohub.evaluation import services
from echohub.evaluation.models import Answer, Study, Survey, SurveyInvitation
from echohub.evaluation.redaction import RedactedComments, redact_text
from echohub.programs.models import Program, Role
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME, PHONE = "Bartholomew Quixote", "705-555-0134"
KEPT = f"Dr. {NAME} explained it well, call {PHONE} for slides"
REDACTED = "Dr. [NAME] explained it well, call [PHONE] for slides"
SCALE = [{"value": str(i), "label": str(i), "label_fr": ""} for i in range(1, 4)]


class World:
    def __init__(self) -> None:
        self.program: Program = ProgramFactory(slug="pain", name="Pain ECHO")
        coordinator = UserFactory()
        MembershipFactory(program=self.program, user=coordinator, role=Role.COORDINATOR)
        self.survey: Survey = services.create_survey(
            actor=coordinator,
            program=self.program,
            data={"title": "After the session", "kind": "post_session"},
        )
        for data in (
            {"code": "useful", "kind": "likert", "text": "Useful", "options": SCALE},
            {"code": "comments", "kind": "text", "text": "Comments"},
        ):
            services.save_question(actor=coordinator, survey=self.survey, data=data)
        services.open_survey(actor=coordinator, survey=self.survey)
        site = SiteFactory(program=self.program, region="North", rurality="rural")
        self.people = []
        for i in range(6):
            user = UserFactory(profession="family_physician")
            MembershipFactory(
                program=self.program,
                user=user,
                role=Role.PARTICIPANT,
                site=site,
                consent_research=True,
            )
            self.people.append(user)
            self.respond(user, "Very useful" if i else KEPT)

    def respond(self, user: Any, comment: str) -> None:
        inv = SurveyInvitation.objects.create(
            survey=self.survey, user=user, token_hash=services.hash_token(f"t-{user.pk}")
        )
        data = {"a-useful": "3", "a-comments": comment}
        confirmations: dict[str, str] = {}
        try:
            services.submit_response(actor=None, invitation=inv, data=data)
        except services.PhiFound as err:  # the respondent keeps the text, with a reason
            confirmations = {f.key: "Not identifying: a guest speaker" for f in err.findings}
            services.submit_response(
                actor=None, invitation=inv, data=data, confirmations=confirmations
            )


@pytest.fixture
def world(db: None) -> World:
    # Answered in a month that is over: evaluators see no figure of a month still under way
    # (evaluation.privacy.whole_months), so answers of this month would show nothing yet.
    with time_machine.travel(timezone.now() - dt.timedelta(days=40), tick=False):
        return World()


def signed_in(client: Client, program: Program, role: str) -> Client:
    user = UserFactory()
    MembershipFactory(program=program, user=user, role=role)
    client.force_login(user)
    return client


def test_the_comment_is_stored_verbatim_after_the_respondent_kept_it(world):
    assert Answer.objects.filter(text=KEPT).count() == 1


def test_redact_text_is_what_the_export_writes():
    assert redact_text(KEPT) == REDACTED
    assert redact_text("") == ""
    assert redact_text("Very useful") == "Very useful"


def test_redacted_comments_count_slice_and_iterate_lazily():
    rows = RedactedComments([{"question__text": "Q", "text": KEPT}, {"text": "plain"}])
    assert rows.count() == len(rows) == 2 and bool(rows)
    assert rows[0]["text"] == REDACTED
    assert [r["text"] for r in rows[0:2]] == [REDACTED, "plain"]
    assert [r["text"] for r in rows] == [REDACTED, "plain"]
    assert not RedactedComments([])


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.COORDINATOR, Role.PROGRAM_ADMIN])
def test_results_page_shows_the_comment_redacted(world, client, role):
    page = reverse("evaluation:survey_results", args=[world.program.slug, world.survey.pk])
    html = signed_in(client, world.program, role).get(page).content.decode()
    assert REDACTED in html
    assert NAME not in html and PHONE not in html
    assert "Very useful" in html


def test_results_page_refuses_a_participant_and_hides_from_an_outsider(world, client):
    page = reverse("evaluation:survey_results", args=[world.program.slug, world.survey.pk])
    assert signed_in(client, world.program, Role.PARTICIPANT).get(page).status_code == 403
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(page).status_code == 404


def test_results_selector_gives_redacted_comments(world):
    f = db.Filters.for_viewer(world.people[0], world.program, {})
    data = db.survey_results(world.program, world.survey, f)
    texts = [c["text"] for c in data["comments"]]
    assert sorted(texts) == sorted([REDACTED] + ["Very useful"] * 5)


@pytest.mark.parametrize("fmt", ["csv", "svg"])
def test_chart_downloads_never_carry_the_comment(world, client, fmt):
    client = signed_in(client, world.program, Role.EVALUATOR)
    page = reverse("evaluation:survey_results", args=[world.program.slug, world.survey.pk])
    response = client.get(page, {"format": fmt, "chart": "q-useful"})
    assert response.status_code == 200
    body = response.content.decode()
    assert NAME not in body and PHONE not in body and "[NAME]" not in body


@pytest.mark.parametrize("dashboard", ["surveys", "reach", "sessions", "cases"])
def test_insights_api_never_carries_the_comment(world, client, dashboard):
    user = UserFactory()
    MembershipFactory(program=world.program, user=user, role=Role.EVALUATOR)
    _token, raw = ApiToken.issue(user=user, name="tests")
    response = client.get(
        f"/api/v1/programs/{world.program.slug}/insights/{dashboard}",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert NAME not in body and PHONE not in body


def test_pdf_report_never_carries_the_comment(world, client):
    client = signed_in(client, world.program, Role.EVALUATOR)
    response = client.get(reverse("evaluation:report", args=[world.program.slug]))
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "After the session" in text  # the survey is in the report...
    assert NAME not in text and PHONE not in text  # ...its comment's identifiers are not


def test_research_export_and_results_page_agree(world, client):
    client = signed_in(client, world.program, Role.EVALUATOR)
    study = Study.objects.create(program=world.program, name="Study")
    response = client.post(
        reverse("evaluation:research_download", args=[world.program.slug]),
        {"study": study.pk, "datasets": ["free_text"], "format": "csv"},
    )
    assert response.status_code == 200, response.content[:300]
    blob = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        rows = list(csv.DictReader(io.StringIO(zf.read("free_text.csv").decode())))
    exported = sorted(r["text"] for r in rows)
    page = reverse("evaluation:survey_results", args=[world.program.slug, world.survey.pk])
    html = client.get(page).content.decode()
    assert REDACTED in exported
    for text in set(exported):
        assert text in html
