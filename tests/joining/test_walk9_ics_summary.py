"""Walk 9 (a participant's calendar download in French): the event's title joined program and
session with an English colon (« Santé mentale…: Cycle 2026-2027 – Séance 4 ») while its own
description reads « Ordre du jour : ». The title now takes the reader's typography."""

import pytest
from ical.calendar_stream import IcsCalendarStream

from echohub.programs.models import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _summary(client, program, session, language: str) -> str:
    response = client.get(
        f"/p/{program.slug}/sessions/{session.pk}/calendar.ics", HTTP_ACCEPT_LANGUAGE=language
    )
    [event] = IcsCalendarStream.calendar_from_ics(response.content.decode()).events
    return event.summary


def test_the_calendar_title_takes_the_readers_colon(client, program, make_member):
    session = SessionFactory(program=program, title="Séance 4")
    user = make_member(program, Role.PARTICIPANT)
    user.language = "fr"
    user.save()
    client.force_login(user)
    fr = _summary(client, program, session, "fr")
    assert fr.endswith("\u00a0: Séance 4"), fr
    user.language = "en"
    user.save()
    assert _summary(client, program, session, "en") == f"{program.name}: Séance 4"
