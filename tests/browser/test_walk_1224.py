"""What the walk of round 1224 found in a real browser, kept fixed.

- The live console at 1280 px: "Send on for an answer after the session" offered "Mentoring
  (the asker's private question)", cut in its narrow column ("Mentoring (the asker's private
  c"). The choices are now short enough to read whole; what each means is said under them.
- A post-session survey's "Send now for a session" asked "…the chosen session's people…?"
  without a number: the chosen session's own question now says how many people one click
  emails, and answering no sends nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from echohub.attendance.models import Attendance
from echohub.evaluation.models import SurveyInvitation
from echohub.live import services
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind
from tests.browser import site_map
from tests.browser.test_search_facets import sign_in
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    QuestionFactory,
    SessionFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each option's text against the select that shows it: the width the select takes on the page,
# and the width a copy of it takes alone, unconstrained (as wide as its longest choice).
FITS = """sel => {
  const copy = sel.cloneNode(true);
  copy.removeAttribute('id');
  copy.style.cssText = 'position:absolute; left:0; top:0; width:auto; max-width:none;';
  document.body.appendChild(copy);
  const out = [...sel.options].map((o, i) => {
    copy.selectedIndex = i;
    return [o.text, Math.ceil(copy.getBoundingClientRect().width)];
  });
  copy.remove();
  return [sel.getBoundingClientRect().width, out];
}"""


@pytest.fixture
def running() -> Any:
    program = ProgramFactory(slug="invented-pain", name="Invented Pain Program")
    coordinator = UserFactory(email="coord@example.test", first_name="Cleo", last_name="Tran")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    start = timezone.now() - dt.timedelta(minutes=5)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    AgendaItem.objects.create(
        session=session,
        kind=AgendaKind.DIDACTIC,
        title="Invented didactic",
        position=1,
        duration_minutes=20,
    )
    services.start_session(actor=coordinator, session=session)
    for n in range(2):
        asker = UserFactory(email=f"asker{n}@example.test", first_name=f"Asker{n}")
        MembershipFactory(program=program, user=asker, role=Role.PARTICIPANT)
        services.ask_question(
            actor=asker, session=session, text=f"Invented question {n}: is a slower taper wiser?"
        )
    return session


def test_console_send_on_choices_read_whole_at_desktop_width(page: Any, running: Any) -> None:
    page.set_default_timeout(30_000)  # the first page of a run on two busy cores
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto(f"/p/invented-pain/live/{running.pk}/console/")
    expect(page.locator("#questions li.live-question")).to_have_count(2)
    selects = page.locator("#questions select[name=to]")
    expect(selects).to_have_count(2)
    for n in range(2):
        select = selects.nth(n)
        room, needs = select.evaluate(FITS)
        for text, width in needs:
            assert width <= room + 1, f"{text!r} needs {width} px, its menu gives {room}"
        # What each choice means is said, and read with the menu.
        described = select.get_attribute("aria-describedby") or ""
        help_text = page.locator(f"#{described}")
        expect(help_text).to_contain_text("Mentoring: the asker's private question to a mentor.")
    assert site_map.run_axe(Axe(), page) == []


def test_send_now_for_a_session_asks_with_its_count(page: Any) -> None:
    program = ProgramFactory(slug="invented-pain", name="Invented Pain Program")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    survey = SurveyFactory(program=program, kind="post_session", status="open", title="Invented")
    QuestionFactory(survey=survey)
    end = timezone.now() - dt.timedelta(hours=2)
    session = SessionFactory(
        program=program,
        title="Invented taper talk",
        starts_at=end - dt.timedelta(hours=2),
        ends_at=end,
    )
    for n in range(3):
        user = UserFactory(email=f"p{n}@example.test")
        MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
        Attendance.objects.create(session=session, user=user, computed_minutes=60, minutes=60)
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto(f"/p/invented-pain/surveys/{survey.pk}/")
    expect(page.get_by_label("Send now for a session")).to_contain_text("3 to email")
    asked: list[str] = []

    def say_no(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", say_no)
    page.get_by_role("button", name="Send now").click()
    page.wait_for_timeout(500)
    assert asked and "to 3 people of this session not yet invited?" in asked[0], asked
    assert not SurveyInvitation.objects.filter(survey_id=survey.pk).exists()

    # The email can be read first, and reading it sends nothing.
    page.get_by_text("Preview the email").click()
    expect(page.locator("pre.email-preview")).to_contain_text('"Invented taper talk"')
    assert site_map.run_axe(Axe(), page) == []

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_text("3 invitations sent")).to_be_visible()
    assert SurveyInvitation.objects.filter(survey_id=survey.pk).count() == 3
    expect(page.get_by_label("Send now for a session")).to_contain_text("everyone invited")
