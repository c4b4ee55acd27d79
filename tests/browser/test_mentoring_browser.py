"""Mentoring in a real browser: a question with a phone number is held with the number marked
and sent once explained; the mentor's answer appears without a reload; the question page and
the ask form are axe-clean and reflow at 320 px."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from echohub.mentoring import services
from echohub.mentoring.models import Question
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def setup() -> Any:
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    asker = UserFactory(email="asker@example.test", first_name="Ana", last_name="Lopes")
    MembershipFactory(program=program, user=asker, role=Role.PARTICIPANT)
    coordinator = UserFactory(email="coord@example.test", first_name="Cleo", last_name="Tran")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    expert = UserFactory(email="mentor@example.test", first_name="Ben", last_name="Okafor")
    MembershipFactory(program=program, user=expert, role=Role.EXPERT)
    topic = services.save_topic(
        actor=coordinator, program=program, name="Opioid tapering", name_fr="Réduction"
    )
    services.save_mentor(actor=coordinator, program=program, user=expert, topics=[topic])
    return program


def _axe_clean(page: Any) -> None:
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def test_ask_held_explained_then_answered_without_reload(page: Any, setup: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "asker@example.test")
    page.goto("/p/chronic-pain/mentoring/ask/")
    _axe_clean(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_label("Topic").select_option(label="Opioid tapering")
    page.get_by_label("Your question").fill("Call the clinic at 416-555-0199 about the taper.")
    page.get_by_role("button", name="Send my question").click()
    held = page.locator("article.post-held")
    expect(held).to_contain_text("Not sent yet")
    expect(held.locator("mark")).to_contain_text("416-555-0199")
    _axe_clean(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    held.get_by_label("Not identifying, because").first.fill("the clinic's public line")
    held.get_by_role("button", name="Keep it").first.click()
    expect(page.locator("dl.facts")).to_contain_text("Waiting for the mentor")
    q = Question.objects.get()  # read once the answer to "Keep it" is shown
    assert q.pk
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "mentor@example.test")
    page.goto(f"/p/chronic-pain/mentoring/questions/{q.pk}/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Your message").fill("Start slowly: 5 to 10% a month.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#conversation")).to_contain_text("5 to 10% a month")
    assert page.evaluate("window.__sameDocument") is True
    _axe_clean(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_coordinator_and_member_pages_are_axe_clean_at_320(
    page: Any, setup: Any, language: str
) -> None:
    from echohub.accounts.models import User

    asker = User.objects.get(email="asker@example.test")
    q = services.ask(actor=asker, program=setup, body="How slowly should a long taper start?")
    assert q.status == "triage"
    User.objects.filter(email="coord@example.test").update(language=language)
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "coord@example.test")
    base = "/p/chronic-pain/mentoring/"
    for path in [
        "",
        "ask/",
        "credit/",
        "manage/",
        f"manage/questions/{q.pk}/",
        "manage/mentors/new/",
        "manage/topics/new/",
        "manage/settings/",
        "figures/",
    ]:
        answer = page.goto(base + path)
        assert answer is not None and answer.status == 200, path
        assert (page.locator("html").get_attribute("lang") or "").startswith(language), path
        _axe_clean(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
