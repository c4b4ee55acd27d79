"""Check-digit validators, with the published synthetic fixtures (clinical.md section 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from phi import checksums


@pytest.mark.parametrize("value", ["9876-543-217", "9876543217", "9876-543-217 AA", "4532281740"])
def test_ontario_health_number_luhn_accepts_valid(value: str) -> None:
    assert checksums.ontario_hn_valid(value)


@pytest.mark.parametrize("value", ["9876543210", "0876543217", "98765432", "abcdefghij", ""])
def test_ontario_health_number_rejects_bad_check_digit_or_shape(value: str) -> None:
    assert not checksums.ontario_hn_valid(value)


@pytest.mark.parametrize("value", ["9698 658 215", "9876 543 218", "9698658215"])
def test_bc_phn_mod11_accepts_valid(value: str) -> None:
    assert checksums.bc_phn_valid(value)


@pytest.mark.parametrize("value", ["9698648215", "8698658215", "969865821", ""])
def test_bc_phn_mod11_rejects_invalid(value: str) -> None:
    assert not checksums.bc_phn_valid(value)


def test_sin_is_luhn_and_never_starts_with_0_or_8() -> None:
    assert checksums.sin_valid("130-692-544")
    assert checksums.sin_valid("130 692 544")
    assert not checksums.sin_valid("130 692 545")
    assert not checksums.sin_valid("046 454 286")  # Luhn-valid documentation example, starts with 0
    assert not checksums.sin_valid("000 000 000")  # Luhn-valid but starts with 0
    assert not checksums.sin_valid("12345678")


def test_ssn_structure_rules() -> None:
    assert checksums.ssn_valid("123-45-6789")
    for bad in ("000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000"):
        assert not checksums.ssn_valid(bad), bad


def test_npi_luhn_with_80840_prefix() -> None:
    assert checksums.npi_valid("1234567893")  # CMS's published example
    assert not checksums.npi_valid("1234567890")
    assert not checksums.npi_valid("3234567893")


def test_dea_checksum() -> None:
    # 1+3+5 + 2*(2+4+6) = 9 + 24 = 33 -> check digit 3
    assert checksums.dea_valid("AB1234563")
    assert not checksums.dea_valid("AB1234564")
    assert not checksums.dea_valid("A11234563")
    assert checksums.dea_valid("A91234563")  # second character may be 9 (business activity)


def test_ramq_encodes_birth_date_and_sex() -> None:
    born = checksums.ramq_birth_date("BELJ 6211 0316")
    assert born == (dt.date(1962, 11, 3), "M")
    born_f = checksums.ramq_birth_date("LEVM 7852 2711")
    assert born_f == (dt.date(1978, 2, 27), "F")
    assert checksums.ramq_valid("LALY31571408")
    assert not checksums.ramq_valid("ABCD 9913 4512")  # month 13
    assert not checksums.ramq_valid("ABC1 6211 0316")


def test_luhn_ignores_nothing_but_digits() -> None:
    assert checksums.luhn_valid("79927398713")
    assert not checksums.luhn_valid("7992739871x")
    assert not checksums.luhn_valid("")
    assert checksums.digits_of("705-555 0134") == "7055550134"
