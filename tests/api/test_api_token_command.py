"""`echohub api_token EMAIL --name NAME`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from echohub.accounts.models import ApiToken
from echohub.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_command_prints_a_working_token_once_and_stores_only_its_hash(client: Client) -> None:
    user = UserFactory(email="coord@example.test")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token", "Coord@Example.test", "--name", "import script", stdout=out, stderr=err
    )
    raw = out.getvalue().strip()
    assert raw.startswith("eh_") and "\n" not in raw
    token = ApiToken.objects.get(user=user)
    assert token.name == "import script" and raw not in (token.key_hash, token.prefix)
    assert "not shown again" in err.getvalue()
    assert AuditEntry.objects.filter(action="api_token.created").exists()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["email"] == "coord@example.test"


def test_command_refuses_unknown_or_deactivated_people() -> None:
    with pytest.raises(CommandError, match="No person"):
        call_command("api_token", "nobody@example.test", "--name", "x", stdout=io.StringIO())
    UserFactory(email="gone@example.test", is_active=False)
    with pytest.raises(CommandError, match="deactivated"):
        call_command("api_token", "gone@example.test", "--name", "x", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_command_needs_a_name() -> None:
    UserFactory(email="coord@example.test")
    with pytest.raises(CommandError):
        call_command("api_token", "coord@example.test", "--name", "  ", stdout=io.StringIO())
