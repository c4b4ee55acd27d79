"""GET /programs and /programs/{slug}."""

from __future__ import annotations

from typing import Any

import pytest

from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_list_shows_public_programs_and_my_private_ones_only(api_as: Any) -> None:
    ProgramFactory(name="Open Pain ECHO", slug="open")
    mine = ProgramFactory(name="Private Pilot", slug="pilot", is_public=False)
    ProgramFactory(name="Someone Else's Pilot", slug="other", is_public=False)
    user = UserFactory()
    MembershipFactory(program=mine, user=user, role=Role.EXPERT)
    body = api_as(user).get("/programs").json()
    assert body["count"] == 2
    assert [p["slug"] for p in body["items"]] == ["open", "pilot"]
    assert body["items"][1]["url"] == "http://127.0.0.1:8000/p/pilot/"


def test_list_filters_by_words_and_by_membership(api_as: Any) -> None:
    ProgramFactory(name="Chronic Pain ECHO", slug="pain")
    joined = ProgramFactory(name="Opioid Stewardship", slug="opioids", summary="Tapering")
    user = UserFactory()
    MembershipFactory(program=joined, user=user)
    api = api_as(user)
    assert [p["slug"] for p in api.get("/programs", q="chronic").json()["items"]] == ["pain"]
    assert [p["slug"] for p in api.get("/programs", q="taper").json()["items"]] == ["opioids"]
    assert [p["slug"] for p in api.get("/programs", mine="true").json()["items"]] == ["opioids"]


def test_a_superuser_sees_every_program(api_as: Any) -> None:
    ProgramFactory(is_public=False)
    ProgramFactory()
    assert api_as(UserFactory(is_superuser=True)).get("/programs").json()["count"] == 2


def test_program_list_query_count_is_constant(api_as: Any, count_queries: Any) -> None:
    user = UserFactory()
    api = api_as(user)
    MembershipFactory(program=ProgramFactory(is_public=False), user=user)
    api.get("/programs")  # first use writes last_used_at
    one = count_queries(lambda: api.get("/programs"))
    for _ in range(15):
        MembershipFactory(program=ProgramFactory(is_public=False), user=user, role=Role.EXPERT)
        ProgramFactory()
    assert count_queries(lambda: api.get("/programs")) == one
    assert api.get("/programs").json()["count"] == 31


def test_detail_shows_my_roles_and_permissions(member_api: Any) -> None:
    program = ProgramFactory(slug="pain")
    body = member_api(program, Role.COORDINATOR).get("/programs/pain").json()
    assert body["slug"] == "pain" and body["my_roles"] == ["coordinator"]
    assert "sessions.manage" in body["my_permissions"]
    assert "roles.grant_admin" not in body["my_permissions"]


def test_a_public_program_is_visible_to_outsiders_with_no_roles(member_api: Any) -> None:
    program = ProgramFactory(slug="open")
    body = member_api(program, None).get("/programs/open").json()
    assert body["my_roles"] == [] and body["my_permissions"] == []


def test_a_private_program_is_404_for_outsiders(member_api: Any) -> None:
    program = ProgramFactory(slug="pilot", is_public=False)
    assert member_api(program, None).get("/programs/pilot").status_code == 404
    assert member_api(program, Role.EVALUATOR).get("/programs/pilot").status_code == 200


def test_hub_teams_are_listed_with_their_active_members(
    member_api: Any, count_queries: Any
) -> None:
    from tests.factories import HubFactory, HubMemberFactory

    program = ProgramFactory(slug="pain")
    hub = HubFactory(program=program, name="Academic Pain Hub", institution="Toronto")
    chair = UserFactory(first_name="Priya", last_name="Raman", email="priya@example.test")
    HubMemberFactory(hub=hub, user=chair, hub_role="chair", discipline="specialist_physician")
    HubMemberFactory(hub=hub, is_active=False)
    api = member_api(program, None)  # public page information: outsiders see it too
    api.get("/programs/pain/hubs")
    one = count_queries(lambda: api.get("/programs/pain/hubs"))
    body = api.get("/programs/pain/hubs").json()
    assert [h["name"] for h in body] == ["Academic Pain Hub"]
    members = body[0]["members"]
    assert [(m["person"]["full_name"], m["hub_role"]) for m in members] == [
        ("Priya Raman", "chair")
    ]
    assert "email" not in members[0]["person"]
    for i in range(5):
        other = HubFactory(program=program, name=f"Hub {i}")
        HubMemberFactory.create_batch(3, hub=other)
    assert count_queries(lambda: api.get("/programs/pain/hubs")) == one
    private = ProgramFactory(slug="pilot", is_public=False)
    assert member_api(private, None).get("/programs/pilot/hubs").status_code == 404
