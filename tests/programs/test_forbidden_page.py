"""The 403 page speaks to its viewer: who the page is for, and who can grant it (issue 13)."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed(program):
    program.contact_email = "pain-echo@example.test"
    program.save()
    admin = UserFactory(first_name="Helena", last_name="Fairbrook")
    MembershipFactory(program=program, user=admin, role=Role.PROGRAM_ADMIN)
    coordinator = UserFactory(first_name="Priya", last_name="Santhanam")
    MembershipFactory(program=program, user=coordinator, role=Role.COORDINATOR)
    return program


def test_a_coordinator_is_told_the_missing_role_and_the_admin_who_grants_it(as_role, staffed):
    client = as_role(staffed, Role.COORDINATOR)
    response = client.get(f"/p/{staffed.slug}/manage/audit/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "This page is for: Program admin." in page
    assert "Your roles in Chronic Pain &amp; Opioid Stewardship: Hub coordinator." in page
    assert "Helena Fairbrook (Program admin)" in page
    assert "Santhanam" not in page  # a coordinator cannot grant the admin role
    assert "coordinator" not in page.split("This page is for")[1].split("Your roles")[0]
    assert "ask the program&#x27;s coordinator" not in page and "program's coordinator" not in page


def test_a_coordinator_who_can_grant_the_role_is_sent_to_their_roles(as_role, staffed):
    client = as_role(staffed, Role.COORDINATOR)
    response = client.get(f"/p/{staffed.slug}/research/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "This page is for: Program admin, Evaluator." in page
    assert "You manage roles in this program" in page
    assert f"/p/{staffed.slug}/manage/people/{client.user.pk}/" in page
    assert "Helena" not in page


def test_a_participant_is_told_who_to_ask(as_role, staffed):
    client = as_role(staffed, Role.PARTICIPANT)
    response = client.get(f"/p/{staffed.slug}/manage/people/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "This page is for: Program admin, Hub coordinator, Hub expert." in page
    assert "Your roles in Chronic Pain &amp; Opioid Stewardship: Participant." in page
    assert "Helena Fairbrook (Program admin)" in page
    assert "Priya Santhanam (Hub coordinator)" in page
    assert "mailto:pain-echo@example.test" in page


def test_an_expert_saving_roles_gets_the_same_help(as_role, staffed):
    client = as_role(staffed, Role.EXPERT)
    target = UserFactory()
    MembershipFactory(program=staffed, user=target, role=Role.PARTICIPANT)
    response = client.post(
        f"/p/{staffed.slug}/manage/people/{target.pk}/", {"roles": ["coordinator"]}
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "This page is for: Program admin, Hub coordinator." in page
    assert "Priya Santhanam (Hub coordinator)" in page
    assert target.memberships.get().role == Role.PARTICIPANT  # nothing changed


def test_without_anyone_to_grant_it_the_page_says_so(as_role, program):
    client = as_role(program, Role.PARTICIPANT)
    page = client.get(f"/p/{program.slug}/manage/people/").content.decode()
    assert "No one in this program can give you that role yet" in page


def test_an_outsider_still_learns_nothing(as_role, staffed):
    response = as_role(staffed, None).get(f"/p/{staffed.slug}/manage/audit/")
    assert response.status_code == 404
