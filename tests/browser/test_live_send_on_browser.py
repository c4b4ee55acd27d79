"""The console's "Send on" in a real browser: while the session runs the button says why it
waits (its accessible description) and pressing it answers the same reason in the pane; the
session ended, the pane re-reads itself (the "ended" event) and the question goes to
mentoring, its asker told. Axe-clean in both states."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from echohub.live import services
from echohub.live.models import LiveQuestion, SentTo
from echohub.mentoring.models import Notice
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe_clean(page: Any) -> None:
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


@pytest.fixture
def running() -> dict[str, Any]:
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test", first_name="Cleo", last_name="Tran")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    asker = UserFactory(email="asker@example.test", first_name="Ana", last_name="Lopes")
    MembershipFactory(program=program, user=asker, role=Role.PARTICIPANT)
    start = timezone.now() - dt.timedelta(minutes=5)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    AgendaItem.objects.create(
        session=session, kind=AgendaKind.DIDACTIC, title="Tapering", position=1, duration_minutes=20
    )
    services.start_session(actor=coordinator, session=session)
    question = services.ask_question(
        actor=asker, session=session, text="Would you add duloxetine before the taper?"
    )
    return {"session": session, "question": question, "coordinator": coordinator, "asker": asker}


@pytest.fixture
def console_page(browser: Any, live_server: Any) -> Any:
    """A page whose console errors may hold the one refusal the test asks for (a 409 logs
    "Failed to load resource" in Chromium); anything else still fails the test."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-CA", timezone_id="America/Toronto"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            errors.append(f"{msg.text} {msg.location.get('url', '')}")
            if msg.type == "error"
            else None
        ),
    )
    yield page
    context.close()
    others = [e for e in errors if not ("(Conflict)" in e and e.rstrip().endswith("/send/"))]
    assert others == [], f"browser console errors: {others}"


def test_send_on_waits_for_the_end_says_why_then_sends(
    console_page: Any, running: dict[str, Any]
) -> None:
    page = console_page
    session, question = running["session"], running["question"]
    page.set_default_timeout(30_000)  # as conftest's page: a loaded machine
    page.set_default_navigation_timeout(60_000)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("coord@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/p/chronic-pain/live/{session.pk}/console/")
    pane = page.locator("#questions")
    send = pane.get_by_role("button", name="Send", exact=True)
    expect(send).to_have_attribute("aria-disabled", "true")
    expect(send).to_have_accessible_description(
        "Not yet: questions are sent on once the session has ended."
    )
    _axe_clean(page)
    send.click(force=True)  # pressed anyway: the pane answers the reason, nothing is sent
    expect(pane.get_by_role("alert")).to_contain_text("once the session has ended")
    assert LiveQuestion.objects.get(pk=question.pk).sent_to == ""
    # The session ends (another console): this pane re-reads itself, no reload.
    page.evaluate("window.__sameDocument = true")
    services.end_session(actor=running["coordinator"], session=session)
    send = page.locator("#questions").get_by_role("button", name="Send", exact=True)
    expect(send).not_to_have_attribute("aria-disabled", "true", timeout=20_000)
    assert page.evaluate("window.__sameDocument") is True
    _axe_clean(page)
    page.locator("#questions").get_by_label(
        "Send on for an answer after the session"
    ).select_option("mentoring")
    send.click()
    expect(page.locator("#questions").get_by_role("status")).to_contain_text(
        "Its asker is told where it went."
    )
    sent = LiveQuestion.objects.get(pk=question.pk)
    assert sent.sent_to == SentTo.MENTORING
    assert Notice.objects.filter(user=running["asker"], kind="from_live").exists()
