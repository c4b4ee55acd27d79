"""When a session may be started on the console (browser walk: a coordinator could start next
week's session days early). From START_OPENS_BEFORE (60 minutes) before its planned start
until its planned end; earlier is refused (`too_early`) in words that say when it is scheduled
and from when it can be started, in the viewer's time zone; after its end (`ended`) and
cancelled (`cancelled`) too. The console shows the reason beside an aria-disabled Start."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.core.errors import Conflict
from echohub.core.models import AuditEntry
from echohub.live import services
from echohub.live.models import LiveEvent, LiveSession, LiveState
from echohub.programs.models import Role
from echohub.scheduling.models import EARLY_START_WINDOW, AgendaItem, AgendaKind, SessionStatus
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

# Thursday 10 December 2026, 12:30-14:00 in Toronto (EST, UTC-5).
STARTS = dt.datetime(2026, 12, 10, 17, 30, tzinfo=dt.UTC)
ENDS = STARTS + dt.timedelta(minutes=90)


def url(name, session):
    return reverse(f"live:{name}", kwargs={"slug": session.program.slug, "pk": session.pk})


@pytest.fixture
def planned(program):
    session = SessionFactory(program=program, starts_at=STARTS, ends_at=ENDS)
    AgendaItem.objects.create(
        session=session, kind=AgendaKind.DIDACTIC, title="Tapering", position=1
    )
    return session


def nothing_started(session) -> bool:
    state = LiveSession.objects.filter(session=session).values_list("state", flat=True).first()
    return (
        state in (None, LiveState.NOT_STARTED)
        and not LiveEvent.objects.filter(session=session).exists()
        and not AuditEntry.objects.filter(action="live.started").exists()
    )


# --- the service ---------------------------------------------------------------------------


def test_a_session_three_days_away_is_refused_saying_when_it_can_start(
    planned, make_member, program
):
    coordinator = make_member(program, Role.COORDINATOR, time_zone="America/Toronto")
    early = time_machine.travel(STARTS - dt.timedelta(days=3), tick=False)
    with early, pytest.raises(Conflict) as refused:
        services.start_session(actor=coordinator, session=planned)
    assert refused.value.code == "too_early" and refused.value.status == 409
    assert refused.value.message == (
        "This session is scheduled for Thu 10 Dec 2026, 12:30 EST. It can be started on the "
        "console from Thu 10 Dec 2026, 11:30 EST, 60 minutes before its start."
    )
    assert nothing_started(planned)


def test_the_refusal_speaks_the_viewers_time_zone(planned, make_member, program):
    """The same session, refused to a coordinator in Vancouver and one in Paris."""
    west = make_member(program, Role.COORDINATOR, time_zone="America/Vancouver")
    east = make_member(program, Role.COORDINATOR, time_zone="Europe/Paris")
    with time_machine.travel(STARTS - dt.timedelta(days=1), tick=False):
        with pytest.raises(Conflict) as west_refused:
            services.start_session(actor=west, session=planned)
        with pytest.raises(Conflict) as east_refused:
            services.start_session(actor=east, session=planned)
    assert "Thu 10 Dec 2026, 09:30 PST" in west_refused.value.message
    assert "from Thu 10 Dec 2026, 08:30 PST" in west_refused.value.message
    assert "Thu 10 Dec 2026, 18:30 CET" in east_refused.value.message
    assert "from Thu 10 Dec 2026, 17:30 CET" in east_refused.value.message


def test_a_viewer_with_a_bad_time_zone_reads_the_deployments(planned, make_member, program):
    coordinator = make_member(program, Role.COORDINATOR)
    type(coordinator).objects.filter(pk=coordinator.pk).update(time_zone="Nowhere/Atlantis")
    coordinator.refresh_from_db()
    with time_machine.travel(STARTS - dt.timedelta(days=1), tick=False):
        refused = services.start_refusal(planned, viewer=coordinator)
    assert refused is not None and refused.code == "too_early"
    assert "10 Dec 2026" in refused.message


def test_the_window_opens_60_minutes_before_the_start_to_the_minute(planned, make_member, program):
    coordinator = make_member(program, Role.COORDINATOR)
    a_second_early = time_machine.travel(STARTS - dt.timedelta(minutes=60, seconds=1), tick=False)
    with a_second_early, pytest.raises(Conflict, match="60 minutes before its start"):
        services.start_session(actor=coordinator, session=planned)
    with time_machine.travel(STARTS - dt.timedelta(minutes=60), tick=False):
        live = services.start_session(actor=coordinator, session=planned)
    assert live.state == LiveState.RUNNING
    assert live.started_at == STARTS - dt.timedelta(minutes=60)


def test_a_session_whose_planned_end_has_passed_is_not_started(planned, make_member, program):
    """Its page already reads as ended; starting then ending it would recount everyone's
    minutes in a window nobody attended."""
    coordinator = make_member(program, Role.COORDINATOR, time_zone="America/Toronto")
    with time_machine.travel(ENDS, tick=False), pytest.raises(Conflict) as refused:
        services.start_session(actor=coordinator, session=planned)
    assert refused.value.code == "ended"
    assert "planned to end on Thu 10 Dec 2026, 14:00 EST" in refused.value.message
    assert nothing_started(planned)


def test_a_cancelled_session_is_still_refused_as_cancelled(planned, make_member, program):
    coordinator = make_member(program, Role.COORDINATOR)
    planned.status = SessionStatus.CANCELLED
    planned.save(update_fields=["status"])
    with time_machine.travel(STARTS, tick=False), pytest.raises(Conflict) as refused:
        services.start_session(actor=coordinator, session=planned)
    assert refused.value.code == "cancelled"


def test_a_started_session_says_so_rather_than_its_window(planned, make_member, program):
    coordinator = make_member(program, Role.COORDINATOR)
    with time_machine.travel(STARTS, tick=False):
        services.start_session(actor=coordinator, session=planned)
    later = time_machine.travel(ENDS + dt.timedelta(hours=1), tick=False)
    with later, pytest.raises(Conflict) as refused:
        services.start_session(actor=coordinator, session=planned)
    assert refused.value.code == "already_started"


def test_the_window_opens_within_the_hour_that_reads_a_session_live():
    """A session started at the window's opening reads "live" (scheduling's phase reads the
    console within EARLY_START_WINDOW of the start): the two limits agree."""
    assert dt.timedelta(0) < services.START_OPENS_BEFORE <= EARLY_START_WINDOW


ZONES = ["America/Toronto", "America/Vancouver", "America/St_Johns", "Europe/Paris", "UTC",
         "Asia/Kolkata", "Pacific/Chatham", "America/Regina"]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    offset=st.integers(min_value=-4 * 24 * 60, max_value=4 * 24 * 60),
    seconds=st.integers(min_value=0, max_value=59),
    minutes=st.integers(min_value=30, max_value=240),
    start_zone=st.sampled_from(ZONES),
    viewer_zone=st.sampled_from(ZONES),
)
def test_start_is_allowed_iff_within_the_window_whatever_the_time_zone(
    offset, seconds, minutes, start_zone, viewer_zone
):
    """Whatever the session's and the viewer's time zones, and whenever the button is pressed
    (up to four days either side): allowed iff an hour before its start <= now < its end; a
    refusal changes nothing."""
    program = ProgramFactory()
    user = UserFactory(time_zone=viewer_zone)
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    local = dt.datetime(2027, 3, 14, 2, 30, tzinfo=zoneinfo.ZoneInfo(start_zone))  # a DST day
    starts = local.astimezone(dt.UTC)
    ends = starts + dt.timedelta(minutes=minutes)
    session = SessionFactory(program=program, starts_at=starts, ends_at=ends, time_zone=start_zone)
    now = starts + dt.timedelta(minutes=offset, seconds=seconds)
    inside = starts - dt.timedelta(minutes=60) <= now < ends
    with time_machine.travel(now, tick=False):
        try:
            services.start_session(actor=user, session=session)
            started = True
        except Conflict as err:
            started = False
            assert err.code == ("too_early" if now < starts else "ended")
            assert not LiveEvent.objects.filter(session=session).exists()
    assert started is inside


# --- the console ---------------------------------------------------------------------------


def start_form(pane: str) -> str:
    (form,) = [f for f in re.findall(r"<form\b.*?</form>", pane, re.S) if 'value="start"' in f]
    return form


def test_the_console_days_early_shows_why_and_a_disabled_start(as_role, planned):
    client = as_role(planned.program, Role.COORDINATOR)
    with time_machine.travel(STARTS - dt.timedelta(days=3), tick=False):
        pane = client.get(url("console", planned), {"part": "agenda"}).content.decode()
    form = start_form(pane)
    assert 'aria-disabled="true"' in form and 'aria-describedby="start-why"' in form
    assert re.search(r'id="start-why">This session is scheduled for .*12:30.* from .*11:30', form)
    assert "hx-confirm" not in form  # refused, not asked about
    assert "every 60s" in pane  # the pane reads itself again, so the button opens on time


def test_the_console_within_the_hour_offers_a_working_start(as_role, planned):
    client = as_role(planned.program, Role.COORDINATOR)
    with time_machine.travel(STARTS - dt.timedelta(minutes=30), tick=False):
        pane = client.get(url("console", planned), {"part": "agenda"}).content.decode()
    form = start_form(pane)
    assert "aria-disabled" not in form and "start-why" not in form and "hx-confirm" not in form


def test_the_console_after_the_end_says_it_is_over(as_role, planned):
    client = as_role(planned.program, Role.COORDINATOR)
    with time_machine.travel(ENDS + dt.timedelta(days=2), tick=False):
        pane = client.get(url("console", planned), {"part": "agenda"}).content.decode()
    form = start_form(pane)
    assert 'aria-disabled="true"' in form and "it is over and can no longer be started" in form
    assert "every 60s" not in pane


def test_pressing_start_days_early_is_refused_with_the_reason_and_starts_nothing(as_role, planned):
    client = as_role(planned.program, Role.COORDINATOR)
    with time_machine.travel(STARTS - dt.timedelta(days=3), tick=False):
        htmx = client.post(url("action", planned), {"action": "start"}, HTTP_HX_REQUEST="true")
        plain = client.post(url("action", planned), {"action": "start"}, follow=True)
    assert htmx.status_code == 409
    assert 'role="alert">This session is scheduled for' in htmx.content.decode()
    assert plain.redirect_chain and "This session is scheduled for" in plain.content.decode()
    assert nothing_started(planned)


def test_a_participant_pressing_start_is_refused_before_the_window_is_said(as_role, planned):
    client = as_role(planned.program, Role.PARTICIPANT)
    with time_machine.travel(STARTS - dt.timedelta(days=3), tick=False):
        response = client.post(url("action", planned), {"action": "start"})
    assert response.status_code in (403, 404)
    assert "This session is scheduled for" not in response.content.decode()
    assert nothing_started(planned)
