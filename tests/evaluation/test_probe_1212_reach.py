"""Probe 1212 (reach): counts of distinct people do not add up over time, so two figures over
nested sets of sessions (two month ranges, a month still running read a week apart, a month
with and without a cycle, a month beside one of its sessions, the retention curve beside the
same session's attendees) give back the people of the difference.

Invented program: family physicians and nurse practitioners at weekly sessions of January to
March 2026 (the clock stands in December 2026 unless a test moves it).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from echohub.accounts.models import ApiToken
from echohub.attendance.models import Attendance
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
FP, NP = "family_physician", "nurse_practitioner"
JAN = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
FEB = {"date_from": "2026-02-01", "date_to": "2026-02-28"}
JAN_FEB = {"date_from": "2026-01-01", "date_to": "2026-02-28"}


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


class World:
    """`days`: (cycle index, date) per session; `people`: (profession, session indexes)."""

    def __init__(
        self, slug: str, days: list[tuple[int, dt.date]], people: list[tuple[str, list[int]]]
    ) -> None:
        self.program = p = ProgramFactory(slug=slug, time_zone="America/Toronto")
        self.cycles = [
            SeriesFactory(program=p, title=f"Cycle {c}", first_date=dt.date(2026, 1, 1))
            for c in range(1 + max(c for c, _d in days))
        ]
        self.sessions = [
            SessionFactory(
                program=p, series=self.cycles[c], number=i + 1, starts_at=at(d), ends_at=at(d, 14)
            )
            for i, (c, d) in enumerate(days)
        ]
        self.days = days
        self.people = people
        for i, (profession, attended) in enumerate(people):
            user = UserFactory(profession=profession, email=f"u{i}.{slug}@example.test")
            MembershipFactory(program=p, user=user, role=Role.PARTICIPANT)
            for s in attended:
                Attendance.objects.create(
                    session=self.sessions[s], user=user, computed_minutes=60, minutes=60
                )
        evaluator = UserFactory()
        MembershipFactory(program=p, user=evaluator, role=Role.EVALUATOR)
        _token, raw = ApiToken.issue(user=evaluator, name="probe")
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def reach(self, client: Any, filters: dict[str, Any]) -> dict[str, Any]:
        response = client.get(
            f"/api/v1/programs/{self.program.slug}/insights/reach", filters, **self.headers
        )
        assert response.status_code == 200, response.content
        body: dict[str, Any] = response.json()
        assert body["suppressed"] is True
        return body["figures"]

    def month(self, figures: dict[str, Any], first: str) -> dict[str, Any]:
        return next(m for m in figures["months"] if m["month"] == first)


def close(a: Any, b: Any) -> bool:
    """Both shown, and 1 to 4 apart."""
    return a not in (HIDDEN, None) and b not in (HIDDEN, None) and 0 < abs(a - b) < 5


JAN8, JAN15, JAN22, FEB5 = (
    dt.date(2026, 1, 8),
    dt.date(2026, 1, 15),
    dt.date(2026, 1, 22),
    dt.date(2026, 2, 5),
)


def test_reach_over_two_month_ranges_does_not_give_back_who_came_only_in_the_second(client):
    """Ten people in January, five of them and one more in February: Jan-Feb (11) minus
    January (10) is the one person who came only in February."""
    people = [(FP, [0, 1, 2] if i < 5 else [0, 1]) for i in range(10)] + [(FP, [2])]
    world = World("ranges", [(0, JAN8), (0, JAN15), (0, FEB5)], people)
    jan, both = world.reach(client, JAN), world.reach(client, JAN_FEB)
    for key in ("people", "sites", "new", "returning"):
        assert not close(jan["totals"][key], both["totals"][key]), key
    for key in ("by_profession", "by_region", "by_rurality"):
        a = {r["key"]: r["n"] for r in jan[key]}
        b = {r["key"]: r["n"] for r in both[key]}
        assert not any(close(a.get(k), b[k]) for k in b), (key, a, b)


def test_a_month_still_running_read_a_week_apart_does_not_give_back_one_newcomer(client):
    """Ten people on 8 January, the same ten and one more on 15 January: January read on the
    10th (10) and on the 20th (11) gives back the newcomer."""
    people = [(FP, [0, 1]) for _i in range(10)] + [(FP, [1])]
    world = World("running", [(0, JAN8), (0, JAN15)], people)
    with time_machine.travel(at(dt.date(2026, 1, 10)), tick=False):
        early = world.reach(client, JAN)
    with time_machine.travel(at(dt.date(2026, 1, 20)), tick=False):
        late = world.reach(client, JAN)
    assert not close(early["totals"]["people"], late["totals"]["people"])
    m_early = [m["people"] for m in early["months"]]
    m_late = [m["people"] for m in late["months"]]
    assert not any(close(a, b) for a, b in zip(m_early, m_late, strict=False)), (m_early, m_late)


def test_a_cycle_sharing_a_month_does_not_give_back_the_other_cycles_people(client):
    """Cycle 0 on 8 and 15 January (ten people), cycle 1 on 22 January (one other person and
    five of the ten): January for all cycles (11) minus January for cycle 0 (10)."""
    people = [(FP, [0, 1, 2] if i < 5 else [0, 1]) for i in range(10)] + [(FP, [2])]
    world = World("cycleshare", [(0, JAN8), (0, JAN15), (1, JAN22)], people)
    every = world.reach(client, JAN)
    cycle0 = world.reach(client, {**JAN, "series": world.cycles[0].pk})
    assert not close(every["totals"]["people"], cycle0["totals"]["people"])
    a = world.month(every, "2026-01-01")["people"]
    b = world.month(cycle0, "2026-01-01")["people"]
    assert not close(a, b), (a, b)


def test_a_month_beside_one_of_its_sessions_does_not_give_back_who_missed_it(client):
    """Ten people on 8 January, the ten and one more on 15 January (a cycle chosen: the month
    and the sessions on one page): January (11) minus the 8 January session (10)."""
    people = [(FP, [0, 1]) for _i in range(10)] + [(FP, [1])]
    world = World("monthsession", [(0, JAN8), (0, JAN15)], people)
    figures = world.reach(client, {**JAN, "series": world.cycles[0].pk})
    month = world.month(figures, "2026-01-01")["people"]
    sessions = [r["people"] for r in figures["per_session"]]
    assert not any(close(month, s) for s in sessions), (month, sessions)
    assert not any(close(figures["totals"]["people"], s) for s in sessions)


def test_the_retention_curve_beside_the_same_sessions_attendees(client):
    """The cohort (ten people at the first session) at the fourth session, beside everyone at
    the fourth session (the ten and one newcomer): 11 minus 10."""
    days = [(0, dt.date(2026, 1, 8) + dt.timedelta(days=7 * i)) for i in range(4)]
    people = [(FP, [0, 1, 2, 3]) for _i in range(10)] + [(FP, [3])]
    world = World("retention", days, people)
    figures = world.reach(client, {"series": world.cycles[0].pk})
    curve = [c["n"] for c in figures["retention"]["curve"]]
    sessions = [r["people"] for r in figures["per_session"]]
    assert not any(close(a, b) for a, b in zip(curve, sessions, strict=True)), (curve, sessions)
    assert not close(figures["retention"]["retained"], sessions[-1])


def test_the_whole_program_beside_one_session_does_not_give_back_who_missed_it(client):
    """Eleven people on 8 January, ten of them on 15 January: the program's participants (11,
    no dates) beside the 15 January session's attendees on the sessions page (10)."""
    people = [(FP, [0, 1]) for _i in range(10)] + [(NP, [0])]
    world = World("wholeprogram", [(0, JAN8), (0, JAN15)], people)
    total = world.reach(client, {})["totals"]["people"]
    response = client.get("/api/v1/programs/wholeprogram/insights/sessions", {}, **world.headers)
    attendees = [r["attendees"] for r in response.json()["figures"]["rows"]]
    assert not any(close(total, a) for a in attendees), (total, attendees)


