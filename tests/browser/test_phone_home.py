"""A participant on a phone sees their next session and its Join button first (issue 14): on a
390 px screen, signed in as the demo's participant (who also has surveys waiting, past sessions
and several programs), the first thing under the page's heading is the next session, and its
Join button is on the first screen without scrolling, above every other part of the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from echohub.core import bilingual

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TEXTS = {
    "en-CA": ("Your next session", "Join the session"),
    "fr-CA": ("Votre prochaine séance", "Rejoindre la séance"),
}


@pytest.fixture
def demo() -> Any:
    from echohub.demo.data import load_demo
    from echohub.scheduling.models import Session

    load_demo()
    return (
        Session.objects.filter(program__memberships__user__email="participant@example.org")
        .filter(status="scheduled", ends_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )


def _box(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not displayed"
    return box


@pytest.mark.parametrize("locale", list(TEXTS))
def test_the_next_session_and_its_join_button_come_first_on_a_phone(
    browser: Any, live_server: Any, demo: Any, locale: str
) -> None:
    heading, join = TEXTS[locale]
    assert demo is not None, "the demo participant has an upcoming session"
    context = browser.new_context(
        base_url=live_server.url, locale=locale, timezone_id="America/Toronto", viewport=PHONE
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # as conftest's page: a loaded machine
    page.set_default_navigation_timeout(60_000)
    try:
        page.goto("/accounts/login/")
        page.locator("#id_username").fill("participant@example.org")
        page.locator("#id_password").fill("echo-demo-2026")
        page.locator("main form button[type=submit]").first.click()
        # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.goto("/")
        assert page.evaluate("window.scrollY") == 0
        main = page.locator("main")

        # In reading order: the page's heading, then the next session, then everything else.
        headings = main.locator("h1, h2").all_inner_texts()
        assert len(headings) >= 4, headings  # the other parts are there to be outranked
        assert headings[1] == heading, headings

        card = main.locator("section", has=page.get_by_role("heading", name=heading, level=2))
        button = card.get_by_role("link", name=join)
        assert button.get_attribute("href", timeout=5_000).startswith("/join/")
        assert button.is_visible()
        title = card.locator("a strong").first
        assert title.inner_text().strip() == bilingual.text(demo, "title", locale[:2])

        # Above the fold: the session's title and the Join button are on the first screen.
        first_screen = PHONE["height"]
        join_box, title_box = _box(button), _box(title)
        assert join_box["y"] >= 0 and join_box["y"] + join_box["height"] <= first_screen
        assert title_box["y"] + title_box["height"] <= join_box["y"] + join_box["height"]
        assert join_box["x"] >= 0 and join_box["x"] + join_box["width"] <= PHONE["width"]

        # Nothing else of the page's content comes before the Join button.
        others = main.locator(
            "section[aria-labelledby=surveys-heading], section[aria-labelledby=past-heading], "
            "aside[aria-labelledby=programs-heading]"
        )
        assert others.count() >= 2
        for i in range(others.count()):
            assert _box(others.nth(i))["y"] >= join_box["y"] + join_box["height"]
    finally:
        context.close()
