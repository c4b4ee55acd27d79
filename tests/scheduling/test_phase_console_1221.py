"""A session's phase follows the live console near its time (hubwalk10: a session the hub
started 20 minutes early still read "Scheduled"; one ended early still read "Live now"); far
from its time it is the clock's alone and costs no query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from echohub.live.models import LiveSession, LiveState
from echohub.scheduling.models import Session
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def session_in(minutes: int, state: str | None) -> Session:
    starts = timezone.now() + dt.timedelta(minutes=minutes)
    session = SessionFactory(starts_at=starts, ends_at=starts + dt.timedelta(minutes=120))
    if state is not None:
        LiveSession.objects.create(session=session, state=state, started_at=timezone.now())
    return Session.objects.get(pk=session.pk)


@pytest.mark.parametrize(
    ("minutes", "state", "phase"),
    [
        (20, LiveState.RUNNING, "live"),  # started early on the console
        (20, LiveState.NOT_STARTED, "scheduled"),
        (20, None, "scheduled"),
        (-30, LiveState.ENDED, "ended"),  # ended early
        (-30, LiveState.RUNNING, "live"),
        (-30, LiveState.NOT_STARTED, "live"),  # the clock says so; the hub has not pressed Start
        (-30, None, "live"),
        (-200, LiveState.RUNNING, "ended"),  # past its end: ended, whatever the console says
    ],
)
def test_phase(minutes: int, state: str | None, phase: str) -> None:
    assert session_in(minutes, state).phase == phase


def test_a_session_far_from_now_reads_no_console() -> None:
    session = session_in(60 * 24 * 3, LiveState.RUNNING)
    with CaptureQueriesContext(connection) as queries:
        assert session.phase == "scheduled"
        assert str(session.get_phase_display()) == "Scheduled"
    assert len(queries) == 0
