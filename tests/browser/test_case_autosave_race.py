"""An autosave still on its way when the presenter presses "Check and submit" (a slow network,
or a quick hand): the server has saved it, the page has not heard back, and the submit carries
the version the page held. The same window's saves are no conflict with each other, so the
submit goes through instead of "changed in another window" (services.save_draft, case-form.js).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from echohub.cases.models import Case, CaseStatus
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start_case(page):
    program = ProgramFactory(slug="chronic-pain")
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
    page.wait_for_url("**/cases/*/edit/**", wait_until="load")  # htmx has bound the autosave
    page.get_by_label("Short title").fill("Knee pain")
    page.get_by_label("Age band").select_option("40-49")
    page.get_by_label("Sex / gender").select_option("man")
    page.get_by_label("Questions for the hub").fill("What next?")
    page.get_by_label("I attest").check()
    page.get_by_label("The patient agreed").check()
    page.get_by_label("Social context").fill("Lives alone, walks daily.")
    page.keyboard.press("Tab")
    expect(page.locator("#save-status")).to_contain_text("Draft saved")


def hold_autosave_answers(page):
    """Let each autosave reach the server, but keep its answer from the page."""
    held = []

    def handler(route):
        if route.request.method == "POST" and route.request.headers.get("hx-request"):
            route.fetch()  # the server saves it
            held.append(route)  # the page waits for an answer that has not come
        else:
            route.continue_()

    page.route("**/cases/*/edit/", handler)
    return held


def wait_until(page, predicate):
    for _ in range(100):
        if predicate():
            return
        page.wait_for_timeout(100)
    raise AssertionError("the autosave was never sent")


def test_submit_while_an_autosave_is_unanswered_goes_through(page):
    start_case(page)
    held = hold_autosave_answers(page)
    page.get_by_label("Mental health").fill("Low mood, sees a counsellor.")
    page.keyboard.press("Tab")
    wait_until(page, lambda: held)  # saved on the server; the page still holds the old version
    page.get_by_role("button", name="Check and submit").click()
    expect(page.get_by_text("Case submitted for privacy review")).to_be_visible()
    case = Case.objects.get()
    assert case.status == CaseStatus.SUBMITTED
    assert case.mental_health == "Low mood, sees a counsellor."


@pytest.mark.console_ok("status of 409 (Conflict)")
def test_a_save_from_another_window_in_between_is_still_refused(page):
    start_case(page)
    case = Case.objects.get()
    case.title = "Changed in the other window"
    case.version += 1
    case.edit_window = "c" * 32
    case.save()
    page.get_by_label("Mental health").fill("Low mood.")
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.get_by_text("This case was changed in another window")).to_be_visible()
    case.refresh_from_db()
    assert case.title == "Changed in the other window"
    # Nothing typed is lost: it is still in the form to copy.
    expect(page.get_by_label("Mental health")).to_have_value("Low mood.")


def test_keeping_a_finding_right_after_editing_a_field_keeps_the_edit(page):
    """Found by a walk-through: the person removes a name from one field, then at once keeps
    another finding with a reason. "Keep it" submits its own small form; the edit typed less
    than the autosave's pause before must be saved first, not lost with the page."""
    start_case(page)
    page.get_by_label("Social context").fill("Lives with his wife Linda Marchetti in Thunder Bay.")
    page.get_by_label("Mental health").fill("Seen by Dr. Alan Whitfield.")
    with page.expect_response(lambda r: r.url.endswith("/edit/")):  # the autosave on leaving
        page.get_by_label("Mental health").press("Tab")
    page.get_by_role("button", name="Check and submit").click()
    expect(page.get_by_role("heading", name="Possible identifying information")).to_be_visible()
    page.get_by_label("Social context").fill("Lives with his wife in a small town.")
    reason = page.get_by_label("Not identifying, because").first
    reason.fill("A common first name alone.")
    with page.expect_navigation(wait_until="load"):  # the edit is saved, then the keep posts
        page.get_by_role("button", name="Keep it").first.click()
    expect(page.get_by_text("The finding is kept with your reason")).to_be_visible()
    expect(page.get_by_label("Social context")).to_have_value(
        "Lives with his wife in a small town."
    )
    case = Case.objects.get()
    assert case.social_context == "Lives with his wife in a small town."


def test_a_submission_refused_for_identifiers_says_the_draft_was_saved(page):
    start_case(page)
    page.get_by_label("Social context").fill("Lives with his wife Linda Marchetti.")
    with page.expect_response(lambda r: r.url.endswith("/edit/")):  # the autosave on leaving
        page.get_by_label("Social context").press("Tab")
    page.get_by_role("button", name="Check and submit").click()
    expect(page.get_by_role("heading", name="Possible identifying information")).to_be_visible()
    status = page.locator("#save-status")
    expect(status).to_contain_text("Draft saved")
    expect(status).not_to_contain_text("Not saved")
    assert Case.objects.get().social_context == "Lives with his wife Linda Marchetti."
