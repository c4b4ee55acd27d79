"""What the walk of round 1223 found in a real browser, kept fixed.

- The live console at 1280 px: the grid's top-right third stayed empty (Who is here spans two
  columns and wrapped under the agenda), and the roster card stretched to the height of a long
  question list, mostly blank. The questions now take the right-hand column from the top and
  the roster keeps its own height; at 390 px the panes still stack, axe-clean.
- A survey's "Send to participants" emailed everyone not yet invited at the first click; it
  now asks, and answering no sends nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

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


@pytest.fixture
def running() -> Any:
    program = ProgramFactory(slug="invented-pain", name="Invented Pain Program")
    coordinator = UserFactory(email="coord@example.test", first_name="Cleo", last_name="Tran")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    start = timezone.now() - dt.timedelta(minutes=5)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    for position, title in enumerate(["Welcome", "Invented didactic", "Invented case"], 1):
        AgendaItem.objects.create(
            session=session,
            kind=AgendaKind.DIDACTIC,
            title=title,
            position=position,
            duration_minutes=20,
        )
    services.start_session(actor=coordinator, session=session)
    # A long queue: the questions pane is taller than the agenda and the roster together.
    for n in range(8):
        asker = UserFactory(email=f"asker{n}@example.test", first_name=f"Asker{n}")
        MembershipFactory(program=program, user=asker, role=Role.PARTICIPANT)
        services.ask_question(
            actor=asker,
            session=session,
            text=f"Invented question {n}: would a slower taper help when sleep is poor?",
        )
    return session


def _box(page: Any, selector: str) -> dict[str, float]:
    return page.locator(selector).evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, top: r.top + scrollY, width: r.width, height: r.height,"
        " inner: e.scrollHeight}; }"
    )


def test_console_questions_fill_the_right_column_at_desktop_width(page: Any, running: Any) -> None:
    page.set_default_timeout(30_000)  # the first page of a run on two busy cores
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto(f"/p/invented-pain/live/{running.pk}/console/")
    expect(page.locator("#questions li.live-question")).to_have_count(8)
    agenda, case = _box(page, "#agenda-pane"), _box(page, "#case-pane")
    questions, roster = _box(page, "#questions"), _box(page, "#roster-pane")
    # Three columns: the questions start at the top, right of the case.
    assert questions["x"] > case["x"] > agenda["x"]
    assert abs(questions["top"] - agenda["top"]) < 2
    # Who is here: under the agenda and the case, as wide as both, and no taller than its
    # content (it stretched to the question list's height before).
    assert roster["top"] > agenda["top"] + agenda["height"] - 1
    assert roster["width"] > agenda["width"] + case["width"]
    assert roster["height"] < questions["height"] / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert site_map.run_axe(Axe(), page) == []


def test_console_panes_stack_on_a_phone(page: Any, running: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto(f"/p/invented-pain/live/{running.pk}/console/")
    expect(page.locator("#questions li.live-question")).to_have_count(8)
    tops = [
        _box(page, s)["top"] for s in ("#agenda-pane", "#case-pane", "#roster-pane", "#questions")
    ]
    assert tops == sorted(tops), "the panes read one under the other, in the page's order"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert site_map.run_axe(Axe(), page) == []


def test_sending_a_survey_to_all_participants_asks_first(page: Any) -> None:
    program = ProgramFactory(slug="invented-pain", name="Invented Pain Program")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    for n in range(3):
        MembershipFactory(
            program=program,
            user=UserFactory(email=f"p{n}@example.test"),
            role=Role.PARTICIPANT,
        )
    survey = SurveyFactory(program=program, kind="pre", status="open", title="Invented pre")
    QuestionFactory(survey=survey)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto(f"/p/invented-pain/surveys/{survey.pk}/")
    asked: list[str] = []

    def say_no(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", say_no)
    page.get_by_role("button", name="Send to participants").click()
    page.wait_for_timeout(500)
    assert asked and "not yet invited" in asked[0]
    assert not SurveyInvitation.objects.filter(survey_id=survey.pk).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Send to participants").click()
    expect(page.get_by_text("3 invitations sent")).to_be_visible()
    assert SurveyInvitation.objects.filter(survey_id=survey.pk).count() == 3


def test_mentoring_lists_read_as_cards_on_a_phone(page: Any) -> None:
    """The coordinator's questions (seven columns) scrolled sideways at 390 px."""
    from echohub.mentoring import services as mentoring

    program = ProgramFactory(slug="invented-pain", name="Invented Pain Program")
    coordinator = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    expert = UserFactory(email="mentor@example.test", first_name="Ben", last_name="Okafor")
    MembershipFactory(program=program, user=expert, role=Role.EXPERT)
    topic = mentoring.save_topic(
        actor=coordinator, program=program, name="Invented tapering topic", name_fr=""
    )
    mentoring.save_mentor(actor=coordinator, program=program, user=expert, topics=[topic])
    for n in range(3):
        asker = UserFactory(email=f"asker{n}@example.test", first_name=f"Asker{n}")
        MembershipFactory(program=program, user=asker, role=Role.PARTICIPANT)
        mentoring.ask(
            actor=asker,
            program=program,
            body="A patient on a high dose for years wants to taper. How slowly to start?",
            topic=topic,
        )
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, "coord@example.test")
    page.goto("/p/invented-pain/mentoring/manage/")
    rows = page.locator("main table.stack tbody tr")
    expect(rows.first).to_be_visible()
    for box in page.locator("main .table-scroll").all():
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), "a list scrolls sideways"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    label = rows.first.locator("td[data-label]").first.evaluate(
        "e => getComputedStyle(e, '::before').content"
    )
    assert "Topic" in label
    assert site_map.run_axe(Axe(), page) == []
