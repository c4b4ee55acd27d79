"""Every key flow done by keyboard alone: Tab / Shift+Tab to reach a control, typing, Space
for check boxes, arrow keys for radio groups, selects and tabs, Enter to follow or submit.
No mouse click anywhere (the only pointer-free shortcuts are `goto` to a starting URL and
`set_input_files`, which has no keyboard equivalent in a headless browser).

Each control reached must show a visible focus indicator (an outline or a ring), and after an
htmx swap focus must still be somewhere sensible, never on <body>."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from echohub.attendance.models import AttendanceRow, RowStatus
from echohub.cases.models import Case, CaseStatus
from echohub.evaluation import services as evaluation
from echohub.evaluation.models import Response, SurveyInvitation
from echohub.programs.models import Registration, Role
from echohub.scheduling.models import AgendaItem
from tests.conftest import PASSWORD
from tests.factories import (
    AgendaItemFactory,
    HubFactory,
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 250

IS_FOCUSED = "el => el === document.activeElement"
FOCUS_VISIBLE = """el => {
  const s = getComputedStyle(el);
  const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  return ring || (s.boxShadow && s.boxShadow !== 'none');
}"""
ACTIVE = """() => {
  const el = document.activeElement;
  return el ? (el.tagName + '#' + el.id + ' ' + (el.textContent || '').trim()).slice(0, 80) : '';
}"""


def tab_to(page: Any, target: Any, *, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus; fail if it is never reached."""
    target.wait_for()
    key = "Shift+Tab" if back else "Tab"
    for _ in range(MAX_TABS):
        if target.evaluate(IS_FOCUSED):
            break
        page.keyboard.press(key)
    else:
        raise AssertionError(f"{target} not reachable with {key}; focus on {page.evaluate(ACTIVE)}")
    assert target.evaluate(FOCUS_VISIBLE), f"{target} has no visible focus indicator"


def type_into(page: Any, target: Any, text: str) -> None:
    tab_to(page, target)
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def choose(page: Any, select: Any, label: str) -> None:
    """Arrow down a (closed) select until the option labelled `label` is chosen."""
    tab_to(page, select)
    page.keyboard.press("Home")
    for _ in range(60):
        if select.evaluate("s => s.options[s.selectedIndex].text.trim()") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r} in {select}")


