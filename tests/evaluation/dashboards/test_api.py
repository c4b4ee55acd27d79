"""GET /api/v1/programs/{slug}/insights/{dashboard}: the selectors' figures as JSON, under the
web page's filters (see conftest for the hand-built program and its known figures)."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from echohub.accounts.models import ApiToken
from echohub.api.routers.insights import plain
from echohub.evaluation import dashboards as db
from echohub.evaluation.dashboards import SUPPRESSED, Filters
from echohub.programs.models import Role
from tests.evaluation.dashboards.conftest import TZ, Net
from tests.factories import MembershipFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

SELECTORS = {"reach": db.reach, "sessions": db.sessions, "cases": db.cases, "surveys": db.surveys}


class Caller:
    def __init__(self, client: Client, net: Net, *roles: str, **user: Any) -> None:
        self.client = client
        self.user = UserFactory(**user)
        for role in roles:
            MembershipFactory(program=net.program, user=self.user, role=role)
        _token, raw = ApiToken.issue(user=self.user, name="tests")
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, dashboard: str, **query: Any) -> Any:
        return self.client.get(f"/api/v1/programs/cp/insights/{dashboard}", query, **self.headers)


def selector(name: str, net: Net, **filters: Any) -> Any:
    """What the selector gives for these filters, as JSON would carry it."""
    raw = SELECTORS[name](net.program, Filters(tz=TZ, **filters))
    return json.loads(json.dumps(plain(raw)))


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_figures_equal_the_selectors_for_a_coordinator(client, net, name):
    net.pre_post()
    body = Caller(client, net, Role.COORDINATOR).get(name).json()
    assert body["dashboard"] == name and body["suppressed"] is False
    assert body["min_cell"] == 5 and body["suppressed_as"] == SUPPRESSED
    assert body["figures"] == selector(name, net)


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_filters_are_applied_like_the_page(client, net, name):
    net.pre_post()
    query = {
        "series": net.cycle.pk,
        "date_from": "2026-01-01",
        "date_to": "2026-02-28",
        "profession": "family_physician",
        "region": "North East",
        "rurality": "rural",
    }
    body = Caller(client, net, Role.PROGRAM_ADMIN).get(name, **query).json()
    assert body["filters"] == {**query, "series": net.cycle.pk}
    assert body["figures"] == selector(
        name,
        net,
        series=net.cycle,
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 2, 28),
        profession="family_physician",
        region="North East",
        rurality="rural",
    )


def test_reach_numbers_stay_numbers_and_missing_stays_null(client, net):
    body = Caller(client, net, Role.COORDINATOR).get("reach").json()
    figures = body["figures"]
    assert figures["totals"]["people"] == 5 and figures["totals"]["person_sessions"] == 12
    months = {m["label"]: m for m in figures["months"]}
    assert months["Jan 2026"]["people"] == 5 and months["Jan 2026"]["month"] == "2026-01-01"
    # February had only a cancelled session: no data, not zero.
    assert months["Feb 2026"]["people"] is None and months["Feb 2026"]["sessions"] == 0
    prof = {r["key"]: r["n"] for r in figures["by_profession"]}
    assert prof == {"family_physician": 3, "nurse_practitioner": 1, "pharmacist": 1}
    assert figures["retention"]["series"] == {"id": net.cycle.pk, "title": "Cycle 1"}


def test_evaluators_see_small_cells_suppressed_as_on_the_page(client, net):
    body = Caller(client, net, Role.EVALUATOR).get("reach").json()
    assert body["suppressed"] is True
    prof = {r["key"]: r["n"] for r in body["figures"]["by_profession"]}
    assert prof == {
        "family_physician": SUPPRESSED,
        "nurse_practitioner": SUPPRESSED,
        "pharmacist": SUPPRESSED,
    }
    assert body["figures"]["totals"]["people"] == 5
    assert body["figures"] == selector("reach", net, suppress=True)
    cases = Caller(client, net, Role.EVALUATOR).get("cases").json()["figures"]
    assert [r["n"] for r in cases["by_profession"]] == [SUPPRESSED]


@pytest.mark.parametrize(
    ("roles", "superuser"),
    [((Role.EVALUATOR, Role.COORDINATOR), False), ((), True)],
)
def test_no_suppression_for_an_evaluator_who_also_coordinates_or_a_superuser(
    client, net, roles, superuser
):
    body = Caller(client, net, *roles, is_superuser=superuser).get("reach").json()
    assert body["suppressed"] is False
    assert {r["n"] for r in body["figures"]["by_profession"]} == {1, 3}


def test_sessions_without_attendance_are_null_and_times_utc(client, net):
    figures = Caller(client, net, Role.COORDINATOR).get("sessions").json()["figures"]
    rows = {r["pk"]: r for r in figures["rows"]}
    s3 = rows[net.sessions[3].pk]
    assert s3["attendees"] is None and s3["minutes"] is None
    s1 = rows[net.sessions[1].pk]
    assert s1["attendees"] == 4 and s1["cases"] == 2 and s1["topics"] == ["Tapering basics"]
    assert s1["starts_at"] == "2026-01-08T17:00:00+00:00" and s1["date"] == "2026-01-08"


def test_cases_summaries_and_tests_are_plain_numbers(client, net):
    figures = Caller(client, net, Role.COORDINATOR).get("cases").json()["figures"]
    assert figures["total"] == 4
    mme = figures["mme"]
    assert mme["n"] == 2 and isinstance(mme["before"]["mean"], float)
    assert mme["change"]["mean"] == pytest.approx(-22.5)
    assert set(mme["test"]) >= {"test", "n", "statistic", "p", "effect"}
    assert figures["peg"]["n"] == 1 and figures["peg"]["test"] is None


def test_surveys_dashboard_counts_responses(client, net):
    pre, post = net.pre_post()
    figures = Caller(client, net, Role.COORDINATOR).get("surveys").json()["figures"]
    rows = {r["pk"]: r for r in figures["rows"]}
    assert rows[pre.pk]["n"] == 6 and rows[post.pk]["n"] == 6
    assert rows[post.pk]["pre_survey_id"] == pre.pk and rows[post.pk]["kind_label"]
    assert figures["total"] == 12


def test_unknown_dashboard_is_404(client, net):
    response = Caller(client, net, Role.COORDINATOR).get("outcomes")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to"),
        ({"series": "999999"}, "series"),
        ({"series": "abc"}, "series"),
        ({"profession": "astronaut"}, "profession"),
        ({"region": "Atlantis"}, "region"),
        ({"rurality": "exurban"}, "rurality"),
    ],
)
def test_bad_filters_are_400_with_the_field(client, net, query, field):
    response = Caller(client, net, Role.COORDINATOR).get("reach", **query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_filters" and body["field"] == field and body["message"]
    assert field in body["errors"] and body["errors"][field]


def test_a_cycle_of_another_program_is_refused(client, net):
    other = SeriesFactory()
    response = Caller(client, net, Role.COORDINATOR).get("sessions", series=other.pk)
    assert response.status_code == 400 and response.json()["field"] == "series"


def test_plain_keeps_numbers_and_nulls():
    assert plain({"a": 1, "b": 2.5, "c": None, "d": SUPPRESSED, "e": Decimal("1.50")}) == {
        "a": 1,
        "b": 2.5,
        "c": None,
        "d": SUPPRESSED,
        "e": 1.5,
    }
    assert plain([math.nan, math.inf, True]) == [None, None, True]
    assert plain(dt.datetime(2026, 1, 8, 12, tzinfo=TZ)) == "2026-01-08T17:00:00+00:00"
    with pytest.raises(TypeError):
        plain(object())
