"""HL7 v2 fields by position (``phi.recognizers.hl7``) and mailing address blocks
(``phi.recognizers.mail_blocks``), both since 1.21.0, on the cases a focused mutation run of
those two modules (2026-12-06, scanner 1.22.0) showed no test pinned.

The HL7 layout follows the published v2.5 field positions and data types (PID-2/3 CX with its
identifier type code in component 5, PID-5 XPN family^given^middle^suffix, PID-11 and NK1-4 XAD
street^other designation^city^province^postal code, PV1-7 and OBR-10 XCN id^family^given^middle^
suffix^prefix, ORC-2/3 EI, MSH-4/6 HD, TS as YYYYMMDD[HHMM[SS]]); the address blocks follow
Canada Post's addressing guidelines (addressee, up to two delivery lines, municipality, province
and postal code on the last line). Every name, number and street is invented; towns come from the
gazetteers the scanner ships or are invented; nothing is copied from a corpus note."""

from __future__ import annotations

import pytest

import phi
from phi.recognizers import hl7, mail_blocks

from .helpers import proposals


def _hl7(text: str) -> list[tuple[str, str, str]]:
    """(text, kind, reason) of what the HL7 recognizer alone proposes."""
    return [(t, k, r) for t, k, r, _p in proposals(hl7.recognize, text)]


def _mail(text: str) -> list[tuple[str, str, str]]:
    """(text, kind, reason) of what the mailing block recognizer alone proposes."""
    return [(t, k, r) for t, k, r, _p in proposals(mail_blocks.recognize, text)]


def _scan(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in phi.scan(text)]


_MSH = (
    "MSH|^~\\&|LABSYS|QUARNBY VALLEY MEDICAL GROUP|EMR|CENTRAL SYSTEM|20260305121500||ORU^R01|Q1|P"
    "|2.5\n"
)


# --- HL7: identifiers (CX, EI) ---------------------------------------------------------------


def test_each_repetition_of_pid_3_is_read_with_its_own_type_code() -> None:
    # PID-2 typed JHN (a jurisdictional health number); PID-3 repeats (~): MR, SS, a type the
    # scanner does not know (AN: account number), four components (no type), one component.
    text = (
        _MSH + "PID|1|4410233^^^ONT^JHN|7781223^^^QRH^MR~551203118^^^CAN^SS~88120^^^QRH^AN"
        "~BX-4410^^^QRH~66019\n"
    )
    ids = [(t, k) for t, k, _r in _hl7(text) if k not in ("FACILITY", "DATE")]
    assert ids == [
        ("4410233", "HEALTH_NUMBER"),
        ("7781223", "MRN"),
        ("551203118", "SIN"),
        ("88120", "ID"),
        ("BX-4410", "ID"),
        ("66019", "ID"),
    ]
    assert ("7781223", "MRN", "an identifier in HL7 PID") in _hl7(text)


def test_an_order_number_needs_three_digits() -> None:
    # ORC-2 placer and ORC-3 filler order numbers (EI): three digits are enough, a word is left
    text = "ORC|NW|A-123|PENDING|GRP-12\nOBR|1|QX-55|\n^\n"
    assert _hl7(text) == [("A-123", "ID", "a number in HL7 ORC")]


def test_a_message_without_a_caret_is_no_hl7() -> None:
    # every HL7 v2 message declares its encoding characters (^~\&) in MSH-2: a pipe table
    # without a caret anywhere is not read by field position
    assert _hl7("ORC|RE|PO-77120|FL-550921\nPID|1||7781223||ORVELLE||19520314\n") == []


def test_a_segment_the_scanner_does_not_read_does_not_stop_the_message() -> None:
    text = _MSH + "EVN|A01|20260305\nPID|1||7781223^^^QRH^MR||ORVELLE^TAMSIN\n"
    found = _hl7(text)
    assert ("7781223", "MRN", "an identifier in HL7 PID") in found
    assert ("ORVELLE^TAMSIN", "NAME", "a person's name in HL7 PID") in found


# --- HL7: names (XPN, XCN, logins) -------------------------------------------------------------


def test_a_patient_name_covers_family_given_and_middle_not_the_suffix() -> None:
    text = "PID|1||7781223^^^QRH^MR||ORVELLE^TAMSIN^Q^JR^^||19520314|F\n"
    names = [x for x in _hl7(text) if x[1] == "NAME"]
    assert names == [("ORVELLE^TAMSIN^Q", "NAME", "a person's name in HL7 PID")]
    assert ("NAME", "ORVELLE^TAMSIN^Q") in _scan(text)


def test_a_family_name_that_is_a_town_stays_a_name() -> None:
    # Alvinston and Petrolia are gazetteer towns: the field's name outranks the town
    text = "PID|1||7781223^^^QRH^MR||ALVINSTON^ZETTA^HOPE||19520314|F\n"
    assert ("NAME", "ALVINSTON^ZETTA^HOPE") in _scan(text)
    text = "PV1|1|O|||||30419^PETROLIA^BEATRIX\n^\n"
    assert _scan(text) == [("ID", "30419"), ("NAME", "PETROLIA^BEATRIX")]


