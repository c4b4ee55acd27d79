from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from echohub.cases import services
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem
from tests.factories import MembershipFactory, SessionFactory, SiteFactory, UserFactory

CLEAN = {
    "title": "Chronic low back pain on high-dose opioids",
    "age_band": "50-59",
    "sex_gender": "woman",
    "pain_locations": "Lower back radiating to the left leg",
    "pain_duration": "gt5y",
    "pain_type": "mixed",
    "working_diagnoses": "Lumbar degenerative disc disease; possible central sensitization",
    "questions": "How should we approach a slow taper while keeping her function?",
    "attest_deidentified": True,
    "patient_agreed": True,
    "mme_table": "cdc2022",
}
MEDS = [
    {"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "4"},
    {"drug": "fentanyl", "formulation": "transdermal", "dose": "25", "unit": "mcg/h"},
]


@pytest.fixture
def presenter(program):
    user = UserFactory(first_name="Ana", last_name="Lopes", profession="family_physician")
    MembershipFactory(
        program=program,
        user=user,
        role=Role.PARTICIPANT,
        site=SiteFactory(program=program, region="North East"),
    )
    return user


@pytest.fixture
def draft(program, presenter):
    case = services.start_case(actor=presenter, program=program)
    return services.save_draft(
        actor=presenter,
        case=case,
        data=CLEAN,
        medications=MEDS,
        scores=[{"instrument": "peg", "items": [7, 6, 8]}],
    )


@pytest.fixture
def upcoming_session(program):
    start = timezone.now() + dt.timedelta(days=7)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    AgendaItem.objects.create(
        session=session, kind="case", title="Case presentation (open slot)", position=2
    )
    return session


@pytest.fixture
def api_for(client):
    """api_for(user) -> a JSON client for /api/v1 with a real bearer token of that user."""
    from tests.api.conftest import Api

    def make(user):
        return Api(client, user)

    return make
