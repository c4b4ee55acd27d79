"""A spoke clinician writes a case, is stopped by the identifier check, fixes it and submits."""

import pytest
from playwright.sync_api import expect

from echohub.cases.models import Case, CaseStatus
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _start_a_case(page):
    """A family physician of the program signs in and presses "Present a new case"."""
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    user = UserFactory(email="fp@example.test")
    MembershipFactory(
        program=program, user=user, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("fp@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/p/chronic-pain/cases/")
    page.get_by_role("button", name="Present a new case").click()


def test_case_form_flags_identifiers_in_place_and_submits_once_fixed(page, tmp_path):
    _start_a_case(page)
    page.wait_for_url("**/cases/*/edit/**", wait_until="load")  # htmx has bound the autosave
    page.get_by_label("Short title").fill("Widespread pain and poor sleep")
    page.get_by_label("Age band").select_option("40-49")
    page.get_by_label("Sex / gender").select_option("man")
    page.get_by_label("Social context").fill("Lives with his wife Linda Marchetti in Sudbury.")
    page.get_by_label("Questions for the hub").fill("Is pregabalin reasonable here?")
    page.locator("#id_med-0-drug").fill("hydromorphone")
    page.locator("#id_med-0-dose").fill("4")
    page.locator("#id_med-0-times_per_day").fill("4")
    page.get_by_label("I attest").check()
    page.get_by_label("The patient agreed").check()
    page.locator("#save-status").get_by_text("Draft saved at").wait_for()  # autosave after a change
    page.get_by_role("button", name="Check and submit").click()
    alert = page.get_by_role("heading", name="Possible identifying information")
    alert.wait_for()
    marks = page.locator("mark.phi")
    expect(marks.nth(1)).to_be_attached()  # at least two, once the answer page is read
    page.screenshot(path=str(tmp_path / "phi.png"), full_page=True)
    case = Case.objects.get()
    assert case.status == CaseStatus.DRAFT and "Linda" in case.social_context  # nothing lost
    page.get_by_label("Social context").fill("Lives with his spouse in a small northern town.")
    page.get_by_role("button", name="Check and submit").click()
    page.get_by_text("Case submitted for privacy review").wait_for()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    expect(page.locator("main")).to_contain_text("MME/day")


def test_an_uncounted_opioid_row_is_asked_about_before_submitting(page):
    """An oxycodone row in tablets without the strength cannot be counted: "Check and
    submit" keeps the draft, moves focus to the question naming the row, and "Submit with a
    partial total" sends it; axe finds nothing on the question."""
    from axe_playwright_python.sync_playwright import Axe

    _start_a_case(page)
    page.wait_for_url("**/cases/*/edit/**", wait_until="load")
    page.get_by_label("Short title").fill("Back pain, taper questions")
    page.get_by_label("Age band").select_option("50-59")
    page.get_by_label("Sex / gender").select_option("woman")
    page.get_by_label("Questions for the hub").fill("How slowly should we taper?")
    page.locator("#id_med-0-drug").fill("oxycodone")
    page.locator("#id_med-0-dose").fill("1")
    page.locator("#id_med-0-unit").select_option("tablet")
    page.locator("#id_med-0-times_per_day").fill("2")
    page.get_by_label("I attest").check()
    page.get_by_label("The patient agreed").check()
    page.get_by_role("button", name="Check and submit").click()
    heading = page.get_by_role("heading", name="Not submitted yet: some medication rows")
    heading.wait_for()
    expect(page.locator("#uncounted-h")).to_be_focused()  # focus is placed by the page's script
    expect(page.locator("#uncounted")).to_contain_text("oxycodone 1 tablet")
    case = Case.objects.get()
    assert case.status == CaseStatus.DRAFT and case.title == "Back pain, taper questions"
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], v["nodes"][0]["target"]) for v in violations]
    page.get_by_role("button", name="Submit with a partial total").click()
    page.get_by_text("Case submitted for privacy review").wait_for()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
