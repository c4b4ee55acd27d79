"""Walk 14 (a coordinator walking attendance -> credits -> certificates in the demo):
- a rule's eligibility page listed the cycle's future sessions first, a page of rows of 0,
  and the sessions with credit on the next page: it lists the sessions held so far;
- a session's awards page said the length as a timedelta ("1:30:00 long");
- the new-rule form spoke of "the earlier version" of a rule that has none;
- on a phone the rules table hid its links off to the right: the rule's name leads to its
  eligibility."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from echohub.programs.models import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 30, 12, 0, tzinfo=dt.UTC)  # after the three sessions of the cycle


@pytest.fixture
def rule(program, sessions, participant, attend, make_rule):
    attend(sessions[0], participant, 90)
    return make_rule()


def test_eligibility_lists_only_sessions_already_held(as_role, program, sessions, series, rule):
    later = SessionFactory(
        program=program,
        series=series,
        number=4,
        title="Opioid tapering, part 4 (not yet held)",
        starts_at=NOW + dt.timedelta(days=7),
        ends_at=NOW + dt.timedelta(days=7, minutes=90),
    )
    client = as_role(program, Role.COORDINATOR)
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/p/{program.slug}/credits/rules/{rule.pk}/").content.decode()
    assert "Opioid tapering, part 1" in page
    assert later.title not in page


def test_eligibility_before_any_session_says_none_was_held(as_role, program, sessions, rule):
    client = as_role(program, Role.COORDINATOR)
    with time_machine.travel(sessions[0].starts_at - dt.timedelta(days=1), tick=False):
        page = client.get(f"/p/{program.slug}/credits/rules/{rule.pk}/").content.decode()
    assert "No session of this program has been held yet." in page


def test_session_awards_say_the_length_in_minutes(as_role, program, sessions, rule):
    client = as_role(program, Role.COORDINATOR)
    page = client.get(
        f"/p/{program.slug}/credits/rules/{rule.pk}/sessions/{sessions[0].pk}/"
    ).content.decode()
    assert "90 minutes long" in page
    assert "1:30:00" not in page


def test_the_new_rule_form_does_not_speak_of_an_earlier_version(as_role, program, rule):
    client = as_role(program, Role.PROGRAM_ADMIN)
    new = client.get(f"/p/{program.slug}/credits/rules/new/").content.decode()
    assert "The earlier version" not in new
    assert "from the attendance already recorded" in new
    edit = client.get(f"/p/{program.slug}/credits/rules/{rule.pk}/edit/").content.decode()
    assert "The earlier version, its credits and the certificates" in edit


def test_the_rule_name_leads_to_its_eligibility(as_role, program, rule):
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/credits/").content.decode()
    link = f'<a href="/p/{program.slug}/credits/rules/{rule.pk}/">{rule.name}</a>'
    assert link in page
