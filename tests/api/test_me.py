"""GET /me."""

from __future__ import annotations

from typing import Any

import pytest

from echohub.programs.models import Role
from echohub.programs.rules import PERMISSIONS
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_me_lists_my_programs_with_roles_and_permissions(api_as: Any) -> None:
    user = UserFactory(first_name="Ada", last_name="Ng", profession="pharmacist")
    pain = ProgramFactory(slug="pain", name="A Pain")
    MembershipFactory(program=pain, user=user, role=Role.EXPERT)
    MembershipFactory(program=pain, user=user, role=Role.PARTICIPANT)
    gone = ProgramFactory(slug="gone", name="B Gone")
    MembershipFactory(program=gone, user=user, role=Role.COORDINATOR, is_active=False)
    ProgramFactory(slug="other")
    body = api_as(user).get("/me").json()
    assert body["full_name"] == "Ada Ng" and body["profession"] == "pharmacist"
    assert body["programs"] == [
        {
            "slug": "pain",
            "name": "A Pain",
            "roles": ["expert", "participant"],
            "permissions": sorted(
                p for p, roles in PERMISSIONS.items() if {"expert", "participant"} & roles
            ),
        }
    ]
    assert "password" not in body and "licence_number" not in body


def test_a_superuser_holds_every_permission(api_as: Any) -> None:
    root = UserFactory(is_superuser=True)
    MembershipFactory(program=ProgramFactory(), user=root, role=Role.PARTICIPANT)
    body = api_as(root).get("/me").json()
    assert body["is_superuser"] is True
    assert body["programs"][0]["permissions"] == sorted(PERMISSIONS)


def test_me_query_count_is_constant(api_as: Any, count_queries: Any) -> None:
    user = UserFactory()
    api = api_as(user)
    MembershipFactory(program=ProgramFactory(), user=user)
    api.get("/me")
    one = count_queries(lambda: api.get("/me"))
    for _ in range(10):
        MembershipFactory(program=ProgramFactory(), user=user, role=Role.EXPERT)
    assert count_queries(lambda: api.get("/me")) == one
