"""The library page in a browser: a participant filters talks by theme without a reload (htmx
swaps the results and the address follows), opens a past case, and at phone width nothing
scrolls sideways but the cases table in its own box."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from echohub.cases.models import Case, CaseStatus, Discipline, Recommendation
from echohub.core.models import AuditEntry
from echohub.library.models import Talk
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
def library():
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    reader = UserFactory(email="reader@example.test")
    MembershipFactory(program=program, user=reader, role=Role.PARTICIPANT)
    Talk.objects.create(
        program=program,
        title="Opioid tapering: when and how",
        presenter_name="A Pharmacist",
        given_on=dt.date(2026, 3, 1),
        theme="opioid_tapering",
    )
    Talk.objects.create(
        program=program,
        title="Pain and sleep",
        presenter_name="A Psychologist",
        given_on=dt.date(2026, 4, 1),
        theme="mental_health",
    )
    case = Case.objects.create(
        program=program,
        presenter=UserFactory(),
        status=CaseStatus.RECOMMENDATIONS_SENT,
        title="Woman in her 50s with chronic low back pain on 240 MME asking to taper",
        theme="opioid_tapering",
        questions="How slow should the taper be?",
        sent_at=timezone.now(),
    )
    Recommendation.objects.create(
        case=case,
        discipline=Discipline.PHARMACY,
        author=UserFactory(),
        text="Reduce by 5 to 10% of the dose every 4 weeks.",
    )
    return case


@pytest.mark.parametrize("width", [1280, 390])
def test_filter_talks_then_open_a_past_case(page, library, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "reader@example.test")
    page.goto("/p/chronic-pain/library/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Library")
    expect(page.locator("#results")).to_contain_text("Pain and sleep")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Theme").select_option("opioid_tapering")
    expect(page.locator("#results")).not_to_contain_text("Pain and sleep")
    expect(page.locator("#results")).to_contain_text("Opioid tapering: when and how")
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, no reload
    expect(page).to_have_url(re.compile(r"theme=opioid_tapering"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Past cases").click()
    page.get_by_role("link", name=library.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("240 MME")
    expect(page.get_by_role("heading", name="Recommendations by discipline")).to_be_visible()
    expect(page.locator("main")).to_contain_text("every 4 weeks")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert AuditEntry.objects.filter(action="case.list_read").count() == 1
    assert AuditEntry.objects.filter(action="case.read", object_id=str(library.pk)).count() == 1
