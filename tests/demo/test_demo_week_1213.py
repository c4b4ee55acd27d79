"""The demo at stage "running" gives the hub's week something to do, whatever the day it is
loaded: the expert has a case waiting for their recommendations (their discipline not written
yet) and the coordinator has follow-up requests waiting for a slot, counted on their home page.
Checked as each person would, signed in, over HTTP."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from echohub.accounts.models import User
from echohub.cases.models import Case, CaseStatus
from echohub.scheduling.models import FollowUpRequest
from echohub.scheduling.queries import follow_up_slots_of_case

# A Wednesday evening, six days after the last Thursday session: every other case of that
# session has its recommendations sent by now (they go out 18 to 120 hours after a session).
NOW = dt.datetime(2026, 11, 25, 22, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Iterator[dt.datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


def test_running_demo_gives_the_expert_and_the_coordinator_their_week(client) -> None:
    call_command("demo", stdout=StringIO())

    # The expert: a presented case waits for their recommendations; others wrote theirs.
    expert = User.objects.get(email="expert@example.org")
    client.force_login(expert)
    listing = client.get("/p/chronic-pain/cases/?status=presented").content.decode()
    ids = sorted({int(pk) for pk in re.findall(r"/p/chronic-pain/cases/(\d+)/", listing)})
    assert ids, "no presented case in the expert's list"
    waiting = Case.objects.get(pk=ids[0])
    assert waiting.status == CaseStatus.PRESENTED and waiting.sent_at is None
    page = client.get(waiting.get_absolute_url()).content.decode()
    own = re.search(r'<textarea name="medicine-text"[^>]*>(.*?)</textarea>', page, re.S)
    assert own is not None and own.group(1).strip() == ""  # the expert's discipline: to write
    others = re.findall(r'<textarea name="(\w+)-text"[^>]*>\s*(\S.*?)</textarea>', page, re.S)
    assert others, "no other discipline has written yet"
    # The recommendations of the cases already sent carry the expert's name for their discipline.
    assert Case.objects.filter(
        program__slug="chronic-pain", recommendations__author=expert
    ).exists()

    # The coordinator: open follow-up requests, counted on the home page with a link.
    coordinator = User.objects.get(email="coordinator@example.org")
    open_requests = FollowUpRequest.objects.filter(
        case__program__slug="chronic-pain", answered_at__isnull=True
    )
    assert open_requests.count() >= 1
    # None asks for a case already on a coming agenda.
    assert not follow_up_slots_of_case([r.case_id for r in open_requests])
    client.force_login(coordinator)
    home = client.get("/").content.decode()
    todo = home.split('id="todo-heading"')[1].split("</section>")[0]
    assert re.search(r"<strong>\d+</strong> follow-ups? asked for, waiting for a slot", todo)
    assert 'href="/p/chronic-pain/sessions/follow-ups/"' in todo
    page = client.get("/p/chronic-pain/sessions/follow-ups/").content.decode()
    listed = page.split('id="waiting-h"')[1]
    for request in open_requests:
        assert request.case.number in listed

    # The demo participant sees their own request on their case page.
    participant = User.objects.get(email="participant@example.org")
    mine = open_requests.filter(requested_by=participant).first()
    assert mine is not None
    client.force_login(participant)
    page = client.get(mine.case.get_absolute_url()).content.decode()
    card = page.split('id="follow-up-slot"')[1].split("</section>")[0]
    assert "You asked for a follow-up slot on" in card
