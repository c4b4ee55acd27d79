"""What an English walk through the flows (round walk5) found, kept fixed, for what only a
browser shows: where focus lands when a form comes back refused. A new series with its last
date before its first came back with the error at the top and focus nowhere (the form posts to
"#plan", an anchor the refused page does not have, and app.js left focus alone whenever the
address had an anchor); an announcement held for a possible identifier left focus at the top of
the page, the findings below; an expert's recommendation refused for an identifier was said
only in the banner, far from the box. A long word searched for in the library pushed the phone
page sideways. Each page is free of axe violations and of sideways scrolling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from echohub.cases import services as case_services
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.cases.conftest import CLEAN, MEDS
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


_clean = site_map.assert_clean  # axe finds nothing, no sideways scrolling


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    """Two busy cores shared by many runs: a first page may take longer than 10 s."""
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


def _member(program: Any, email: str, role: str, **fields: Any) -> Any:
    user = UserFactory(email=email, language="en", **fields)
    MembershipFactory(program=program, user=user, role=role)
    return user


@pytest.fixture
def program() -> Any:
    return ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")


@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_series_ending_before_it_starts_puts_focus_on_the_last_date(
    page: Any, program: Any, width: int
) -> None:
    _member(program, "coord@example.test", Role.COORDINATOR)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto("/p/chronic-pain/sessions/series/new/")
    page.locator("#id_title").fill("Winter cycle")
    page.get_by_label("First date").fill("2027-03-01")
    page.get_by_label("Last date").fill("2027-01-04")
    page.get_by_label("Start time").fill("12:00")
    page.get_by_role("button", name="Preview the dates").click()
    last = page.get_by_label("Last date")
    expect(last).to_be_focused()
    expect(last).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_last_date_error")).to_have_text(
        "The last date is before the first date."
    )
    expect(page.locator("#id_title")).to_have_value("Winter cycle")
    _clean(page, width)


def test_a_rule_refused_for_the_whole_form_puts_focus_on_its_summary(
    page: Any, program: Any
) -> None:
    """Every date a break: no one field to fix, so the summary takes focus."""
    _member(program, "coord@example.test", Role.COORDINATOR)
    from echohub.scheduling.models import ProgramBreak

    ProgramBreak.objects.create(
        program=program,
        title="Renovation",
        first_day=dt.date(2027, 3, 1),
        last_day=dt.date(2027, 3, 31),
    )
    sign_in(page, "coord@example.test")
    page.goto("/p/chronic-pain/sessions/series/new/")
    page.locator("#id_title").fill("Spring cycle")
    page.get_by_label("Weekday").select_option(label="Monday")
    page.get_by_label("First date").fill("2027-03-01")
    page.get_by_label("Last date").fill("2027-03-29")
    page.get_by_label("Start time").fill("12:00")
    page.get_by_role("button", name="Preview the dates").click()
    summary = page.locator("main form .form-errors[role=alert]")
    expect(summary).to_contain_text("no session is left")
    expect(summary).to_be_focused()


@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_held_announcement_puts_focus_on_the_findings(
    page: Any, program: Any, width: int
) -> None:
    _member(program, "coord@example.test", Role.COORDINATOR)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto("/p/chronic-pain/announcements/new/")
    page.locator("#id_subject").fill("Room change")
    message = "Please call Mrs Jane Roberts at 416-555-0199 about the room."
    page.locator("#id_body").fill(message)
    page.get_by_role("button", name="Preview").click()
    heading = page.get_by_role("heading", name="Possible identifying information")
    expect(heading).to_be_focused()
    expect(page.locator("#id_body")).to_have_value(message)
    _clean(page, width)


@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_refused_recommendation_puts_focus_on_its_box(
    page: Any, program: Any, width: int
) -> None:
    presenter = UserFactory(email="spoke@example.test", first_name="Ana", last_name="Lopes")
    MembershipFactory(
        program=program,
        user=presenter,
        role=Role.PARTICIPANT,
        site=SiteFactory(program=program, region="North East"),
    )
    coordinator = _member(program, "coord@example.test", Role.COORDINATOR)
    _member(program, "expert@example.test", Role.EXPERT)
    start = timezone.now() + dt.timedelta(days=7)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    AgendaItem.objects.create(session=session, kind="case", title="Case slot", position=2)
    case = case_services.start_case(actor=presenter, program=program)
    case = case_services.save_draft(
        actor=presenter, case=case, data=CLEAN, medications=MEDS, scores=[]
    )
    case_services.submit_case(actor=presenter, case=case)
    case_services.review_case(actor=coordinator, case=case, approve=True)
    case_services.schedule_case(actor=coordinator, case=case, session=session)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "expert@example.test")
    page.goto(f"/p/chronic-pain/cases/{case.pk}/")
    text = "Ask Dr Helen Marchand at 613-555-0177 before the next step."
    box = page.get_by_label("Medicine", exact=True)
    box.fill(text)
    box.locator("xpath=ancestor::form").get_by_role("button", name="Save").click()
    box = page.get_by_label("Medicine", exact=True)
    expect(box).to_be_focused()
    expect(box).to_have_value(text)
    expect(page.locator("#id_medicine-text_error")).to_contain_text("may identify the patient")
    _clean(page, width)


def test_a_long_word_searched_for_stays_on_a_phone_screen(page: Any, program: Any) -> None:
    _member(program, "spoke@example.test", Role.PARTICIPANT)
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "spoke@example.test")
    page.goto("/p/chronic-pain/search/?q=" + "x" * 300)
    expect(page.locator("main")).to_contain_text("No results for")
    _clean(page, PHONE)


@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_held_mentoring_question_puts_focus_on_what_to_fix(
    page: Any, program: Any, width: int
) -> None:
    from echohub.mentoring import services as mentoring_services

    _member(program, "spoke@example.test", Role.PARTICIPANT)
    coordinator = _member(program, "coord@example.test", Role.COORDINATOR)
    mentor = _member(program, "mentor@example.test", Role.EXPERT)
    topic = mentoring_services.save_topic(
        actor=coordinator, program=program, name="Opioid tapering", name_fr="Réduction"
    )
    mentoring_services.save_mentor(actor=coordinator, program=program, user=mentor, topics=[topic])
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "spoke@example.test")
    page.goto("/p/chronic-pain/mentoring/ask/")
    question = "My patient John Tremblay asks how slowly to taper; call 807-555-0142."
    page.get_by_label("Your question").fill(question)
    page.get_by_role("button", name="Send my question").click()
    held = page.get_by_role("heading", name="Not sent yet: possible identifying information")
    expect(held).to_be_focused()
    expect(page.get_by_label("Edit the message")).to_have_value(question)
    _clean(page, width)
