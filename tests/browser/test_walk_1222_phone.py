"""What the walk of round 1222 found at phone width, kept fixed: the library's Past cases list
(six columns) scrolled sideways at 390 px; its rows now read as cards, free of axe
violations."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_search_facets import sign_in
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.search.conftest import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


def test_past_cases_read_as_cards_on_a_phone(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    program = ProgramFactory(slug="invented-pain", name="Invented Pain Program")
    reader = UserFactory(email="reader@example.test")
    MembershipFactory(program=program, user=reader, role=Role.PARTICIPANT)
    make_case(
        program,
        title="Invented persistent knee pain with a long title that wraps",
        presenter=reader,
        theme="opioid_tapering",
        recommendations={"medicine": "Invented advice."},
    )
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "reader@example.test")
    page.goto("/p/invented-pain/library/?tab=cases")
    row = page.locator("main table tbody tr").first
    expect(row).to_contain_text("Invented persistent knee pain")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    box = page.locator("main .table-scroll").first
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), "the list scrolls sideways"
    # Each value still says what it is once the column heads are out of sight.
    label = row.locator("td[data-label]").first.evaluate(
        "e => getComputedStyle(e, '::before').content"
    )
    assert "Theme" in label
    assert site_map.run_axe(Axe(), page) == []


def test_a_case_medication_row_shows_its_mme_on_a_phone(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    program = ProgramFactory(slug="invented-pain", name="Invented Pain Program")
    reader = UserFactory(email="reader@example.test")
    MembershipFactory(program=program, user=reader, role=Role.PARTICIPANT)
    case = make_case(
        program,
        title="Invented knee pain on oxycodone",
        presenter=reader,
        meds=[("oxycodone", "10")],
        recommendations={"medicine": "Invented advice."},
    )
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "reader@example.test")
    page.goto(f"/p/invented-pain/cases/{case.pk}/")
    table = page.locator("main table.mme-table").first
    expect(table).to_contain_text("oxycodone")
    box = page.locator("main .table-scroll:has(table.mme-table)").first
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), "the medications scroll sideways"
    mme = table.locator("td[data-label='MME/day']").first
    mme.scroll_into_view_if_needed()
    expect(mme).to_be_in_viewport()
    box_right = mme.evaluate("e => e.getBoundingClientRect().right")
    assert box_right <= PHONE
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert site_map.run_axe(Axe(), page) == []


def test_a_coordinator_approves_a_registration_without_scrolling_sideways(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from tests.factories import RegistrationFactory

    program = ProgramFactory(slug="invented-pain", name="Invented Pain Program")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    RegistrationFactory(program=program, first_name="Invented", last_name="Applicant")
    page.set_viewport_size({"width": PHONE, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto("/p/invented-pain/manage/registrations/?status=pending")
    approve = page.get_by_role("button", name="Approve Invented Applicant")
    approve.scroll_into_view_if_needed()
    expect(approve).to_be_in_viewport()
    assert approve.evaluate("e => e.getBoundingClientRect().right") <= PHONE
    box = page.locator("main .table-scroll").first
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), "the list scrolls sideways"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert site_map.run_axe(Axe(), page) == []
