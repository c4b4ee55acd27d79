"""Probe 1226: differencing across two different measures of one report, over real HTTP.

The swap test of probe 1225 gives everyone the same behaviour, so it cannot see a small group
that two *different* figures of the same people give back by arithmetic. Two such attacks
worked before this probe's fixes:

* Reach: a month's participants less its new participants are the people who came back that
  month. January 10 people, February 12 of whom 9 new: the months table (page, CSV, PDF, API)
  showed February's 12 and 9, so 3 people came back, though the one-month view hides
  "returning" (3) and "new" beside it. The same month's new people are also the difference of
  two readings from the program's start (to January: 10, to February: 19).
* Survey results: a pre/post comparison shows a rating scale's mean after with its n; the
  post survey's answers per option (same n) hide "1" (2 people) and, as its complement, "4"
  (8); the mean (4.20 x 20 = 84) less the shown "5" (10 x 5) leaves 34 = a + 4b with
  a + b = 10: a = 2, b = 8.

Each test plays the attacker on what an evaluator reads and checks that no combination of
shown figures gives a group of 1 to 4 people. All data synthetic.
"""

from __future__ import annotations

import csv as csvmod
import datetime as dt
import io
import itertools
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from echohub.accounts.models import ApiToken
from echohub.attendance.models import Attendance
from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/Toronto")
NOW = dt.datetime(2026, 5, 20, 12, tzinfo=dt.UTC)  # January to April are over
HIDDEN = "<5"
MONTHS = ["2026-01", "2026-02", "2026-03"]
MONTH_END = {"2026-01": "2026-01-31", "2026-02": "2026-02-28", "2026-03": "2026-03-31"}
LIKERT = [{"value": str(i), "label": f"Point {i}"} for i in range(1, 6)]


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def small(n: Any) -> bool:
    return isinstance(n, int) and 0 < n < 5


class Reach:
    """One session on the 8th of each month of `MONTHS`, one cycle; `people`: per person, the
    months (indexes) they attended."""

    def __init__(self, slug: str, people: list[list[int]]) -> None:
        self.slug = slug
        self.program = p = ProgramFactory(slug=slug, time_zone="America/Toronto")
        self.cycle = SeriesFactory(program=p, title="Cycle", first_date=dt.date(2026, 1, 1))
        sessions = [
            SessionFactory(
                program=p,
                series=self.cycle,
                number=i + 1,
                starts_at=at(dt.date(2026, i + 1, 8)),
                ends_at=at(dt.date(2026, i + 1, 8), 14),
            )
            for i in range(len(MONTHS))
        ]
        for i, months in enumerate(people):
            user = UserFactory(profession="family_physician", email=f"r{i}.{slug}@example.test")
            MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
            for m in months:
                Attendance.objects.create(
                    session=sessions[m], user=user, computed_minutes=60, minutes=60
                )
        self.evaluator = UserFactory(email=f"eva.{slug}@example.test")
        MembershipFactory(program=p, user=self.evaluator, role=Role.EVALUATOR)
        _token, raw = ApiToken.issue(user=self.evaluator, name="probe")
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def api(self, client: Client, query: dict[str, Any]) -> dict[str, Any]:
        with time_machine.travel(NOW, tick=False):
            response = client.get(
                f"/api/v1/programs/{self.slug}/insights/reach", query, **self.headers
            )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["suppressed"] is True
        figures: dict[str, Any] = body["figures"]
        return figures

    def readings(self, client: Client) -> list[dict[str, Any]]:
        """Every reading an evaluator can make of reach here: no filter, the cycle, each
        month, each prefix (from the start to a month's end), each range of months."""
        queries: list[dict[str, Any]] = [{}, {"series": self.cycle.pk}]
        for a, b in itertools.combinations_with_replacement(MONTHS, 2):
            queries.append({"date_from": f"{a}-01", "date_to": MONTH_END[b]})
        queries += [{"date_to": MONTH_END[m]} for m in MONTHS]
        return [{"query": q, **self.api(client, q)} for q in queries]


def _month_rows(reading: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["month"][:7]: m for m in reading["months"]}


def returning_given_back(readings: list[dict[str, Any]]) -> list[str]:
    """The attacker: each month's people and new people, as shown in the months tables or
    given by two readings from the program's start (prefixes) less the new people shown for
    the other months between them; a month's people less its new people of 1 to 4 is a
    group the rule hides ("returning"). And a reading's attendances less its people, 1 to 4,
    are as many attendances of people who came again."""
    people: dict[str, int] = {}
    new: dict[str, int] = {}
    prefix: dict[str, int] = {}
    for r in readings:
        if r["query"].get("series") is None:  # the cycle's tables count the cycle only
            for month, row in _month_rows(r).items():
                if isinstance(row["people"], int):
                    people[month] = row["people"]
                if isinstance(row["new"], int):
                    new[month] = row["new"]
        q = r["query"]
        if set(q) == {"date_to"} and isinstance(r["totals"]["people"], int):
            prefix[q["date_to"][:7]] = r["totals"]["people"]
        if not q and isinstance(r["totals"]["people"], int):
            prefix[max(_month_rows(r))] = r["totals"]["people"]
    # new people of a month from two prefixes and the new people shown between them
    known_prefix = {"": 0, **prefix}  # nobody before the first month
    for a, b in itertools.combinations(sorted(known_prefix), 2):
        between = [m for m in MONTHS if a < m <= b]
        unknown = [m for m in between if m not in new]
        if len(unknown) == 1:
            new[unknown[0]] = (
                known_prefix[b] - known_prefix[a] - sum(new[m] for m in between if m in new)
            )
    found = []
    for r in readings:  # attendances less people: who came again (see the test below)
        t = r["totals"]
        people_n, times = t["people"], t["person_sessions"]
        if isinstance(people_n, int) and isinstance(times, int) and small(times - people_n):
            found.append(f"{r['query']}: {times} attendances - {people_n} people")
    for month in MONTHS:
        if month in people and month in new and small(people[month] - new[month]):
            found.append(f"{month}: {people[month]} people - {new[month]} new")
    return found


