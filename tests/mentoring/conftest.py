from __future__ import annotations

from typing import Any

import pytest

from echohub.mentoring import services
from echohub.mentoring.models import Mentor, MentoringTopic
from echohub.programs.models import Role

HEALTH_CARD = "Her health card is 1234-567-897 AB, please advise."
CLEAN = "A patient on a high dose for years wants to taper. How slowly should we start?"
ANSWER = "Start with 5 to 10% of the current dose a month and review every two to four weeks."


@pytest.fixture
def topics(program: Any) -> list[MentoringTopic]:
    return [
        MentoringTopic.objects.create(
            program=program, name="Opioid tapering", name_fr="Réduction des opioïdes"
        ),
        MentoringTopic.objects.create(
            program=program, name="OUD treatment", name_fr="Traitement du TUO"
        ),
    ]


@pytest.fixture
def participant(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.PARTICIPANT, first_name="Ana", last_name="Lopes")


@pytest.fixture
def other(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.PARTICIPANT, first_name="Dev", last_name="Rao")


@pytest.fixture
def coordinator(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.COORDINATOR, first_name="Cleo", last_name="Tran")


@pytest.fixture
def evaluator(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.EVALUATOR)


@pytest.fixture
def make_mentor(program: Any, make_member: Any, coordinator: Any, topics: Any) -> Any:
    def make(topic_list: Any = None, **fields: Any) -> Mentor:
        user = make_member(program, Role.EXPERT)
        return services.save_mentor(
            actor=coordinator,
            program=program,
            user=user,
            disciplines="Pharmacy",
            topics=topics[:1] if topic_list is None else topic_list,
            **fields,
        )

    return make


@pytest.fixture
def mentor(make_mentor: Any) -> Mentor:
    return make_mentor()
