"""hubweek4, French at 390 px: a coordinator returns a case without comments. The refused review
comes back with "Return with comments" still chosen, the error beside the comments box and
focus in it (it came back reset to "Approve", so the next press approved the case); with the
comments typed, the case is returned. No axe violation, no sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from echohub.cases import services as case_services
from echohub.cases.models import CaseStatus
from echohub.programs.models import Role
from tests.browser import site_map
from tests.browser.test_community_browser import sign_in
from tests.cases.conftest import CLEAN, MEDS
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient(page: Any) -> None:
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


@pytest.mark.console_ok("status of 400")
def test_a_return_without_comments_keeps_the_choice_in_french_on_a_phone(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    presenter = UserFactory(email="ana@example.test", first_name="Ana", last_name="Lopes")
    MembershipFactory(
        program=program, user=presenter, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    coordinator = UserFactory(email="coord@example.test", language="fr")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    case = case_services.start_case(actor=presenter, program=program)
    case_services.save_draft(actor=presenter, case=case, data=CLEAN, medications=MEDS, scores=[])
    case_services.submit_case(actor=presenter, case=case)

    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto(f"/p/{program.slug}/cases/{case.pk}/")
    page.select_option("#id_decision", "return")
    page.get_by_role("button", name="Enregistrer l’examen").click()
    expect(page.locator("#id_comments")).to_be_focused()
    expect(page.locator("#id_decision")).to_have_value("return")
    expect(page.locator("#id_comments")).to_have_attribute("aria-invalid", "true")
    assert site_map.run_axe(Axe(), page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#id_comments").fill("Retirez l’âge exact, gardez la tranche.")
    page.get_by_role("button", name="Enregistrer l’examen").click()
    # the answer page, not the review still showing (it has an h1 too), before the database
    expect(page.get_by_text("Cas retourné par courriel")).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
