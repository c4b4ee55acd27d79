"""Renaming a session from its page (the "Title" tab): bilingual, audited, refused in people's
words, nothing typed lost, managers only."""

import datetime as dt

import pytest

from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from tests.factories import ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _session(program):
    start = dt.datetime(2027, 1, 14, 17, 30, tzinfo=dt.UTC)
    return SessionFactory(
        program=program,
        title="Sesion 1: tapering",
        title_fr="",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
    )


def _url(session, action=""):
    return f"/p/{session.program.slug}/sessions/{session.pk}/" + (f"{action}/" if action else "")


def test_a_coordinator_renames_a_session_and_it_is_audited(program, as_role):
    session = _session(program)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(_url(session)).content.decode()
    assert 'id="panel-title"' in page and 'value="Sesion 1: tapering"' in page
    response = client.post(_url(session, "title"), {"title": "Session 1: tapering opioids"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Session 1: tapering opioids"
    entry = AuditEntry.objects.get(action="session.updated", object_id=str(session.pk))
    assert entry.changes["title"] == ["Sesion 1: tapering", "Session 1: tapering opioids"]
    shown = client.get(_url(session)).content.decode()
    assert "Session 1: tapering opioids" in shown and "Session title saved." in shown


def test_an_empty_title_is_refused_and_what_was_typed_stays(program, as_role):
    session = _session(program)
    client = as_role(program, Role.COORDINATOR)
    response = client.post(_url(session, "title"), {"title": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#panel-title"' in page  # the error summary points at the tab
    assert 'aria-invalid="true"' in page
    session.refresh_from_db()
    assert session.title == "Sesion 1: tapering"
    too_long = "x" * 201
    response = client.post(_url(session, "title"), {"title": too_long})
    assert response.status_code == 400 and too_long in response.content.decode()
    session.refresh_from_db()
    assert session.title == "Sesion 1: tapering"


def test_a_bilingual_program_edits_both_titles_and_needs_one(as_role):
    program = ProgramFactory(slug="bilingue", content_languages="en+fr")
    session = _session(program)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(_url(session)).content.decode()
    assert 'name="title_fr"' in page
    response = client.post(
        _url(session, "title"), {"title": "", "title_fr": "Séance 1 : réduction des opioïdes"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.title_fr) == ("", "Séance 1 : réduction des opioïdes")
    response = client.post(_url(session, "title"), {"title": "", "title_fr": ""})
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.title_fr == "Séance 1 : réduction des opioïdes"


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EXPERT, Role.EVALUATOR])
def test_only_managers_rename(program, as_role, role):
    session = _session(program)
    client = as_role(program, role)
    assert 'id="panel-title"' not in client.get(_url(session)).content.decode()
    response = client.post(_url(session, "title"), {"title": "Renamed"})
    assert response.status_code in (403, 404)
    session.refresh_from_db()
    assert session.title == "Sesion 1: tapering"


def test_renaming_needs_a_post(program, as_role):
    session = _session(program)
    client = as_role(program, Role.COORDINATOR)
    assert client.get(_url(session, "title")).status_code == 405
