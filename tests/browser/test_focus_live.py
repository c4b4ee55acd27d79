"""Focus and announcements after htmx swaps (core/static/echohub/app.js): the page's one live
region (#live-status) says what a swap brought in (autosave, a certificate batch's progress,
identifier findings with their field) in the reader's language, and focus is never dropped on
<body>: it stays where the person typed, follows a moved control, or goes to the heading."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from echohub.credits import services as credits
from echohub.credits.models import BatchStatus, CertificateBatch
from echohub.evaluation import services as evaluation
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SeriesFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE_TEXT = "document.activeElement ? document.activeElement.textContent.trim() : ''"


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def program():
    return ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")


def test_autosave_is_announced_in_french_with_the_local_time_and_focus_stays(page, program):
    user = UserFactory(email="fp@example.test", language="fr")
    MembershipFactory(
        program=program, user=user, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    sign_in(page, "fp@example.test")
    page.goto("/p/chronic-pain/cases/")
    page.get_by_role("button", name="Présenter un nouveau cas").press("Enter")
    title = page.locator("#id_title")
    # the new case's page loaded, so htmx has bound the autosave before anything is typed
    page.wait_for_url("**/cases/*/edit/**", wait_until="load")
    live = page.locator("#live-status")
    assert live.inner_text() == ""
    title.focus()
    page.keyboard.type("Douleur diffuse et sommeil")
    page.keyboard.press("Tab")  # the change event: the draft autosaves 800 ms later
    expect(live).to_have_text(re.compile(r"^Brouillon enregistré à \d{1,2} h \d{2}$"))
    # The person went on to the next field; the swap did not take focus away from it.
    assert page.evaluate("document.activeElement.id") != "id_title"
    assert page.evaluate("document.activeElement.tagName") in {"INPUT", "SELECT", "TEXTAREA"}


def test_findings_are_announced_with_their_field_and_focused(page, program):
    user = UserFactory(email="fp@example.test")
    MembershipFactory(
        program=program, user=user, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    sign_in(page, "fp@example.test")
    page.goto("/p/chronic-pain/cases/")
    page.get_by_role("button", name="Present a new case").press("Enter")
    page.wait_for_url("**/cases/*/edit/**", wait_until="load")  # htmx has bound the autosave
    page.get_by_label("Short title").fill("Knee pain")
    page.get_by_label("Age band").select_option("40-49")
    page.get_by_label("Sex / gender").select_option("man")
    page.get_by_label("Questions for the hub").fill("What next?")
    page.get_by_label("I attest").check()
    page.get_by_label("The patient agreed").check()
    page.get_by_label("Social context").fill("Lives with his wife Linda Marchetti.")
    page.get_by_label("Mental health").fill("Seen by Dr. Alan Whitfield at the clinic.")
    with page.expect_response(lambda r: r.url.endswith("/edit/")):  # the autosave on leaving
        page.get_by_label("Mental health").press("Tab")
    page.get_by_role("button", name="Check and submit").press("Enter")
    heading = page.get_by_role("heading", name="Possible identifying information")
    expect(heading).to_be_focused()
    live = page.locator("#live-status")
    expect(live).to_contain_text(re.compile(r"\d possible identifiers? in Social context"))
    expect(live).to_contain_text(re.compile(r"\d possible identifiers? in Mental health"))
    # The same words stand under each field, for those who see the page.
    field = page.locator("#phi-social_context")
    expect(field).to_contain_text(re.compile(r"\d possible identifiers? in Social context"))


def test_a_certificate_batch_announces_its_progress_as_it_moves(page, program):
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    series = SeriesFactory(program=program, title="Cycle 2026", count=3)
    rule = credits.create_rule(
        actor=coordinator,
        program=program,
        data={
            "credit_type": "mainpro_group",
            "custom_name": "",
            "credits_per_hour": Decimal("1"),
            "rounding": "none",
            "minimum_share": 0,
            "registered_only": True,
            "survey_required": False,
            "accreditation_statement": "This one-credit-per-hour Group Learning program "
            "meets the certification criteria of the College of Family Physicians of Canada.",
            "provider_name": "ECHO Ontario CPD Office",
            "provider_contact": "cpd@echo.example.test",
            "active": True,
        },
    )
    now = timezone.now()
    batch = CertificateBatch.objects.create(
        program=program,
        series=series,
        rule=rule,
        status=BatchStatus.RUNNING,
        total=5,
        done=1,
        started_at=now,
        heartbeat_at=now,
    )
    sign_in(page, "coord@example.test")
    page.goto(f"/p/chronic-pain/credits/batches/{batch.pk}/")
    live = page.locator("#live-status")
    expect(live).to_contain_text("1 of 5 people")
    CertificateBatch.objects.filter(pk=batch.pk).update(done=3, heartbeat_at=timezone.now())
    expect(live).to_contain_text("3 of 5 people", timeout=8_000)  # polled every 2 s
    CertificateBatch.objects.filter(pk=batch.pk).update(
        done=5, status=BatchStatus.DONE, finished_at=timezone.now()
    )
    expect(live).to_contain_text("5 of 5 people", timeout=8_000)


def test_a_moved_question_keeps_focus_on_its_button(page, program):
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    survey = evaluation.create_survey(
        actor=coordinator, program=program, template_key="post_session"
    )
    sign_in(page, "coord@example.test")
    page.goto(f"/p/chronic-pain/surveys/{survey.pk}/edit/")
    up = page.get_by_role("button", name="Up quality")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#builder li").first).to_contain_text("overall quality")
    # The swap replaced the whole builder; focus followed the button to its new place.
    expect(page.get_by_role("button", name="Up quality")).to_be_focused()
    # Removing it: that button is gone, so focus goes to the builder's heading, not <body>.
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove quality").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove quality")).to_have_count(0)
    # Focus lands after htmx's settle step: wait for it rather than read it at once.
    expect(
        page.locator("h1:focus, h2:focus, h3:focus, h4:focus, h5:focus, h6:focus")
    ).to_have_count(1)


def test_a_refused_form_starts_on_the_first_field_to_fix(page, program):
    user = UserFactory(email="fp@example.test")
    MembershipFactory(
        program=program, user=user, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    sign_in(page, "fp@example.test")
    page.goto("/p/chronic-pain/cases/")
    page.get_by_role("button", name="Present a new case").press("Enter")
    page.wait_for_url("**/cases/*/edit/**", wait_until="load")  # htmx has bound the autosave
    page.get_by_label("Short title").fill("Knee pain")
    with page.expect_response(lambda r: r.url.endswith("/edit/")):  # the autosave on leaving
        page.get_by_label("Short title").press("Tab")
    page.get_by_role("button", name="Check and submit").press("Enter")
    page.locator("[aria-invalid=true]").first.wait_for()
    first_invalid = page.evaluate("document.querySelector('main [aria-invalid=true]').id")
    expect(page.locator(f"#{first_invalid}")).to_be_focused()
    assert page.get_by_label("Short title").input_value() == "Knee pain"  # nothing lost


def test_a_page_with_no_swap_says_nothing(page, program):
    """The live region is empty on an ordinary page: nothing is read out unasked."""
    page.goto("/")
    assert page.locator("#live-status").inner_text() == ""
    assert page.locator("#live-status").get_attribute("aria-live") == "polite"
    # One region per page, inside the main landmark.
    assert page.locator("main #live-status").count() == 1
