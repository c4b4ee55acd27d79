"""Probe 1214 (sort order): the breakdowns (participants by profession, region and rurality;
cases by theme and by profession) are sorted by their counts, largest first. A hidden cell
("<5") kept its place in that order, so the order told what the cell hides: beside a total
and the shown cells, the two hidden ones add up to 6, and the one sorted first is the larger:
the secondary cell (5 or more, the rule says) is 5 and the other stands for 1 person, the
program's one dietitian. Two programs that differ only in which hidden cell is which must
give an evaluator the same page (the rows are now in the order of their labels, for everyone).

Invented programs: twenty family physicians and seven nurse practitioners attend a session in
January 2026, with five pharmacists and one dietitian (the first program) or one pharmacist
and five dietitians (the second). Each presents one case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from echohub.accounts.models import ApiToken
from echohub.attendance.models import Attendance
from echohub.cases.models import Case, CaseStatus
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
HIDDEN = "<5"
JAN = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
THEMES = {
    "family_physician": "low_back",
    "nurse_practitioner": "opioid_tapering",
    "pharmacist": "neuropathic",
    "dietitian": "fibromyalgia",
}


def _program(slug: str, pharmacists: int, dietitians: int) -> tuple[Any, dict[str, str]]:
    p = ProgramFactory(slug=slug, time_zone="America/Toronto")
    cycle = SeriesFactory(program=p, title="Winter", first_date=dt.date(2026, 1, 8))
    starts = dt.datetime(2026, 1, 8, 12, tzinfo=TZ)
    session = SessionFactory(
        program=p, series=cycle, number=1, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    mix = [
        ("family_physician", 20),
        ("nurse_practitioner", 7),
        ("pharmacist", pharmacists),
        ("dietitian", dietitians),
    ]
    i = 0
    for profession, n in mix:
        for _ in range(n):
            i += 1
            user = UserFactory(profession=profession, email=f"u{i}.{slug}@example.test")
            MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
            Attendance.objects.create(session=session, user=user, computed_minutes=60, minutes=60)
            Case.objects.create(
                program=p,
                presenter=user,
                presenter_profession=profession,
                theme=THEMES[profession],
                status=CaseStatus.RECOMMENDATIONS_SENT,
                session=session,
                submitted_at=starts - dt.timedelta(days=7),
                sent_at=starts + dt.timedelta(hours=30),
            )
    evaluator = UserFactory(email=f"reader.{slug}@example.test")
    MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
    _token, raw = ApiToken.issue(user=evaluator, name="probe")
    return evaluator, {"HTTP_AUTHORIZATION": f"Bearer {raw}", "slug": slug}


def _rows(client, who: tuple[Any, dict[str, str]], dashboard: str, key: str) -> list[Any]:
    evaluator, api = who
    client.force_login(evaluator)
    page = reverse(f"evaluation:{dashboard}", kwargs={"slug": api["slug"]})
    data = client.get(page, JAN).context["data"]
    csv = client.get(page, {**JAN, "format": "csv", "chart": key}).content.decode()
    body = client.get(
        f"/api/v1/programs/{api['slug']}/insights/{dashboard.split('_')[0]}",
        JAN,
        HTTP_AUTHORIZATION=api["HTTP_AUTHORIZATION"],
    ).json()
    api_rows = [(r["label"], r["n"]) for r in body["figures"][key]]
    return [[(r["label"], r["n"]) for r in data[key]], csv.splitlines()[1:], api_rows]


@pytest.mark.parametrize(
    ("dashboard", "key"),
    [
        ("reach", "by_profession"),
        ("cases_dashboard", "by_profession"),
        ("cases_dashboard", "by_theme"),
    ],
)
def test_the_order_of_hidden_cells_does_not_tell_which_is_larger(client, dashboard, key):
    first = _program("order-a", pharmacists=5, dietitians=1)
    second = _program("order-b", pharmacists=1, dietitians=5)
    a = _rows(client, first, dashboard, key)
    b = _rows(client, second, dashboard, key)
    shown = dict(a[0])
    assert key == "by_theme" or shown["Family physician"] == 20
    hidden = [label for label, n in a[0] if n == HIDDEN]
    assert len(hidden) == 2, a[0]  # the dietitian (primary) and the pharmacists (secondary)
    assert a == b
