"""Probe: the case form's hidden `version` field, tampered with, is a conflict, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.cases.conftest import draft, presenter  # noqa: F401 - fixtures
from tests.cases.test_case_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_sign_in(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


@pytest.mark.parametrize("version", ["abc", "1.5", "0x10", "\u0661\u0662x"])
def test_an_unreadable_version_is_a_conflict_and_keeps_what_was_typed(
    program: Any,
    presenter: Any,  # noqa: F811
    draft: Any,  # noqa: F811
    version: str,
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(presenter)
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/edit/",
        form_data(title="Typed before the tampering", version=version),
    )
    assert response.status_code == 409, response.status_code
    assert "Typed before the tampering" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "Typed before the tampering"


def test_a_huge_version_is_a_conflict(program: Any, presenter: Any, draft: Any) -> None:  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(presenter)
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/edit/", form_data(version=str(10**30))
    )
    assert response.status_code == 409
