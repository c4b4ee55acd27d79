"""Walk 14 (an expert's weekly cycle): on a case's page each discipline's recommendations are
saved by their own "Save" button, and "Send recommendations" sends what is saved. An expert who
typed in a box, did not press its "Save" and pressed "Send" had that text dropped without a
word: the presenter got the recommendations without it. The send now asks first, naming the
box whose text is not saved, and sends nothing when the answer is no."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from echohub.cases import services
from echohub.cases.models import CaseStatus
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem
from tests.conftest import PASSWORD
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = {
    "title": "Chronic low back pain on high-dose opioids",
    "age_band": "50-59",
    "sex_gender": "woman",
    "questions": "How should we approach a slow taper while keeping her function?",
    "attest_deidentified": True,
    "patient_agreed": True,
    "mme_table": "cdc2022",
}


def _scheduled_case_with_one_recommendation():
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    presenter = UserFactory()
    MembershipFactory(
        program=program, user=presenter, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    admin = UserFactory(email="admin@example.test")
    MembershipFactory(program=program, user=admin, role=Role.PROGRAM_ADMIN)
    start = timezone.now() + dt.timedelta(days=7)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    AgendaItem.objects.create(session=session, kind="case", title="Case", position=1)
    case = services.start_case(actor=presenter, program=program)
    case = services.save_draft(
        actor=presenter,
        case=case,
        data=CASE,
        medications=[{"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "4"}],
        scores=[],
    )
    services.submit_case(actor=presenter, case=case)
    services.review_case(actor=admin, case=case, approve=True)
    services.schedule_case(actor=admin, case=case, session=session)
    services.save_recommendation(
        actor=admin, case=case, discipline="pharmacy", text="Keep naloxone at home."
    )
    return program, case


def test_send_asks_before_dropping_a_box_typed_but_not_saved(page):
    program, case = _scheduled_case_with_one_recommendation()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("admin@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/p/{program.slug}/cases/{case.pk}/")
    page.locator("details:has(#id_medicine-text)").evaluate("box => { box.open = true; }")
    page.locator("#id_medicine-text").fill("Consider duloxetine for the neuropathic component.")
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("button", name="Send recommendations").click()
    expect(page.locator("#id_medicine-text")).to_have_value(
        "Consider duloxetine for the neuropathic component."
    )
    assert len(asked) == 1 and "Not saved, so not sent: Medicine." in asked[0], asked
    case.refresh_from_db()
    assert case.status == CaseStatus.SCHEDULED  # nothing sent

    # Saved first, the send asks its usual question only.
    page.remove_listener("dialog", answer)
    page.locator("form.recommendation-form:has(#id_medicine-text) button").click()
    expect(page.get_by_text("Recommendations saved.")).to_be_visible()
    page.on("dialog", answer)
    page.get_by_role("button", name="Send recommendations").click()
    assert asked[-1] == "Send the recommendations now? The presenter is emailed.", asked
