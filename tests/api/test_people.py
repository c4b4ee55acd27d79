"""People, invitations and roles."""

from __future__ import annotations

from typing import Any

import pytest

from echohub.accounts.models import Invitation
from echohub.core.models import AuditEntry
from echohub.programs.models import Membership, Program, Role
from tests.factories import MembershipFactory, ProgramFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pain() -> Program:
    return ProgramFactory(slug="pain")


def test_people_list_shows_roles_site_and_email_but_no_secrets(
    pain: Program, member_api: Any
) -> None:
    site = SiteFactory(program=pain, name="Lakeview FHT")
    nurse = UserFactory(
        first_name="Ana", last_name="Alves", profession="registered_nurse", licence_number="RN-123"
    )
    MembershipFactory(program=pain, user=nurse, role=Role.PARTICIPANT, site=site)
    MembershipFactory(program=pain, user=nurse, role=Role.EXPERT)
    MembershipFactory(program=pain, user=UserFactory(last_name="Zed"), is_active=False)
    MembershipFactory(user=UserFactory(last_name="Elsewhere"))  # another program
    body = member_api(pain, Role.EXPERT, last_name="Viewer").get("/programs/pain/people").json()
    assert [p["last_name"] for p in body["items"]] == ["Alves", "Viewer"]
    ana = body["items"][0]
    assert ana["email"] == nurse.email and ana["full_name"] == "Ana Alves"
    assert ana["roles"] == ["expert", "participant"]
    assert ana["site"] == {"id": site.pk, "name": "Lakeview FHT", "region": site.region}
    assert ana["profession"] == "registered_nurse"
    assert "password" not in ana and "licence_number" not in ana


def test_people_filters(pain: Program, member_api: Any) -> None:
    site = SiteFactory(program=pain)
    MembershipFactory(
        program=pain, user=UserFactory(last_name="Pharm", profession="pharmacist"), role=Role.EXPERT
    )
    MembershipFactory(
        program=pain, user=UserFactory(last_name="Nurse", profession="registered_nurse"), site=site
    )
    api = member_api(pain, Role.COORDINATOR, last_name="Coord", profession="administrator")

    def names(**query: Any) -> list[str]:
        response = api.get("/programs/pain/people", **query)
        assert response.status_code == 200, response.content
        return [p["last_name"] for p in response.json()["items"]]

    assert names(role="expert") == ["Pharm"]
    assert names(profession="registered_nurse") == ["Nurse"]
    assert names(site=site.pk) == ["Nurse"]
    assert names(site=999999) == []
    assert names(q="phar") == ["Pharm"]
    assert api.get("/programs/pain/people", role="king").status_code == 422


def test_people_list_query_count_is_constant(
    pain: Program, member_api: Any, count_queries: Any
) -> None:
    api = member_api(pain, Role.COORDINATOR)
    api.get("/programs/pain/people")
    one = count_queries(lambda: api.get("/programs/pain/people"))
    sites = SiteFactory.create_batch(3, program=pain)
    for i in range(20):
        user = UserFactory()
        MembershipFactory(program=pain, user=user, site=sites[i % 3])
        MembershipFactory(program=pain, user=user, role=Role.EXPERT)
    assert count_queries(lambda: api.get("/programs/pain/people")) == one


