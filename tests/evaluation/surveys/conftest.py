"""Fixtures for surveys: a coordinator, participants, an ended session and a survey with one
question of every kind, built through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import factory
import pytest
from django.utils import timezone, translation

from echohub.evaluation import services
from echohub.evaluation.models import Survey, SurveyInvitation
from echohub.programs.models import Program, Role
from echohub.scheduling.models import Session
from tests.factories import SessionFactory, SurveyFactory

SCALE = [
    {"value": str(i), "label": en, "label_fr": fr}
    for i, (en, fr) in enumerate([("Poor", "Médiocre"), ("Fair", ""), ("Good", "Bonne")], start=1)
]


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyInvitation

    survey = factory.SubFactory(SurveyFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    token_hash = factory.Sequence(lambda n: services.hash_token(f"token-{n}"))


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English (a French request earlier in the thread must not leak)."""
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(program: Program, make_member: Callable[..., Any]) -> Any:
    return make_member(program, Role.COORDINATOR)


@pytest.fixture
def participant(program: Program, make_member: Callable[..., Any]) -> Any:
    return make_member(program, Role.PARTICIPANT, first_name="Priya", email="priya@example.test")


@pytest.fixture
def ended_session(program: Program) -> Session:
    end = timezone.now() - dt.timedelta(hours=1)
    return SessionFactory(
        program=program, title="Tapering", starts_at=end - dt.timedelta(minutes=90), ends_at=end
    )


def all_kinds(survey: Survey, actor: Any) -> None:
    """One question of every kind; the likert, the matrix and the number are required."""
    add = services.save_question
    add(
        actor=actor,
        survey=survey,
        data={
            "code": "quality",
            "kind": "likert",
            "text": "Quality?",
            "text_fr": "Qualité?",
            "required": True,
            "options": SCALE,
        },
    )
    add(
        actor=actor,
        survey=survey,
        data={
            "code": "role",
            "kind": "single",
            "text": "Your role",
            "options": [{"value": "md", "label": "Physician"}, {"value": "rn", "label": "Nurse"}],
        },
    )
    add(
        actor=actor,
        survey=survey,
        data={
            "code": "topics",
            "kind": "multiple",
            "text": "Topics",
            "options": [
                {"value": "a", "label": "Tapering"},
                {"value": "b", "label": "Naloxone"},
                {"value": "c", "label": "Sleep"},
            ],
        },
    )
    add(
        actor=actor,
        survey=survey,
        data={
            "code": "patients",
            "kind": "number",
            "text": "Patients a week",
            "required": True,
            "min_value": Decimal("0"),
            "max_value": Decimal("100"),
        },
    )
    add(
        actor=actor,
        survey=survey,
        data={
            "code": "se",
            "kind": "matrix",
            "text": "Confidence",
            "required": True,
            "options": SCALE,
            "rows": [
                {"key": "taper", "label": "Taper"},
                {"key": "oud", "label": "Treat OUD", "label_fr": "Traiter le TUO"},
            ],
        },
    )
    add(actor=actor, survey=survey, data={"code": "comments", "kind": "text", "text": "Comments"})


@pytest.fixture
def make_survey(program: Program, coordinator: Any) -> Callable[..., Survey]:
    def make(*, status: str = "open", **data: Any) -> Survey:
        data.setdefault("title", "Session evaluation")
        data.setdefault("kind", "post_session")
        survey = services.create_survey(actor=coordinator, program=program, data=data)
        all_kinds(survey, coordinator)
        if status in ("open", "closed"):
            services.open_survey(actor=coordinator, survey=survey)
        if status == "closed":
            services.close_survey(actor=coordinator, survey=survey)
        survey.refresh_from_db()
        return survey

    return make


def good_answers(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "a-quality": "3",
        "a-role": "rn",
        "a-topics": ["a", "c"],
        "a-patients": "12",
        "a-se:taper": "2",
        "a-se:oud": "3",
        "a-comments": "Very useful, thank you.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def invite() -> Callable[..., tuple[SurveyInvitation, str]]:
    """invite(survey, user, session=None) -> (invitation, its token), without email."""

    def make(survey: Survey, user: Any, session: Session | None = None) -> tuple[Any, str]:
        token = f"tok-{survey.pk}-{user.pk}-{session.pk if session else 0}"
        inv = SurveyInvitation.objects.create(
            survey=survey,
            user=user,
            session=session,
            token_hash=services.hash_token(token),
            sent_at=timezone.now(),
        )
        return inv, token

    return make
