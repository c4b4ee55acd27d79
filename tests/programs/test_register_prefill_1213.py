"""A signed-in member registering for another program sees their name, email, profession and
licence number filled in from their account; the email is read-only and always the account's
(approval finds the account by it: another address would make a second account). Someone not
signed in sees an empty form as before (a French walk found a member retyping everything)."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.test import Client

from echohub.programs.models import Registration
from tests.factories import SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def _input(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, f"no input {name}"
    return found.group(0)


def _value(tag: str) -> str:
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else ""


@pytest.fixture
def member() -> Any:
    return UserFactory(
        email="dana.member@example.test",
        first_name="Dana",
        last_name="Côté-Ng",
        profession="registered_nurse",
        licence_number="RN-77",
    )


def test_a_signed_in_member_finds_their_details_filled_in(
    client: Client, program: Any, member: Any
) -> None:
    client.force_login(member)
    response = client.get(f"/p/{program.slug}/register/")
    assert response.status_code == 200
    page = html_lib.unescape(response.content.decode())
    assert _value(_input(page, "first_name")) == "Dana"
    assert _value(_input(page, "last_name")) == "Côté-Ng"
    assert _value(_input(page, "licence_number")) == "RN-77"
    email = _input(page, "email")
    assert _value(email) == "dana.member@example.test"
    assert "readonly" in email and "disabled" not in email
    assert re.search(r'<option value="registered_nurse"[^>]*selected', page)
    assert "The address of your account" in page


def test_a_member_registers_with_their_account_address_whatever_is_sent(
    client: Client, program: Any, member: Any
) -> None:
    site = SiteFactory(program=program)
    client.force_login(member)
    for sent in ("someone.else@example.test", "", "not-an-email"):
        Registration.objects.all().delete()
        response = client.post(
            f"/p/{program.slug}/register/",
            {
                "first_name": "Dana",
                "last_name": "Côté-Ng",
                "email": sent,
                "profession": "registered_nurse",
                "licence_number": "RN-77",
                "site": site.pk,
                "consent_research": "on",
            },
        )
        assert response.status_code == 302, sent
        assert Registration.objects.get().email == "dana.member@example.test"


def test_someone_not_signed_in_sees_an_empty_form(client: Client, program: Any) -> None:
    response = client.get(f"/p/{program.slug}/register/")
    assert response.status_code == 200
    page = html_lib.unescape(response.content.decode())
    for name in ("first_name", "last_name", "email", "licence_number"):
        assert _value(_input(page, name)) == "", name
    assert "readonly" not in _input(page, "email")
