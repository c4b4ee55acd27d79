"""What a walk through the product as new users (round 1211) found on a French phone, kept
fixed: a time (« 12 h 30 HNE ») never wraps inside itself, and the home page's past sessions
give the program under the session instead of a third column squeezed to a word a line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from echohub.programs.models import Membership, Role
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NBSP = "\u00a0"
TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def french_phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="fr-CA", timezone_id="America/Toronto", viewport=PHONE
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # as conftest's page: a loaded machine
    page.set_default_navigation_timeout(60_000)
    yield page
    context.close()


@pytest.fixture
def participant_program() -> str:
    program = ProgramFactory(
        slug="invented-pain",
        name="Invented Chronic Pain and Opioid Stewardship Program",
        name_fr="Programme inventé de douleur chronique et de gestion des opioïdes",
    )
    user = UserFactory(email="part@example.test", time_zone="America/Toronto")
    MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    today = dt.datetime.now(TORONTO).replace(hour=12, minute=30, second=0, microsecond=0)
    # a member since before the past sessions (the home page lists past sessions since joining)
    Membership.objects.filter(user=user).update(created_at=today - dt.timedelta(days=30))
    for days in (-14, -7, 7):
        start = today + dt.timedelta(days=days)
        SessionFactory(
            program=program,
            title="Invented cycle 2026-2027 – Session with a long title",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=90),
        )
    return str(program.slug)


def _sign_in(page: Any) -> None:
    from tests.conftest import PASSWORD

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("part@example.test")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _lines(cell: Any, start: str = "") -> int:
    """How many lines the cell's text takes from `start` (from its beginning when empty)."""
    return int(
        cell.evaluate(
            """(td, start) => {
                const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
                let node; while ((node = walker.nextNode()) && !node.textContent.includes(start));
                const r = document.createRange();
                r.setStart(node, node.textContent.indexOf(start));
                r.setEnd(node, node.textContent.length);
                return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }""",
            start,
        )
    )


def test_french_phone_times_hold_together_and_past_sessions_fit(
    french_phone: Any, participant_program: str
) -> None:
    page = french_phone
    _sign_in(page)
    # Past sessions: two columns on a phone, the program under the session's title.
    table = page.locator("#past-heading + .table-scroll table")
    headers = [h for h in table.locator("thead th").all() if h.is_visible()]
    assert len(headers) == 2, [h.inner_text() for h in headers]
    first = table.locator("tbody tr").first
    assert "Programme inventé" in first.locator("td").nth(1).inner_text()
    assert _lines(first.locator("td").first) == 1  # « 3 déc. 2026 » on one line
    # The sessions list: « 12 h 30 HNE » (or HAE) on one line, however narrow its cell.
    page.goto(f"/p/{participant_program}/sessions/")
    cell = page.locator("td.when").first
    text = cell.inner_text()
    assert f"12{NBSP}h{NBSP}30{NBSP}H" in text and "EST" not in text and "EDT" not in text, text
    assert _lines(cell, "12\u00a0h") == 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
