"""recognizers/numbers.py and labels.py, one rule at a time, against the published formats of
clinical.md section 6: provincial health numbers (Ontario 10 digits with a Luhn check digit and
a version code of letters; BC PHN 10 digits starting with 9, mod 11; Quebec RAMQ 4 letters and
8 digits encoding the birth date, month + 50 for women; 9 digits in Alberta, Manitoba, New
Brunswick and Saskatchewan; 8 in PEI; 12 in Newfoundland and Labrador), SIN (9 digits, Luhn),
SSN (3-2-4), NPI and DEA numbers, and identifiers named by their label. Check digits here were
computed by the published algorithms (see test_checksums.py)."""

from __future__ import annotations

import pytest

from phi.core import P_CHECKED, P_LABELLED, P_NUMBER
from phi.recognizers import numbers
from phi.recognizers.labels import _label_kind, _negative_label

from .helpers import found, proposals, resolved, vetoed


def _formatted(text: str) -> list[tuple[str, str]]:
    return resolved(numbers.formatted, text)


def _labelled(text: str) -> list[tuple[str, str]]:
    return resolved(numbers.labelled, text)


# --- provincial health numbers ------------------------------------------------------------


@pytest.mark.parametrize("number", ["9876-543-217", "9876 543 217", "9876543217", "4532281740"])
def test_ontario_health_number_by_its_check_digit(number: str) -> None:
    got = proposals(numbers.formatted, f"seen {number} today")
    assert (
        number,
        "HEALTH_NUMBER",
        "Ontario health number (Luhn check digit valid)",
        P_CHECKED,
    ) in got
    assert _formatted(f"seen {number} today") == [(number, "HEALTH_NUMBER")]


@pytest.mark.parametrize("number", ["9876-543-217-AB", "9876 543 217 AB", "9876543217AB"])
def test_ontario_version_code_is_part_of_the_number(number: str) -> None:
    got = proposals(numbers.formatted, f"card {number} ok")
    reason = "Ontario health number with version code (Luhn check digit valid)"
    assert (number, "HEALTH_NUMBER", reason, P_CHECKED) in got


def test_a_mixed_grouping_is_not_a_card_number() -> None:
    assert ("9876-543 217", "HEALTH_NUMBER") not in _formatted("seen 9876-543 217 ok")


def test_a_failed_check_digit_counts_after_a_health_card_label_or_with_a_version_code() -> None:
    reason = "health number (labelled; check digit invalid)"
    for label in ("OHIP", "Health card:", "HCN #", "carte santé :", "PHN"):
        got = proposals(numbers.formatted, f"{label} 1234 567 890")
        assert ("1234 567 890", "HEALTH_NUMBER", reason, P_LABELLED) in got, label
    got = proposals(numbers.formatted, "seen 1234 567 890 AB today")
    assert ("1234 567 890 AB", "HEALTH_NUMBER", reason, P_LABELLED) in got
    assert not any(k == "HEALTH_NUMBER" for _t, k in _formatted("Total 1234 567 890 today"))


def test_bc_personal_health_number_by_mod_11() -> None:
    got = proposals(numbers.formatted, "PHN 9698 658 215.")
    assert ("9698 658 215", "HEALTH_NUMBER", "BC PHN (mod-11 check digit valid)", P_CHECKED) in got
    # a 9 followed by a valid Luhn digit, not mod 11: an Ontario-style number
    got = proposals(numbers.formatted, "seen 9876 543 217.")
    assert all("BC PHN" not in r for _t, _k, r, _p in got)


def test_quebec_health_insurance_number_encodes_the_birth_date() -> None:
    got = proposals(numbers.formatted, "RAMQ BELJ 6211 0316 ok")
    assert (
        "BELJ 6211 0316",
        "HEALTH_NUMBER",
        "Quebec RAMQ number (valid encoded birth date)",
        P_CHECKED,
    ) in got
    text = "Née le 27 février 1978, NAM LEVM 7852 2711."
    got = proposals(numbers.formatted, text)
    reason = "Quebec RAMQ number (encoded birth date matches a date in the text)"
    assert ("LEVM 7852 2711", "HEALTH_NUMBER", reason, P_CHECKED) in got
    assert not any(
        t == "ABCD 9913 4512" for t, *_ in proposals(numbers.formatted, "ABCD 9913 4512")
    )


@pytest.mark.parametrize(
    "written",
    [
        "1978-02-27",
        "1978/02/27",
        "27/02/1978",
        "02/27/1978",
        "27 février 1978",
        "27 February 1978",
        "February 27, 1978",
    ],
)
def test_the_ramq_birth_date_is_matched_in_any_written_form(written: str) -> None:
    got = proposals(numbers.formatted, f"Born {written}; LEVM 7852 2711.")
    assert any("matches a date" in r for t, _k, r, _p in got if t == "LEVM 7852 2711")
    got = proposals(numbers.formatted, "Born 1978-02-28; LEVM 7852 2711.")
    assert not any("matches a date" in r for _t, _k, r, _p in got)


