"""Probe 1221: one account per email address, whatever its capitals.

Sign-in, password reset and invitations find a person by their email case-insensitively
(`email__iexact`), and every path of the app stores emails lower-case, but Django's admin did
not: it saved 'Coord@Example.test' beside 'coord@example.test' (the unique index compares
exactly). From then on, signing in as either address was a 500 (MultipleObjectsReturned in the
sign-in backend), and a reset link was sent for both accounts to the one mailbox.
Now the admin refuses an address another account has in other capitals, and stores it
lower-case; the database refuses it too.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from echohub.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
FRESH = "Plum-kettle-4471-orbit"


@pytest.fixture
def admin_client(settings) -> Client:
    settings.TWO_FACTOR_ENFORCED = False  # the admin pages, not the second step, are probed here
    root = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    return client


def test_the_admin_does_not_add_an_account_for_an_email_in_other_capitals(admin_client):
    UserFactory(email="coord@example.test")
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"email": "Coord@Example.TEST", "password1": FRESH, "password2": FRESH},
    )
    assert response.status_code == 200  # the form again, with its error
    assert "already" in response.content.decode()
    assert User.objects.filter(email__iexact="coord@example.test").count() == 1
    # Signing in still works: one account answers to the address.
    client = Client()
    login = client.post(
        "/accounts/login/", {"username": "COORD@example.test", "password": PASSWORD}
    )
    assert login.status_code == 302


def test_the_admin_stores_a_new_email_lower_case(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"email": "New.Person@Example.TEST", "password1": FRESH, "password2": FRESH},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(email="new.person@example.test").exists()


def test_the_admin_does_not_change_an_email_to_another_accounts_in_other_capitals(admin_client):
    UserFactory(email="coord@example.test")
    other = UserFactory(email="other@example.test")
    page = admin_client.get(f"/admin/accounts/user/{other.pk}/change/")
    assert page.status_code == 200
    data = {
        "email": "COORD@example.test",
        "first_name": other.first_name,
        "last_name": other.last_name,
        "credentials": "",
        "profession": other.profession,
        "licence_number": "",
        "time_zone": other.time_zone,
        "is_active": "on",
        "date_joined_0": "2030-01-01",
        "date_joined_1": "10:00:00",
    }
    response = admin_client.post(f"/admin/accounts/user/{other.pk}/change/", data)
    assert response.status_code == 200
    assert "already" in response.content.decode()
    other.refresh_from_db()
    assert other.email == "other@example.test"


def test_the_database_refuses_two_accounts_for_one_email_in_other_capitals():
    UserFactory(email="coord@example.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Coord@example.test")
