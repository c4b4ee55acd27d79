"""Contacts, numbers and the text index, on the cases a 1-in-8 mutation sample showed no test
pinned (issue 19). Each case is a published format or a plain reading of the scanner's own
documentation, written with made-up values."""

from __future__ import annotations

import re

import pytest

import phi
from phi.index import scan_at


def findings(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in phi.scan(text)]


# --- IP addresses (RFC 791 dotted quads, RFC 4291 text forms) -------------------------------


@pytest.mark.parametrize("address", ["8.26.14.201", "1.2.3.4", "10.0.0.25", "192.168.1.1"])
def test_an_ipv4_address_is_found_whatever_the_width_of_its_first_number(address: str) -> None:
    text = f"Logged in from {address} today."
    assert ("IP", address) in findings(text)


@pytest.mark.parametrize(
    "address", ["fe80::1", "2001:db8::8a2e:370:7334", "fe80::1ff:fe23:4567:890a"]
)
def test_an_ipv6_address_with_a_double_colon_is_found(address: str) -> None:
    assert ("IP", address) in findings(f"Router {address} replied.")


def test_a_clock_time_before_an_ipv6_address_does_not_hide_it() -> None:
    text = "Seen at 10:30 from fe80::1ff:fe23:4567:890a today."
    assert findings(text) == [("IP", "fe80::1ff:fe23:4567:890a")]


# --- Web addresses ---------------------------------------------------------------------------


def test_every_www_address_in_a_note_is_found_not_only_the_first() -> None:
    text = "See www.alpha-clinic.ca and www.beta-clinic.zz for more."
    assert findings(text) == [("URL", "www.alpha-clinic.ca"), ("URL", "www.beta-clinic.zz")]


def test_three_www_addresses_with_unlisted_endings() -> None:
    text = "Sites: www.one-example.zz, www.two-example.qq and www.three-example.xx."
    got = [t for k, t in findings(text) if k == "URL"]
    assert got == ["www.one-example.zz", "www.two-example.qq", "www.three-example.xx"]


# --- Long digit runs and dashed numbers ------------------------------------------------------


@pytest.mark.parametrize(
    "digits", ["4821396", "48213967", "482139670", "48213967052", "4821396705213"]
)
def test_a_bare_run_of_seven_to_fourteen_digits_is_an_identifier(digits: str) -> None:
    kinds = dict((t, k) for k, t in findings(f"Reference {digits} was sent."))
    assert digits in kinds


@pytest.mark.parametrize("number", ["219-45-8876", "123-4567-890", "482-1193-07"])
def test_a_dashed_number_whose_first_group_has_three_digits_is_found(number: str) -> None:
    text = f"The number {number} was on the form."
    assert [t for _, t in findings(text)] == [number]


# --- Labelled numbers: the label decides the kind --------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Hospital # 4471902 on file.", "4471902"),
        ("Hospital number: 4471902.", "4471902"),
        ("No de dossier : 8812734 au centre.", "8812734"),
        ("Chart 772213 reviewed.", "772213"),
        ("MRN 5521901.", "5521901"),
        ("Patient ID 5521901 noted.", "5521901"),
    ],
)
def test_a_number_after_a_record_label_is_a_medical_record_number(text: str, number: str) -> None:
    assert ("MRN", number) in findings(text)


def test_a_number_after_an_npi_label_is_an_identifier() -> None:
    assert findings("NPI 1234567893 noted") == [("ID", "1234567893")]


# --- The text index: matches tried only at given starts --------------------------------------


def test_scan_at_tries_each_start_once_even_when_a_match_is_empty() -> None:
    """What finditer finds, at the starts given: an empty match at a start listed twice is one
    match, as finditer finds one empty match per position."""
    rx = re.compile(r"x*")
    got = [(m.start(), m.end()) for m in scan_at(rx, "abc", [1, 1, 2])]
    assert got == [(1, 1), (2, 2)]
    assert got == [(m.start(), m.end()) for m in rx.finditer("abc") if m.start() in (1, 2)]
