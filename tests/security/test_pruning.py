"""The sign-in record and the rate counters do not grow for ever: the hourly scheduled run
(`echohub send_reminders`) deletes sign-in record lines past SIGNIN_RECORD_DAYS and counters that
neither count nor lock any more."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from echohub.security.models import RateCounter, SignInEvent, SignInOutcome
from echohub.security.services import prune_sign_in_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def event(user, days_ago: float) -> SignInEvent:
    return SignInEvent.objects.create(
        user=user, outcome=SignInOutcome.SUCCESS, at=timezone.now() - dt.timedelta(days=days_ago)
    )


def test_the_scheduled_run_prunes_old_sign_in_lines_and_idle_counters(settings):
    settings.SIGNIN_RECORD_DAYS = 90
    user = UserFactory()
    old, edge, recent = event(user, 120), event(user, 89.9), event(user, 1)
    now = timezone.now()
    RateCounter.objects.create(
        scope="signin-account", key="a" * 64, window_start=now - dt.timedelta(days=3)
    )
    locked = RateCounter.objects.create(
        scope="signin-account",
        key="b" * 64,
        window_start=now - dt.timedelta(days=3),
        locked_until=now + dt.timedelta(minutes=10),
    )
    counting = RateCounter.objects.create(scope="signin-address", key="c" * 64, window_start=now)

    call_command("send_reminders", verbosity=0)

    assert set(SignInEvent.objects.values_list("pk", flat=True)) == {edge.pk, recent.pk}
    assert not SignInEvent.objects.filter(pk=old.pk).exists()
    assert set(RateCounter.objects.values_list("pk", flat=True)) == {locked.pk, counting.pk}


def test_the_record_length_is_a_setting(settings):
    user = UserFactory()
    for days in (2, 10, 40, 400):
        event(user, days)
    settings.SIGNIN_RECORD_DAYS = 365
    assert prune_sign_in_record() == 1
    assert prune_sign_in_record(days=30) == 1
    assert prune_sign_in_record(days=5) == 1
    assert SignInEvent.objects.count() == 1