def test_a_months_people_less_its_new_people_do_not_give_back_a_few_returning(client):
    """January 10 people; February 12: 3 of January's and 9 new."""
    people = [[0, 1] if i < 3 else [0] for i in range(10)] + [[1]] * 9
    world = Reach("diffmonth", people)
    readings = world.readings(client)
    assert returning_given_back(readings) == []
    feb = next(
        r
        for r in readings
        if r["query"] == {"date_from": "2026-02-01", "date_to": MONTH_END["2026-02"]}
    )
    # the one-month view hides its returning (3): nothing beside it gives the 3 back
    assert feb["totals"]["returning"] == HIDDEN
    assert feb["returning_hidden"] is True


def test_two_prefixes_and_a_later_month_do_not_give_back_a_few_returning(client):
    """As above, and March: 6 new people only. The prefixes to January (10) and to March (25)
    less March's new people (6) are February's new people (9); February's 12 less them, 3."""
    people = [[0, 1] if i < 3 else [0] for i in range(10)] + [[1]] * 9 + [[2]] * 6
    world = Reach("diffprefix", people)
    assert returning_given_back(world.readings(client)) == []


def test_many_returning_people_are_shown(client):
    """The fix hides only what gives a small group back: 6 of January's 15 come back in
    February with 9 new people, and every figure shows."""
    people = [[0, 1] if i < 6 else [0] for i in range(15)] + [[1]] * 9
    world = Reach("diffmany", people)
    full = world.api(client, {})
    rows = _month_rows(full)
    assert (rows["2026-02"]["people"], rows["2026-02"]["new"]) == (15, 9)
    assert full["totals"]["people"] == 24
    assert full["returning_hidden"] is False


def test_the_page_csv_and_pdf_say_why_a_months_new_people_are_hidden(client):
    people = [[0, 1] if i < 3 else [0] for i in range(10)] + [[1]] * 9
    world = Reach("diffpage", people)
    client.force_login(world.evaluator)
    base = f"/p/{world.slug}/insights/reach/"
    with time_machine.travel(NOW, tick=False):
        page = client.get(base).content.decode()
        csv = client.get(base, {"format": "csv", "chart": "people_over_time"}).content.decode()
        pdf = client.get(f"/p/{world.slug}/insights/report.pdf")
    assert 'id="reach-returning"' in page
    rows = list(csvmod.reader(io.StringIO(csv)))
    assert rows[0][1:3] == ["Participants", "New participants"], rows
    assert [r[1:3] for r in rows[1:3]] == [["10", "10"], ["12", HIDDEN]], rows
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


class Comparison:
    """A pre and a post survey sharing a rating scale `conf`; each person answers 3 before
    and `ratings[i]` after."""

    def __init__(self, slug: str, ratings: list[int], anonymous: bool = False) -> None:
        self.slug = slug
        p = ProgramFactory(slug=slug, time_zone="America/Toronto")
        pre = Survey.objects.create(
            program=p, kind="pre_cycle", title="Before", status="open", anonymous=anonymous
        )
        self.post = post = Survey.objects.create(
            program=p,
            kind="post_cycle",
            title="After",
            status="open",
            pre_survey=pre,
            anonymous=anonymous,
        )
        qa = Question.objects.create(
            survey=pre, code="conf", kind="likert", text="Confident?", options=LIKERT
        )
        qb = Question.objects.create(
            survey=post, code="conf", kind="likert", text="Confident?", options=LIKERT
        )
        for i, rating in enumerate(ratings):
            user = UserFactory(profession="family_physician", email=f"s{i}.{slug}@example.test")
            MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
            who = None if anonymous else user
            r = Response.objects.create(survey=pre, user=who, submitted_on=dt.date(2026, 1, 10))
            Answer.objects.create(response=r, question=qa, number=Decimal(3))
            r = Response.objects.create(survey=post, user=who, submitted_on=dt.date(2026, 2, 10))
            Answer.objects.create(response=r, question=qb, number=Decimal(rating))
        self.evaluator = UserFactory(email=f"eva.{slug}@example.test")
        MembershipFactory(program=p, user=self.evaluator, role=Role.EVALUATOR)

    def page(self, client: Client) -> str:
        client.force_login(self.evaluator)
        with time_machine.travel(NOW, tick=False):
            response = client.get(f"/p/{self.slug}/insights/surveys/{self.post.pk}/")
        assert response.status_code == 200
        return re.sub(r"\s+", " ", response.content.decode())


