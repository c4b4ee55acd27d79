"""Rate limits for the endpoints anyone may call without signing in."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.conf import settings as ninja_settings
from ninja.throttling import AnonRateThrottle

# A person registers once; a few retries after typos are fine, a flood is not.
REGISTRATION_RATE = "20/h"


class PublicRateThrottle(AnonRateThrottle):
    """Per client address, through the shared cache (so it holds across app processes).

    X-Forwarded-For is trusted only when NINJA_NUM_PROXIES says how many proxies stand in front:
    otherwise any client could dodge the limit by sending a made-up header.
    """

    def __init__(self, rate: str, scope: str) -> None:
        self.scope = scope
        super().__init__(rate)

    def get_ident(self, request: HttpRequest) -> str | None:
        if ninja_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR")
        return super().get_ident(request)


registration_throttle = PublicRateThrottle(REGISTRATION_RATE, scope="registration")
