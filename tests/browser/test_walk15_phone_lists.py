"""Walk 15 (a spoke participant on a phone, 390 px): the case list was a seven-column table in a
sideways-scrolling box, so a presenter saw her case's number squeezed to three lines
("CP-2026-" / "021") and had to scroll sideways to learn its status. The list now reads as one
card per case on a phone (table.stack, as the session and people lists do): the number and title
head the card and every other cell says its column's name."""

import pytest
from playwright.sync_api import expect

from echohub.cases import services
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = {
    "title": "Chronic neck pain with a rising opioid dose",
    "age_band": "50-59",
    "sex_gender": "woman",
    "questions": "How should we approach a slow taper while keeping her function?",
    "attest_deidentified": True,
    "patient_agreed": True,
    "mme_table": "cdc2022",
}


def _presenter_with_cases():
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    presenter = UserFactory(email="presenter@example.test", language="en")
    MembershipFactory(
        program=program, user=presenter, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    for _ in range(2):
        case = services.start_case(actor=presenter, program=program)
        case = services.save_draft(
            actor=presenter,
            case=case,
            data=CASE,
            medications=[{"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "4"}],
            scores=[],
        )
    services.submit_case(actor=presenter, case=case)
    return program


def _sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("presenter@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_the_case_list_reads_as_cards_on_a_phone(page):
    program = _presenter_with_cases()
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page)
    page.goto(f"/p/{program.slug}/cases/")
    table = page.locator("main table")
    expect(table).to_be_visible()
    # Nothing to scroll sideways: the table fits its box.
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    badges = page.locator("main table .badge")
    expect(badges).to_have_count(2)
    for i in range(2):
        box = badges.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, box
    # Each cell names its column, since the column heads are hidden.
    status_cell = page.locator("main table td:has(.badge)").first
    assert status_cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Status: "'
    # The title heads its card on one line-box's width: never squeezed to a narrow column.
    head = page.locator("main table td.stack-head").first
    head_box = head.bounding_box()
    assert head_box is not None and head_box["width"] > 300, head_box


def test_the_case_list_stays_a_table_on_a_computer(page):
    program = _presenter_with_cases()
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page)
    page.goto(f"/p/{program.slug}/cases/")
    expect(page.get_by_role("columnheader", name="Status")).to_be_visible()
    assert page.locator("main table thead").evaluate("h => getComputedStyle(h).position") != (
        "absolute"
    )


def _fits(page, url):
    page.goto(url)
    table = page.locator("main table").first
    expect(table).to_be_visible()
    return table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")


def test_the_hub_team_and_sign_ins_read_as_cards_on_a_phone(page):
    """The hub team (three columns, the last cut at 390 px: "Occupational therap") and the
    security page's sign-ins ("Browser" off screen) scrolled sideways in the same way."""
    from echohub.programs.models import HubMember
    from echohub.security.models import SignInEvent, SignInOutcome
    from tests.factories import HubFactory, UserFactory

    program = _presenter_with_cases()
    admin = UserFactory(email="admin@example.test", language="en")
    MembershipFactory(program=program, user=admin, role=Role.PROGRAM_ADMIN)
    hub = HubFactory(program=program)
    for discipline in ("occupational_therapist", "social_worker", "nurse_practitioner"):
        HubMember.objects.create(
            hub=hub, user=UserFactory(last_name="Zhao-Wakefield"), discipline=discipline
        )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("admin@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert _fits(page, f"/p/{program.slug}/hub/")
    role_cell = page.locator("main table td[data-label]").first
    assert role_cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Hub role: "'
    for outcome in (SignInOutcome.SUCCESS, SignInOutcome.WRONG_PASSWORD):
        SignInEvent.objects.create(
            user=admin,
            outcome=outcome,
            address="203.0.113.0/24",
            browser="Chrome Mobile on Android",
        )
    assert _fits(page, "/accounts/security/")
    cell = page.locator("main table td[data-label]").first
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"What: "'
