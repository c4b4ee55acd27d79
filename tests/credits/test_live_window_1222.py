"""Credits of a session the hub ran live and ended early. Attendance counts minutes from the
live session's actual start to its actual end; the minimum share was measured against the
planned length: everyone at a 90-minute session ended after an hour had at most 60 minutes,
below a 75 % share, and nobody earned credit for attending all of it (hunt 9). The share is
now of the minutes that could be counted; a session that ran over still caps at its planned
length (the designated maximum). Every name is invented."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from echohub.credits.models import CreditAward

pytestmark = pytest.mark.django_db


def ran_live(session: Any, minutes: int) -> None:
    from echohub.live.models import LiveSession, LiveState

    LiveSession.objects.create(
        session=session,
        state=LiveState.ENDED,
        started_at=session.starts_at,
        ended_at=session.starts_at + dt.timedelta(minutes=minutes),
    )


def award(rule: Any, session: Any, user: Any) -> tuple[bool, str, Decimal]:
    found = CreditAward.objects.get(rule=rule, session=session, user=user)
    return found.eligible, found.reason, found.credits


def test_all_of_a_session_ended_early_meets_the_minimum_share(
    make_rule: Any, sessions: list[Any], participant: Any, attend: Any
) -> None:
    ran_live(sessions[0], 60)  # planned 90 minutes
    attend(sessions[0], participant, 60)
    rule = make_rule(minimum_share=75)
    assert award(rule, sessions[0], participant) == (True, "", Decimal("1.00"))


def test_part_of_a_session_ended_early_is_measured_against_what_ran(
    make_rule: Any, sessions: list[Any], participant: Any, attend: Any
) -> None:
    ran_live(sessions[0], 60)
    attend(sessions[0], participant, 44)  # 73 % of the hour it ran
    rule = make_rule(minimum_share=75)
    assert award(rule, sessions[0], participant) == (False, "below_share", Decimal("0.00"))


def test_a_session_not_run_live_keeps_its_planned_length(
    make_rule: Any, sessions: list[Any], participant: Any, attend: Any
) -> None:
    attend(sessions[1], participant, 60)  # 67 % of 90 minutes
    rule = make_rule(minimum_share=75)
    assert award(rule, sessions[1], participant) == (False, "below_share", Decimal("0.00"))


def test_a_session_that_ran_over_still_caps_at_its_planned_length(
    make_rule: Any, sessions: list[Any], participant: Any, attend: Any
) -> None:
    ran_live(sessions[0], 120)
    attend(sessions[0], participant, 120)
    rule = make_rule(minimum_share=75)
    assert award(rule, sessions[0], participant) == (True, "", Decimal("1.50"))
