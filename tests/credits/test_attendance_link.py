"""Credits follow attendance: an adjustment refreshes the person's award once it commits."""

from decimal import Decimal

import pytest

from echohub.attendance import services as attendance
from echohub.credits.models import CreditAward

pytestmark = pytest.mark.django_db


def test_an_attendance_adjustment_updates_credits(
    make_rule, sessions, participant, coordinator, django_capture_on_commit_callbacks
):
    rule = make_rule(credits_per_hour=Decimal("1"), minimum_share=50)
    session = sessions[0]
    with django_capture_on_commit_callbacks(execute=True):
        attendance.adjust_attendance(
            actor=coordinator,
            session=session,
            user=participant,
            minutes=90,
            reason="Sign-in sheet for the room",
        )
    award = CreditAward.objects.get(rule=rule, session=session, user=participant)
    assert (award.eligible, award.credits) == (True, Decimal("1.50"))
    with django_capture_on_commit_callbacks(execute=True):
        attendance.adjust_attendance(
            actor=coordinator,
            session=session,
            user=participant,
            minutes=20,
            reason="Left early, per the chat log",
        )
    award = CreditAward.objects.get(rule=rule, session=session, user=participant)
    assert (award.eligible, award.minutes) == (False, 20)
