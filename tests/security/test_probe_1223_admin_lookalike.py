"""Probe 12-23: Django's admin took an email whose domain only looks like another one.

Probe 12-22 made the public registration (web form and API) refuse a look-alike domain
("member@exаmple.test" with a Cyrillic "а", full-width letters, their Punycode), but the admin
still saved a person or an invitation under one: the admin then shows the very address of a
known member, and the invitation and reminders go to whoever owns the look-alike domain. Now the
admin's forms refuse it with the same message; a domain wholly in one script still passes.
"""

from __future__ import annotations

import pytest
from django.test import Client

from echohub.accounts.models import Invitation, User
from echohub.core.limits import LOOKALIKE_EMAIL_MESSAGE
from tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

FRESH = "Plum-kettle-4471-orbit"
LOOKALIKES = [
    "member@ex\u0430mple.test",  # a Cyrillic a among Latin letters
    "member@\uff45xample.test",  # a full-width e
    "member@xn--exmple-4nf.test",  # the first one's Punycode
]


@pytest.fixture
def admin_client(settings) -> Client:
    settings.TWO_FACTOR_ENFORCED = False  # the admin pages, not the second step, are probed here
    root = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    return client


@pytest.mark.parametrize("email", LOOKALIKES)
def test_the_admin_adds_no_person_under_a_lookalike_domain(admin_client, email):
    response = admin_client.post(
        "/admin/accounts/user/add/", {"email": email, "password1": FRESH, "password2": FRESH}
    )
    assert response.status_code == 200  # the form again, with its error
    assert str(LOOKALIKE_EMAIL_MESSAGE) in response.content.decode()
    assert not User.objects.exclude(email="root@example.test").exists()


def test_the_admin_does_not_change_an_email_to_a_lookalike(admin_client):
    person = UserFactory(email="member@example.test")
    page = admin_client.get(f"/admin/accounts/user/{person.pk}/change/")
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(email=LOOKALIKES[0], date_joined_0="2026-01-01", date_joined_1="00:00:00")
    response = admin_client.post(f"/admin/accounts/user/{person.pk}/change/", data)
    assert str(LOOKALIKE_EMAIL_MESSAGE) in response.content.decode()
    person.refresh_from_db()
    assert person.email == "member@example.test"


@pytest.mark.parametrize("email", LOOKALIKES)
def test_the_admin_makes_no_invitation_for_a_lookalike_domain(admin_client, email):
    program = ProgramFactory()
    response = admin_client.post(
        "/admin/accounts/invitation/add/",
        {
            "email": email,
            "program": program.pk,
            "role": "participant",
            "expires_at_0": "2030-01-01",
            "expires_at_1": "00:00:00",
        },
    )
    assert str(LOOKALIKE_EMAIL_MESSAGE) in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_domain_in_one_script_is_still_taken(admin_client):
    email = "member@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444"  # wholly Cyrillic
    response = admin_client.post(
        "/admin/accounts/user/add/", {"email": email, "password1": FRESH, "password2": FRESH}
    )
    assert response.status_code == 302
    assert User.objects.filter(email=email).exists()
