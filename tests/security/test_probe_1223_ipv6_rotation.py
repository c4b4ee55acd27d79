"""Probe 12-23: rate limits per client address, and IPv6.

An IPv6 customer (a home line, a cloud server) is given a whole /64: 2^64 addresses, any of
which it may send from. The limits "per client address" counted each address apart, so a
caller changing the last bits of its address between requests was never counted twice: the
API's public registration endpoint (20 an hour per address) took a flood of new registrations,
each a row for the coordinators and an email. Now the API's address limits count an IPv6
address by its /64 network (what one customer holds); an IPv4 address counts alone, and an
IPv4 address written in IPv6 ("::ffff:198.51.100.7") counts as that IPv4 address.

The sign-in limit per address ("from your network", says its message) and the per-address limit
of the web forms that send an email (password reset, registration), in echohub.security, count
the same way (`policy.counted_address`), as does the "too busy" limit per caller.
"""

from __future__ import annotations

import ipaddress
import json

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from echohub.core.limits import address_key
from tests.factories import ProgramFactory, UserFactory
from tests.security.conftest import address_client

pytestmark = pytest.mark.django_db

NETWORK = "2001:db8:4a1:77"  # one customer's /64 (documentation prefix, RFC 3849)


def _rotating(n: int) -> str:
    return f"{NETWORK}:{n:x}:{(n * 7919) % 65536:x}:{n % 251:x}:1"


def _register(client: Client, slug: str, n: int) -> int:
    payload = {
        "email": f"new{n}@example.test",
        "first_name": "Pat",
        "last_name": "Doe",
        "profession": "registered_nurse",
        "licence_number": f"RN-{n}",
        "new_site_name": "Lakeview Station",
        "region": "North West",
    }
    response = client.post(
        f"/api/v1/programs/{slug}/registrations",
        json.dumps(payload),
        content_type="application/json",
    )
    return response.status_code


def test_the_api_counts_one_ipv6_customer_once_whatever_its_last_bits(settings):
    settings.EMAIL_FORMS_MAX_PER_HOUR_PER_ADDRESS = 10_000  # the API's own limit, alone
    cache.clear()
    program = ProgramFactory(slug="pain")
    codes = [_register(address_client(_rotating(n)), program.slug, n) for n in range(22)]
    assert codes[:19] == [201] * 19, codes
    assert codes[-1] == 429, codes
    # Another customer (another /64) and an IPv4 caller are not held up by it.
    assert _register(address_client("2001:db8:4a1:78::1"), program.slug, 100) != 429
    assert _register(address_client("198.51.100.7"), program.slug, 101) != 429


def test_ipv4_addresses_still_count_each_alone(settings):
    settings.EMAIL_FORMS_MAX_PER_HOUR_PER_ADDRESS = 10_000
    cache.clear()
    program = ProgramFactory(slug="pain")
    codes = [_register(address_client(f"198.51.100.{n + 1}"), program.slug, n) for n in range(25)]
    assert codes == [201] * 25, codes


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("2001:db8:4a1:77:1:2:3:4", "2001:db8:4a1:77::/64"),
        ("2001:DB8:4A1:77::9", "2001:db8:4a1:77::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("not an address", "not an address"),
        ("", ""),
    ],
)
def test_address_keys(address, key):
    assert address_key(address) == key


@given(st.integers(0, 2**64 - 1), st.integers(0, 2**64 - 1))
def test_every_address_of_a_64_has_one_key_and_no_other_64_shares_it(low, other):
    prefix = ipaddress.IPv6Address("2001:db8:4a1:77::").packed[:8]
    one = ipaddress.IPv6Address(prefix + low.to_bytes(8, "big"))
    assert address_key(str(one)) == "2001:db8:4a1:77::/64"
    neighbour = ipaddress.IPv6Address(int.from_bytes(prefix, "big") + 1 << 64 | other)
    assert address_key(str(neighbour)) != "2001:db8:4a1:77::/64"


def test_sign_in_failures_from_one_ipv6_customer_are_counted_together(settings, sign_in):
    settings.SIGNIN_MAX_FAILURES_PER_ADDRESS = 5
    for n in range(8):
        UserFactory(email=f"p{n}@example.test")
    codes = [
        sign_in(address_client(_rotating(n)), f"p{n}@example.test", "wrong guess").status_code
        for n in range(8)
    ]
    locked = sign_in(address_client(_rotating(99)), "p0@example.test", "wrong guess")
    assert "Too many unsuccessful sign-ins" in locked.content.decode(), codes


def test_password_resets_from_one_ipv6_customer_are_counted_together(settings):
    settings.EMAIL_FORMS_MAX_PER_HOUR_PER_ADDRESS = 3
    codes = [
        address_client(_rotating(n))
        .post("/accounts/password/reset/", {"email": f"r{n}@example.test"})
        .status_code
        for n in range(5)
    ]
    assert codes[3:] == [429, 429], codes
