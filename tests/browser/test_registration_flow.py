"""Registration -> coordinator approval -> invitation -> participant home, in a real browser."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from echohub.joining.models import JoinEvent
from echohub.programs.models import Registration, Role
from tests.conftest import PASSWORD
from tests.factories import (
    AgendaItemFactory,
    HubFactory,
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_approve_and_see_my_next_session(page, live_server, mailoutbox, tmp_path):
    program = ProgramFactory(
        name="Chronic Pain & Opioid Stewardship",
        slug="chronic-pain",
        summary="Weekly case-based mentoring",
    )
    HubFactory(program=program, name="Academic Pain Hub")
    SiteFactory(program=program, name="Lakehead Family Health Team", region="North West")
    coordinator = UserFactory(email="coord@example.test", first_name="Cora")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    start = timezone.now() + dt.timedelta(minutes=20)
    session = SessionFactory(
        video_provider="external",
        video_url=f"{live_server.url}/static/echohub/favicon.svg",
        program=program,
        title="Session 7: Pain and sleep",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
    )
    AgendaItemFactory(session=session, title="Sleep hygiene for chronic pain")

    # A spoke nurse finds the program and registers.
    page.goto("/")
    page.get_by_role("link", name="Chronic Pain & Opioid Stewardship").click()
    page.get_by_role("link", name="Register").click()
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Lopes")
    page.get_by_label("Email").fill("ana@example.test")
    page.get_by_label("Profession").select_option(label="Registered nurse")
    page.get_by_label("Licence / registration number").fill("RN-204")
    page.get_by_label("Your site").select_option(label="Lakehead Family Health Team")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send my registration").click()
    page.get_by_role("heading", name=re.compile("your registration was received")).wait_for()
    assert Registration.objects.get().status == "pending"

    # The coordinator signs in and approves.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("coord@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/p/chronic-pain/manage/registrations/")
    page.get_by_role("button", name="Approve Ana Lopes").click()
    page.get_by_text("Ana Lopes was approved and emailed.").wait_for()
    page.screenshot(path=str(tmp_path / "registrations.png"), full_page=True)
    page.get_by_role("button", name="Sign out").click()
    # signed out once the home page offers "Sign in" again (a goto before cancels the post)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()

    # Ana follows the link in her email, sets a password, and lands on her home page.
    welcome = next(m for m in mailoutbox if m.to == ["ana@example.test"] and "Welcome" in m.subject)
    link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", welcome.body).group(1)
    page.goto(link)
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Lopes")
    page.get_by_label("Your time zone").select_option("America/Winnipeg")
    page.locator("#id_password1").fill("spoke nurse 2026!")
    page.get_by_label("Password again").fill("spoke nurse 2026!")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="Your next session").wait_for()
    body = page.locator("main")
    expect(body).to_contain_text("Session 7: Pain and sleep")
    expect(body).to_contain_text("Sleep hygiene for chronic pain")
    local = timezone.localtime(start, dt.timezone(dt.timedelta(hours=-6)))
    # shown in her time zone (Winnipeg, CST in winter)
    expect(body).to_contain_text(local.strftime("%H:%M"))
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)

    # One click joins: the personal link records the join and redirects to the meeting.
    page.get_by_role("link", name="Join the session").click()
    page.wait_for_url(session.video_url)
    event = JoinEvent.objects.get()
    assert (event.session, event.user.email, event.outcome) == (
        session,
        "ana@example.test",
        "redirected",
    )


def test_keyboard_user_can_skip_to_content(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to content" in focused
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
