"""Sites: list, get, create, change."""

from __future__ import annotations

from typing import Any

import pytest

from echohub.core.models import AuditEntry
from echohub.programs.models import Program, Role, Site
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pain() -> Program:
    return ProgramFactory(slug="pain")


def test_list_sites_with_participant_counts_and_filters(pain: Program, member_api: Any) -> None:
    lake = SiteFactory(program=pain, name="Lakeview FHT", region="North East", rurality="rural")
    SiteFactory(program=pain, name="Downtown CHC", region="Toronto", rurality="urban", kind="chc")
    SiteFactory(program=pain, name="Closed Clinic", is_active=False)
    SiteFactory(name="Elsewhere")  # another program's
    MembershipFactory.create_batch(2, program=pain, site=lake, role=Role.PARTICIPANT)
    MembershipFactory(program=pain, site=lake, role=Role.PARTICIPANT, is_active=False)
    api = member_api(pain, Role.EXPERT)
    body = api.get("/programs/pain/sites").json()
    assert [s["name"] for s in body["items"]] == ["Closed Clinic", "Downtown CHC", "Lakeview FHT"]
    assert body["items"][2]["participant_count"] == 2
    assert body["items"][2]["rurality"] == "rural"

    def names(**query: Any) -> list[str]:
        return [s["name"] for s in api.get("/programs/pain/sites", **query).json()["items"]]

    assert names(q="lake") == ["Lakeview FHT"]
    assert names(region="toronto") == ["Downtown CHC"]
    assert names(rurality="urban", kind="chc") == ["Downtown CHC"]
    assert names(active="false") == ["Closed Clinic"]
    assert api.get("/programs/pain/sites", rurality="martian").status_code == 422


def test_site_list_query_count_is_constant(
    pain: Program, member_api: Any, count_queries: Any
) -> None:
    api = member_api(pain, Role.COORDINATOR)
    SiteFactory(program=pain)
    api.get("/programs/pain/sites")
    one = count_queries(lambda: api.get("/programs/pain/sites"))
    for site in SiteFactory.create_batch(20, program=pain):
        MembershipFactory(program=pain, site=site)
    assert count_queries(lambda: api.get("/programs/pain/sites")) == one


def test_create_site_saves_it_and_writes_an_audit_entry(pain: Program, member_api: Any) -> None:
    api = member_api(pain, Role.COORDINATOR)
    response = api.post(
        "/programs/pain/sites",
        {
            "name": " Moose Factory Nursing Station ",
            "kind": "nursing_station",
            "region": "North East",
            "rurality": "remote",
            "population_served": "Cree communities",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    site = Site.objects.get(pk=body["id"])
    assert site.program == pain and site.name == "Moose Factory Nursing Station"
    assert (site.kind, site.rurality) == ("nursing_station", "remote")
    assert body["participant_count"] == 0 and body["is_active"] is True
    entry = AuditEntry.objects.get(action="site.created")
    assert entry.actor == api.user and entry.program == pain and entry.object_id == str(site.pk)


def test_duplicate_site_names_are_refused(pain: Program, member_api: Any) -> None:
    SiteFactory(program=pain, name="Lakeview FHT")
    response = member_api(pain, Role.COORDINATOR).post(
        "/programs/pain/sites", {"name": "lakeview fht", "region": "North West"}
    )
    assert response.status_code == 409 and response.json()["code"] == "duplicate_site"
    assert Site.objects.filter(program=pain).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"region": "North West"},
        {"name": "X"},
        {"name": "X", "region": "N", "kind": "castle"},
        {"name": "X" * 201, "region": "N"},
        {"name": "X", "region": "N", "is_active": "maybe"},
    ],
)
def test_invalid_site_input_is_422(pain: Program, member_api: Any, body: dict[str, Any]) -> None:
    response = member_api(pain, Role.COORDINATOR).post("/programs/pain/sites", body)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert not Site.objects.exists()


def test_patch_changes_only_the_fields_sent_and_audits_the_diff(
    pain: Program, member_api: Any
) -> None:
    site = SiteFactory(program=pain, name="Lakeview FHT", region="North East", rurality="rural")
    api = member_api(pain, Role.PROGRAM_ADMIN)
    response = api.patch(
        f"/programs/pain/sites/{site.pk}", {"region": "North West", "is_active": False}
    )
    assert response.status_code == 200, response.content
    site.refresh_from_db()
    assert (site.name, site.region, site.rurality, site.is_active) == (
        "Lakeview FHT",
        "North West",
        "rural",
        False,
    )
    entry = AuditEntry.objects.get(action="site.updated")
    assert entry.changes == {"region": ["North East", "North West"], "is_active": [True, False]}
    assert response.json()["region"] == "North West"


def test_patch_refuses_null_and_clashing_names(pain: Program, member_api: Any) -> None:
    site = SiteFactory(program=pain, name="Lakeview FHT")
    SiteFactory(program=pain, name="Downtown CHC")
    api = member_api(pain, Role.COORDINATOR)
    null = api.patch(f"/programs/pain/sites/{site.pk}", {"name": None})
    assert null.status_code == 422 and null.json()["field"] == "name"
    clash = api.patch(f"/programs/pain/sites/{site.pk}", {"name": "Downtown CHC"})
    assert clash.status_code == 409 and clash.json()["code"] == "duplicate_site"
    site.refresh_from_db()
    assert site.name == "Lakeview FHT"


def test_another_programs_site_is_404(pain: Program, member_api: Any) -> None:
    foreign = SiteFactory(name="Elsewhere")
    api = member_api(pain, Role.COORDINATOR)
    assert api.get(f"/programs/pain/sites/{foreign.pk}").status_code == 404
    assert api.patch(f"/programs/pain/sites/{foreign.pk}", {"region": "X"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.region == "North East"


def test_a_site_created_without_kind_or_rurality_says_not_stated(
    pain: Program, member_api: Any
) -> None:
    """The API never assumes a site is an urban clinic: what nobody said is "Not stated"."""
    response = member_api(pain, Role.COORDINATOR).post(
        "/programs/pain/sites", {"name": "Lakeview FHT", "region": "North West"}
    )
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["rurality"]) == ("not_stated", "not_stated")
    site = Site.objects.get()
    assert (site.kind, site.rurality) == ("not_stated", "not_stated")
