"""A French reader of the demo sees French from the home page to a session's agenda: the
programs' names, summaries and descriptions, the cycle, the session and its agenda items are
the programs' own French texts, not the English (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = (
    "Chronic Pain & Opioid Stewardship",
    "Mental Health & Addictions in Primary Care",
    "Welcome, introductions and announcements",
)


@pytest.fixture
def demo() -> Any:
    from echohub.demo.data import load_demo
    from echohub.scheduling.models import Session

    load_demo()
    return (
        Session.objects.filter(program__slug="chronic-pain", starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )


@pytest.fixture
def french_page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="fr-CA", timezone_id="America/Toronto"
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # as conftest's page: a loaded machine
    page.set_default_navigation_timeout(60_000)
    yield page
    context.close()


def _no_english_program_text(page: Any) -> None:
    text = page.locator("main").inner_text()
    for english in ENGLISH:
        assert english not in text, english


@pytest.mark.parametrize("width", [1280, 390])
def test_a_french_reader_sees_french_from_the_home_page_to_the_agenda(
    french_page: Any, demo: Any, width: int
) -> None:
    page = french_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.goto("/programs/")
    main = page.locator("main")
    assert "Douleur chronique et gestion des opioïdes" in main.inner_text()
    assert "Santé mentale et dépendances en soins primaires" in main.inner_text()
    _no_english_program_text(page)

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("participant@example.org")
    page.locator("#id_password").fill("echo-demo-2026")
    page.locator("main form button[type=submit]").first.click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    home = page.locator("main").inner_text()
    assert "Douleur chronique et gestion des opioïdes" in home
    _no_english_program_text(page)

    page.goto("/p/chronic-pain/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Douleur chronique et gestion des opioïdes"
    )
    assert "Télémentorat hebdomadaire" in page.locator("main").inner_text()
    _no_english_program_text(page)

    page.goto("/p/chronic-pain/sessions/")
    assert "Cycle 20" in page.locator("main").inner_text()  # « Cycle 2026-2027 »
    assert "Séance" in page.locator("main").inner_text()

    page.goto(demo.get_absolute_url())
    agenda = page.locator("main").inner_text()
    assert demo.title_fr in agenda
    assert "Mot de bienvenue, présentations et annonces" in agenda
    didactic = demo.agenda_items.get(kind="didactic")
    assert didactic.title_fr and didactic.title_fr in agenda
    assert didactic.title not in agenda
    _no_english_program_text(page)
    # Nothing on the way fell back to English without saying so.
    for marker in page.locator(".lang-fallback").all():
        assert marker.inner_text() == "(en anglais)"
        assert marker.evaluate("e => e.previousElementSibling.getAttribute('lang')") == "en"
