"""The invitation form carries over the name typed at registration (issue 13)."""

from __future__ import annotations

import re

import pytest

from echohub.accounts.models import User
from echohub.programs import services
from echohub.programs.models import Registration, Role
from echohub.programs.queries import invitation_names
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


def _register_and_approve(client, program, as_role, capture, mailoutbox):
    site = SiteFactory(program=program)
    with capture(execute=True):
        client.post(
            f"/p/{program.slug}/register/",
            {
                "first_name": "Anaïs",
                "last_name": "Lopes-Grant",
                "email": "anais@example.test",
                "profession": "registered_nurse",
                "licence_number": "RN-1",
                "site": site.pk,
                "consent_research": "on",
            },
        )
    registration = Registration.objects.get()
    coordinator = as_role(program, Role.COORDINATOR)
    with capture(execute=True):
        coordinator.post(
            f"/p/{program.slug}/manage/registrations/{registration.pk}/approve/", {"note": ""}
        )
    coordinator.logout()
    body = mailoutbox[-1].body
    return re.search(r"(/accounts/invitation/\S+/)", body).group(1)


def test_invitation_form_shows_the_name_typed_at_registration(
    client, program, as_role, django_capture_on_commit_callbacks, mailoutbox
):
    path = _register_and_approve(
        client, program, as_role, django_capture_on_commit_callbacks, mailoutbox
    )
    page = client.get(path).content.decode()
    assert 'name="first_name" value="Anaïs"' in page
    assert 'name="last_name" value="Lopes-Grant"' in page


def test_the_person_may_still_correct_their_name(
    client, program, as_role, django_capture_on_commit_callbacks, mailoutbox
):
    path = _register_and_approve(
        client, program, as_role, django_capture_on_commit_callbacks, mailoutbox
    )
    response = client.post(
        path,
        {
            "first_name": "Anaïs",
            "last_name": "Lopes Grant",
            "time_zone": "America/Toronto",
            "password1": "spoke nurse 2026!",
            "password2": "spoke nurse 2026!",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="anais@example.test")
    assert (user.first_name, user.last_name) == ("Anaïs", "Lopes Grant")


def test_a_refused_form_keeps_what_was_typed_not_the_registration_name(
    client, program, as_role, django_capture_on_commit_callbacks, mailoutbox
):
    path = _register_and_approve(
        client, program, as_role, django_capture_on_commit_callbacks, mailoutbox
    )
    response = client.post(
        path,
        {"first_name": "Ana", "last_name": "L", "password1": "x", "password2": "y"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "The two passwords differ" in page
    assert 'name="first_name" value="Ana"' in page and "Anaïs" not in page


def test_an_invitation_without_a_registration_or_name_starts_empty(client, program, as_role):
    coordinator = as_role(program, Role.COORDINATOR)
    invitation = services.invite_person(
        actor=coordinator.user, program=program, email="new@example.test", role=Role.EXPERT
    )
    assert invitation_names(invitation) == {}
