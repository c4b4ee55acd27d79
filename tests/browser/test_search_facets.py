"""The search page in a browser: ticking one filter after another narrows the results each
time, without a reload (the listener must survive htmx swapping the filters out)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.search.conftest import make_case, make_talk, make_tool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email: str) -> None:
    from tests.conftest import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def searchable():
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    reader = UserFactory(email="reader@example.test")
    MembershipFactory(program=program, user=reader, role=Role.PARTICIPANT)
    make_talk(program, "Taper plans that last")
    make_tool(program, "Taper calculator", url="https://example.test/taper")
    make_case(program, title="Taper on oxycodone", meds=[("oxycodone", "20")], mme="60")
    make_case(program, title="Taper on morphine", meds=[("morphine", "30")], mme="60")
    return program


@pytest.mark.parametrize("keyboard", [False, True])
def test_two_filters_in_a_row_each_narrow_the_results(page, searchable, keyboard):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "reader@example.test")
    page.goto("/p/chronic-pain/search/?q=taper")
    heading = page.locator("#results-h")
    expect(heading).to_contain_text("4 results")
    page.evaluate("window.__sameDocument = true")

    def tick(label: str) -> None:
        # The previous swap has settled (htmx puts focus back on the box that was ticked at
        # the end of it): a key pressed before then lands wherever focus was put back.
        expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
        box = page.get_by_role("checkbox", name=label)
        if keyboard:
            box.focus()
            expect(box).to_be_focused()
            page.keyboard.press("Space")
        else:
            box.check()

    tick("Past case")
    expect(heading).to_contain_text("2 results")
    expect(page).to_have_url(re.compile(r"type=case"))
    tick("oxycodone")
    expect(heading).to_contain_text("1 result")
    expect(page.locator(".hits")).to_contain_text("Taper on oxycodone")
    expect(page.locator(".hits")).not_to_contain_text("Taper on morphine")
    expect(page).to_have_url(re.compile(r"drug=oxycodone"))
    # and a third change (unticking) still goes out
    page.get_by_role("checkbox", name="Past case").uncheck()
    expect(page).not_to_have_url(re.compile(r"type=case"))
    expect(heading).to_contain_text("1 result")
    expect(page.get_by_role("checkbox", name="oxycodone")).to_be_checked()
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, no reload
