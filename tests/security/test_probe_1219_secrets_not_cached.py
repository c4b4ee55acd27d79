"""Probe 1219: pages that show a secret once are never kept by the browser or a proxy.

The page with a new API token (`eh_…`, a key that acts as its person for up to a year) and the
page with new recovery codes were sent without Cache-Control, so a browser could keep them on
disk and show them again from its history or back button on a shared computer after sign-out
(the security page and the authenticator set-up already said no-store). Now both say no-store."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from echohub.security.middleware import VERIFIED
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.security.conftest import enrol

pytestmark = pytest.mark.django_db


def _signed_in() -> tuple[Client, object]:
    user = UserFactory(email="secrets-1219@example.test")
    client = Client()
    client.force_login(user)
    return client, user


def test_the_new_token_page_is_not_cached():
    client, _user = _signed_in()
    response = client.post(
        "/accounts/profile/tokens/",
        {"name": "Sync", "scope": "read", "days": "30", "password": PASSWORD},
    )
    assert response.status_code == 200
    assert re.search(r"<code id=\"token\">eh_", response.content.decode())
    assert "no-store" in response["Cache-Control"]


def test_the_new_recovery_codes_page_is_not_cached():
    client, user = _signed_in()
    enrol(user)
    session = client.session
    session[VERIFIED] = True
    session.save()
    response = client.post("/accounts/security/recovery-codes/")
    assert response.status_code == 200, response
    assert "no-store" in response["Cache-Control"]
