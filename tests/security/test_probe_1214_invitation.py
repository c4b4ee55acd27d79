"""Probe 1214: an invitation link sent to the email of an existing account is no password reset.

Opened signed out, the link showed "Set up your account" and its form replaced the existing
account's password (and name), then signed the holder in: a second password-reset link that
lasts 14 days, outlives the account's next password change, and left its API tokens working.
An account with a password now signs in first, then accepts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from echohub.accounts.models import User
from echohub.programs import services
from echohub.programs.models import Membership, Role
from echohub.security import services as security_services
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new phrase 77"


def _invite(email: str, mailoutbox, capture) -> tuple[str, object]:
    program = ProgramFactory(slug="pain-invite")
    with capture(execute=True):
        services.invite_person(actor=None, program=program, email=email, role=Role.EXPERT)
    path = re.search(r"(/accounts/invitation/\S+/)", mailoutbox[-1].body).group(1)
    return path, program


def _form(first: str = "Mallory", last: str = "Quill") -> dict[str, str]:
    return {
        "first_name": first,
        "last_name": last,
        "time_zone": "America/Toronto",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }


def test_a_signed_out_holder_cannot_set_an_existing_accounts_password(
    mailoutbox, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="kept-1214@example.test", first_name="Noor", last_name="Vale")
    MembershipFactory(program=ProgramFactory(slug="other-1214"), user=existing, role=Role.EXPERT)
    _token, raw = security_services.issue_api_token(
        actor=existing, user=existing, name="sync", scope="read", days=30
    )
    path, program = _invite(
        "kept-1214@example.test", mailoutbox, django_capture_on_commit_callbacks
    )
    client = Client()
    page = client.get(path)
    body = page.content.decode()
    assert "Set up your account" not in body and 'name="password1"' not in body
    assert "/accounts/login/?next=" in body
    posted = client.post(path, _form())
    assert posted.status_code == 400
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD) and not existing.check_password(NEW_PASSWORD)
    assert (existing.first_name, existing.last_name) == ("Noor", "Vale")
    assert not Membership.objects.filter(program=program, user=existing).exists()
    assert "_auth_user_id" not in client.session
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_signed_in_as_that_account_the_invitation_is_accepted(
    mailoutbox, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="kept-1214@example.test")
    path, program = _invite(
        "kept-1214@example.test", mailoutbox, django_capture_on_commit_callbacks
    )
    client = Client()
    signed_in = client.post(
        "/accounts/login/?next=" + path,
        {"username": "kept-1214@example.test", "password": PASSWORD, "next": path},
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == path
    assert "Accept the invitation" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert Membership.objects.get(program=program, user=existing).role == Role.EXPERT


def test_an_account_without_a_password_still_sets_one_up(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Approved registrations make accounts with no usable password: the link is how they
    choose one, as before."""
    User.objects.create_user(email="fresh-1214@example.test")
    path, program = _invite(
        "fresh-1214@example.test", mailoutbox, django_capture_on_commit_callbacks
    )
    client = Client()
    assert "Set up your account" in client.get(path).content.decode()
    done = client.post(path, _form("Ines", "Marr"))
    assert done.status_code == 302
    user = User.objects.get(email="fresh-1214@example.test")
    assert user.check_password(NEW_PASSWORD) and user.first_name == "Ines"
    assert Membership.objects.filter(program=program, user=user, role=Role.EXPERT).exists()
