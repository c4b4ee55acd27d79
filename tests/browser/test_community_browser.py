"""Posting a reply in a discussion without a reload (htmx): the new message appears at the end,
takes focus, and the live region says it was published; a reply with a phone number is held,
shown only to its author with the number marked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from echohub.community import services
from echohub.community.models import Post, PostStatus, Topic
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def thread():
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    asker = UserFactory(email="asker@example.test", first_name="Ana", last_name="Lopes")
    MembershipFactory(program=program, user=asker, role=Role.PARTICIPANT)
    expert = UserFactory(email="expert@example.test", first_name="Ben", last_name="Okafor")
    MembershipFactory(program=program, user=expert, role=Role.EXPERT)
    topic = Topic.objects.create(program=program, title="Opioid tapering")
    post = services.start_thread(
        actor=asker, topic=topic, title="Slow tapers", body="How slow is slow enough?"
    )
    return post.thread


@pytest.mark.parametrize("width", [1280, 390])
def test_reply_appears_without_reload_and_takes_focus(page, thread, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "expert@example.test")
    page.goto(f"/p/chronic-pain/community/threads/{thread.pk}/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Your reply").fill("A **monthly** step of 5 to 10% is a good start.")
    page.get_by_role("button", name="Post reply").click()
    new = page.locator("article.post").last
    expect(new).to_contain_text("monthly")
    expect(new.locator("strong")).to_have_text("monthly")
    assert page.evaluate("window.__sameDocument") is True  # no reload
    expect(new).to_be_focused()
    expect(page.locator("#live-status")).to_contain_text("Your reply is published")
    expect(page.get_by_label("Your reply")).to_have_value("")
    assert Post.objects.filter(thread=thread, status=PostStatus.PUBLISHED).count() == 2


def test_reply_with_a_phone_number_is_held_with_the_finding_marked(page, thread):
    sign_in(page, "expert@example.test")
    page.goto(f"/p/chronic-pain/community/threads/{thread.pk}/")
    page.get_by_label("Your reply").fill("Call the clinic at 416-555-0199 tomorrow.")
    page.get_by_role("button", name="Post reply").click()
    held = page.locator("article.post-held")
    expect(held).to_contain_text("Not published yet")
    expect(held.locator("mark")).to_contain_text("416-555-0199")
    expect(page.locator("#live-status")).to_contain_text("not published")
    assert Post.objects.get(thread=thread, author__email="expert@example.test").status == "held"
