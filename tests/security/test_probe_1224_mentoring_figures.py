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

Fixed in src/echohub/mentoring/queries.py (`figures`): the median from 10 answer times, the
share only when its in-time and late sides each stand for 5 or more askers and mentors (or none).
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


def _tiles(program: Any, make_member: Any, all_hours: list[int]) -> dict[str, str]:
    """The figures' tiles as an evaluator reads them in December 2026."""
    for i, hours in enumerate(all_hours):
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
    assert found.get("Questions asked") == str(len(all_hours)), found  # the tiles are there
    return found


@pytest.fixture
def tiles(program: Any, make_member: Any) -> dict[str, str]:
    return _tiles(program, make_member, HOURS)


def test_the_median_of_fewer_than_ten_answer_times_is_not_shown(tiles: dict[str, str]) -> None:
    median = tiles["Median time to first answer (hours)"]
    assert median == "—", f"the median is the third answer's own time: {median}"


def test_the_share_within_the_target_does_not_give_back_one_late_answer(
    tiles: dict[str, str],
) -> None:
    share = next(v for k, v in tiles.items() if k.startswith("First answers within"))
    assert share == "—", f"{share} of 5 answers: one was late"


def test_ten_answers_five_in_time_and_five_late_show_both_figures(
    program: Any, make_member: Any
) -> None:
    """The rule hides what names a person, not every figure: 10 answer times give a median
    between two answers, and 5 in time beside 5 late (each by different people) a share."""
    found = _tiles(program, make_member, [10, 20, 30, 40, 50, 80, 90, 100, 110, 120])
    assert found["Median time to first answer (hours)"] == "65.0"
    share = next(v for k, v in found.items() if k.startswith("First answers within"))
    assert share == "50 %"
