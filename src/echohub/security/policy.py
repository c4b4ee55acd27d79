"""Who needs what: the limits in force, who must use a second factor, idle timeouts, addresses.

One place for the rules; the sign-in form, the middleware and the views read them from here.
"""

from __future__ import annotations

import enum
import ipaddress
import re

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from echohub.accounts.models import User
from echohub.core.limits import address_key
from echohub.programs.models import Membership, Role
from echohub.security.limits import Limit
from echohub.security.models import TotpDevice, WebAuthnCredential

# Roles whose people see other people's cases or run programs: they must use a second factor.
PRIVILEGED_ROLES = (Role.PROGRAM_ADMIN, Role.COORDINATOR, Role.EXPERT)


def _minutes(n: int) -> int:
    return n * 60


def signin_account() -> Limit:
    return Limit(
        "signin-account",
        settings.SIGNIN_MAX_FAILURES,
        _minutes(settings.SIGNIN_LOCKOUT_MINUTES),
        _minutes(settings.SIGNIN_LOCKOUT_MINUTES),
    )


def signin_address() -> Limit:
    return Limit(
        "signin-address",
        settings.SIGNIN_MAX_FAILURES_PER_ADDRESS,
        _minutes(settings.SIGNIN_LOCKOUT_MINUTES),
        _minutes(settings.SIGNIN_LOCKOUT_MINUTES),
    )


def second_factor() -> Limit:
    """Wrong codes per account: 6 digits are guessable without a limit."""
    return Limit(
        "second-factor",
        settings.SIGNIN_MAX_FAILURES,
        _minutes(settings.SIGNIN_LOCKOUT_MINUTES),
        _minutes(settings.SIGNIN_LOCKOUT_MINUTES),
    )


def email_form_address(scope: str) -> Limit:
    """Forms that send an email to the address typed (password reset, registration): per
    client address."""
    n = settings.EMAIL_FORMS_MAX_PER_HOUR_PER_ADDRESS
    return Limit(f"{scope}-address", n, 3600, 3600)


def email_form_recipient(scope: str) -> Limit:
    """The same forms, per email address typed: nobody gets a flood of emails."""
    n = settings.EMAIL_FORMS_MAX_PER_HOUR_PER_EMAIL
    return Limit(f"{scope}-email", n, 3600, 3600)


_V4_PREFIX, _V6_PREFIX = 24, 48


def client_address(request: HttpRequest) -> str:
    """The caller's address. X-Forwarded-For is read only when NUM_PROXIES says how many proxies
    stand in front (the last N entries were added by them); otherwise anyone could send one."""
    proxies = settings.NUM_PROXIES
    if proxies > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def counted_address(request: HttpRequest) -> str:
    """The caller's address as limits per address count it: an IPv6 address by its /64, which
    one customer holds whole and may send from at any of its addresses (probe 1223;
    `core.limits.address_key`); an IPv4 address alone."""
    return address_key(client_address(request))


def truncated_address(address: str) -> str:
    """The network, not the machine: 203.0.113.57 -> 203.0.113.0/24; IPv6 -> its /48."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = _V4_PREFIX if ip.version == 4 else _V6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


_BROWSERS = (  # order matters: Edge and Opera also say "Chrome", Chrome also says "Safari"
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\b(OPR|Opera)/")),
    ("Firefox", re.compile(r"\b(Firefox|FxiOS)/")),
    ("Chrome", re.compile(r"\b(Chrome|Chromium|CriOS)/")),
    ("Safari", re.compile(r"\bVersion/[\d.]+.*Safari/")),
)
_SYSTEMS = (
    ("Android", re.compile(r"Android")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("Linux", re.compile(r"Linux|X11")),
)


def browser_family(user_agent: str) -> str:
    """'Firefox on Windows', 'Chrome on Android', or 'other': a family, never the version."""
    ua = user_agent[:512]
    name = next((n for n, pattern in _BROWSERS if pattern.search(ua)), "")
    system = next((n for n, pattern in _SYSTEMS if pattern.search(ua)), "")
    if name and system:
        return f"{name} on {system}"
    return name or system or "other"


class SecondFactor(enum.Enum):
    """What a signed-in person must do before using their session."""

    NONE = "none"  # neither required nor set up
    VERIFY = "verify"  # set up: type a code
    ENROL = "enrol"  # required by their role, not set up yet: set it up now
    DEMO = "demo"  # a demo account while DEBUG is on: skipped, as the sign-in page says


def demo_emails() -> frozenset[str]:
    from echohub.demo.content import ACCOUNTS  # plain data; the demo app is not imported

    return frozenset(email for email, *_rest in ACCOUNTS.values())


def is_privileged(user: User, *, has_privileged_role: bool | None = None) -> bool:
    if user.is_superuser or user.is_staff:
        return True
    if has_privileged_role is None:
        has_privileged_role = Membership.objects.filter(
            user=user, role__in=PRIVILEGED_ROLES, is_active=True
        ).exists()
    return has_privileged_role


def assess(user: User) -> tuple[SecondFactor, bool]:
    """(what the second factor asks of this person, whether they are privileged), one query."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            privileged_role=Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"), role__in=PRIVILEGED_ROLES, is_active=True
                )
            ),
            enrolled=Exists(
                TotpDevice.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
            )
            | Exists(WebAuthnCredential.objects.filter(user=OuterRef("pk"))),
        )
        .values("privileged_role", "enrolled")
        .first()
    ) or {"privileged_role": False, "enrolled": False}
    privileged = is_privileged(user, has_privileged_role=bool(row["privileged_role"]))
    if not settings.TWO_FACTOR_ENFORCED:
        return SecondFactor.NONE, privileged
    if settings.DEBUG and user.email.lower() in demo_emails():
        return SecondFactor.DEMO, privileged
    if row["enrolled"]:
        return SecondFactor.VERIFY, privileged
    if privileged:
        return SecondFactor.ENROL, privileged
    return SecondFactor.NONE, privileged


def has_totp(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def has_second_factor(user: User) -> bool:
    """An authenticator app or at least one passkey / security key."""
    return has_totp(user) or WebAuthnCredential.objects.filter(user=user).exists()


def idle_timeout_minutes(*, privileged: bool) -> int:
    """0 means no idle timeout (the session cookie's own age still applies)."""
    if privileged:
        return int(settings.IDLE_TIMEOUT_MINUTES_PRIVILEGED)
    return int(settings.IDLE_TIMEOUT_MINUTES)
