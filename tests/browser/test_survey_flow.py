"""In the browser: a coordinator adopts a template and reorders a question with htmx; a
participant answers through the personal link, is stopped in place, and fixes it."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from echohub.evaluation import services
from echohub.evaluation.models import Response, Survey, SurveyInvitation
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SURVEY_SCREENSHOTS")


def shot(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(Path(SHOTS or tmp_path) / f"{name}.png"), full_page=True)


def test_build_send_and_answer(page, tmp_path):
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    participant = UserFactory(email="p@example.test", first_name="Priya")
    MembershipFactory(program=program, user=participant, role=Role.PARTICIPANT)
    end = timezone.now() - dt.timedelta(hours=1)
    SessionFactory(
        program=program, title="Tapering", starts_at=end - dt.timedelta(hours=2), ends_at=end
    )

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("coord@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/p/chronic-pain/surveys/new/")
    page.get_by_label("Session evaluation").check()
    page.get_by_role("button", name="Create draft").click()
    page.get_by_text("Survey created as a draft").wait_for()
    survey = Survey.objects.get()
    codes = lambda: list(survey.questions.values_list("code", flat=True))  # noqa: E731
    assert codes()[:2] == ["relevance", "quality"]
    page.get_by_role("button", name="Up quality").click()
    expect(page.locator("#builder li").first).to_contain_text("overall quality")
    assert codes()[:2] == ["quality", "relevance"]
    shot(page, tmp_path, "builder")
    page.get_by_role("link", name="Add a question", exact=True).click()
    page.get_by_label("Kind").select_option("number")
    shot(page, tmp_path, "question-form")
    page.go_back()
    page.get_by_role("link", name="Back to the survey").first.click()
    page.get_by_role("button", name="Open the survey").click()
    page.get_by_text("The survey is open.").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())  # "Email a personal link…?" (walk 1223)
    page.get_by_role("button", name="Send now").click()
    page.get_by_text("1 invitation sent").wait_for()
    shot(page, tmp_path, "detail")
    page.goto("/p/chronic-pain/surveys/")
    shot(page, tmp_path, "list")

    # The participant answers through a personal link (a fresh one: the email's is not kept).
    inv = SurveyInvitation.objects.get()
    token = "browser-token"
    SurveyInvitation.objects.filter(pk=inv.pk).update(token_hash=services.hash_token(token))
    page.context.clear_cookies()
    page.goto(f"/s/{token}/")
    page.get_by_role("group", name="The session was relevant").get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_label("Comments or suggestions").fill(
        "My patient John Smith (OHIP 1234-567-890) improved"
    )
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("This question is required.").first.wait_for()
    expect(page.locator("mark.phi").first).to_be_attached()  # at least one
    shot(page, tmp_path, "respond-errors")
    expect(page.get_by_label("Comments or suggestions")).to_have_value(re.compile(r"^My patient"))
    page.get_by_role("group", name="How would you rate").get_by_label("Very good").check()
    page.get_by_role("group", name="I intend to change").get_by_label("Strongly agree").check()
    page.get_by_label("Comments or suggestions").fill("Helpful case discussion.")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Already answered").wait_for()
    assert Response.objects.get().user == participant
    shot(page, tmp_path, "answered")

    # A matrix, as the coordinator previews a self-efficacy survey.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("coord@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    pre = services.create_survey(
        actor=coordinator, program=program, template_key="pre_cycle_self_efficacy"
    )
    page.goto(f"/p/chronic-pain/surveys/{pre.pk}/preview/")
    shot(page, tmp_path, "preview-matrix-fr")
    matrix = page.get_by_role("group", name="How confident are you that you can")
    assert matrix.get_by_role("radio").count() == 7 * 5
