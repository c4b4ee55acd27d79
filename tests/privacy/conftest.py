"""A program with old and recent closed cases full of content, for retention and erasure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from echohub.cases.models import (
    Case,
    CaseMedication,
    CaseScore,
    CaseStatus,
    FollowUp,
    PhiOverride,
    Recommendation,
)
from echohub.programs.models import Program, Role
from tests.factories import MembershipFactory, SessionFactory, SiteFactory, UserFactory

TEXT = "Sixty-year-old with lumbar pain; questions about a slow oxycodone taper."


def make_case(program: Program, presenter: Any, expert: Any, *, closed: dt.datetime) -> Case:
    """A case presented and closed at `closed`, with every kind of content."""
    with time_machine.travel(closed - dt.timedelta(days=30), tick=False):
        session = SessionFactory(
            program=program, starts_at=closed - dt.timedelta(days=20), ends_at=closed
        )
        case = Case.objects.create(
            program=program,
            presenter=presenter,
            presenter_profession="family_physician",
            region="North East",
            status=CaseStatus.CLOSED,
            session=session,
            title="Low back pain on high-dose opioids",
            theme="low_back",
            age_band="60-69",
            sex_gender="woman",
            pain_duration="gt5y",
            pain_type="mixed",
            pain_locations="Lower back",
            working_diagnoses="Degenerative disc disease",
            function="Walks 10 minutes",
            treatments_pharmacological="NSAIDs, gabapentin",
            mental_health="Low mood",
            social_context="Lives alone",
            patient_goals="Garden again",
            questions=TEXT,
            mme_total=Decimal("90.0"),
            review_comments="Fine",
            recommendations_summary="Slow taper",
            plain_language_summary="We suggest a slow taper",
            closeout_comments="Taper going well",
            advice_followed="all",
            plan_changed=True,
            referral_avoided=True,
            taper_plan={"steps": [{"dose": "10"}]},
            extra={"q1": {"label": "Other", "kind": "text", "value": "More text"}},
            presented_at=closed - dt.timedelta(days=20),
            closed_at=closed,
        )
        CaseMedication.objects.create(case=case, drug="oxycodone", dose=Decimal("10"), unit="mg")
        CaseScore.objects.create(
            case=case, instrument="peg", total=Decimal("7"), band="", items=[7, 6, 8]
        )
        follow_up = FollowUp.objects.create(
            case=case, reported_by=presenter, what_changed="Down to 60 MME", mme_total=60
        )
        CaseScore.objects.create(
            case=case, follow_up=follow_up, instrument="peg", total=Decimal("5"), items=[5, 5, 5]
        )
        Recommendation.objects.create(
            case=case, discipline="pharmacy", text="Reduce by 10% a month", author=expert
        )
        PhiOverride.objects.create(
            case=case,
            field="questions",
            kind="AGE",
            text_hash="0" * 64,
            reason="Not identifying",
            actor=presenter,
        )
    return case


@pytest.fixture
def presenter(program: Program) -> Any:
    user = UserFactory(first_name="Ana", last_name="Lopes")
    MembershipFactory(
        program=program, user=user, role=Role.PARTICIPANT, site=SiteFactory(program=program)
    )
    return user


@pytest.fixture
def expert(program: Program) -> Any:
    user = UserFactory(first_name="Ed", last_name="Pert", profession="pharmacist")
    MembershipFactory(program=program, user=user, role=Role.EXPERT)
    return user
