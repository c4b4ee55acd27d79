"""Case slots name their case and presenter only to those who may read cases: an evaluator sees
"Case presentation" on the session page and in the API; calendar files never name a case."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from tests.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db

CASE_TITLE = "Case CP-2026-004: Man in his 50s on 240 MME"


@pytest.fixture
def session(program, make_member):
    session = SessionFactory(program=program)
    presenter = make_member(program, Role.PARTICIPANT, first_name="Noor", last_name="Haddad")
    AgendaItemFactory(session=session, kind="didactic", title="Tapering talk", position=1)
    AgendaItemFactory(
        session=session, kind="case", title=CASE_TITLE, presenter=presenter, position=2
    )
    return session


@pytest.mark.parametrize(
    ("role", "sees"), [(Role.PARTICIPANT, True), (Role.EXPERT, True), (Role.EVALUATOR, False)]
)
def test_the_session_page_names_cases_only_to_case_readers(as_role, program, session, role, sees):
    html = as_role(program, role).get(session.get_absolute_url()).content.decode()
    assert "Tapering talk" in html
    assert (CASE_TITLE in html) is sees and ("Noor Haddad" in html) is sees


@pytest.mark.parametrize(("role", "sees"), [(Role.PARTICIPANT, True), (Role.EVALUATOR, False)])
def test_the_session_api_names_cases_only_to_case_readers(as_role, program, session, role, sees):
    client = as_role(program, role)
    data = client.get(f"/api/v1/programs/{program.slug}/sessions/{session.pk}").json()
    case = next(i for i in data["agenda"] if i["kind"] == "case")
    assert (case["title"] == CASE_TITLE) is sees
    assert (case["presenter"] is not None) is sees


def test_calendar_files_never_name_a_case_or_its_presenter(as_role, program, session):
    client = as_role(program, Role.PARTICIPANT)
    body = client.get(f"/p/{program.slug}/sessions/{session.pk}/calendar.ics").content.decode()
    unfolded = body.replace("\r\n ", "")
    assert "Tapering talk" in unfolded
    assert "240 MME" not in unfolded and "Haddad" not in unfolded