def press_on(page: Any, target: Any, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def focus_start(page: Any) -> None:
    """Start from the top of the page, as a keyboard user arriving on it does."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")


def sign_in(page: Any, email: str) -> None:
    page.goto("/accounts/login/")
    focus_start(page)
    type_into(page, page.get_by_label("Email"), email)
    type_into(page, page.get_by_label("Password"), PASSWORD)
    page.keyboard.press("Enter")  # submits the form from its last field
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert "/accounts/login/" not in page.url


def active_is_not_body(page: Any) -> None:
    # htmx places focus after its settle step (a few ms after the new content shows), so
    # give it a moment to land; a focus dropped on <body> for good still fails.
    tag = "BODY"
    for _ in range(30):
        tag = page.evaluate("document.activeElement ? document.activeElement.tagName : 'BODY'")
        if tag != "BODY":
            return
        page.wait_for_timeout(100)
    raise AssertionError("focus was dropped on <body>")


def test_registration_and_approval_by_keyboard(page, mailoutbox):
    program = ProgramFactory(name="Chronic Pain & Opioid Stewardship", slug="chronic-pain")
    HubFactory(program=program, name="Academic Pain Hub")
    SiteFactory(program=program, name="Lakehead Family Health Team", region="North West")
    coordinator = UserFactory(email="coord@example.test", first_name="Cora")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)

    page.goto("/")
    focus_start(page)
    press_on(page, page.get_by_role("link", name="Chronic Pain & Opioid Stewardship"))
    press_on(page, page.get_by_role("link", name="Register"))
    page.get_by_label("First name").wait_for()
    focus_start(page)
    type_into(page, page.get_by_label("First name"), "Ana")
    type_into(page, page.get_by_label("Last name"), "Lopes")
    type_into(page, page.get_by_label("Email"), "ana@example.test")
    choose(page, page.get_by_label("Profession"), "Registered nurse")
    type_into(page, page.get_by_label("Licence / registration number"), "RN-204")
    choose(page, page.get_by_label("Your site"), "Lakehead Family Health Team")
    press_on(page, page.get_by_label("I agree"), "Space")
    assert page.get_by_label("I agree").is_checked()
    press_on(page, page.get_by_role("button", name="Send my registration"))
    page.get_by_role("heading", name=re.compile("your registration was received")).wait_for()
    registration = Registration.objects.get()
    assert (registration.status, registration.email) == ("pending", "ana@example.test")

    sign_in(page, "coord@example.test")
    page.goto("/p/chronic-pain/manage/registrations/")
    focus_start(page)
    press_on(page, page.get_by_role("button", name="Approve Ana Lopes"))
    page.get_by_text("Ana Lopes was approved and emailed.").wait_for()
    registration.refresh_from_db()
    assert registration.status != "pending"
    assert any(m.to == ["ana@example.test"] for m in mailoutbox)


def test_case_with_findings_reviewed_kept_and_submitted_by_keyboard(page):
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    user = UserFactory(email="fp@example.test")
    MembershipFactory(
        program=program, user=user, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    sign_in(page, "fp@example.test")
    page.goto("/p/chronic-pain/cases/")
    focus_start(page)
    press_on(page, page.get_by_role("button", name="Present a new case"))
    page.get_by_label("Short title").wait_for()
    focus_start(page)
    type_into(page, page.get_by_label("Short title"), "Widespread pain and poor sleep")
    choose(page, page.get_by_label("Age band"), "40–49")
    choose(page, page.get_by_label("Sex / gender"), "Man")
    type_into(page, page.get_by_label("Social context"), "Lives with his wife Linda Marchetti.")
    type_into(page, page.get_by_label("Questions for the hub"), "Is pregabalin reasonable here?")
    type_into(page, page.locator("#id_med-0-drug"), "hydromorphone")
    type_into(page, page.locator("#id_med-0-dose"), "4")
    type_into(page, page.locator("#id_med-0-times_per_day"), "4")
    press_on(page, page.get_by_label("I attest"), "Space")
    # The last change autosaves 800 ms later: wait for it, as a person would see "Draft saved"
    # (SQLite's in-memory test database refuses two writers at once instead of waiting).
    with page.expect_response(lambda r: r.url.endswith("/edit/") and r.request.method == "POST"):
        press_on(page, page.get_by_label("The patient agreed"), "Space")
    # The autosave is announced in the page's live region, and focus stays where it was.
    expect(page.locator("#live-status")).to_contain_text("Draft saved at")
    assert page.get_by_label("The patient agreed").evaluate(IS_FOCUSED)
    press_on(page, page.get_by_role("button", name="Check and submit"))

    # Findings: focus lands on their heading, the live region names the field.
    heading = page.get_by_role("heading", name="Possible identifying information")
    heading.wait_for()
    expect(heading).to_be_focused()
    live = page.locator("#live-status")
    expect(live).to_contain_text(re.compile(r"\d possible identifiers? in Social context"))
    case = Case.objects.get()
    assert case.status == CaseStatus.DRAFT and "Linda" in case.social_context

    # Review: follow the summary's link to the field, then keep each finding with a reason.
    press_on(page, page.get_by_role("link", name=re.compile("in Social context")))
    for _ in range(5):
        keep = page.get_by_role("button", name="Keep it")
        if keep.count() == 0:
            break
        box = page.locator(".phi-override input[name=reason]").first
        type_into(page, box, "Fictional name written for this teaching example")
        page.keyboard.press("Tab")  # from the reason to its own Keep it button
        assert page.evaluate("document.activeElement.textContent.trim()") == "Keep it"
        page.keyboard.press("Enter")
        page.get_by_text("Noted. The finding is kept").wait_for()
        page.wait_for_load_state()  # the whole answer page before counting its Keep it buttons
    else:
        raise AssertionError("findings keep coming back")
    focus_start(page)
    press_on(page, page.get_by_role("button", name="Check and submit"))
    page.get_by_text("Case submitted for privacy review").wait_for()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert case.phi_overrides.count() >= 1  # each kept finding with its reason


def test_survey_answered_by_keyboard(page):
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    participant = UserFactory(email="p@example.test", first_name="Priya")
    MembershipFactory(program=program, user=participant, role=Role.PARTICIPANT)
    end = timezone.now() - dt.timedelta(hours=1)
    session = SessionFactory(
        program=program, title="Tapering", starts_at=end - dt.timedelta(hours=2), ends_at=end
    )
    survey = evaluation.create_survey(
        actor=coordinator, program=program, template_key="post_session"
    )
    evaluation.open_survey(actor=coordinator, survey=survey)
    evaluation.send_for_session(actor=coordinator, survey=survey, session=session)
    token = "keyboard-token"
    SurveyInvitation.objects.filter(survey=survey).update(token_hash=evaluation.hash_token(token))

    page.goto(f"/s/{token}/")
    focus_start(page)
    for group, answer in [
        ("The session was relevant", "Agree"),
        ("How would you rate", "Very good"),
        ("I intend to change", "Strongly agree"),
    ]:
        fieldset = page.get_by_role("group", name=group)
        radios = fieldset.get_by_role("radio")
        tab_to(page, radios.first)  # Tab enters a radio group on its first radio
        # Arrow keys move through the group (and check as they go).
        for _ in range(radios.count()):
            if fieldset.get_by_label(answer, exact=True).is_checked():
                break
            page.keyboard.press("ArrowDown")
        assert fieldset.get_by_label(answer, exact=True).is_checked()
    type_into(page, page.get_by_label("Comments or suggestions"), "Helpful case discussion.")
    press_on(page, page.get_by_role("button", name="Send my answers"))
    page.get_by_role("heading", name="Already answered").wait_for()
    assert Response.objects.get().user == participant


REPORT = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    "Priya Cardinal,priya.cardinal@example.org,"
    "01/08/2026 12:25:00 PM,01/08/2026 01:40:30 PM,75,No\n"
    "Hope Mercer,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes\n"
)


def test_attendance_review_by_keyboard(page, tmp_path):
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    people = {}
    for first, last, email in [
        ("Priya", "Cardinal", "priya.cardinal@example.org"),
        ("Hope", "Mercer", "hope.mercer@example.org"),
        ("Hope", "Mercer", "m.hope.mercer@example.org"),
    ]:
        people[email] = UserFactory(first_name=first, last_name=last, email=email)
        MembershipFactory(program=program, user=people[email], role=Role.PARTICIPANT)
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)
    session = SessionFactory(
        program=program,
        title="Opioid tapering",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        video_provider="zoom",
        video_room="812 3456 7890",
    )
    report = tmp_path / "participants.csv"
    report.write_text(REPORT, encoding="utf-8")

    sign_in(page, "coord@example.test")
    page.goto(f"/p/chronic-pain/attendance/sessions/{session.pk}/")
    page.get_by_label("Zoom participants report (CSV)").set_input_files(str(report))
    focus_start(page)
    press_on(page, page.get_by_role("button", name="Import", exact=True))
    page.get_by_text("Imported 2 of 2 rows").wait_for()

    # The ambiguous row: search by email (htmx lists the matches), assign, all by keys.
    row = AttendanceRow.objects.get(name="Hope Mercer")
    focus_start(page)
    type_into(page, page.get_by_label("Someone else for row 2: name or email"), "m.hope")
    matches = page.locator(f"#matches-{row.pk}")
    matches.get_by_text("1 person matches").wait_for()
    press_on(page, matches.get_by_role("button", name="Assign row 2 to Hope Mercer"))
    decided = page.get_by_text("Assigned to Hope Mercer")
    decided.wait_for()
    expect(decided).to_be_focused()  # not dropped on <body> by the swap
    row.refresh_from_db()
    assert (row.status, row.user) == (RowStatus.MATCHED, people["m.hope.mercer@example.org"])


def test_agenda_edited_by_keyboard(page):
    program = ProgramFactory(slug="chronic-pain", name="Chronic Pain & Opioid Stewardship")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    start = timezone.now() + dt.timedelta(days=3)
    session = SessionFactory(
        program=program,
        title="Session 1",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
    )
    AgendaItemFactory(session=session, title="Naloxone at discharge")
    page.on("dialog", lambda dialog: dialog.accept())  # confirmations are answered by Enter

    sign_in(page, "coord@example.test")
    page.goto(f"/p/chronic-pain/sessions/{session.pk}/")
    focus_start(page)
    # The tab list: reach it, move with the arrow keys, come back to the agenda.
    press_on(page, page.get_by_role("tab", name="Agenda"), "ArrowRight")
    expect(page.get_by_role("tab", name="Title")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("tab", name="Agenda")).to_be_focused()

    # Add an item (a plain form), then find it on the page.
    panel = page.locator("#panel-agenda")
    type_into(page, panel.get_by_label("Topic / title"), "Sleep hygiene for chronic pain")
    press_on(page, panel.get_by_role("button", name="Add item"))
    page.get_by_text("Sleep hygiene for chronic pain").first.wait_for()
    assert AgendaItem.objects.filter(title="Sleep hygiene for chronic pain").exists()

    # Add a resource to the first item through its disclosure (htmx swaps the agenda).
    item = AgendaItem.objects.get(title="Naloxone at discharge")
    focus_start(page)
    entry = page.locator(f"#agenda-item-{item.pk}")
    press_on(page, entry.locator("summary"))
    type_into(page, entry.get_by_label("Title", exact=True), "Naloxone handout")
    type_into(page, entry.get_by_label("Link"), "https://example.org/naloxone.pdf")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Naloxone handout").wait_for()
    active_is_not_body(page)
    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_focused()

    # Remove it: the button's confirmation is accepted, the agenda is swapped, focus stays.
    entry = page.locator(f"#agenda-item-{item.pk}")
    focus_start(page)
    press_on(page, entry.get_by_role("button", name="Remove"))
    expect(page.locator(f"#agenda-item-{item.pk}")).to_have_count(0)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    active_is_not_body(page)
    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_focused()
