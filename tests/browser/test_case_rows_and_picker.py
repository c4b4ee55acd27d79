"""Key flows of issue 13 in a real browser: the case form's medication rows added and removed
in place (then saved by the autosave), the same without JavaScript, and the attendance
picker's search assigning a review row."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from echohub.attendance import services as attendance_services
from echohub.attendance.models import AttendanceRow, RowStatus
from echohub.cases import services
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH_OK = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def saved_drugs(page, case, expected, seconds=15):
    """Wait for the autosave (800 ms after the last change, longer on a busy machine) to store
    the expected medication rows."""
    for _ in range(seconds * 4):
        if sorted(m.drug for m in case.medications.all()) == sorted(expected):
            return True
        page.wait_for_timeout(250)
    return False


@pytest.fixture
def draft():
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    user = UserFactory(email="fp@example.test")
    MembershipFactory(
        program=program, user=user, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    case = services.start_case(actor=user, program=program)
    return services.save_draft(
        actor=user,
        case=case,
        data={"title": "Widespread pain and poor sleep", "mme_table": "cdc2022"},
        medications=[
            {"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "4"},
            {"drug": "gabapentin", "dose": "300", "unit": "mg", "times_per_day": "3"},
        ],
    )


def test_medication_rows_are_added_and_removed_in_place(page, draft, tmp_path):
    shots = Path(os.environ.get("ECHOHUB_SHOTS", tmp_path))
    sign_in(page, "fp@example.test")
    page.goto(f"/p/chronic-pain/cases/{draft.pk}/edit/")
    meds = page.locator("#meds")
    assert meds.locator("fieldset.case-row").count() == 3  # two rows and an empty one
    # Remove the first: the others move up and are renamed; the autosave stores it.
    meds.get_by_role("button", name="Remove medication 1").click()
    expect(meds.locator("fieldset.case-row")).to_have_count(2)
    expect(page.locator("#id_med-0-drug")).to_have_value("gabapentin")
    # focus stays in the row that moved up
    expect(page.locator("[id^='id_med-0-']:focus")).to_have_count(1)
    assert saved_drugs(page, draft, ["gabapentin"])
    # Add one: a new labelled row, focused, and saved once it is filled.
    page.get_by_role("button", name="Add a medication").click()
    expect(meds.locator("fieldset.case-row")).to_have_count(3)
    expect(page.locator("#id_med-2-drug")).to_be_focused()
    row = page.locator("#med-row-2")
    expect(row.locator("legend")).to_have_text("Medication 3")
    row.get_by_label("Drug").fill("hydromorphone")
    row.get_by_label("Dose").fill("2")
    row.get_by_label("Unit").select_option("mg")
    row.get_by_label("Or frequency (e.g. q6h)").fill("q4h")
    row.get_by_label("As needed").check()
    assert saved_drugs(page, draft, ["gabapentin", "hydromorphone"])
    page.screenshot(path=str(shots / "case-form-rows.png"), full_page=True)
    # A folded section hides its rows and opens again.
    page.locator("#meds > summary").click()
    expect(meds.locator("#id_med-0-drug")).to_be_hidden()
    page.locator("#meds > summary").click()
    expect(meds.locator("#id_med-0-drug")).to_be_visible()


def test_rows_without_javascript(browser, live_server, draft):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "fp@example.test")
        page.goto(f"/p/chronic-pain/cases/{draft.pk}/edit/")
        page.get_by_label("Short title").fill("Typed before adding a row")
        # without JavaScript each button posts the form and a new page comes back: wait for it
        with page.expect_navigation():
            page.get_by_role("button", name="Add a medication").click()
        expect(page.locator("#meds fieldset.case-row")).to_have_count(4)
        assert page.get_by_label("Short title").input_value() == "Typed before adding a row"
        with page.expect_navigation():
            page.get_by_role("button", name="Remove medication 1").click()
        expect(page.locator("#meds fieldset.case-row")).to_have_count(3)
        assert page.locator("#id_med-0-drug").input_value() == "gabapentin"
        draft.refresh_from_db()
        assert draft.title == "Typed before adding a row"
        assert [m.drug for m in draft.medications.all()] == ["gabapentin"]
    finally:
        context.close()


def test_case_form_fits_a_phone(page, draft, tmp_path):
    shots = Path(os.environ.get("ECHOHUB_SHOTS", tmp_path))
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "fp@example.test")
    page.goto(f"/p/chronic-pain/cases/{draft.pk}/edit/")
    assert page.evaluate(WIDTH_OK), "the case form scrolls sideways on a phone"
    page.screenshot(path=str(shots / "case-form-390.png"), full_page=True)


REPORT = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    "Thunder Bay Boardroom,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes\n"
)


def test_attendance_picker_searches_the_program_and_assigns(page, tmp_path):
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test", first_name="Cora", last_name="Ord")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    for i in range(135):
        MembershipFactory(
            program=program,
            user=UserFactory(first_name=f"Given{i:03d}", last_name="Family", email=f"p{i}@ex.org"),
        )
    target = UserFactory(first_name="Wren", last_name="Okafor", email="wren.okafor@example.org")
    MembershipFactory(program=program, user=target)
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    attendance_services.import_zoom_report(actor=None, session=session, data=REPORT.encode())
    row = AttendanceRow.objects.get()
    sign_in(page, "coord@example.test")
    page.goto(f"/p/chronic-pain/attendance/sessions/{session.pk}/")
    assert page.locator("#queue select").count() == 0  # no select of 136 names
    search = page.get_by_label("Person for row 1: name or email")
    search.fill("oka")
    matches = page.locator(f"#matches-{row.pk}")
    matches.get_by_text("1 person matches “oka”").wait_for()
    matches.get_by_role("button", name="Assign row 1 to Wren Okafor").click()
    page.get_by_text("Assigned to Wren Okafor").wait_for()
    row.refresh_from_db()
    assert row.user == target and row.status == RowStatus.MATCHED
    # Focus moves to the decided row's status (keyboard users stay where they were).
    expect(page.locator("[data-decided]:focus")).to_have_count(1)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate(WIDTH_OK), "the attendance page scrolls sideways on a phone"
