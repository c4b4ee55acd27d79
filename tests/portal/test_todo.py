"""A coordinator's home lists what needs them, per program, with counts linking to the filtered
lists; participants see no to-do list; the query count does not grow with programs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus
from echohub.joining.models import ProviderIncident
from echohub.programs.models import Role
from tests.factories import (
    AgendaItemFactory,
    MembershipFactory,
    ProgramFactory,
    RegistrationFactory,
    SessionFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _busy_program(coordinator, name):
    program = ProgramFactory(name=name)
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    presenter = UserFactory()
    MembershipFactory(user=presenter, program=program, role=Role.PARTICIPANT)
    for _ in range(2):
        RegistrationFactory(program=program)
    Case.objects.create(
        program=program,
        presenter=presenter,
        status=CaseStatus.SUBMITTED,
        title="A case",
        submitted_at=timezone.now() - dt.timedelta(days=4),
    )
    nxt = SessionFactory(program=program)
    AgendaItemFactory(session=nxt, kind="case", title="Open slot", position=1)
    AgendaItemFactory(session=nxt, kind="didactic", title="Talk", presenter=None, position=2)
    ProviderIncident.objects.create(session=nxt, provider="zoom", code="x", message="failed")
    SurveyFactory(program=program, closes_at=timezone.now() + dt.timedelta(days=2))
    return program


def test_a_coordinator_sees_what_needs_them_with_links(client):
    coordinator = UserFactory()
    program = _busy_program(coordinator, "Chronic pain ECHO")
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    todo = html.split('id="todo-heading"')[1].split("</section>")[0]
    assert "2</strong> registrations to decide" in todo
    assert f"/p/{program.slug}/manage/registrations/?status=pending" in todo
    assert "1</strong> case waiting for privacy review" in todo and "4 days" in todo
    assert f"/p/{program.slug}/cases/?status=submitted" in todo
    assert "video provider problem" in todo and "survey closing this week" in todo
    assert "1 case slot without a case" in todo and "1 talk without a presenter" in todo


def test_a_participant_gets_no_to_do_list_and_a_calm_program_says_so(client):
    participant = UserFactory()
    program = ProgramFactory()
    MembershipFactory(user=participant, program=program, role=Role.PARTICIPANT)
    client.force_login(participant)
    assert 'id="todo-heading"' not in client.get("/").content.decode()
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, program=program, role=Role.COORDINATOR)
    client.force_login(coordinator)
    assert "Nothing is waiting for you here." in client.get("/").content.decode()


def test_the_to_do_list_costs_the_same_queries_for_one_program_or_five(client):
    from echohub.portal.todo import todo_for

    coordinator = UserFactory()
    _busy_program(coordinator, "P0")
    with CaptureQueriesContext(connection) as one:
        todo_for(coordinator)
    for i in range(1, 5):
        _busy_program(coordinator, f"P{i}")
    with CaptureQueriesContext(connection) as five:
        result = todo_for(coordinator)
    assert len(result) == 5 and all(t.items for t in result)
    assert len(five.captured_queries) == len(one.captured_queries)