def test_invite_creates_an_invitation_audits_and_emails(
    pain: Program,
    member_api: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    api = member_api(pain, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/programs/pain/invitations",
            {"email": " New.Expert@Example.test ", "role": "expert", "first_name": "Noor"},
        )
    assert response.status_code == 201, response.content
    body = response.json()
    invitation = Invitation.objects.get(pk=body["id"])
    assert (invitation.email, invitation.role, invitation.program) == (
        "new.expert@example.test",
        "expert",
        pain,
    )
    assert body["program"] == "pain" and body["expires_at"].endswith("+00:00")
    assert "token" not in response.content.decode()
    assert AuditEntry.objects.filter(action="invitation.created", actor=api.user).exists()
    assert [m.to for m in mailoutbox] == [["new.expert@example.test"]]
    assert "/accounts/invitation/" in mailoutbox[0].body or "invit" in mailoutbox[0].body.lower()


def test_only_admins_may_invite_admins(pain: Program, member_api: Any) -> None:
    body = {"email": "boss@example.test", "role": "admin"}
    refused = member_api(pain, Role.COORDINATOR).post("/programs/pain/invitations", body)
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert not Invitation.objects.exists()
    allowed = member_api(pain, Role.PROGRAM_ADMIN).post("/programs/pain/invitations", body)
    assert allowed.status_code == 201


def test_inviting_someone_who_already_has_the_role_is_409(pain: Program, member_api: Any) -> None:
    existing = UserFactory(email="ana@example.test")
    MembershipFactory(program=pain, user=existing, role=Role.EXPERT)
    response = member_api(pain, Role.COORDINATOR).post(
        "/programs/pain/invitations", {"email": "ANA@example.test", "role": "expert"}
    )
    assert response.status_code == 409 and response.json()["code"] == "already_member"


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "role": "expert"},
        {"email": "a@example.test", "role": "x"},
        {"role": "expert"},
    ],
)
def test_invalid_invitations_are_422(pain: Program, member_api: Any, body: Any) -> None:
    response = member_api(pain, Role.COORDINATOR).post("/programs/pain/invitations", body)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_set_roles_changes_memberships_and_audits(pain: Program, member_api: Any) -> None:
    site = SiteFactory(program=pain, name="Lakeview FHT")
    person = UserFactory()
    MembershipFactory(program=pain, user=person, role=Role.PARTICIPANT)
    api = member_api(pain, Role.COORDINATOR)
    response = api.put(
        f"/programs/pain/people/{person.pk}/roles",
        {"roles": ["expert", "evaluator"], "site_id": site.pk},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["roles"] == ["evaluator", "expert"] and body["site"]["id"] == site.pk
    active = set(
        Membership.objects.filter(program=pain, user=person, is_active=True).values_list(
            "role", flat=True
        )
    )
    assert active == {"expert", "evaluator"}
    entry = AuditEntry.objects.get(action="roles.changed")
    assert entry.actor == api.user
    assert entry.changes == {"roles": [["participant"], ["evaluator", "expert"]]}


def test_removing_every_role_takes_the_person_out(pain: Program, member_api: Any) -> None:
    person = UserFactory()
    MembershipFactory(program=pain, user=person)
    api = member_api(pain, Role.COORDINATOR)
    response = api.put(f"/programs/pain/people/{person.pk}/roles", {"roles": []})
    assert response.status_code == 200 and response.json()["roles"] == []
    assert not Membership.objects.filter(user=person, is_active=True).exists()


def test_coordinators_cannot_grant_admin(pain: Program, member_api: Any) -> None:
    person = UserFactory()
    MembershipFactory(program=pain, user=person)
    response = member_api(pain, Role.COORDINATOR).put(
        f"/programs/pain/people/{person.pk}/roles", {"roles": ["admin"]}
    )
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not Membership.objects.filter(user=person, role="admin").exists()


def test_the_last_admin_cannot_be_removed(pain: Program, member_api: Any) -> None:
    api = member_api(pain, Role.PROGRAM_ADMIN)
    response = api.put(f"/programs/pain/people/{api.user.pk}/roles", {"roles": ["coordinator"]})
    assert response.status_code == 400 and response.json()["code"] == "last_admin"
    assert Membership.objects.filter(user=api.user, role="admin", is_active=True).exists()


def test_set_roles_refuses_other_programs_sites_and_strangers(
    pain: Program, member_api: Any
) -> None:
    person = UserFactory()
    MembershipFactory(program=pain, user=person)
    api = member_api(pain, Role.COORDINATOR)
    foreign_site = SiteFactory()
    bad_site = api.put(
        f"/programs/pain/people/{person.pk}/roles",
        {"roles": ["participant"], "site_id": foreign_site.pk},
    )
    assert bad_site.status_code == 400 and bad_site.json()["code"] == "invalid_site"
    stranger = UserFactory()
    response = api.put(f"/programs/pain/people/{stranger.pk}/roles", {"roles": ["expert"]})
    assert response.status_code == 404
    assert not Membership.objects.filter(user=stranger).exists()
    bad_role = api.put(f"/programs/pain/people/{person.pk}/roles", {"roles": ["king"]})
    assert bad_role.status_code == 422
