"""recognizers/contacts.py, one rule at a time, against the published formats: North American
numbering plan phone numbers (area code and exchange begin with 2-9), Canada Post postal codes
(``A1A 1A1``; D, F, I, O, Q, U never used, W and Z never first; clinical.md section 6.2), US
ZIP and ZIP+4 codes, IPv4 (four octets 0-255) and IPv6 addresses (RFC 4291 text forms), e-mail
addresses and web addresses."""

from __future__ import annotations

import pytest

from phi.core import P_EMAIL, P_IP, P_PHONE, P_POSTAL, P_URL
from phi.recognizers import contacts

from .helpers import proposals, resolved


def _kind(text: str, kind: str) -> list[str]:
    return [t for t, k in resolved(contacts.recognize, text) if k == kind]


# --- postal codes -------------------------------------------------------------------------


@pytest.mark.parametrize("first", list("ABCEGHJKLMNPRSTVXY"))
def test_every_first_letter_canada_post_uses(first: str) -> None:
    code = f"{first}1A 2B3"
    assert proposals(contacts.recognize, f"mail to {code} now") == [
        (code, "POSTAL_CODE", "Canadian postal code", P_POSTAL)
    ]


@pytest.mark.parametrize("first", list("DFIOQUWZ"))
def test_letters_never_first_in_a_postal_code(first: str) -> None:
    assert _kind(f"mail to {first}1A 2B3 now", "POSTAL_CODE") == []


@pytest.mark.parametrize("letter", list("DFIOQU"))
def test_letters_never_used_in_a_postal_code(letter: str) -> None:
    assert _kind(f"to K1{letter} 2B3 now", "POSTAL_CODE") == []
    assert _kind(f"to K1A 2{letter}3 now", "POSTAL_CODE") == []


def test_w_and_z_are_used_after_the_first_letter() -> None:
    assert _kind("to K1W 2Z3 now", "POSTAL_CODE") == ["K1W 2Z3"]


@pytest.mark.parametrize("code", ["K1A0B1", "K1A-0B1", "K1A 0B1"])
def test_postal_code_separators(code: str) -> None:
    assert _kind(f"to {code}.", "POSTAL_CODE") == [code]


def test_postal_code_in_lower_case_needs_its_space_or_hyphen() -> None:
    assert proposals(contacts.recognize, "to k1a 0b1 now") == [
        ("k1a 0b1", "POSTAL_CODE", "Canadian postal code (lower case)", P_POSTAL)
    ]
    assert _kind("to p7b-5e1", "POSTAL_CODE") == ["p7b-5e1"]
    assert _kind("k1a 0b1 first", "POSTAL_CODE") == ["k1a 0b1"]
    assert _kind("code k1a0b1", "POSTAL_CODE") == []
    assert _kind("to d1a 0b1", "POSTAL_CODE") == []
    assert _kind("to k1a 0o1", "POSTAL_CODE") == []
    assert _kind("ok1a 0b1", "POSTAL_CODE") == []


def test_zip_codes() -> None:
    assert proposals(contacts.recognize, "Dover 19901-1234 x") == [
        ("19901-1234", "POSTAL_CODE", "US ZIP+4 code", P_POSTAL)
    ]
    assert proposals(contacts.recognize, "Dover, DE 19901") == [
        ("19901", "POSTAL_CODE", "US ZIP code after a state", P_POSTAL)
    ]
    assert _kind("Buffalo, NY, 14201", "POSTAL_CODE") == ["14201"]
    assert _kind("Buffalo NY 14201", "POSTAL_CODE") == ["14201"]
    assert _kind("walked 14201 steps", "POSTAL_CODE") == []


# --- IP addresses -------------------------------------------------------------------------


def test_ipv4_octets_run_from_0_to_255() -> None:
    assert proposals(contacts.recognize, "from 255.255.255.255 at") == [
        ("255.255.255.255", "IP", "IPv4 address", P_IP)
    ]
    assert _kind("from 10.0.0.0 at", "IP") == ["10.0.0.0"]
    assert _kind("from 192.168.1.256 at", "IP") == []
    assert _kind("from 256.1.1.1 at", "IP") == []
    assert _kind("version 1.2.3.4.5", "IP") == []