def test_a_code_in_a_name_field_is_no_name() -> None:
    # an interface that put a code in PID-5: a component that is no run of words
    text = "PID|1||7781223^^^QRH^MR||QX/7731^ZR||19520314|F\n"
    assert [x for x in _hl7(text) if x[1] == "NAME"] == []


def test_a_test_account_named_by_a_department_is_no_name() -> None:
    # "cardiology" is in the common-word list but not the frequent one, "admin" in the frequent
    # list but not the common one: each is an everyday word on its own
    text = "PID|1||7781223^^^QRH^MR||CARDIOLOGY^ADMIN||19520314|F\n"
    assert [x for x in _hl7(text) if x[1] == "NAME"] == []


def test_a_clinician_gives_a_number_and_a_name_without_suffix_or_prefix() -> None:
    text = "PV1|1|O|LAB||||30419^QUARTERMAIN^BEATRIX^K^JR^DR\n^\n"
    assert _hl7(text) == [
        ("30419", "ID", "a clinician's number in HL7 PV1"),
        ("QUARTERMAIN^BEATRIX^K", "NAME", "a clinician's name in HL7 PV1"),
    ]


def test_a_login_alone_is_a_name_but_an_everyday_word_or_a_code_before_a_name_is_not() -> None:
    # OBR-10 (collector): a lower-case login alone; OBR-16 (ordering provider): a letter code
    # followed by the name; OBR-28 (copies to): an everyday word alone
    fields = {2: "PO-77120", 10: "zpq", 16: "QZR^ORVELLE^TAMSIN", 28: "nurse"}
    text = "|".join(["OBR"] + [fields.get(n, "") for n in range(1, 29)]) + "\n^\n"
    assert _hl7(text) == [
        ("PO-77120", "ID", "a number in HL7 OBR"),
        ("zpq", "NAME", "a login in HL7"),
        ("ORVELLE^TAMSIN", "NAME", "a clinician's name in HL7 OBR"),
    ]


# --- HL7: addresses (XAD), facilities (HD), dates (TS) --------------------------------------


def test_an_address_gives_street_other_designation_and_city_not_the_province() -> None:
    # YT is no everyday word, unlike ON: it is left for being the province, not for its letters
    text = "PID|1||7781223^^^QRH^MR||||||||7 LARKSPUR WAY^BAYVIEW TOWER^QUENDALE^YT^Y1A0A1\n"
    addresses = [x for x in _hl7(text) if x[1] == "ADDRESS"]
    assert addresses == [
        ("7 LARKSPUR WAY", "ADDRESS", "an address in HL7 PID"),
        ("BAYVIEW TOWER", "ADDRESS", "an address in HL7 PID"),
        ("QUENDALE", "ADDRESS", "an address in HL7 PID"),
    ]


def test_an_address_of_one_component_or_an_everyday_city() -> None:
    text = "NK1|1|ORVELLE^FINN|SON|9 LARKSPUR WAY\nGT1|1||ORVELLE^FINN||^^UNKNOWN^ON\n"
    addresses = [x for x in _hl7(text) if x[1] == "ADDRESS"]
    assert addresses == [("9 LARKSPUR WAY", "ADDRESS", "an address in HL7 NK1")]


def test_a_sending_facility_named_in_words_and_a_system_name() -> None:
    # MSH-4 of several words, none everyday and no facility head: a facility; MSH-6 of everyday
    # words: the receiving system, left
    found = _hl7(_MSH)
    assert ("QUARNBY VALLEY MEDICAL GROUP", "FACILITY", "HL7 MSH") in found
    assert all(t != "CENTRAL SYSTEM" for t, _k, _r in found)


def test_dates_by_field_and_a_numeric_namespace_is_no_date() -> None:
    text = (
        "MSH|^~\\&|LABSYS|2019010110|EMR|FHT01|20260305121500||ORU^R01|Q1|P|2.5\n"
        "PID|1||7781223^^^QRH^MR||||19520314|F\n"
    )
    dates = [x for x in _hl7(text) if x[1] == "DATE"]
    assert dates == [
        ("20260305121500", "DATE", "a date in HL7 MSH"),
        ("19520314", "DATE", "a date in HL7 PID"),
    ]


# --- mailing address blocks ------------------------------------------------------------------

_BLOCK = "MR ZEB QUILLIAM\n14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n"


def test_a_block_gives_each_line_its_kind_and_reason() -> None:
    assert _mail(_BLOCK + "\nDear Mr. Quilliam,\n") == [
        ("14 PINEHAVEN CRES", "ADDRESS", "a delivery line of a mailing address"),
        ("ALVINSTON", "ADDRESS", "the municipality of a mailing address"),
        ("ZEB QUILLIAM", "NAME", "the addressee of a mailing address block"),
    ]


def test_a_block_after_a_blank_first_line() -> None:
    assert ("ZEB QUILLIAM", "NAME", "the addressee of a mailing address block") in _mail(
        "\n" + _BLOCK
    )