def options_given_back(html: str) -> list[dict[int, int]]:
    """The attacker: the post survey's answers per option (shown and "<5") and the
    comparison's n and mean after (two decimals). Every split of the hidden options that
    fits both; where only one fits, it is returned."""
    table = re.search(r'id="answers-\d+-caption">.*?<tbody>(.*?)</tbody>', html)
    assert table, "no answers per option"
    cells = re.findall(r"<th scope=\"row\">Point (\d)</th><td>([^<]*|&lt;5)</td>", table.group(1))
    shown = {int(v): int(n) for v, n in cells if n.isdigit()}
    hidden = [int(v) for v, n in cells if not n.isdigit()]
    row = re.search(
        r'id="comparison-table">.*?<tbody><tr><th scope="row">.*?</th> '
        r"<td>(\d+)(?: / (\d+))?</td><td>([\d.]+)</td><td>([\d.]+)</td>",
        html,
    )
    if not row or not hidden:
        return []  # the comparison is hidden, or nothing is hidden below it
    # paired: the pairs; unpaired: "pre / post"
    n, mean_after = int(row.group(2) or row.group(1)), float(row.group(4))
    rest = n - sum(shown.values())
    fits = []
    for counts in itertools.product(range(rest + 1), repeat=len(hidden)):
        if sum(counts) != rest:
            continue
        total = sum(v * c for v, c in shown.items()) + sum(
            v * c for v, c in zip(hidden, counts, strict=True)
        )
        if abs(total / n - mean_after) <= 0.005 + 1e-9:
            fits.append(dict(zip(hidden, counts, strict=True)))
    return fits if len(fits) == 1 else []


def test_a_comparisons_mean_does_not_give_back_the_options_hidden_below_it(client):
    world = Comparison("diffmean", [5] * 10 + [4] * 8 + [1] * 2)
    html = world.page(client)
    assert options_given_back(html) == []
    # and the page says why the comparison is hidden
    assert "a scale point was chosen by fewer than 5 people" in html


def test_an_anonymous_comparisons_mean_does_not_give_them_back_either(client):
    world = Comparison("diffanon", [5] * 10 + [4] * 8 + [1] * 2, anonymous=True)
    assert options_given_back(world.page(client)) == []


def test_a_comparison_with_no_small_option_is_shown(client):
    world = Comparison("diffshown", [5] * 10 + [4] * 8 + [1] * 5)
    html = world.page(client)
    assert "<td>23</td><td>3.00</td><td>3.78</td>" in html  # (50 + 32 + 5) / 23 after
    assert "a scale point was chosen by fewer than 5 people" not in html


def test_attendances_less_people_do_not_give_back_who_came_twice(client):
    """January: three sessions of 5 people each, 14 people in all: one of them came twice.
    Reach showed "Unique participants 14" beside "Attendances 15" (and the sessions page 15
    too), so 15 - 14 = 1 person came to two sessions."""
    program = ProgramFactory(slug="difftwice", time_zone="America/Toronto")
    cycle = SeriesFactory(program=program, title="Cycle", first_date=dt.date(2026, 1, 1))
    sessions = [
        SessionFactory(
            program=program,
            series=cycle,
            number=i + 1,
            starts_at=at(dt.date(2026, 1, 6 + 7 * i)),
            ends_at=at(dt.date(2026, 1, 6 + 7 * i), 14),
        )
        for i in range(3)
    ]
    came = [[0]] * 4 + [[0, 1]] + [[1]] * 4 + [[2]] * 5
    for i, attended in enumerate(came):
        user = UserFactory(email=f"t{i}.twice@example.test")
        MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
        for s in attended:
            Attendance.objects.create(
                session=sessions[s], user=user, computed_minutes=60, minutes=60
            )
    evaluator = UserFactory(email="eva.twice@example.test")
    MembershipFactory(program=program, user=evaluator, role=Role.EVALUATOR)
    _token, raw = ApiToken.issue(user=evaluator, name="probe")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    attendances: list[int] = []
    people: list[int] = []
    with time_machine.travel(NOW, tick=False):
        for query in (
            {},
            {"date_from": "2026-01-01", "date_to": "2026-01-31"},
            {"series": cycle.pk},
        ):
            for dashboard in ("reach", "sessions"):
                figures = client.get(
                    f"/api/v1/programs/difftwice/insights/{dashboard}", query, **headers
                ).json()["figures"]
                attendances.append(figures["totals"]["person_sessions"])
                if dashboard == "reach":
                    people.append(figures["totals"]["people"])
                    people += [m["people"] for m in figures["months"]]
    shown_people = {n for n in people if isinstance(n, int)}
    shown_attendances = {n for n in attendances if isinstance(n, int)}
    assert shown_attendances == {15}  # the sessions' figures stand for 5 or more each
    assert not [(a, p) for a in shown_attendances for p in shown_people if small(a - p)]
