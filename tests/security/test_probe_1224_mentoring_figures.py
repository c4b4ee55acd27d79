"""Probe 12-24 (evaluator, mentoring figures): the answer figures of a handful of questions.

The mentoring figures page shows an evaluator the median hours to a first answer and the share
of first answers within the target once 5 or more askers and 5 or more mentors stand behind
them. But:

- The median of 5 to 9 values is one of those values (the 3rd of 5): one question's exact time
  to answer. Probe 1220 withheld the median and quartiles of fewer than 10 values on the
  insights pages and API for that reason; the mentoring page still shows it.
- The share within the target splits the answered questions in two: 80 % of 5 answers is
  4 answered in time and 1 late, a figure of one person (which asker waited, which mentor was
  late: the people of a small program know). The rule for every other split (hidden_groups)
  would hide both parts.

Invented program: five participants each ask one question in October 2026; five mentors each
give one first answer, after 10, 20, 30, 40 and 100 hours (the target is 72 hours).

The fix is in src/echohub/mentoring/queries.py (`figures`), not this helper's path: see the
report of probe 12-24. Both tests are strict xfails until then.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from echohub.mentoring.models import Message, MessageStatus, Question, QuestionStatus
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db

HOURS = [10, 20, 30, 40, 100]
ASKED = dt.datetime(2026, 10, 5, 14, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _one_step(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


@pytest.fixture
def tiles(program: Any, make_member: Any) -> dict[str, str]:
    """The figures' tiles as an evaluator reads them in December 2026."""
    for i, hours in enumerate(HOURS):
        asker = make_member(program, Role.PARTICIPANT)
        mentor = make_member(program, Role.EXPERT)
        asked = ASKED + dt.timedelta(days=i)
        answered = asked + dt.timedelta(hours=hours)
        q = Question.objects.create(
            program=program,
            asker=asker,
            status=QuestionStatus.OPEN,
            asked_at=asked,
            due_at=asked + dt.timedelta(hours=72),
            first_answer_at=answered,
        )
        Message.objects.create(
            question=q, author=asker, status=MessageStatus.SENT, body="q", sent_at=asked
        )
        Message.objects.create(
            question=q, author=mentor, status=MessageStatus.SENT, body="a", sent_at=answered
        )
    evaluator = make_member(program, Role.EVALUATOR)
    client = Client()
    with time_machine.travel(dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC), tick=False):
        client.force_login(evaluator)
        html = client.get(reverse("mentoring:figures", args=[program.slug])).content.decode()
    found = dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", html))
    assert found.get("Questions asked") == "5", found  # the tiles are there, the total shown
    return found


@pytest.mark.xfail(
    strict=True,
    reason="mentoring.queries.figures shows the median of 5 to 9 answer times (one of them)",
)
def test_the_median_of_fewer_than_ten_answer_times_is_not_shown(tiles: dict[str, str]) -> None:
    median = tiles["Median time to first answer (hours)"]
    assert median == "—", f"the median is the third answer's own time: {median}"


@pytest.mark.xfail(
    strict=True,
    reason="mentoring.queries.figures shows a share that splits 5 answers into 4 and 1",
)
def test_the_share_within_the_target_does_not_give_back_one_late_answer(
    tiles: dict[str, str],
) -> None:
    share = next(v for k, v in tiles.items() if k.startswith("First answers within"))
    assert share == "—", f"{share} of 5 answers: one was late"
