"""Under the case's Schedule picker, a session with no case slot on its agenda is not called
"full", and every session is named in the reader's language (the walk of round 1222: a new
series titled in French only was listed as "Full (no free case slot): Tue 5 Jan · ; …", its
English title empty and its sessions not full at all, only without a case slot yet)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from echohub.cases import services
from echohub.programs.models import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(draft, presenter, program, make_member):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    return services.review_case(actor=coordinator, case=draft, approve=True), coordinator


def test_a_session_without_a_case_slot_is_named_apart_and_linked(client, program, approved):
    case, coordinator = approved
    start = timezone.now() + dt.timedelta(days=9)
    bare = SessionFactory(
        program=program,
        title="",
        title_fr="Série inventée – Séance 1",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    client.force_login(coordinator)
    html = client.get(f"/p/{program.slug}/cases/{case.pk}/").content.decode()
    schedule = html.split("<h2>Schedule</h2>")[1].split("</section>")[0]
    assert "Full (no free case slot)" not in schedule
    assert "No case slot on the agenda yet" in schedule
    assert bare.get_absolute_url() in schedule
    # The French-only title stands in for the missing English one (never an empty name).
    assert "Série inventée – Séance 1" in schedule
    assert " · ;" not in schedule and " · </a>" not in schedule


def _sent(program, approved, session, make_member):
    case, coordinator = approved
    expert = make_member(program, Role.EXPERT)
    case = services.schedule_case(actor=coordinator, case=case, session=session)
    services.save_recommendation(actor=expert, case=case, discipline="pharmacy", text="Slow.")
    return services.send_recommendations(actor=coordinator, case=case), coordinator


def test_recommendations_sent_ahead_of_the_session_say_so(
    client, program, approved, upcoming_session, make_member
):
    """The walk of round 1222 read "Sent -98.8 hours after the session."."""
    case, coordinator = _sent(program, approved, upcoming_session, make_member)
    client.force_login(coordinator)
    html = client.get(f"/p/{program.slug}/cases/{case.pk}/").content.decode()
    assert "Sent before the session." in html
    assert "hours after the session" not in html and "hour after the session" not in html


def test_recommendations_sent_after_the_session_still_count_the_hours(
    client, program, approved, upcoming_session, make_member
):
    import time_machine

    case, coordinator = _sent(program, approved, upcoming_session, make_member)
    later = upcoming_session.ends_at + dt.timedelta(hours=30)
    type(case).objects.filter(pk=case.pk).update(sent_at=later)
    client.force_login(coordinator)
    with time_machine.travel(later + dt.timedelta(hours=1)):
        html = client.get(f"/p/{program.slug}/cases/{case.pk}/").content.decode()
    assert "Sent 30 hours after the session." in html
    assert "Sent before the session." not in html
