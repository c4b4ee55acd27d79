"""Probe 1221 (what happens to a case after its month): the cases dashboard counts cases by
the month of their session, but their recommendations, follow-ups and close-out come later.
January's cases read in March and again in May: 6 closed, all with the care plan changed, then
8 closed, all with the plan changed; the difference is the two cases closed in April, their
presenters' own close-out answers. And the MME pairs (the latest follow-up with a value):
10 pairs with a mean of 60 after, then 10 pairs with a mean of 54 after; 10 x 6 less is the two
patients whose dose was lowered in April.

For an evaluator those figures are now taken as the cases stood at the end of the last month
that is over since which none or 5 or more presenters' cases changed (`privacy.settled`), the
same time for the figures under fewer person filters; the page says so.

Invented program: ten family physicians each present one case at a session of January 2026.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from echohub.cases.models import Case, CaseStatus, FollowUp
from echohub.evaluation import privacy
from echohub.programs.models import Role
from tests.evaluation.test_probe_1211_cases import World, at
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FP = "family_physician"
JAN = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
HIDDEN = "<5"


def close(case: Case, day: dt.date) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED,
        closed_at=at(day),
        plan_changed=True,
        advice_followed="all",
        referral_avoided=True,
    )


def follow_up(case: Case, day: dt.date, mme: int) -> None:
    fu = FollowUp.objects.create(
        case=case, reported_by=case.presenter, what_changed="Tapered.", mme_total=Decimal(mme)
    )
    FollowUp.objects.filter(pk=fu.pk).update(created_at=at(day))


def world(slug: str) -> tuple[World, list[Case]]:
    """Ten presenters (recommendations within a day, MME 90 at presentation, 60 at a February
    follow-up); six cases closed in February (plan changed, advice followed)."""
    w = World([(FP, 20, 90, None)] * 10, slug)
    cases = list(Case.objects.filter(program=w.program).order_by("pk"))
    for i, case in enumerate(cases):
        if i < 6:
            close(case, dt.date(2026, 2, 10))
        follow_up(case, dt.date(2026, 2, 3), 60)
    return w, cases


def april(cases: list[Case], closed: int = 2, lowered: int = 2) -> None:
    """In April, `closed` more cases are closed and `lowered` get a follow-up at MME 30."""
    for case in cases[6 : 6 + closed]:
        close(case, dt.date(2026, 4, 10))
    for case in cases[:lowered]:
        follow_up(case, dt.date(2026, 4, 3), 30)


def read(w: World, client: Any, day: dt.date) -> dict[str, Any]:
    with time_machine.travel(at(day), tick=False):
        return w.api(client, JAN)


def both_shown(a: Any, b: Any) -> bool:
    return HIDDEN not in (a, b) and None not in (a, b)


def test_cases_closed_after_their_month_do_not_give_back_their_close_out(client):
    w, cases = world("closing")
    march = read(w, client, dt.date(2026, 3, 15))
    april(cases)
    may = read(w, client, dt.date(2026, 5, 15))
    assert march["closeout"]["closed"] == 6  # February's six: enough on their own
    for key in ("closed", "plan_yes", "advice_all", "referral_yes"):
        a, b = march["closeout"][key], may["closeout"][key]
        assert not (both_shown(a, b) and 0 < abs(a - b) < 5), (key, a, b)


def test_a_follow_up_after_the_month_does_not_give_back_one_patients_dose(client):
    w, cases = world("dosing")
    march = read(w, client, dt.date(2026, 3, 15))
    april(cases)
    may = read(w, client, dt.date(2026, 5, 15))
    assert march["mme"]["n"] == 10 and march["mme"]["after"]["mean"] == 60
    assert not (
        both_shown(march["mme"]["after"]["mean"], may["mme"]["after"]["mean"])
        and march["mme"]["after"]["mean"] != may["mme"]["after"]["mean"]
    ), (march["mme"], may["mme"])


def test_changes_in_the_month_under_way_do_not_count_yet(client):
    """Read on 20 April: two cases closed and two doses lowered since 1 April (read on the
    1st and the 20th, the figures would differ by those cases): as they stood on 31 March."""
    w, cases = world("running")
    april(cases)
    figures = read(w, client, dt.date(2026, 4, 20))
    assert figures["closeout"]["closed"] == 6
    assert figures["mme"]["n"] == 10 and figures["mme"]["after"]["mean"] == 60
    assert figures["as_of"]["closeout"] == "2026-03-31"
    assert figures["changed_since"] == []


def test_five_presenters_changes_count_and_four_wait(client):
    w, cases = world("five")
    april(cases, closed=4, lowered=5)
    may = read(w, client, dt.date(2026, 5, 15))
    assert may["mme"]["after"]["mean"] == 45  # five at 30, five at 60: five changes in April
    assert may["as_of"]["mme"] == "2026-04-30"
    assert may["closeout"]["closed"] == 6  # four closed in April: not yet
    assert may["as_of"]["closeout"] == "2026-03-31"


def test_figures_that_would_read_none_then_are_hidden_and_the_page_says_why(client):
    """Two cases closed in April and nothing before: as they stood at the end of March they
    would read 0 closed; hidden instead, said so."""
    w = World([(FP, 20, 90, None)] * 10, "why")
    cases = list(Case.objects.filter(program=w.program).order_by("pk"))
    for case in cases[:2]:
        close(case, dt.date(2026, 4, 10))
    body = read(w, client, dt.date(2026, 5, 15))
    assert body["closeout"]["closed"] == HIDDEN
    assert body["changed_since"] == ["closeout"]
    user = UserFactory()
    MembershipFactory(program=w.program, user=user, role=Role.EVALUATOR)
    client.force_login(user)
    url = reverse("evaluation:cases_dashboard", kwargs={"slug": w.program.slug})
    with time_machine.travel(at(dt.date(2026, 5, 15)), tick=False):
        html = client.get(url, JAN).content.decode()
    assert 'id="as-it-stood"' in html and 'id="changed-since"' in html


def test_a_coordinator_reads_the_cases_as_they_stand(client):
    w, cases = world("coord")
    april(cases)
    user = UserFactory()
    MembershipFactory(program=w.program, user=user, role=Role.COORDINATOR)
    client.force_login(user)
    with time_machine.travel(at(dt.date(2026, 4, 20)), tick=False):
        body = client.get(f"/api/v1/programs/{w.program.slug}/insights/cases", JAN).json()
    assert body["figures"]["changed_since"] == [] and body["figures"]["as_of"] == {}
    assert body["suppressed"] is False
    assert body["figures"]["closeout"]["closed"] == 8
    assert body["figures"]["mme"]["after"]["mean"] == 54


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 6)), max_size=40))
def test_two_readings_shown_differ_by_none_or_five_peoples_changes(changes):
    """(person, month of a change): the figures read at the end of each month, where shown,
    differ from each other by none or 5 or more people's changes."""
    events = [(p, dt.date(2026, 1 + m, 1)) for p, m in changes]
    shown = []
    for end in range(7):
        upto = [(p, m) for p, m in events if m <= dt.date(2026, 1 + end, 1)]
        if privacy.settled(upto):
            shown.append(end)
    for a in shown:
        for b in shown:
            between = {
                p
                for p, m in events
                if dt.date(2026, 1 + min(a, b), 1) < m <= dt.date(2026, 1 + max(a, b), 1)
            }
            assert len(between) == 0 or len(between) >= 5, (a, b, between)
