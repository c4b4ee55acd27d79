from __future__ import annotations

from typing import Any

import pytest

from echohub.community.models import Topic
from echohub.programs.models import Role

HEALTH_CARD = "Her health card is 1234-567-897 AB, please advise."
PHONE = "Call the clinic at 416-555-0199 tomorrow."
CLEAN = "We tapered by 10% a month with good function. *Slow* is key."


@pytest.fixture
def topic(program: Any) -> Topic:
    return Topic.objects.create(program=program, title="Opioid tapering")


@pytest.fixture
def participant(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.PARTICIPANT, first_name="Ana", last_name="Lopes")


@pytest.fixture
def expert(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.EXPERT, first_name="Ben", last_name="Okafor")


@pytest.fixture
def coordinator(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.COORDINATOR, first_name="Cleo", last_name="Tran")


@pytest.fixture
def evaluator(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.EVALUATOR)