@pytest.mark.parametrize("label", ["AHCIP", "health card #", "MSP", "HSN"])
def test_nine_digit_provincial_numbers_after_their_label(label: str) -> None:
    # Alberta, Manitoba, New Brunswick, Saskatchewan: 9 digits, no published check digit
    got = proposals(numbers.formatted, f"{label} 123 456 789 on file")
    assert ("123 456 789", "HEALTH_NUMBER", "health number (labelled)", P_LABELLED) in got


@pytest.mark.parametrize("number", ["12345678", "123456789012", "1234567890123", "12345678901234"])
def test_any_8_to_14_digit_number(number: str) -> None:
    # PEI (8), Newfoundland and Labrador (12) and any other long identifier
    got = proposals(numbers.formatted, f"seen {number} ok")
    assert (number, "ID", f"{len(number)}-digit identifier", P_NUMBER) in got


def test_seven_or_fifteen_digits_are_not_identifiers_by_shape() -> None:
    assert _formatted("seen 1234567 ok") == []
    assert _formatted("seen 123456789012345 ok") == []


def test_a_long_number_after_a_label_takes_the_label_kind() -> None:
    got = proposals(numbers.formatted, "MRN 1234567 today")
    assert ("1234567", "MRN", "mrn (labelled number)", P_LABELLED) in got
    got = proposals(numbers.formatted, "SIN: 1234567890123")
    assert ("1234567890123", "SIN", "sin (labelled number)", P_LABELLED) in got


def test_dashed_numbers_with_eight_digits_or_more() -> None:
    got = proposals(numbers.formatted, "seen 12-3456-78 ok")
    assert ("12-3456-78", "ID", "dashed identifier number", P_NUMBER - 5) in got
    assert _formatted("seen 12-345-67 ok") == []  # seven digits
    got = proposals(numbers.formatted, "chart 12-345-67 ok")
    assert ("12-345-67", "MRN", "mrn (labelled number)", P_LABELLED) in got
    assert _formatted("from 1998-2004 and 2019-20") == []  # ranges of years


# --- SIN and SSN --------------------------------------------------------------------------


def test_sin_by_its_check_digit() -> None:
    got = proposals(numbers.formatted, "number 130 692 544 here")
    assert ("130 692 544", "SIN", "Canadian SIN (Luhn check digit valid)", P_CHECKED) in got
    got = proposals(numbers.formatted, "number 130-692-544 here")
    assert ("130-692-544", "SIN", "Canadian SIN (Luhn check digit valid)", P_CHECKED) in got


def test_sin_after_its_label_even_with_a_bad_check_digit() -> None:
    got = proposals(numbers.formatted, "SIN: 130 692 545")
    assert ("130 692 545", "SIN", "SIN (labelled; check digit invalid)", P_LABELLED) in got
    got = proposals(numbers.formatted, "NAS 130 692 545")
    assert ("130 692 545", "SIN", "SIN (labelled; check digit invalid)", P_LABELLED) in got


def test_nine_digits_grouped_3_3_3_without_a_label() -> None:
    got = proposals(numbers.formatted, "seen 130 692 545 ok")
    assert ("130 692 545", "ID", "nine-digit identifier (3-3-3 grouping)", P_NUMBER) in got
    # the same digits together: a 9-digit number
    got = proposals(numbers.formatted, "seen 130692545 ok")
    assert not any(r.startswith("nine-digit") for _t, _k, r, _p in got)


@pytest.mark.parametrize("ssn", ["078-05-1120", "219-09-9999", "123 45 6789"])
def test_ssn_area_group_serial(ssn: str) -> None:
    got = proposals(numbers.formatted, f"no. {ssn} ok")
    assert (ssn, "SSN", "US Social Security number (valid area/group/serial)", P_CHECKED) in got


@pytest.mark.parametrize(
    "ssn",
    ["000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000", "123-45 6789"],
)
def test_numbers_never_issued_as_ssn(ssn: str) -> None:
    assert not any(k == "SSN" for _t, k in _formatted(f"no. {ssn} ok"))


def test_a_labelled_ssn_in_3_3_3() -> None:
    got = proposals(numbers.formatted, "SSN 123 456 789")
    assert ("123 456 789", "SSN", "US Social Security number (labelled)", P_CHECKED) in got


# --- other numbers ------------------------------------------------------------------------


def test_ontario_drivers_licence_shape() -> None:
    got = proposals(numbers.formatted, "DL A1234-56789-01234 ok")
    assert ("A1234-56789-01234", "ID", "Ontario driver's licence number format", P_CHECKED) in got


def test_dea_and_npi_by_their_check_digits() -> None:
    got = proposals(numbers.formatted, "DEA AB1234563.")
    assert ("AB1234563", "ID", "DEA registration number (check digit valid)", P_CHECKED) in got
    assert not any(
        t == "AB1234564" and k == "ID" and p == P_CHECKED
        for t, k, _r, p in proposals(numbers.formatted, "DEA AB1234564.")
    )
    got = proposals(numbers.formatted, "NPI 1234567893")
    assert ("1234567893", "ID", "NPI (Luhn check digit valid)", P_CHECKED) in got
    got = proposals(numbers.formatted, "Provider ID: 1234567893")
    assert ("1234567893", "ID", "NPI (Luhn check digit valid)", P_CHECKED) in got
    # a valid NPI with no NPI word near is not called one
    got = proposals(numbers.formatted, "total 1234567893")
    assert not any(r.startswith("NPI") for _t, _k, r, _p in got)


