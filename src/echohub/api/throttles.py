"""Rate limits: the endpoints anyone may call without signing in (per address), and the costly
ones signed-in callers may call (per person).

The counts live in the same shared store as the sign-in lockouts (`echohub.security.limits`: the
database, or Redis when REDIS_URL is set), never in a per-process cache: with several app
processes each would otherwise allow the full rate. A rate "N/period" allows N calls; the N-th
closes the key for one period (a fixed window), and refusals answer 429 with Retry-After.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.conf import settings as ninja_settings
from ninja.throttling import SimpleRateThrottle

from echohub.core.limits import address_key
from echohub.security import limits

# A person registers once; a few retries after typos are fine, a flood is not.
REGISTRATION_RATE = "20/h"


class SharedRateThrottle(SimpleRateThrottle):
    """A ninja throttle counting in `security.limits` (shared by every process)."""

    def __init__(self, rate: str, scope: str) -> None:
        self.scope = scope
        self._wait: int | None = None
        super().__init__(rate)

    def current_rate(self) -> str:
        return str(self.rate)

    def rule(self) -> limits.Limit:
        rate = self.current_rate()
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        n, seconds = int(self.num_requests or 1), int(self.duration or 1)
        return limits.Limit(f"api-{self.scope}", n, seconds, seconds)

    def ident(self, request: HttpRequest) -> str | None:
        """Who is counted (None: this request is not throttled here)."""
        raise NotImplementedError

    def address(self, request: HttpRequest) -> str | None:
        """X-Forwarded-For is trusted only when NINJA_NUM_PROXIES says how many proxies stand in
        front: otherwise any client could dodge the limit with a made-up header. An IPv6
        address counts by its /64, which its customer holds whole (core.limits.address_key)."""
        if ninja_settings.NUM_PROXIES is None:
            address = request.META.get("REMOTE_ADDR")
        else:
            address = super().get_ident(request)
        return address_key(str(address)) if address else None

    def allow_request(self, request: HttpRequest) -> bool:
        self._wait = None
        who = self.ident(request)
        if who is None:
            return True
        rule = self.rule()
        wait = limits.locked_for(rule, who)
        if wait:
            self._wait = wait
            return False
        limits.record(rule, who)  # the N-th call closes the key for one period
        return True

    def wait(self) -> float | None:
        return self._wait


class PublicRateThrottle(SharedRateThrottle):
    """Per client address, for callers who are not signed in (signed-in callers pass)."""

    def ident(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        address = self.address(request)
        return f"address:{address}" if address else None


registration_throttle = PublicRateThrottle(REGISTRATION_RATE, scope="registration")


class PersonRateThrottle(SharedRateThrottle):
    """Per signed-in person (token or session); the rate is read from the settings when the
    request comes, so a deployment can change it."""

    def __init__(self, setting: str, scope: str) -> None:
        self.setting = setting
        super().__init__(getattr(settings, setting), scope)

    def current_rate(self) -> str:
        return str(getattr(settings, self.setting))

    def ident(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)  # the User (token or session: api.auth)
        person = getattr(auth, "pk", None) or getattr(getattr(request, "user", None), "pk", None)
        if person is not None:
            return f"person:{person}"
        address = self.address(request)
        return f"address:{address}" if address else None


# The identifier scanner costs CPU per character: a person may call it PHI_SCAN_RATE times.
phi_scan_throttle = PersonRateThrottle("PHI_SCAN_RATE", scope="phi_scan")