@pytest.mark.parametrize(
    "address",
    ["2001:db8::1", "fe80::1ff:fe23:4567:890a", "2001:0db8:0000:0000:0000:ff00:0042:8329"],
)
def test_ipv6_text_forms(address: str) -> None:
    assert proposals(contacts.recognize, f"host {address} down") == [
        (address, "IP", "IPv6 address", P_IP)
    ]


@pytest.mark.parametrize("text", ["at 10:30:00", "ratio 1:2:3", "ab:cd:ef", "gg::1", "1:2"])
def test_clock_times_and_ratios_are_not_ipv6(text: str) -> None:
    assert _kind(text, "IP") == []


# --- e-mail and web addresses -------------------------------------------------------------


def test_email_addresses() -> None:
    assert proposals(contacts.recognize, "write to j.doe+pain@clinic.example.ca.") == [
        ("j.doe+pain@clinic.example.ca", "EMAIL", "email address", P_EMAIL)
    ]
    assert _kind("a@b and x@y.z", "EMAIL") == []
    assert _kind("me@example.com and you@example.org", "EMAIL") == [
        "me@example.com",
        "you@example.org",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=1",
        "http://example.org",
        "ftp://files.example.org/x",
        "www.example.ca",
        "WWW.Example.ca/page",
        "example.ca/forms/intake",
        "portal.example.health/login",
    ],
)
def test_web_addresses(url: str) -> None:
    assert (url, "URL", "web address", P_URL) in proposals(contacts.recognize, f"see {url}, ok")
    assert _kind(f"see {url}, thanks", "URL") == [url]


def test_trailing_punctuation_is_not_part_of_a_url() -> None:
    assert _kind("see https://example.org/a.;", "URL") == ["https://example.org/a"]
    assert _kind("see 'https://example.org/b'!", "URL") == ["https://example.org/b"]


def test_not_web_addresses() -> None:
    assert _kind("mg/day and 1.5/10 and e.g./i.e.", "URL") == []
    assert _kind("file://x and xhttps://example.org", "URL") == []


# --- phone numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "(807) 555-0143",
        "( 807 ) 555-0143",
        "807-555-0143",
        "807.555.0143",
        "807 555 0143",
        "+1 807 555 0143",
        "1-807-555-0143",
        "+18075550143",
        "807-555 0143",
    ],
)
def test_north_american_phone_numbers(phone: str) -> None:
    got = proposals(contacts.recognize, f"reach {phone} today")
    assert (phone, "PHONE", "North American phone number", P_PHONE) in got
    assert _kind(f"reach {phone} today", "PHONE") == [phone]


@pytest.mark.parametrize("phone", ["107-555-0143", "807-155-0143", "(007) 555-0143"])
def test_area_code_and_exchange_begin_with_2_to_9(phone: str) -> None:
    assert _kind(f"reach {phone} today", "PHONE") == []


@pytest.mark.parametrize("cue", ["tel", "Tél.", "phone:", "cell", "fax #", "call", "pager"])
def test_ten_bare_digits_after_a_phone_word(cue: str) -> None:
    assert _kind(f"{cue} 8075550143", "PHONE") == ["8075550143"]


def test_ten_bare_digits_without_a_phone_word_are_not_a_phone() -> None:
    assert _kind("ref 8075550143", "PHONE") == []
    # the cue must be close: within 25 characters
    assert _kind("tel: see the ref number, 8075550143", "PHONE") == []


def test_a_local_number_needs_a_phone_word() -> None:
    assert proposals(contacts.recognize, "ext cell 555-0143") == [
        ("555-0143", "PHONE", "phone number (no area code)", P_PHONE - 2)
    ]
    assert _kind("call 555.0143", "PHONE") == ["555.0143"]
    assert _kind("lot 555-0143", "PHONE") == []
    assert _kind("cell 155-0143", "PHONE") == []


def test_a_health_card_grouping_is_not_a_phone() -> None:
    assert _kind("card 9876-543-217", "PHONE") == []
    assert _kind("card 9876 543 217", "PHONE") == []


def test_a_product_number_is_not_a_phone() -> None:
    assert _kind("DIN 807-555-0143", "PHONE") == []
