"""Probe 1214: the live state in the API (GET .../live, and the answer to each console action)
lists the agenda with its case slots' titles, as the live page does. The page writes a
`case.list_read` audit entry naming those cases; the API wrote none, so a member could read
every case title on the agenda with no trace."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_step(_protections_on, settings):
    settings.TWO_FACTOR_ENFORCED = False  # signed in with force_login: not what is probed here


@pytest.fixture
def agenda():
    program = ProgramFactory(slug="pain-live")
    start = timezone.now() + dt.timedelta(minutes=5)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    item = AgendaItem.objects.create(
        session=session, kind=AgendaKind.CASE, title="Knee pain after a fall", position=1
    )
    case = Case.objects.create(
        program=program,
        presenter=UserFactory(),
        status=CaseStatus.SCHEDULED,
        number="L-001",
        title="Knee pain after a fall",
        session=session,
        agenda_item=item,
    )
    return program, session, case


def _client(program, role):
    user = UserFactory()
    MembershipFactory(program=program, user=user, role=role)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EXPERT, Role.COORDINATOR])
def test_reading_the_live_state_is_audited_like_the_live_page(agenda, role):
    program, session, case = agenda
    client, user = _client(program, role)
    answer = client.get(f"/api/v1/programs/{program.slug}/sessions/{session.pk}/live")
    assert answer.status_code == 200
    assert "Knee pain after a fall" in answer.content.decode()
    entry = AuditEntry.objects.filter(actor=user, action="case.list_read").latest("pk")
    assert entry.changes["ids"] == [case.pk] and entry.program_id == program.pk


def test_a_console_action_answer_is_audited_too(agenda):
    program, session, case = agenda
    client, user = _client(program, Role.COORDINATOR)
    started = client.post(
        f"/api/v1/programs/{program.slug}/sessions/{session.pk}/live/actions",
        {"action": "start"},
        content_type="application/json",
    )
    assert started.status_code == 200, started.content
    assert "Knee pain after a fall" in started.content.decode()
    assert AuditEntry.objects.filter(
        actor=user, action="case.list_read", changes__ids=[case.pk]
    ).exists()


def test_an_evaluator_sees_no_case_title_and_no_read_is_written(agenda):
    program, session, _case = agenda
    client, user = _client(program, Role.EVALUATOR)
    answer = client.get(f"/api/v1/programs/{program.slug}/sessions/{session.pk}/live")
    assert answer.status_code == 200
    assert "Knee pain" not in answer.content.decode()
    assert not AuditEntry.objects.filter(actor=user, action="case.list_read").exists()
