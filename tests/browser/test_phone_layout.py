"""Phones: no page is wider than a 390 px screen (WCAG 1.4.10 reflow; the key pages also at
320 px), for every role in English and French (the walk of site_map.py, shared with
test_axe.py); the program menu folds behind an accessible disclosure; a wide table scrolls
inside its own box, not the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.site_map import LANGUAGES, REFLOW_WIDTH, ROLES
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = 390
TOLERANCE = 1  # sub-pixel rounding


@pytest.fixture
def walked(request: pytest.FixtureRequest, language: str) -> site_map.SiteWalk:
    return site_map.site_walk(request, language)


@pytest.mark.timeout(1200)  # the walk itself may run in this test (its language's first)
@pytest.mark.parametrize("language", site_map.language_params())
@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_is_wider_than_a_phone(walked: site_map.SiteWalk, role: str, language: str) -> None:
    pages = [v for v in walked.of(role, language) if v.widths]
    assert len(pages) >= 5, f"{role} saw only {len(pages)} pages"
    too_wide = {
        f"{v.url} ({v.name}) at {width} px": scroll
        for v in pages
        for width, scroll in (v.widths or {}).items()
        if width <= PHONE and scroll > width + TOLERANCE
    }
    assert too_wide == {}
    if language == LANGUAGES[0]:
        assert any(REFLOW_WIDTH in (v.widths or {}) for v in pages)


@pytest.fixture
def staffed_program(db: None) -> tuple[str, str]:
    """A program with enough people and long site names for a wide table; a coordinator."""
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    site = SiteFactory(
        program=program, name="Algoma Highlands Family Health Team — Wawa satellite clinic"
    )
    for _ in range(6):
        MembershipFactory(program=program, user=UserFactory(), role=Role.PARTICIPANT, site=site)
    return str(program.slug), str(coordinator.email)


def _sign_in(page, email: str) -> None:
    from tests.conftest import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_program_menu_folds_behind_a_disclosure_on_a_phone(page, staffed_program) -> None:
    slug, email = staffed_program
    page.set_viewport_size({"width": PHONE, "height": 844})
    _sign_in(page, email)
    page.goto(f"/p/{slug}/manage/people/")
    menu = page.get_by_role("navigation", name="Program")
    toggle = menu.get_by_role("button", name="Program: Chronic Pain & Opioid Stewardship")
    people = menu.get_by_role("link", name="People")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert people.is_hidden()
    # The page's own content starts in the top third of the screen, not after the menu links.
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading is not None and heading["y"] < 844 / 3

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(people).to_be_visible()
    page.keyboard.press("Tab")  # into the menu
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(people).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "program-menu"

    # On a desktop the menu is a row of links and the button is not shown.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert toggle.is_hidden() and people.is_visible()


def test_without_javascript_the_program_menu_stays_open(
    browser, live_server, staffed_program
) -> None:
    slug, email = staffed_program
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": PHONE, "height": 844},
    )
    page = context.new_page()
    try:
        _sign_in(page, email)
        page.goto(f"/p/{slug}/manage/people/")
        menu = page.get_by_role("navigation", name="Program")
        assert menu.get_by_role("link", name="People").is_visible()
        # The fold button is hidden (nothing that does nothing); the search form's button stays.
        assert menu.locator("[data-disclosure]").is_hidden()
        assert menu.get_by_role("button").count() == menu.get_by_role("search").count()
    finally:
        context.close()


def test_a_wide_table_scrolls_inside_its_box(page, staffed_program) -> None:
    slug, email = staffed_program
    page.set_viewport_size({"width": PHONE, "height": 844})
    _sign_in(page, email)
    # The sites list (people and the audit log read as cards on a phone: test_walkfix8_phone).
    page.goto(f"/p/{slug}/manage/sites/")
    box = page.locator(".table-scroll").first
    widths = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert widths[0] > widths[1], "the table fits: this test no longer shows a scroll box"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE + TOLERANCE
    # Its rows hold links (each person), so the box itself needs no tab stop.
    assert box.get_attribute("tabindex") is None
