"""What walk 10 (the hub's week, French and English, 1280 and 390 px) found that only a browser
shows: on a phone the sessions list kept its three columns, so a session's title wrapped a
word a line ("Cycle / 2026- / 2027 – / Séance / 13") and each row took a screen's third; it
reads as cards now. An announcement held for a possible identifier showed the text in an inline
box that spread over the field's name and the lines around it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


@pytest.fixture
def program() -> Any:
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain")
    coordinator = UserFactory(email="coord@example.test", language="en")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    return program


def test_the_sessions_list_reads_as_cards_on_a_phone(page: Any, program: Any) -> None:
    for n in range(3):
        SessionFactory(
            program=program,
            title=f"2026–27 cycle – Session {n + 13}",
            starts_at=timezone.now() + dt.timedelta(days=7 * (n + 1)),
        )
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto("/p/chronic-pain/sessions/")
    link = page.get_by_role("link", name="2026–27 cycle – Session 13")
    box = link.bounding_box()
    # a card's title has the screen's width: one or two lines, not a word a line
    assert box is not None and box["height"] < 60, box
    row = page.locator("tbody tr").first.bounding_box()
    assert row is not None and row["height"] < 160, row
    site_map.assert_clean(page, PHONE)


@pytest.mark.console_ok("status of 400")
def test_a_held_announcement_shows_its_text_under_the_field_name(page: Any, program: Any) -> None:
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto("/p/chronic-pain/announcements/new/")
    page.locator("#id_subject").fill("Thursday's session")
    page.locator("#id_body").fill(
        "Hello,\nThursday's session is on tapering.\nCall 613-555-0199 with any question."
    )
    page.get_by_role("button", name="Preview").click()
    findings = page.locator(".phi-findings")
    findings.wait_for()
    name = findings.locator("strong").first.bounding_box()
    text = findings.locator(".phi-text").first.bounding_box()
    assert name is not None and text is not None
    assert text["y"] >= name["y"] + name["height"] - 1, (name, text)  # below, not over it
    site_map.assert_clean(page, PHONE)
