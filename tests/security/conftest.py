"""Sign-in security tests: the protections that settings_test switches off for other suites
(second factor, idle timeouts) are switched back on here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyotp
import pytest
from django.core.cache import cache
from django.test import Client

from echohub.accounts.models import User
from echohub.security.models import TotpDevice
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _protections_on(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = True
    settings.IDLE_TIMEOUT_MINUTES_PRIVILEGED = 30
    settings.IDLE_TIMEOUT_MINUTES = 480
    settings.SIGNIN_MAX_FAILURES = 5
    settings.SIGNIN_MAX_FAILURES_PER_ADDRESS = 30
    settings.SIGNIN_LOCKOUT_MINUTES = 15
    settings.SECURITY_RATE_STORE = "database"
    cache.clear()


def address_client(address: str) -> Client:
    """A client calling from its own address (another person, another process's view of it)."""
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=FIREFOX)


FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def sign_in() -> Callable[..., Any]:
    """sign_in(client, email, password=PASSWORD) -> the login POST's response."""

    def post(client: Client, email: str, password: str = PASSWORD, **extra: Any) -> Any:
        return client.post("/accounts/login/", {"username": email, "password": password}, **extra)

    return post


def enrol(user: User) -> pyotp.TOTP:
    """Give `user` a confirmed authenticator; returns the TOTP to make codes with."""
    secret = pyotp.random_base32()
    from django.utils import timezone

    TotpDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    return pyotp.TOTP(secret)