# The property: whatever the population, no two figures shown for nested sets of people ----

COUNTER = itertools.count()
SESSION_DAYS = [(0, JAN8), (0, JAN15), (1, JAN22), (0, FEB5), (1, dt.date(2026, 2, 12))]
QUERIES: list[dict[str, Any]] = [
    {**dates, **prof}
    for dates, prof in itertools.product(
        [{}, JAN, FEB, JAN_FEB], [{}, {"profession": FP}, {"profession": NP}]
    )
]


def _sets(world: World, q: dict[str, Any], series: int | None) -> dict[str, Any]:
    """The people each figure stands for, worked out from the population."""
    lo = dt.date.fromisoformat(q.get("date_from", "2000-01-01"))
    hi = dt.date.fromisoformat(q.get("date_to", "2100-01-01"))

    def at_session(s: int) -> frozenset[int]:
        c, d = world.days[s]
        if not (lo <= d <= hi) or (series is not None and c != series):
            return frozenset()
        return frozenset(
            i
            for i, (prof, attended) in enumerate(world.people)
            if s in attended and q.get("profession", prof) == prof
        )

    out: dict[str, Any] = {"total": frozenset().union(*map(at_session, range(len(world.days))))}
    for month in ("2026-01-01", "2026-02-01"):
        inside = [s for s, (_c, d) in enumerate(world.days) if d.isoformat()[:7] == month[:7]]
        out[month] = frozenset().union(*(at_session(s) for s in inside))
    return out


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([FP, NP]),
            st.sets(st.integers(0, len(SESSION_DAYS) - 1), min_size=1, max_size=5),
        ),
        min_size=8,
        max_size=26,
    ),
)
def test_no_two_shown_figures_of_nested_people_differ_by_1_to_4(client, people):
    world = World(f"prop{next(COUNTER)}", SESSION_DAYS, [(p, sorted(s)) for p, s in people])
    shown: list[tuple[frozenset[int], int, str]] = []
    for q in QUERIES:
        for series in (None, 0):
            filters = dict(q)
            if series is not None:
                filters["series"] = world.cycles[series].pk
            figures = world.reach(client, filters)
            sets = _sets(world, q, series)
            where = f"{filters}"
            if figures["totals"]["people"] not in (HIDDEN, None):
                shown.append((sets["total"], figures["totals"]["people"], where + " total"))
            for m in figures["months"]:
                if m["people"] not in (HIDDEN, None) and m["month"] in sets:
                    shown.append((sets[m["month"]], m["people"], where + " " + m["month"]))
    for (a, n, wa), (b, k, wb) in itertools.combinations(shown, 2):
        assert len(a) == n and len(b) == k, (wa, n, len(a), wb, k, len(b))
        if a < b or b < a:
            assert not close(n, k), (wa, n, wb, k)


