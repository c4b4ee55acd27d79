"""What a walk through the product as new users (round 1212) found in English on a phone,
kept fixed: a clinician looking for a past talk by a word finds a search box on the library
page itself (the program menu's box is folded away at 390 px), and it leads to the results;
the page stays free of axe violations and of sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_search_facets import sign_in
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.search.conftest import make_talk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


def test_a_past_talk_is_found_from_the_library_page_on_a_phone(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    program = ProgramFactory(slug="invented-pain", name="Invented Pain Program")
    reader = UserFactory(email="reader@example.test")
    MembershipFactory(program=program, user=reader, role=Role.PARTICIPANT)
    make_talk(program, "Sleep and persistent pain")
    make_talk(program, "Invented taper plans")
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "reader@example.test")
    page.goto("/p/invented-pain/library/")
    box = page.locator("main").get_by_label("Search the library")
    expect(box).to_be_visible()
    assert site_map.run_axe(Axe(), page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    box.fill("sleep")
    box.press("Enter")
    expect(page.locator("#results-h")).to_contain_text("1 result")
    expect(page.locator(".hits")).to_contain_text("Sleep and persistent pain")
    expect(page.locator(".hits")).not_to_contain_text("Invented taper plans")