def test_a_block_at_the_very_top_without_an_addressee() -> None:
    # nothing above the delivery line: the last lines of the letter are not read as its top
    text = "14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n\nSee you soon.\nDR BEATRIX QUARTERMAIN\n"
    assert _mail(text) == [
        ("14 PINEHAVEN CRES", "ADDRESS", "a delivery line of a mailing address"),
        ("ALVINSTON", "ADDRESS", "the municipality of a mailing address"),
    ]
    text = "C/O BRAM ARDELL\nPO BOX 7\nALVINSTON ON  N0N 1A0\n"
    assert _mail(text)[-1] == ("BRAM ARDELL", "NAME", "the addressee of a mailing address block")


def test_two_delivery_lines_at_most() -> None:
    text = "2 copies mailed to:\n14 PINEHAVEN CRES\nUNIT 4\nALVINSTON ON  N0N 1A0\n"
    assert _mail(text) == [
        ("UNIT 4", "ADDRESS", "a delivery line of a mailing address"),
        ("14 PINEHAVEN CRES", "ADDRESS", "a delivery line of a mailing address"),
        ("ALVINSTON", "ADDRESS", "the municipality of a mailing address"),
    ]


def test_a_municipality_line_without_a_delivery_line_does_not_stop_the_reading() -> None:
    text = "Return to:\nQUENDALE ON  K0K 1A0\n\n" + _BLOCK
    assert ("ZEB QUILLIAM", "NAME", "the addressee of a mailing address block") in _mail(text)


def test_the_care_of_person_is_a_name_even_of_unlisted_words() -> None:
    text = "MS ZETTA QUILLIAM\nC/O ZEB QUORNBY\nPO BOX 7\nALVINSTON ON  N0N 1A0\n"
    names = [t for t, k, _r in _mail(text) if k == "NAME"]
    assert names == ["ZEB QUORNBY", "ZETTA QUILLIAM"]


def test_a_titled_line_with_a_clinic_word_is_no_addressee() -> None:
    text = "DR QUILLIAM FAMILY PRACTICE\n14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n"
    assert [x for x in _mail(text) if x[1] == "NAME"] == []


def test_a_credential_after_the_addressee_is_not_part_of_the_name() -> None:
    text = "DR ZETTA QUILLIAM MD\n14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n"
    names = [t for k, t in _scan(text) if k == "NAME"]
    assert names == ["ZETTA QUILLIAM"]


def test_an_untitled_addressee_needs_a_listed_name_and_no_everyday_word() -> None:
    tail = "\n   14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n"
    assert ("ZETTA ARDELL", "NAME", "the addressee of a mailing address block") in _mail(
        "  ZETTA ARDELL  " + tail
    )
    # a given name that is also a frequent word still counts as a name
    assert ("VICTORIA QUILLIAM", "NAME", "the addressee of a mailing address block") in _mail(
        "VICTORIA QUILLIAM" + tail
    )
    # unlisted words only, or a frequent word that is no listed name: left
    assert [x for x in _mail("ZEB QUILLIAM" + tail) if x[1] == "NAME"] == []
    assert [x for x in _mail("ZETTA TOWER" + tail) if x[1] == "NAME"] == []


def test_an_untitled_addressee_word_by_word() -> None:
    tail = "\n14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n"
    # a listed surname alone (not a given name) is enough
    assert ("ZEB PINDER", "NAME", "the addressee of a mailing address block") in _mail(
        "ZEB PINDER" + tail
    )
    # a company or a clinic above its address, its last word ending in a period: no person
    assert [x for x in _mail("ARDELL LTD." + tail) if x[1] == "NAME"] == []
    assert [x for x in _mail("ARDELL PHYSIOTHERAPY." + tail) if x[1] == "NAME"] == []


@pytest.mark.xfail(
    strict=True,
    reason="scanner 1.22.0: a titled addressee whose given name is also an everyday word (Hope, "
    "a listed given name) is rejected whole by the everyday-word check, and no other rule finds "
    "it",
)
def test_a_titled_addressee_whose_given_name_is_an_everyday_word() -> None:
    text = "MS HOPE QUILLIAM\n14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n"
    assert ("NAME", "HOPE QUILLIAM") in _scan(text)


@pytest.mark.xfail(
    strict=True,
    reason="scanner 1.22.0: the addressee's NAME (P_NAME + 5 = 50) ties a FACILITY read over the "
    "title and a surname that is a facility head word (MR ZEB HALL): the longer FACILITY wins",
)
def test_an_addressee_whose_surname_is_a_facility_word_is_a_name() -> None:
    text = "MR ZEB HALL\n14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n"
    assert ("NAME", "ZEB HALL") in _scan(text)


@pytest.mark.xfail(
    strict=True,
    reason="scanner 1.22.0: a joint addressee line (MR & MRS, Canada Post's usual form for a "
    "couple) fails the addressee's word pattern and no other rule finds the name",
)
def test_a_joint_addressee_line_gives_the_name() -> None:
    text = "MR & MRS ZEB QUILLIAM\n14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n"
    assert ("NAME", "ZEB QUILLIAM") in _scan(text)
