from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind
from tests.factories import MembershipFactory, SessionFactory, SiteFactory, UserFactory


@pytest.fixture
def session(program: Any) -> Any:
    start = timezone.now() - dt.timedelta(minutes=5)
    s = SessionFactory(program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=90))
    AgendaItem.objects.create(
        session=s,
        kind=AgendaKind.DIDACTIC,
        title="Tapering in primary care",
        position=1,
        duration_minutes=20,
    )
    AgendaItem.objects.create(
        session=s,
        kind=AgendaKind.CASE,
        title="Case: low back pain",
        position=2,
        duration_minutes=30,
    )
    AgendaItem.objects.create(
        session=s,
        kind=AgendaKind.ANNOUNCEMENT,
        title="Next week",
        position=3,
        duration_minutes=5,
    )
    return s


@pytest.fixture
def items(session: Any) -> list[Any]:
    return list(session.agenda_items.order_by("position"))


@pytest.fixture
def presenter(program: Any) -> Any:
    user = UserFactory(first_name="Ana", last_name="Lopes", profession="family_physician")
    MembershipFactory(
        program=program,
        user=user,
        role=Role.PARTICIPANT,
        site=SiteFactory(program=program, name="Northern FHT"),
    )
    return user


@pytest.fixture
def case(program: Any, session: Any, items: list[Any], presenter: Any) -> Case:
    return Case.objects.create(
        program=program,
        presenter=presenter,
        status=CaseStatus.SCHEDULED,
        number="2026-001",
        session=session,
        agenda_item=items[1],
        title="Chronic low back pain on high-dose opioids",
        age_band="50-59",
        working_diagnoses="Lumbar degenerative disc disease",
        questions="How should we approach a slow taper?",
        function="Walks 10 minutes",
    )


@pytest.fixture
def coordinator(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.COORDINATOR)


@pytest.fixture
def participant(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.PARTICIPANT)
