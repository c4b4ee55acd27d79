"""A viewer who sees only aggregates (an evaluator) gets no participant count per site, on the
page or from the API: a count of 1 to 4 stands for fewer than 5 people, and any live count read
twice tells one person joining or leaving (probe 1214). Coordinators see the exact count."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from tests.factories import MembershipFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(program):
    small = SiteFactory(program=program, name="Small Nursing Station")
    large = SiteFactory(program=program, name="Large Family Health Team")
    for site, n in ((small, 1), (large, 6)):
        for _ in range(n):
            MembershipFactory(program=program, user=UserFactory(), role=Role.PARTICIPANT, site=site)
    return small, large


def _row(html: str, name: str) -> str:
    return html.split(name)[1].split("</tr>")[0]


@pytest.mark.parametrize(("role", "exact"), [(Role.EVALUATOR, False), (Role.COORDINATOR, True)])
def test_site_counts_are_for_coordinators_only(as_role, program, sites, role, exact):
    client = as_role(program, role)
    html = client.get(f"/p/{program.slug}/manage/sites/").content.decode()
    small = _row(html, "Small Nursing Station")
    large = _row(html, "Large Family Health Team")
    assert ("<td>1</td>" in small) is exact and ("<td>6</td>" in large) is exact
    assert ">Participants</th>" in html if exact else ">Participants</th>" not in html
    assert ("shown to coordinators only" in html) is not exact
    data = client.get(f"/api/v1/programs/{program.slug}/sites").json()
    counts = {s["name"]: s["participant_count"] for s in data["items"]}
    assert counts["Small Nursing Station"] == (1 if exact else None)
    assert counts["Large Family Health Team"] == (6 if exact else None)


def test_an_evaluator_cannot_tell_one_person_joining_a_site(as_role, program, sites):
    client = as_role(program, Role.EVALUATOR)
    _small, large = sites

    def seen() -> tuple[str, dict[str, object]]:
        html = _row(client.get(f"/p/{program.slug}/manage/sites/").content.decode(), large.name)
        data = client.get(f"/api/v1/programs/{program.slug}/sites").json()
        return html, {s["name"]: s["participant_count"] for s in data["items"]}

    before = seen()
    MembershipFactory(program=program, user=UserFactory(), role=Role.PARTICIPANT, site=large)
    assert seen() == before
