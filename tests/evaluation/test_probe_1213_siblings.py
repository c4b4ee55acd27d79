"""Probe 1213 (sibling filters): the figure under each value of one person filter is checked
against the same figure without that filter (its complement must be none or 5 or more
people), but the values of a filter split the wider figure into parts: with three or more
values, the wider figure minus the parts that are shown gives back the parts that are hidden.

Invented program: eleven participants at one site, five family physicians, five nurse
practitioners and one dietitian; everyone attends the three sessions of January 2026,
answers the survey once and presents one case. Unfiltered the evaluator sees 11; filtered by
family physician 5 and by nurse practitioner 5 (each 6 away from 11): 11 - 5 - 5 is the
dietitian. On the reach page the dietitian's row hides the smallest shown row beside it,
but that row is one filter away.
"""

from __future__ import annotations

from typing import Any

import pytest

from echohub.accounts.models import ApiToken
from echohub.programs.models import Role
from tests.evaluation.smallcells.conftest import Tiny
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LAYOUT = (
    [(f"f{i}", "family_physician", "A") for i in range(1, 6)]
    + [(f"n{i}", "nurse_practitioner", "A") for i in range(1, 6)]
    + [("d1", "dietitian", "A")]
)
JANUARY = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
PROFESSIONS = ("family_physician", "nurse_practitioner", "dietitian")


@pytest.fixture
def world(db: None) -> Tiny:
    keys = [k for k, _p, _s in LAYOUT]
    return Tiny(
        layout=LAYOUT,
        attendance=[(k, s, 60) for k in keys for s in range(3)],
        responses=[(k, 5 if k == "d1" else 4, "") for k in keys],
        cases=[(k, "low_back") for k in keys],
    )


@pytest.fixture
def api(world: Tiny, client: Any) -> Any:
    user = UserFactory()
    MembershipFactory(program=world.program, user=user, role=Role.EVALUATOR)
    _token, raw = ApiToken.issue(user=user, name="probe")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(dashboard: str, filters: dict[str, str]) -> dict[str, Any]:
        response = client.get(f"/api/v1/programs/tiny/insights/{dashboard}", filters, **headers)
        assert response.status_code == 200, response.content
        body: dict[str, Any] = response.json()
        assert body["suppressed"] is True
        return body["figures"]

    return get


def number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def no_small_remainder(whole: Any, parts: list[Any]) -> None:
    """The wider figure minus every shown part is none or 5 or more (what is hidden)."""
    if not number(whole):
        return
    shown = [p for p in parts if number(p)]
    rest = whole - sum(shown)
    assert not 0 < rest < 5, (whole, parts)


def by_profession(get: Any, read: Any, extra: dict[str, str]) -> tuple[Any, list[Any]]:
    whole = read(get({**extra}))
    parts = [read(get({**extra, "profession": p})) for p in PROFESSIONS]
    return whole, parts


def test_reach_people_of_a_month(world, api):
    def get(filters):
        return api("reach", filters)

    whole, parts = by_profession(get, lambda fig: fig["totals"]["people"], JANUARY)
    no_small_remainder(whole, parts)


def test_reach_months_table(world, api):
    whole, parts = by_profession(
        lambda filters: api("reach", filters), lambda fig: fig["months"][0]["people"], {}
    )
    no_small_remainder(whole, parts)


def test_sessions_attendees(world, api):
    for i in range(3):
        whole, parts = by_profession(
            lambda filters: api("sessions", filters),
            lambda fig, i=i: fig["rows"][i]["attendees"],
            JANUARY,
        )
        no_small_remainder(whole, parts)


def test_cases_total(world, api):
    whole, parts = by_profession(
        lambda filters: api("cases", filters), lambda fig: fig["total"], {}
    )
    no_small_remainder(whole, parts)


def test_survey_responses(world, api):
    whole, parts = by_profession(
        lambda filters: api("surveys", filters), lambda fig: fig["rows"][0]["n"], {}
    )
    no_small_remainder(whole, parts)


def test_survey_results_answered(world, client, as_role):
    as_role(world.program, Role.EVALUATOR)
    url = f"/p/tiny/insights/surveys/{world.survey.pk}/"

    def get(filters):
        response = client.get(url, filters)
        assert response.status_code == 200
        return response.context["data"]

    def answered(data):
        return data["questions"][0]["answered"]

    whole, parts = by_profession(get, answered, {})
    no_small_remainder(whole, parts)
