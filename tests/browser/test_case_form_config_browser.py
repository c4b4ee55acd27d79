"""In Chromium: a coordinator gives the program its own case form, then a presenter fills it."""

import pytest

from echohub.cases.models import Case
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_coordinator_configures_and_presenter_answers(page, tmp_path):
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    presenter = UserFactory(email="fp@example.test")
    MembershipFactory(
        program=program, user=presenter, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    _sign_in(page, "coord@example.test")
    page.goto("/p/chronic-pain/cases/")
    page.get_by_role("link", name="Configure the case form").click()
    page.get_by_label("Show “social context”").uncheck()
    page.get_by_label("Require “patient goals” at submission").check()
    page.get_by_label("Label for “patient goals”").fill("What matters most to the patient")
    first = page.locator("fieldset.config-question").first
    first.get_by_label("Short name").fill("family_doctor")
    first.get_by_label("Question", exact=True).fill("Does the patient have a family doctor?")
    first.locator("select[name$=kind]").select_option("choice")
    first.get_by_label("Choices, one per line").fill("Yes\nNo")
    page.screenshot(path=str(tmp_path / "config.png"), full_page=True)
    page.get_by_role("button", name="Save the case form").click()
    page.get_by_text("The case form was saved.").wait_for()
    page.screenshot(path=str(tmp_path / "config-saved.png"), full_page=True)

    page.context.clear_cookies()
    _sign_in(page, "fp@example.test")
    page.goto("/p/chronic-pain/cases/")
    page.get_by_role("button", name="Present a new case").click()
    # The form saves itself through htmx: fill it once its scripts have run (a field changed
    # before htmx has bound the form's "change" trigger is not saved until the next change).
    page.wait_for_url("**/cases/*/edit/**", wait_until="load")
    assert page.get_by_label("Social context").count() == 0
    page.get_by_label("Short title").fill("Widespread pain and poor sleep")
    page.get_by_label("Theme").select_option("fibromyalgia")
    page.get_by_label("What matters most to the patient").fill("Sleeping through the night.")
    page.get_by_label("Does the patient have a family doctor?").select_option("No")
    page.locator("#save-status").get_by_text("Draft saved at").wait_for(timeout=20_000)
    page.screenshot(path=str(tmp_path / "case-form.png"), full_page=True)
    case = Case.objects.get()
    assert case.theme == "fibromyalgia"
    assert case.extra["family_doctor"]["value"] == "No"
