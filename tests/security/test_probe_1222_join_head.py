"""Probe 12-22: a HEAD on a personal join link (a mail system's link checker, a chat preview)
was handled like the person opening it: a JoinEvent "redirected" was recorded (the attendance
screens and the live console then say they clicked the link) and the video provider was called
(BigBlueButton creates the meeting then). Now HEAD records nothing; other methods get 405."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from echohub.joining import services
from echohub.joining.models import JoinEvent
from echohub.programs.models import Program, Role
from tests.factories import MembershipFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)


@pytest.fixture
def link(program: Program) -> Any:
    with time_machine.travel(START - dt.timedelta(minutes=10), tick=False):
        session = SessionFactory(
            program=program, starts_at=START, ends_at=START + dt.timedelta(minutes=90)
        )
        user = UserFactory()
        MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
        yield f"/join/{services.join_token_for(session=session, user=user).token}/"


def test_a_head_on_a_join_link_records_no_join(link: str) -> None:
    response = Client().head(link)
    assert response.status_code == 200
    assert not JoinEvent.objects.exists()
    # The person opening it still joins.
    assert Client().get(link).status_code == 302
    assert JoinEvent.objects.count() == 1


def test_a_post_to_a_join_link_is_refused(link: str) -> None:
    assert Client().post(link).status_code == 405
    assert not JoinEvent.objects.exists()
