"""What the walk6 browser walk found in discussions and mentoring, kept fixed: one long
unbroken word (a pasted link, a key held down) in a discussion's title or a mentoring question
pushed the whole page sideways, about 2,700 px wide at phone width and at 1280 px too, on the
thread page, the topic's list of discussions and the question page. Empty forms come back with
the error next to the field and focus on it. Each page is free of axe violations."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from echohub.community.models import Thread, Topic
from echohub.mentoring import services as mentoring
from echohub.mentoring.models import Question
from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390
WORD = "Tapering" + "x" * 300  # no space anywhere a line could break


_clean = site_map.assert_clean  # axe finds nothing, no sideways scrolling


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


@pytest.fixture
def program() -> Any:
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    asker = UserFactory(email="asker@example.test", language="en")
    MembershipFactory(program=program, user=asker, role=Role.PARTICIPANT)
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    expert = UserFactory(email="mentor@example.test")
    MembershipFactory(program=program, user=expert, role=Role.EXPERT)
    topic = mentoring.save_topic(actor=coordinator, program=program, name="Opioid tapering")
    mentoring.save_mentor(actor=coordinator, program=program, user=expert, topics=[topic])
    Topic.objects.create(program=program, title="Opioid tapering")
    return program


@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_discussion_with_a_long_word_keeps_to_the_screen(
    page: Any, program: Any, width: int
) -> None:
    topic = Topic.objects.get(program=program)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "asker@example.test")
    page.goto(f"/p/chronic-pain/community/topics/{topic.pk}/new/")
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    page.locator("main form.card button[type=submit]").click()
    title = page.locator("#id_title")
    expect(title).to_be_focused()
    expect(page.locator("#id_title_error")).to_have_text("Give the discussion a title.")
    expect(page.locator("#id_body_error")).to_have_text("Write your message.")
    _clean(page, width)
    title.fill(WORD[:150])
    page.locator("#id_body").fill(f"See {WORD} before the next session.")
    page.locator("main form.card button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(WORD[:40])
    assert Thread.objects.count() == 1
    _clean(page, width)
    page.goto(f"/p/chronic-pain/community/topics/{topic.pk}/")
    _clean(page, width)


@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_question_with_a_long_word_keeps_to_the_screen(
    page: Any, program: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "asker@example.test")
    page.goto("/p/chronic-pain/mentoring/ask/")
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    page.get_by_role("button", name="Send my question").click()
    body = page.get_by_label("Your question")
    expect(body).to_be_focused()
    expect(body).to_have_attribute("aria-invalid", "true")
    _clean(page, width)
    page.get_by_label("Topic").select_option(label="Opioid tapering")
    body.fill(f"How slow should {WORD} be?")
    page.get_by_role("button", name="Send my question").click()
    expect(page.locator("dl.facts")).to_be_visible()
    assert Question.objects.count() == 1
    _clean(page, width)
