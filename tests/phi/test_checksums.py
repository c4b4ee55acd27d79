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


def test_ontario_health_number_shape_limits() -> None:
    # ten digits, at most two separators: the card's 4-3-3 grouping and its version code
    assert checksums.ontario_hn_valid(" 9876 543 217 AB ")
    assert checksums.ontario_hn_valid("9876-543-217-A")
    assert not checksums.ontario_hn_valid("9876  543  217")  # 14 characters: not a card number
    assert not checksums.ontario_hn_valid("98765432170")  # 11 digits


def test_luhn_doubles_every_second_digit_from_the_right() -> None:
    # 18: 1*2 + 8 = 10; 91: 9*2-9 + 1 = 10; 59: 5*2-9 + 9 = 10 (a doubled 5 gives 1, not 10)
    assert checksums.luhn_valid("18") and checksums.luhn_valid("91") and checksums.luhn_valid("59")
    assert not checksums.luhn_valid("19") and not checksums.luhn_valid("81")
    assert checksums.luhn_valid("0") and not checksums.luhn_valid("5")
    assert not checksums.luhn_valid("１８")  # full-width digits are not ASCII digits


def test_bc_phn_check_digit_ten_is_never_valid() -> None:
    # the weights give a check value of 10 for 900000004x: no digit can hold it
    for last in range(10):
        assert not checksums.bc_phn_valid(f"900000004{last}")
        assert checksums.bc_phn_valid(f"900000010{last}") == (last == 4)


def test_sin_may_start_with_9_temporary_residents() -> None:
    assert checksums.sin_valid("900 000 001")  # Luhn-valid, issued to temporary workers
    assert not checksums.sin_valid("800 000 002")  # Luhn-valid, but 8 is never issued


def test_npi_prefix_digit() -> None:
    assert checksums.npi_valid("2234567891")  # Luhn with 80840: 2 is an allowed first digit
    assert not checksums.npi_valid("123456789")


def test_dea_shapes() -> None:
    assert checksums.dea_valid(" ab1234563 ")  # case and spaces around are forgiven
    assert not checksums.dea_valid("AB123456")
    assert not checksums.dea_valid("AB12345638")
    assert not checksums.dea_valid("AB12345６3")
    assert not checksums.dea_valid("1B1234563")


def test_ramq_month_plus_50_and_the_century() -> None:
    assert checksums.ramq_birth_date("ABCD 3051 0101") == (dt.date(1930, 1, 1), "F")
    assert checksums.ramq_birth_date("ABCD 3050 0101") is None  # month 50 does not exist
    assert checksums.ramq_birth_date("ABCD 3062 0101") == (dt.date(1930, 12, 1), "F")
    assert checksums.ramq_birth_date("ABCD 3063 0101") is None
    # the most recent century that is not in the future
    assert checksums.ramq_birth_date("ABCD 0001 0101") == (dt.date(2000, 1, 1), "M")
    assert checksums.ramq_birth_date("ABCD 0002 2911") == (dt.date(2000, 2, 29), "M")
    assert checksums.ramq_birth_date("ABCD 9912 3111") == (dt.date(1999, 12, 31), "M")
    assert checksums.ramq_birth_date("abcd 5012 3111") == (dt.date(1950, 12, 31), "M")
    assert checksums.ramq_birth_date("ABCD 5012 311") is None
    assert checksums.ramq_birth_date("ABCD 5012 3211") is None
