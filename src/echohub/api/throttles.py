"""Rate limits: the endpoints anyone may call without signing in (per address), and the costly
ones signed-in callers may call (per person)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.conf import settings as ninja_settings
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

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


class PersonRateThrottle(AuthRateThrottle):
    """Per signed-in person (token or session), through the shared cache; the rate is read from
    the settings when the request comes, so a deployment can change it."""

    def __init__(self, setting: str, scope: str) -> None:
        self.scope = scope
        self.setting = setting
        super().__init__(getattr(settings, setting))

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, self.setting)
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        auth = getattr(request, "auth", None)
        ident = getattr(auth, "pk", None) or getattr(request.user, "pk", None)
        if ident is None:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


# The identifier scanner costs CPU per character: a person may call it PHI_SCAN_RATE times.
phi_scan_throttle = PersonRateThrottle("PHI_SCAN_RATE", scope="phi_scan")
