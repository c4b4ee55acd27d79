"""Scanner 1.22.0: general rules from published formats, word lists and layouts (see
`src/phi/README.md`, "Since 1.22.0"). Every name, place and number here is invented, except
towns, which come from the gazetteers the scanner ships, and from no corpus note."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _kinds(text: str) -> set[str]:
    return {f.kind for f in scan(text)}


def test_the_version_is_at_least_1_22() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 22)


# --- a string of symptom scores is no postal code said aloud ---------------------------------


def test_a_symptom_score_string_is_no_postal_code() -> None:
    for line in (
        "Tue 14:00  P5 T6 D2 N1 A4 S3 Dep2 Anx3 W5   slept after lunch",
        "22:30  P2 T8 D6 N0 A7 S4 Dep? Anx2 W9  restless",
        "scores: E3 V2 M1 B1 A5 C4 (night)",
    ):
        assert "POSTAL_CODE" not in _kinds(line), line


def test_a_postal_code_said_aloud_is_still_found() -> None:
    assert ("POSTAL_CODE", "K one A, zero B one") in _found(
        "the code is K one A, zero B one thanks"
    )
    assert "POSTAL_CODE" in _kinds("Mail it to 12 Birch Lane, code R3T 2N2.")


# --- a day before its month and a clock time after it ---------------------------------------


def test_a_day_before_its_month_wins_over_the_hour_after_it() -> None:
    found = _found("Thu 9 Mar 14:20  visit by the palliative team")
    assert ("DATE", "9 Mar") in found
    assert ("DATE", "Mar 14") not in found


def test_a_month_and_day_with_no_day_before_stays_a_date() -> None:
    assert ("DATE", "Mar 14") in _found("Follow-up booked for Mar 14 at the clinic.")


# --- a pharmacy profile's prescription numbers ------------------------------------------------

_PROFILE = (
    "No Rx      Début        Médicament / posologie            Qté   Prescripteur\n"
    "8812044    2027-03-02   LISINOPRIL 10 MG - 1 co DIE       30    Zarnowski R. (IPS)\n"
    "8812051    2027-03-02   ATORVASTATINE 20 MG - 1 co HS     30    Zarnowski R. (IPS)\n"
    "\n"
    "ORDONNANCES CESSÉES (90 derniers jours)\n"
    "6650913    2026-12-01   IBUPROFÈNE 400 MG TID - cessé le 2027-01-05\n"
)


def test_a_french_rx_number_column_and_its_later_rows_are_identifiers() -> None:
    found = _found(_PROFILE)
    assert ("ID", "8812044") in found and ("ID", "8812051") in found
    assert ("ID", "6650913") in found  # a row of the same column below a section heading


def test_a_credential_in_brackets_closes_a_name_cell() -> None:
    found = _found(_PROFILE + "Vu avec R. Zarnowski, IPS, le 2027-03-04.\n")
    assert any(kind == "NAME" and text.startswith("Zarnowski R") for kind, text in found)
    assert all(text != "IPS" for _kind, text in found)


def test_doses_and_quantities_of_a_profile_stay_unread() -> None:
    texts = {text for _kind, text in _found(_PROFILE)}
    assert not texts & {"10", "20", "30", "400", "90"}


# --- funeral homes, cemeteries, pain management centres; French co-ops and day centres -------


def test_funeral_homes_chapels_and_cemeteries_are_facilities() -> None:
    found = _found(
        "Disposition: burial, Willowgrange Pioneer Cemetery, Mar 3; funeral director\n"
        "    Ansel Tremaine, Corbyvale Funeral Service, 306-555-0143\n"
        "Quintrell Memorial Chapel phoned at 04:10.\n"
    )
    assert ("FACILITY", "Willowgrange Pioneer Cemetery") in found
    assert ("FACILITY", "Corbyvale Funeral Service") in found
    assert ("FACILITY", "Quintrell Memorial Chapel") in found


def test_a_cemetery_road_is_a_street_not_a_cemetery() -> None:
    found = _found("Address: 4412 Cemetery Road, RR 1\nLives on Pioneer Cemetery Rd near the lake.")
    assert not any(kind == "FACILITY" for kind, _t in found)


def test_a_funeral_home_in_words_with_no_name_stays_unread() -> None:
    assert _found("The funeral home called; the cemetery plot is paid.") == []


def test_a_pain_management_centre_is_a_facility() -> None:
    found = _found("Consult: Dr. Wendell Arkwright, Brackenfield Pain Management Centre, 2026.")
    assert ("FACILITY", "Brackenfield Pain Management Centre") in found
    assert _found("Referred to a pain management centre for a nerve block.") == []


def test_a_feed_and_seed_store_is_a_workplace() -> None:
    assert ("FACILITY", "Quarnby Feed and Seed") in _found("Employer: Quarnby Feed and Seed")


def test_french_home_support_coops_and_day_centres_are_facilities() -> None:
    found = _found(
        "Entretien ménager par la Coop de services à domicile de Rimouski ; répit au "
        "Centre de jour Les Trembles de Trois-Pistoles les mardis."
    )
    assert ("FACILITY", "Coop de services à domicile de Rimouski") in found
    assert ("FACILITY", "Centre de jour Les Trembles") in found


def test_french_day_centres_and_coops_in_words_stay_unread() -> None:
    assert _found("Elle va au centre de jour le mardi ; la coop de services offre le ménage.") == []


# --- false positives: a sentence's first word, a hospital's department ----------------------


def test_a_trade_at_a_sentence_start_is_no_workplace_name() -> None:
    assert _found("Saw mill worker, then a cook. Fish plant work in his twenties.") == []


def test_a_workplace_named_mid_sentence_is_still_found() -> None:
    assert ("FACILITY", "Kelderby plant") in _found("He worked at the Kelderby plant until 2019.")


def test_a_numbered_specialty_clinic_is_a_department() -> None:
    found = _found("Consultant site: Ashgrove Orthopaedic Clinic - Neuro Clinic 3 (room 14)")
    assert ("FACILITY", "Ashgrove Orthopaedic Clinic") in found
    assert ("FACILITY", "Neuro Clinic") not in found


# --- codes after their labels: rooms of a wing, licences, batches, logs, firms, conferences ---


def test_a_room_with_its_wings_letters_and_the_wings_other_rooms() -> None:
    found = _found(
        "Maplecrest Care Home - Unit: Larch - Room LW-208\n"
        "LW-208 Given Name: slept well.\n"
        "LW-211 Other Resident: for transfer in the AM.\n"
    )
    assert ("ID", "LW-208") in found
    assert ("ID", "LW-211") in found  # a room of the same wing, at a line's start


def test_a_wing_code_never_found_as_a_room_stays_unread() -> None:
    assert not any(k == "ID" for k, _t in _found("Use the LW-2 form for the PT-12 protocol."))


def test_a_licence_number_after_the_colleges_acronym_in_brackets() -> None:
    found = _found("Name: Dr. Oriel Fenwick     Licence no. (CPSNL): K 40917")
    assert ("ID", "K 40917") in found


def test_batches_logs_and_file_notes_after_their_labels() -> None:
    found = _found(
        "Sent via vendor batch QX-2027Q3-40112 on Friday; fax log 3310-02; "
        "coroner's intake, file note CR-40917."
    )
    assert ("ID", "QX-2027Q3-40112") in found
    assert ("ID", "3310-02") in found
    assert ("ID", "CR-40917") in found


def test_a_conference_number_and_a_firm_number() -> None:
    found = _found(
        "Dial-in: 1-855-555-0142, conference 4417 2093#\nFirm number: 481 2290   Rate group 5"
    )
    assert ("ID", "4417 2093") in found
    assert ("ID", "481 2290") in found


def test_quebec_place_codes_and_professional_numbers() -> None:
    found = _found("No de professionnel : 1-23456-7    Lieu : GMF du Vallon (code de lieu 93117)")
    assert ("ID", "1-23456-7") in found
    assert ("ID", "93117") in found


def test_labels_in_prose_with_no_code_stay_unread() -> None:
    found = _found(
        "The fax log was reviewed; the conference 2 days ago was cancelled; the file note "
        "says to call back. Lot 4 of the code de lieu list."
    )
    assert not any(kind == "ID" for kind, _t in found)


# --- other names a person used; a French login after "imprimé ... par" -----------------------


def test_other_surnames_and_usual_names_after_their_labels() -> None:
    assert ("NAME", "Threlkeld") in _found("Other surname used: Threlkeld")
    assert ("NAME", "Tiph") in _found("Nom usuel : « Tiph »")
    assert not any(k == "NAME" for k, _t in _found("Other surname used: none"))


def test_a_french_login_in_capitals_after_a_printing_stamp() -> None:
    found = _found("PROFIL - imprimé le 2027-03-02 à 09:15 par XQUENTIN (à la demande du MD)")
    assert ("NAME", "XQUENTIN") in found
    assert not any(k == "NAME" for k, _t in _found("Formulaire validé par CNESST."))
    assert not any(k == "NAME" for k, _t in _found("Profil imprimé par la pharmacie."))


# --- towns in brackets after a person, opening a phone's brackets, and X Lake ---------------


def test_a_town_in_brackets_after_a_persons_name() -> None:
    found = _found("Her brother Osric Pellow (in Quellbrook, aged 93) wants a visit.")
    assert ("ADDRESS", "Quellbrook") in found
    found = _found("The patient's son Osric Pellow (Quellbrook) drives her.")
    assert ("ADDRESS", "Quellbrook") in found


def test_a_nickname_in_brackets_after_a_name_is_found_either_way() -> None:
    # a listed short form stays a name; a nickname no list knows may be read as a town: an
    # identifier either way
    assert ("NAME", "Bob") in _found("his son Peter Blake (Bob) called")
    assert any(t == "Ozzie" for _k, t in _found("her son Osric Pellow (Ozzie) called"))


def test_a_role_a_relation_or_a_day_in_brackets_after_a_name_is_no_town() -> None:
    for text in (
        "Dr. Osric Pellow (Cardiology) saw him",
        "Osric Pellow (daughter) came in",
        "Osric Pellow (Wednesday) visit",
    ):
        assert not any(k == "ADDRESS" for k, _t in _found(text)), text


def test_a_town_opening_a_phones_brackets() -> None:
    found = _found("Osric Pellow\n  (Quellbrook, 306-555-0148) asked about the fall.")
    assert ("ADDRESS", "Quellbrook") in found
    assert not any(k == "ADDRESS" for k, _t in _found("(Mom, 306-555-0148) called back"))


def test_an_everyday_word_and_a_word_of_geography_after_where_one_lives() -> None:
    found = _found("She lives at Birchview Care Home in Cedar Lake - her son will tell her.")
    assert ("ADDRESS", "Cedar Lake") in found
    assert not any(k == "ADDRESS" for k, _t in _found("He works in Accounting - mostly nights."))


# --- Newfoundland and Labrador's MCP in 3-3-3-3; a unit's acronym; a regional authority ------


def test_a_twelve_digit_mcp_number_in_four_groups_of_three() -> None:
    found = _found("Patient's MCP: 318 402 776 105     Clinic chart: BH-20931")
    assert ("HEALTH_NUMBER", "318 402 776 105") in found


def test_a_nine_digit_health_number_in_three_groups_stays_whole() -> None:
    assert ("HEALTH_NUMBER", "318 402 776") in _found("HSN: 318 402 776 today")


def test_a_units_acronym_after_faxed_to_is_no_staff_initials() -> None:
    found = _found("Line list faxed to NH CD Unit (fax 250-555-0131) and to PH Office daily.")
    assert not any(kind == "NAME" for kind, _t in found)


def test_staff_initials_after_faxed_to_are_still_names() -> None:
    assert ("NAME", "JW") in _found("Results faxed to JW for review.")


def test_initials_before_a_column_gap_and_a_visit_type_stay_names() -> None:
    text = (
        "Date         Seen by   Type     Note\n"
        "2026-10-02   Quinn Ashby   Office   intake\n"
        "2026-10-09   QA     Office   follow-up\n"
    )
    assert ("NAME", "QA") in _found(text)


def test_a_regional_health_authority_named_by_its_region_is_no_facility() -> None:
    for text in (
        "CISSS des Laurentides - Direction SAPA - Soutien à domicile",
        "Le CISSS de la Montérégie-Centre a transmis la demande.",
    ):
        assert not any(kind == "FACILITY" for kind, _t in _found(text)), text


def test_a_cisss_named_by_a_town_is_still_a_facility() -> None:
    assert any(kind == "FACILITY" for kind, _t in _found("Transfert au CISSS de Rimouski hier."))


# --- a facility's town: McX Corners, Saint-X-de-Y; a person's age and where they are from ----


def test_a_facilitys_town_with_a_scottish_prefix_and_a_word_of_geography() -> None:
    found = _found(
        "Primary care: Dr. Ilse Varga, Brookmere Family Health Team, McAllisters Corners"
    )
    assert ("ADDRESS", "McAllisters Corners") in found


def test_a_facilitys_french_compound_town_in_brackets() -> None:
    found = _found(
        "Médecin : Dre Odile Fortin, Clinique médicale du Lac (Saint-Onésime-de-Ixworth)"
    )
    assert ("ADDRESS", "Saint-Onésime-de-Ixworth") in found


def test_a_department_after_a_facility_and_a_comma_is_no_town() -> None:
    for text in ("Brookfield Clinic, Emergency Centre", "Brookfield Clinic, Follow-Up"):
        assert not any(kind == "ADDRESS" for kind, _t in _found(text)), text


def test_where_a_person_of_that_age_is_from() -> None:
    found = _found("Facture 1 - Mme Ondine Ferland-Roy, 91 ans, de Quellbrook. Carte expirée.")
    assert ("ADDRESS", "Quellbrook") in found
    found = _found("Mr. Abel Fenwright, aged 94, of Quellbrook, was admitted.")
    assert ("ADDRESS", "Quellbrook") in found


def test_an_age_and_a_phrase_with_no_town_stay_unread() -> None:
    for text in ("Il a 90 ans, de toute façon.", "Sam, 80 years old, from Accounting."):
        assert not any(kind == "ADDRESS" for kind, _t in _found(text)), text


# --- a name before a delivery driver's or a volunteer's role in brackets ----------------------


def test_a_name_before_a_drivers_or_volunteers_role_in_brackets() -> None:
    assert ("NAME", "Ostrander") in _found("Meals brought by Ostrander (volunteer) weekly.")
    assert ("NAME", "Remy") in _found("Blister packs delivered by Remy (driver) on Thursdays.")
    assert ("NAME", "Rémi") in _found("Pilulier livré par Rémi (livreur) le jeudi.")


def test_a_role_in_brackets_after_a_word_that_names_no_one_stays_unread() -> None:
    assert _found("Called the pharmacy (driver) at noon; the van (volunteer) was late.") == []


# --- a town naming an employer's site -------------------------------------------------------


def test_a_town_naming_an_employers_yard_or_depot() -> None:
    assert ("ADDRESS", "Quellbrook") in _found("Light duties offered at the Quellbrook yard.")
    assert ("ADDRESS", "Quellbrook") in _found("He drives from the Quellbrook depot since May.")


def test_a_site_named_by_an_everyday_word_a_brand_or_a_body_part_stays_unread() -> None:
    for text in (
        "He went to the Lumber yard.",
        "She works at the Main office.",
        "Redness at the injection site; the Foley site is clean.",
    ):
        assert not any(kind == "ADDRESS" for kind, _t in _found(text)), text


# --- guards: clinical prose, doses, scales and dates not about a person ----------------------

_CLINICAL = (
    "ESAS-r at 08:00: P4 T5 D2 N0 A3 S1 Dep2 Anx3 W4. PPS 40%, PHQ-9 of 12, GAD-7 of 9.\n"
    "Hydromorphone 1 mg q4h PRN, max 6 doses/day; methadone 2.5 mg PO TID (5:1 ratio).\n"
    "Edmonton Frail Scale 8, Braden 14, CAM negative, RASS 0; QTc 446 ms on 104/62.\n"
    "Fracture Clinic follow-up in 6 weeks; Neuro Clinic 3 has the EEG room.\n"
    "The guideline was updated on 3 Jun 2026 11:40 and the ECHO session runs Mon 14 Mar 12:00.\n"
    "Saw mill workers and fax log reviews were discussed as examples of shift work.\n"
    "Morphine 10 mg/mL, lot and batch numbers are checked at the conference 2 days later.\n"
)


def test_clinical_prose_doses_scales_and_dates_of_no_person_stay_unread() -> None:
    found = _found(_CLINICAL)
    assert not any(
        kind in ("NAME", "ADDRESS", "FACILITY", "ID", "POSTAL_CODE") for kind, _t in found
    ), found