def test_alphanumeric_codes_with_six_digits() -> None:
    got = proposals(numbers.formatted, "ok KLM-004417 ok")
    assert ("KLM-004417", "ID", "alphanumeric identifier", P_NUMBER - 5) in got
    assert not any(t == "KLM-00441" for t, *_ in proposals(numbers.formatted, "ok KLM-00441 ok"))


@pytest.mark.parametrize(
    "text,value,kind",
    [
        ("MRN: KLM-004417", "KLM-004417", "MRN"),
        ("Chart # 0093312", "0093312", "MRN"),
        ("patient id 88412", "88412", "MRN"),
        ("claim no. 7741", "7741", "ID"),
        ("plate BXRT 48", "BXRT 48", "ID"),
        ("Rx# 2207814", "2207814", "ID"),
        ("licence on file: 5512", "5512", "ID"),
    ],
)
def test_identifiers_after_a_label(text: str, value: str, kind: str) -> None:
    got = proposals(numbers.formatted, text)
    assert any(t == value and k == kind and p == P_LABELLED for t, k, _r, p in got), got


def test_label_values_too_short_or_a_year() -> None:
    assert proposals(numbers.formatted, "chart 123 ok") == []
    assert proposals(numbers.formatted, "claim 2019 ok") == []
    assert proposals(numbers.formatted, "plate 4 ok") == []


# --- numbers by their label (labelled) ---------------------------------------------------


@pytest.mark.parametrize(
    "text,value",
    [
        ("Employee #: 55123", "55123"),
        ("encounter no. 88-4417", "88-4417"),
        ("WSIB claim 7731-22", "7731-22"),
        ("no de dossier 4471-B", "4471-B"),
        ("numéro d'employé 99812", "99812"),
        ("ref: AB-9921", "AB-9921"),
    ],
)
def test_numbers_after_a_label_that_names_a_persons_number(text: str, value: str) -> None:
    reason = "a number after a label that names a person's number"
    assert (value, "ID", reason, P_LABELLED) in proposals(numbers.labelled, text)


def test_a_quantity_after_rx_is_not_a_number() -> None:
    assert _labelled("Rx 30 mg daily") == []
    assert _labelled("Rx #4411 today") == [("4411", "ID")]
    assert _labelled("claim 250 mL") == []


@pytest.mark.parametrize(
    "text,value",
    [("rm 214B", "214B"), ("bed 9", "9"), ("chambre 118, lit 2", "118"), ("Room #: 12", "12")],
)
def test_a_patients_bed_or_room(text: str, value: str) -> None:
    assert (value, "ID", "a patient's bed or room number", P_LABELLED) in proposals(
        numbers.labelled, text
    )


@pytest.mark.parametrize("text", ["meeting room 4", "salle B-104", "exam room 3", "board room 12"])
def test_meeting_rooms_are_not_a_patients_room(text: str) -> None:
    assert _labelled(text) == []


def test_ontario_health_numbers_grouped_like_a_phone() -> None:
    got = proposals(numbers.labelled, "call 98 7654 3217 ok")
    assert (
        "98 7654 3217",
        "HEALTH_NUMBER",
        "Ontario health number (check digit)",
        P_CHECKED,
    ) in got
    assert proposals(numbers.labelled, "call 98 7654 3218 ok") == []


def test_clinic_hours_and_product_codes_are_vetoed() -> None:
    assert vetoed(numbers.labelled, "Open 0900-1600 daily", "0900-1600", "PHONE")
    assert vetoed(numbers.labelled, "Open 2300 - 0700", "2300 - 0700", "ID")
    assert not vetoed(numbers.labelled, "Open 2500-1600", "2500-1600", "ID")
    text = "DIN 02245123, lot AB1234, 7734, NDC 0002-3227-30"
    for code in ("02245123", "AB1234", "7734", "0002-3227-30"):
        assert vetoed(numbers.labelled, text, code, "HEALTH_NUMBER"), code
    assert not found(text, "02245123")


def test_label_kinds() -> None:
    assert _label_kind("OHIP #: 1", 8) == "HEALTH_NUMBER"
    assert _label_kind("SIN (from the form): 1", 21) == "SIN"
    assert _label_kind("soc. sec. 1", 10) == "SSN"
    assert _label_kind("Medical record number 1", 22) == "MRN"
    assert _label_kind("passport no. 1", 13) == "ID"
    assert _label_kind("\n1", 1) is None
    assert _label_kind("OHIP\n1", 5) is None  # a label on the line above does not count
    assert not _negative_label("OHIP 1", 5)
    assert _negative_label("lot # 1", 6)
