"""Library content for the search tests, made directly (synthetic): past cases with their
recommendations, talks and tools, in programs the test chooses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from echohub.cases.models import Case, CaseMedication, CaseScore, CaseStatus, Recommendation
from echohub.library.models import Talk, Tool
from echohub.programs.models import Program
from tests.factories import UserFactory


def make_case(
    program: Program,
    *,
    title: str = "Chronic low back pain on opioids",
    status: str = CaseStatus.RECOMMENDATIONS_SENT,
    presenter: Any = None,
    questions: str = "",
    meds: list[tuple[str, str]] | None = None,
    mme: str | None = None,
    scores: list[str] | None = None,
    recommendations: dict[str, str] | None = None,
    **fields: Any,
) -> Case:
    """A case saved in one go (the search index follows its saves)."""
    presenter = presenter or UserFactory()
    now = timezone.now()
    case = Case(
        program=program,
        presenter=presenter,
        presenter_profession=presenter.profession,
        title=title,
        questions=questions,
        status=CaseStatus.DRAFT,
        mme_total=Decimal(mme) if mme is not None else None,
        **fields,
    )
    case.save()
    for i, (drug, dose) in enumerate(meds or []):
        CaseMedication.objects.create(
            case=case, position=i, drug=drug, dose=Decimal(dose), unit="mg", times_per_day=2
        )
    for instrument in scores or []:
        CaseScore.objects.create(case=case, instrument=instrument, total=Decimal(5))
    for discipline, text in (recommendations or {}).items():
        Recommendation.objects.create(case=case, discipline=discipline, text=text, author=presenter)
    if status != CaseStatus.DRAFT:
        case.status = status
        case.sent_at = now - dt.timedelta(days=30)
        case.save()
    return case


def make_talk(program: Program, title: str, **fields: Any) -> Talk:
    fields.setdefault("given_on", dt.date(2025, 4, 10))
    return Talk.objects.create(program=program, title=title, **fields)


def make_tool(program: Program | None, title: str, **fields: Any) -> Tool:
    return Tool.objects.create(program=program, title=title, **fields)


@pytest.fixture
def library(program: Program) -> dict[str, Any]:
    """A small library in `program`."""
    return {
        "tapering": make_talk(
            program,
            "Tapering opioids slowly",
            learning_objectives="Plan a slow taper with the patient; watch sleep and mood.",
            key_points="Reduce by 5 to 10 percent every 2 to 4 weeks.",
            theme="opioid_tapering",
        ),
        "sleep": make_talk(
            program,
            "Sleep and chronic pain",
            learning_objectives="Insomnia treatment without sedatives.",
            key_points="Tapering is not the topic here; sleep hygiene is.",
        ),
        "manager": make_tool(
            program,
            "Opioid Manager",
            description="The Centre for Effective Practice's tool for opioid tapering decisions.",
            source="Centre for Effective Practice",
        ),
        "case": make_case(
            program,
            title="Hydromorphone at 120 MME with poor sleep",
            questions="How fast can we taper hydromorphone while she sleeps so poorly?",
            meds=[("hydromorphone", "12")],
            mme="120",
            scores=["peg"],
            theme="opioid_tapering",
            age_band="50-59",
            recommendations={"pharmacy": "Reduce hydromorphone by 10% every two weeks."},
        ),
    }
