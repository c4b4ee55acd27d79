"""A site's participant count stands for 5 or more people for a viewer who sees only aggregates
(an evaluator reads "<5", the API null); coordinators see the exact count."""

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
def test_site_counts_follow_the_small_cell_rule(as_role, program, sites, role, exact):
    client = as_role(program, role)
    html = client.get(f"/p/{program.slug}/manage/sites/").content.decode()
    small = _row(html, "Small Nursing Station")
    assert ("&lt;5" in small) is not exact and ("<td>1</td>" in small) is exact
    assert "<td>6</td>" in _row(html, "Large Family Health Team")
    data = client.get(f"/api/v1/programs/{program.slug}/sites").json()
    counts = {s["name"]: s["participant_count"] for s in data["items"]}
    assert counts["Small Nursing Station"] == (1 if exact else None)
    assert counts["Large Family Health Team"] == 6
