"""What a walk through the product as new users (round 1209) found, kept fixed: in French a
colon written by a template (not by the translator) has its no-break space before it, figures
use a decimal comma, and a long checkbox choice wraps beside its box, not under it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NBSP = "\u00a0"


@pytest.fixture
def french_phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-CA",
        timezone_id="America/Toronto",
        viewport=PHONE,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # as conftest's page: a loaded machine
    page.set_default_navigation_timeout(60_000)
    yield page
    context.close()


@pytest.fixture
def coordinator_program() -> tuple[str, int]:
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    for _ in range(2):
        MembershipFactory(program=program, user=UserFactory(), role=Role.PARTICIPANT)
    start = timezone.now() - dt.timedelta(days=2)
    end = start + dt.timedelta(hours=1)
    session = SessionFactory(program=program, starts_at=start, ends_at=end)
    return str(program.slug), int(session.pk)


def _sign_in(page: Any) -> None:
    from tests.conftest import PASSWORD

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("coord@example.test")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_french_attendance_page_colons_and_decimals(
    french_phone: Any, coordinator_program: tuple[str, int]
) -> None:
    page = french_phone
    slug, pk = coordinator_program
    _sign_in(page)
    page.goto(f"/p/{slug}/attendance/sessions/{pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(f"Présences{NBSP}: ")
    assert page.locator(".stat").nth(1).inner_text() == "0,0"  # hours, with a decimal comma
    # On a phone each roster row is a card whose cells carry their column's name.
    before = page.locator("table.stack td[data-label]").first.evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert before.endswith(f'{NBSP}: "'), before


def test_a_long_checkbox_choice_wraps_beside_its_box(
    french_phone: Any, coordinator_program: tuple[str, int]
) -> None:
    page = french_phone
    slug, _pk = coordinator_program
    _sign_in(page)
    page.goto(f"/p/{slug}/announcements/new/")
    label = page.locator("fieldset.field-group label").filter(has_text="auxiliaire").first
    # Each line of the label's text starts at the same x, right of the checkbox.
    lefts = label.evaluate(
        """l => { const r = document.createRange(); r.selectNodeContents(l);
                 r.setStartAfter(l.querySelector('input'));
                 return [...r.getClientRects()].filter(x => x.width > 1)
                   .map(x => Math.round(x.left)); }"""
    )
    box = label.locator("input").bounding_box()
    assert len(set(lefts)) == 1 and len(lefts) >= 2, lefts  # it wraps, and lines up
    assert box is not None and lefts[0] >= box["x"] + box["width"]
