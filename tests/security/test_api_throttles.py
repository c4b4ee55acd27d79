"""The API's rate limits count in the shared store of the sign-in lockouts (the database here,
Redis when REDIS_URL is set), not in one process's memory: what one app process counted,
another process sees. A second process is stood for by clearing this process's cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from echohub.security.models import RateCounter
from tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


def body(email: str) -> dict[str, Any]:
    return {
        "email": email,
        "first_name": "Pat",
        "last_name": "Lee",
        "profession": "registered_nurse",
        "licence_number": "RN-1",
        "consent_research": True,
        "new_site_name": "Lakeview Station",
        "region": "North West",
    }


def scan(client: Client) -> int:
    return client.post(
        "/api/v1/phi/scan", {"text": "hello"}, content_type="application/json"
    ).status_code


def test_the_scanner_limit_holds_across_processes(settings: Any) -> None:
    settings.PHI_SCAN_RATE = "3/m"
    alice = Client(REMOTE_ADDR="198.51.100.7")
    alice.force_login(UserFactory())
    assert [scan(alice) for _ in range(2)] == [200, 200]
    cache.clear()  # another app process: nothing of this one's memory
    assert scan(alice) == 200
    cache.clear()
    refused = alice.post("/api/v1/phi/scan", {"text": "x"}, content_type="application/json")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert RateCounter.objects.filter(scope="api-phi_scan").exists()
    # Counted per person: another person from the same address still may.
    bob = Client(REMOTE_ADDR="198.51.100.7")
    bob.force_login(UserFactory())
    assert scan(bob) == 200


def test_public_registration_limit_holds_across_processes(settings: Any) -> None:
    from echohub.api import throttles

    settings.EMAIL_FORMS_MAX_PER_HOUR_PER_ADDRESS = 1000  # the form limit is not under test
    settings.EMAIL_FORMS_MAX_PER_HOUR_PER_EMAIL = 1000
    ProgramFactory(slug="pain")
    limit = int(throttles.REGISTRATION_RATE.split("/")[0])
    anon = Client(REMOTE_ADDR="203.0.113.5")
    statuses = []
    for i in range(limit + 1):
        cache.clear()  # every call in a fresh process
        statuses.append(
            anon.post(
                "/api/v1/programs/pain/registrations",
                body(f"p{i}@x.test"),
                content_type="application/json",
            ).status_code
        )
    assert statuses == [201] * limit + [429]
    # Another address is counted apart.
    other = Client(REMOTE_ADDR="203.0.113.6")
    assert (
        other.post(
            "/api/v1/programs/pain/registrations",
            body("q@x.test"),
            content_type="application/json",
        ).status_code
        == 201
    )


def test_the_throttles_use_the_cache_store_when_redis_is_set(settings: Any) -> None:
    """With SECURITY_RATE_STORE=cache (REDIS_URL set), the same counters go to the cache."""
    settings.SECURITY_RATE_STORE = "cache"
    settings.PHI_SCAN_RATE = "2/m"
    alice = Client(REMOTE_ADDR="198.51.100.8")
    alice.force_login(UserFactory())
    assert [scan(alice) for _ in range(3)] == [200, 200, 429]
    assert not RateCounter.objects.filter(scope="api-phi_scan").exists()