# The report and the pages say so -----------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def test_the_pdf_report_obeys_the_month_rule_and_says_so(client):
    people = [(FP, [0, 1, 2] if i < 5 else [0, 1]) for i in range(10)] + [(FP, [2])]
    world = World("pdfmonths", [(0, JAN8), (0, JAN15), (0, FEB5)], people)
    evaluator = UserFactory()
    MembershipFactory(program=world.program, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    totals = {}
    for name, dates in (("jan", JAN), ("both", JAN_FEB)):
        response = client.get("/p/pdfmonths/insights/report.pdf", dates)
        assert response.status_code == 200
        text = _pdf_text(response.content)
        assert "dates count as whole months" in text
        assert "a month still under way is left out" in text
        found = text.split("Unique participants", 1)[1].split()[0]
        totals[name] = found
    assert totals["jan"] == "10" and totals["both"] == HIDDEN, totals
    assert "Distinct people are counted by month" in text


def test_the_reach_page_says_why_totals_and_retention_are_hidden(client):
    days = [(0, dt.date(2026, 1, 8) + dt.timedelta(days=7 * i)) for i in range(4)]
    world = World("reachwhy", days, [(FP, [0, 1, 2, 3]) for _i in range(10)])
    evaluator = UserFactory()
    MembershipFactory(program=world.program, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    html = client.get("/p/reachwhy/insights/reach/", {"series": world.cycles[0].pk}).content
    assert b'id="reach-one-month"' in html and b'id="retention-hidden"' in html
    assert b'id="months-over"' in html
    assert b"&lt;5%" not in html  # a hidden share is not "<5 %"
    one = client.get("/p/reachwhy/insights/reach/", JAN).content
    assert b'id="reach-one-month"' not in one
