"""Scanner 1.21.0: general rules from published formats and layouts (see `src/phi/README.md`,
"Since 1.21.0"). Every name, place and number here is invented, except towns, which come from the
gazetteers the scanner ships, and from no corpus note."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def test_the_version_is_at_least_1_21() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 21)


# --- HL7 v2 fields by their position ---------------------------------------------------------

_HL7 = (
    "MSH|^~\\&|LABSYS|NORTHERN LAKES DISTRICT LAB|CLINIC|FHT01|202603051210||ORU^R01|Q1234|P|2.3\n"
    "PID|1||5512093^^^NLD^MR~8820^^^NLD^AN||QUILLIAM^ZETTA^MAE||19400212|F|||"
    "14 PINEHAVEN CRES^^ALVINSTON^ON^P5N2Y3||7055550100|||||AC-771023\n"
    "PV1|1|O|LAB^^^NLD||||30419^QUARTERMAIN^BEATRIX^^^DR|||||||||||VX-44512\n"
    "ORC|RE|PO-77120|FL-550921\n"
    "OBR|1|PO-77120|FL-550921|CBC^Blood count|||202603050815|||zpq||||202603050900|BLD|"
    "30419^QUARTERMAIN^BEATRIX\n"
    "NK1|1|QUILLIAM^FINN|SON|9 ELM ST^^PETITCODIAC^ON\n"
)


def test_the_names_of_an_hl7_message_are_found_by_their_field() -> None:
    found = _found(_HL7)
    assert ("NAME", "QUILLIAM^ZETTA^MAE") in found  # PID-5
    assert ("NAME", "QUARTERMAIN^BEATRIX") in found  # PV1-7, OBR-16
    assert ("NAME", "QUILLIAM^FINN") in found  # NK1-2
    assert ("NAME", "zpq") in found  # OBR-10, the collector's login


def test_the_numbers_of_an_hl7_message_take_their_kind_from_the_field() -> None:
    found = _found(_HL7)
    assert ("MRN", "5512093") in found  # PID-3 typed MR
    assert ("ID", "30419") in found  # the clinician's number in PV1-7
    assert ("ID", "PO-77120") in found and ("ID", "FL-550921") in found  # placer, filler


def test_the_address_of_an_hl7_message_is_split_by_component() -> None:
    found = _found(_HL7)
    assert ("ADDRESS", "14 PINEHAVEN CRES") in found
    assert ("ADDRESS", "ALVINSTON") in found
    assert ("ADDRESS", "PETITCODIAC") in found
    assert ("ADDRESS", "ON") not in found  # the province is left
    assert ("FACILITY", "NORTHERN LAKES DISTRICT LAB") in found  # MSH-4 named in words


def test_hl7_codes_and_results_are_left() -> None:
    found = _found(_HL7 + "OBX|1|NM|718-7^Hemoglobin||98|g/L|120-160|L|||F\n")
    texts = {t for _k, t in found}
    assert "FHT01" not in texts  # MSH-6 as a namespace code
    assert "LABSYS" not in texts and "NLD" not in texts and "Hemoglobin" not in texts
    assert "718-7" not in texts and "SON" not in texts


def test_pipes_and_carets_outside_hl7_segments_are_not_read_as_fields() -> None:
    # a pipe table whose first cell looks like a segment ID but is no segment of the list
    text = "ABC|1||SMITH^JOHN||19400212\nDose|^ 2 tabs|night\n"
    assert ("NAME", "SMITH^JOHN") not in _found(text)
    # a name field of everyday words is left
    assert all(k != "NAME" for k, _t in _found("PID|1||||UNKNOWN^PATIENT||19400212|F\n"))


# --- table columns: presenters, users, call numbers --------------------------------------------


def test_a_presenter_column_holds_names() -> None:
    text = (
        "| # | Case | Presenter | Plan |\n"
        "|---|---|---|---|\n"
        "| 1 | lung nodule | Wojtasiewicz | CT in 3 months |\n"
        "| 2 | liver lesion | Brannagh | MRI |\n"
    )
    found = _found(text)
    assert ("NAME", "Wojtasiewicz") in found and ("NAME", "Brannagh") in found
    # the rank column is no identifier, the plan no name
    assert all(t not in ("1", "2", "MRI") for _k, t in found)


def test_a_call_number_column_and_a_user_column_of_a_french_register() -> None:
    text = (
        "No      | Reçu le            | Usager (nom, prénom)     | Motif\n"
        "Q-58310 | 3 mars 2026 09:10  | vroom-ardell, olive | douleur lombaire\n"
        "Q-58311 | 3 mars 2026 09:40  | inconnu                  | renouvellement\n"
    )
    found = _found(text)
    assert ("ID", "Q-58310") in found and ("ID", "Q-58311") in found
    assert ("NAME", "vroom-ardell, olive") in found
    assert all(t != "inconnu" for _k, t in found)  # an everyday word in the user column


def test_a_numbered_column_of_ranks_is_no_identifier() -> None:
    text = "No  | Drug         | Dose\n1   | ramipril     | 5 mg\n2   | metformin    | 500 mg\n"
    assert _found(text) == []


# --- tickets, referrals, merge batches after their label -----------------------------------


def test_a_ticket_or_a_referral_code_after_its_label_is_an_identifier() -> None:
    assert ("ID", "INC7730415") in _found("Printer fixed under ticket INC7730415 today.")
    assert ("ID", "RF-26-30917") in _found("Her referral (RF-26-30917) is valid to June.")
    assert ("ID", "QB-2026-W10-02") in _found("=== MERGE BATCH QB-2026-W10-02 | 3 letters ===")
    assert ("ID", "5530921") in _found("Phoned the vendor, ticket # 5530921, no answer.")


def test_a_referral_or_a_ticket_without_a_code_is_left() -> None:
    assert _found("Referral to the pain clinic sent; ticket 12 at the deli counter.") == []
    assert _found("A referral (urgent) was faxed; incident report 2 filed.") == []
    assert _found("Needs an INC1 form and a REQ 4 box ticked.") == []


# --- mailing address blocks -------------------------------------------------------------------


def test_a_window_envelope_block_gives_the_addressee_and_the_delivery_line() -> None:
    found = _found(
        "MR ZEB QUILLIAM\n14 PINEHAVEN CRES\nALVINSTON ON  N0N 1A0\n\nDear Mr. Quilliam,\n"
    )
    assert ("NAME", "ZEB QUILLIAM") in found
    assert ("ADDRESS", "14 PINEHAVEN CRES") in found


def test_a_care_of_line_and_a_merge_field_left_in_the_name() -> None:
    text = (
        "MS ZETTA <<PREFERRED_NAME>> QUILLIAM-ARDELL\n"
        "C/O BRAM ARDELL\nPO BOX 7\nALVINSTON ON  N0N 1A0\n"
    )
    found = _found(text)
    assert ("NAME", "ZETTA") in found and ("NAME", "QUILLIAM-ARDELL") in found
    assert ("NAME", "BRAM ARDELL") in found
    assert ("ADDRESS", "PO BOX 7") in found


def test_a_clinics_name_above_its_address_is_no_addressee() -> None:
    text = "Chronic Pain Outreach Clinic\n12 Water St\nAlvinston ON  N0N 1A0\n"
    assert all(k != "NAME" for k, _t in _found(text))
    # a postal line with no delivery line above it reads no block
    assert all(k != "NAME" for k, _t in _found("MR ZEB QUILLIAM\nALVINSTON ON  N0N 1A0\n"))


# --- workplaces of forestry, boat yards, outdoor work; schools and clubs by their head ---------


def test_workplaces_named_before_their_trade_head() -> None:
    found = _found(
        "Worked 20 years at Quilliam Forest Products, then at Brannagh Marine Works; "
        "now patrols for Opasquia Provincial Park and runs lifts at Wenonah Ski Hill. "
        "Grandson at Hallebourg Consolidated School."
    )
    for name in (
        "Quilliam Forest Products",
        "Brannagh Marine Works",
        "Opasquia Provincial Park",
        "Wenonah Ski Hill",
        "Hallebourg Consolidated School",
    ):
        assert ("FACILITY", name) in found


def test_a_trade_head_after_everyday_words_is_no_workplace() -> None:
    text = "Went to a national park; the Public Works crew; Blood Products; up the Ski Hill."
    assert _found(text) == []


# --- a login after a verb of record keeping, a date between them or after ----------------------


def test_a_login_after_received_filed_or_drawn_with_a_date_around_it() -> None:
    assert ("NAME", "zqlen") in _found("Chart matched, filed Oct 20 by zqlen. Done.")
    assert ("NAME", "tkwarn") in _found("Public health use: received by tkwarn Oct 14; closed.")
    assert ("NAME", "bhollis2") in _found("Sample drawn May 6 0840 by bhollis2 - accession sent.")


def test_everyday_words_after_by_are_no_logins() -> None:
    text = "Received by fax Oct 3; drawn by hand - ok; collected by mouth swab; entered by pt, 5."
    assert all(k != "NAME" for k, _t in _found(text))


# --- a priest's title; front-desk staff after their role ------------------------------------


def test_a_priest_after_fr_with_its_dot() -> None:
    assert ("NAME", "Quilliam") in _found("Attendance: Fr. Quilliam (spiritual care), remote.")


def test_fr_without_its_dot_is_a_weekday() -> None:
    assert _found("Clinic hours Mo We Fr 9-5; Fr Bingo night cancelled.") == []


def test_a_clerk_or_a_receptionist_named_after_the_colon() -> None:
    assert ("NAME", "Zettan") in _found("Booking clerk: Zettan (ext 2)    Request date: today")
    assert ("NAME", "Brannagh") in _found("Receptionist: Brannagh")
    assert _found("Receptionist: Front desk; Agent: none") == []


# --- specimen parts of a pathology report; more eponymous scales -------------------------------


def test_a_specimen_part_opening_its_line_is_no_initial_and_surname() -> None:
    text = "SPECIMENS\nA. Colon, hepatic flexure, biopsy\nDIAGNOSIS\nB. Tubular adenomas x2.\n"
    assert all(k != "NAME" for k, _t in _found(text))


def test_an_initial_and_a_surname_that_is_a_site_still_a_name_in_prose() -> None:
    assert ("NAME", "A. Colon") in _found("A. Colon phoned back about the results.\n")
    assert ("NAME", "A. Colon") in _found("Seen with A. Colon, her nephew.\n")


def test_an_eponymous_agitation_scale_is_no_place() -> None:
    text = "- Échelle de Cohen-Mansfield : 62.\n- Reisberg stage 5; Rockwood frailty scale 6.\n"
    assert _found(text) == []
    assert ("NAME", "Rockwood") in _found("Mrs. Rockwood came in.")


# --- attendees before their role in brackets --------------------------------------------------


def test_attendees_named_before_their_role_in_brackets() -> None:
    text = (
        "Attendance: Wojtasiewicz (Med Onc), Brannagh (Path), Fr. Quilliam (spiritual care), "
        "remote: Wenonah Outpost Hospital (video)\n"
    )
    found = _found(text)
    for name in ("Wojtasiewicz", "Brannagh", "Quilliam"):
        assert ("NAME", name) in found
    assert ("NAME", "Quilliam, Zetta") in _found("**Present:** Quilliam, Zetta (home care RN)\n")


def test_services_and_symptoms_in_brackets_are_no_attendees() -> None:
    text = "Present: Social Work (2), Home Care (lead), Pharmacy (Rx)\n"
    assert all(k != "NAME" for k, _t in _found(text))
    assert _found("Present: pain (8/10), nausea (mild)\n") == []


# --- an age said to the person: "you are 95", "I'm 92" ------------------------------------------


def test_an_age_said_to_or_by_the_person() -> None:
    assert ("AGE", "95") in _found("Because you are 95 we have booked a longer visit.")
    assert ("AGE", "92") in _found("I'm 92 and I still split my own wood.")


def test_a_quantity_after_you_are_is_no_age() -> None:
    assert _found("You are 95% sure; you are 90 minutes late; I am 100 mg short.") == []


# --- a facility in capitals after a header line's column gap ------------------------------------


def test_a_facility_in_capitals_after_a_column_gap_of_a_header_line() -> None:
    text = "DAY SHEET   QUILLIAM SHORES MEDICAL CLINIC   41 Mill St, Alvinston ON N0N 1A0\n"
    assert ("FACILITY", "QUILLIAM SHORES MEDICAL CLINIC") in _found(text)


def test_generic_capitals_after_a_column_gap_are_no_facility() -> None:
    assert _found("PATIENT   DOB   FAMILY MEDICAL CLINIC   NOTES\n") == []


# --- a key spelling out a login already found as a person's ------------------------------------


def test_a_key_spells_out_a_login_found_in_an_hl7_field() -> None:
    text = (
        "OBR|1|PO-77120|FL-550921|CBC^Blood count|||202603050815|||zqu||||\n"
        "NTE|2||Collector zqu = Zettan Quobrin, MLA, ext 3\n"
    )
    assert ("NAME", "Zettan Quobrin") in _found(text)


def test_a_key_of_unlisted_words_alone_is_left() -> None:
    # no other key nearby, the letters found as no person's: an abbreviation's legend
    assert _found("Legend: tav = Total Ankle Valgus, measured standing.\n") == []
