"""The demo's live session is one that is on now (browser walk: the demo ran next Thursday's
session live, its page saying "Thursday" and "Running" together, and the console now refuses
to start a session days early). At stage "running" the pain program runs live the session on
now: the Thursday one when loaded during it (or within the hour before it), else an extra
session today, outside the cycle; before the cycle starts or after it ends, nothing runs live."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from echohub.accounts.models import User
from echohub.demo.data import load_demo
from echohub.joining.models import JoinEvent
from echohub.live import queries
from echohub.live.models import LiveSession, LiveState
from echohub.live.services import START_OPENS_BEFORE
from echohub.scheduling.models import Session

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
# A Thursday afternoon, after that day's 12:30-14:00 session (as tests/demo/test_demo.py).
AFTER_THURSDAY = dt.datetime(2026, 11, 19, 20, 0, tzinfo=dt.UTC)


def _load(now: dt.datetime, stage: str = "running") -> None:
    with time_machine.travel(now, tick=False):
        load_demo(stage=stage, now=now)


def _live_sessions() -> list[Session]:
    return list(
        Session.objects.filter(live__state=LiveState.RUNNING).select_related("program", "live")
    )


def test_running_stage_runs_live_a_session_on_now_not_next_thursdays() -> None:
    """Before: next Thursday's session (6 days away) was started and shown running."""
    now = AFTER_THURSDAY
    _load(now)

    (live,) = _live_sessions()
    assert live.program.slug == "chronic-pain"
    assert live.starts_at - START_OPENS_BEFORE <= now < live.ends_at  # on now
    assert live.starts_at.astimezone(TORONTO).date() == now.astimezone(TORONTO).date()
    assert live.series_id is None  # an extra session: the cycle keeps its 30 Thursdays
    cycle = Session.objects.filter(program=live.program, series__isnull=False)
    assert cycle.count() == 30
    assert not LiveSession.objects.exclude(session=live).exists()  # nothing else started
    nothing_overlaps = not Session.objects.filter(
        program=live.program, starts_at__lt=live.ends_at, ends_at__gt=live.starts_at
    ).exclude(pk=live.pk)
    assert nothing_overlaps
    # Started on time, on its second item: the agenda is on plan, with nothing from the future.
    state = LiveSession.objects.get(session=live)
    assert state.started_at is not None and live.starts_at <= state.started_at <= now
    agenda = queries.agenda(live, now)
    assert agenda.current is not None and agenda.current.item.position == 2
    assert 0 <= agenda.drift_minutes < 5
    clicks = list(JoinEvent.objects.filter(session=live).values_list("at", flat=True))
    assert clicks and max(clicks) <= now
    assert len(queries.roster(live, now).late) == 2
    with time_machine.travel(now, tick=False):
        assert live.phase == "live"


def test_the_console_of_the_demos_live_session_reads_running_and_on_plan(client) -> None:
    now = AFTER_THURSDAY
    _load(now)
    (live,) = _live_sessions()
    client.force_login(User.objects.get(email="coordinator@example.org"))
    with time_machine.travel(now + dt.timedelta(minutes=1), tick=False):
        page = client.get(reverse("live:console", args=["chronic-pain", live.pk])).content.decode()
        session_page = client.get(live.get_absolute_url()).content.decode()
    assert 'class="badge badge-live"' in page
    assert "behind the plan" not in page and "never ended" not in page
    assert 'value="start"' not in page  # running: no start button
    assert 'class="badge badge-live"' in session_page


@pytest.mark.parametrize(
    ("local", "started_now"),
    [
        (dt.datetime(2026, 11, 19, 12, 45), False),  # during the Thursday session
        (dt.datetime(2026, 11, 19, 12, 0), True),  # half an hour before it: started early
    ],
)
def test_loaded_at_the_thursday_session_time_the_demo_runs_that_one(
    local: dt.datetime, started_now: bool
) -> None:
    now = local.replace(tzinfo=TORONTO).astimezone(dt.UTC)
    _load(now)

    (live,) = _live_sessions()
    assert live.series_id is not None  # the cycle's own session, no extra one
    assert live.starts_at.astimezone(TORONTO).time() == dt.time(12, 30)
    assert Session.objects.filter(program=live.program).count() == 30
    state = LiveSession.objects.get(session=live)
    assert state.started_at == (now if started_now else live.starts_at)


@pytest.mark.parametrize("stage", ["enrolment", "completed"])
def test_nothing_runs_live_before_the_cycle_starts_or_after_it_ends(stage: str) -> None:
    _load(AFTER_THURSDAY, stage)

    assert not LiveSession.objects.exists()
    assert not Session.objects.filter(series__isnull=True).exists()  # no extra session


def test_loaded_just_after_a_session_the_extra_one_starts_at_its_end() -> None:
    """Ten minutes after the Thursday session's end: the extra session may not overlap it."""
    now = dt.datetime(2026, 11, 19, 14, 10, tzinfo=TORONTO).astimezone(dt.UTC)
    _load(now)

    (live,) = _live_sessions()
    assert live.series_id is None
    assert live.starts_at.astimezone(TORONTO).time() == dt.time(14, 0)
    clicks = list(JoinEvent.objects.filter(session=live).values_list("at", flat=True))
    assert max(clicks) <= now
