"""Probe 1221 (pairs over time): a paired pre/post comparison counts a person from the later of
their two answers' months, so pairs do not add up over months the way each survey's answers
do. The comparison for January to March and for January to April (or the page read in April
and again in May) stood for 10 and 12 people: each figure 5 or more, each month of answers 5 or
more people, yet 12 x one mean less 10 x the other is the two people who completed a pair in
April, their own ratings before and after.

For an evaluator the comparison now covers every month that is over, whatever the dates, and a
question's comparison is shown only where the people who completed a pair since it was last
shown are none or 5 or more (as reach shows a prefix of months); the page says why.

Invented cycle: twenty-five family physicians answer the start-of-cycle survey in January 2026;
ten of them answer the end-of-cycle survey in March, two more in April, with five who never
answered the start (each month of each survey stands for 5 or more people).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from echohub.evaluation import privacy
from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/Toronto")
FP = "family_physician"
LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]
JAN, MAR, APR, MAY = (dt.date(2026, m, d) for m, d in ((1, 12), (3, 10), (4, 14), (5, 12)))
SLUGS = itertools.count()
HIDDEN = "&lt;5"

Side = tuple[dt.date, int] | None  # (day answered, rating) or no answer


class Cycle:
    def __init__(self, people: list[tuple[Side, Side]]) -> None:
        slug = f"pairs{next(SLUGS)}"
        self.program = p = ProgramFactory(slug=slug, time_zone="America/Toronto")
        site = SiteFactory(program=p, region="North West", rurality="rural")
        self.pre = Survey.objects.create(program=p, kind="pre_cycle", title="Start", status="open")
        self.post = Survey.objects.create(
            program=p, kind="post_cycle", title="End", status="open", pre_survey=self.pre
        )
        questions = {
            s.pk: Question.objects.create(
                survey=s, code="confident", kind="likert", text="Confident?", options=LIKERT
            )
            for s in (self.pre, self.post)
        }
        for i, sides in enumerate(people):
            user = UserFactory(profession=FP, email=f"p{i}.{slug}@example.test")
            MembershipFactory(program=p, user=user, role=Role.PARTICIPANT, site=site)
            for survey, side in zip((self.pre, self.post), sides, strict=True):
                if side is not None:
                    day, rating = side
                    r = Response.objects.create(survey=survey, user=user, submitted_on=day)
                    Answer.objects.create(
                        response=r, question=questions[survey.pk], number=Decimal(rating)
                    )

    def sign_in(self, client: Any, role: str = Role.EVALUATOR) -> Any:
        user = UserFactory()
        MembershipFactory(program=self.program, user=user, role=role)
        client.force_login(user)
        return client

    def page(self, client: Any, filters: dict[str, str]) -> str:
        url = reverse(
            "evaluation:survey_results", kwargs={"slug": self.program.slug, "pk": self.post.pk}
        )
        response = client.get(url, filters)
        assert response.status_code == 200
        return str(response.content.decode())

    def row(self, client: Any, filters: dict[str, str]) -> list[str]:
        """The comparison's row as shown: [pairs, mean before, mean after, ...]."""
        html = self.page(client, filters)
        table = re.search(r'id="comparison-table">(.*?)</table>', html, re.S)
        assert table is not None, "the page shows the comparison table"
        row = re.search(r"<tr><th scope=\"row\">.*?</th>(.*?)</tr>", table.group(1), re.S)
        assert row is not None
        return [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)
        ]


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=TZ)


def shown(row: list[str]) -> bool:
    return row[0] != HIDDEN


# 10 pairs complete in March, 2 in April; 5 answer only the end (April), 8 only the start.
PEOPLE: list[tuple[Side, Side]] = (
    [((JAN, 2), (MAR, 4))] * 10
    + [((JAN, 1), (APR, 5))] * 2
    + [(None, (APR, 3))] * 5
    + [((JAN, 3), None)] * 8
)


def test_two_end_dates_do_not_give_back_the_pairs_completed_between(client):
    cycle = Cycle(PEOPLE)
    ev = cycle.sign_in(client)
    march = cycle.row(ev, {"date_to": "2026-03-31"})
    april = cycle.row(ev, {"date_to": "2026-04-30"})
    assert not (shown(march) and shown(april) and march[0] != april[0]), (march, april)


def test_the_page_read_a_month_apart_does_not_give_back_the_months_pairs(client):
    cycle = Cycle(PEOPLE)
    ev = cycle.sign_in(client)
    with time_machine.travel(noon(dt.date(2026, 4, 20)), tick=False):
        april = cycle.row(ev, {})
    with time_machine.travel(noon(dt.date(2026, 5, 20)), tick=False):
        may = cycle.row(ev, {})
    assert shown(april) and april[0] == "10", april  # March's ten pairs: enough on their own
    assert not shown(may), may  # 12 beside 10: the two April pairs
    assert "fewer than 5 new pairs since last shown" in may[1]


def test_five_more_pairs_show_the_comparison_again(client):
    cycle = Cycle(PEOPLE + [((JAN, 2), (MAY, 5))] * 5)
    ev = cycle.sign_in(client)
    with time_machine.travel(noon(dt.date(2026, 6, 20)), tick=False):
        june = cycle.row(ev, {})
        page = cycle.page(ev, {"date_from": "2026-03-01"})
    assert shown(june) and june[0] == "17", june  # 7 pairs since March's 10
    assert 'id="pairs-over-time"' in page


def test_a_coordinator_still_reads_the_comparison_for_the_dates_chosen(client):
    cycle = Cycle(PEOPLE)
    coordinator = cycle.sign_in(client, Role.COORDINATOR)
    assert cycle.row(coordinator, {"date_to": "2026-03-31"})[0] == "10"
    assert cycle.row(coordinator, {"date_to": "2026-04-30"})[0] == "12"
    assert 'id="pairs-over-time"' not in cycle.page(coordinator, {})


@given(
    months=st.lists(st.integers(min_value=0, max_value=8), min_size=0, max_size=40),
)
def test_any_two_readings_shown_differ_by_none_or_five_pairs(months):
    """Each pair's month of completion; the comparison read at the end of each month shows
    the pairs completed up to it, or nothing: two shown readings differ by 0 or 5 or more."""
    completed = {p: dt.date(2026, 1 + m, 1) for p, m in enumerate(months)}
    seen = []
    for end in range(9):
        upto = {p: d for p, d in completed.items() if d <= dt.date(2026, 1 + end, 1)}
        if privacy.pairs_shown(upto):
            seen.append(len(upto))
    assert all(a == b or abs(a - b) >= 5 for a in seen for b in seen), seen
