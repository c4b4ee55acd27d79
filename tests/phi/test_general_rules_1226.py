"""Scanner 1.25.0: general rules for the classes of identifiers missed on `heldout18` (now a
development set; see `src/phi/README.md`, "Since 1.25.0"). Every person, number and business here
is invented (names checked absent from every corpus); towns are real places used as names only
(from the scanner's gazetteer, or a town too small for it). Each rule has a case the scanner
1.24.0 missed and a look-alike it must leave alone (clinical words, drugs, doses, scores,
services, headings)."""

from __future__ import annotations

import pytest

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _kinds(text: str) -> set[str]:
    return {f.kind for f in scan(text)}


def _texts(text: str, kind: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == kind]


def test_the_version_is_at_least_1_25() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 25)


# --- towns: where an office or a court sits, after an institution, before a province ----------


def test_the_town_where_an_agency_s_office_sits() -> None:
    text = "Submitted to: Northern Health Unit, Norbertville office      Form version 2024"
    assert _texts(text, "ADDRESS") == ["Norbertville"]


def test_a_court_s_sittings_and_a_town_after_the_court_s_name() -> None:
    text = (
        "To: Jury Coordinator, Superior Court of Justice, Ripon   Fax 613-555-0100\n"
        "Re: the Superior Court of Justice (Ripon sittings), panel of December 4"
    )
    assert _texts(text, "ADDRESS") == ["Ripon", "Ripon"]
    assert "NAME" not in _kinds(text)  # "Superior" is a word of the court's name


def test_an_office_then_its_town_closing_a_field() -> None:
    text = "Navigator: Solveig Kellerby | East region office, Norbertville | 306-555-0100"
    assert "Norbertville" in _texts(text, "ADDRESS")


def test_an_office_s_everyday_words_are_no_town() -> None:
    for text in (
        "Faxed to the Health Unit, Head office      Form version 2024",
        "Records sent to the clinic, Main office | 306-555-0100",
        "Copy kept at the pharmacy (Regional office) for the audit.",
    ):
        assert "ADDRESS" not in _kinds(text), text


def test_a_town_after_a_hospital_s_emergency_department_and_a_comma() -> None:
    text = "Seen by the physician on call at Tamblyn Memorial Hospital ED, Norbertville,\nvisit 12."
    assert "Norbertville" in _texts(text, "ADDRESS")


def test_a_department_or_a_clinical_word_after_a_hospital_is_no_town() -> None:
    text = "Seen at Tamblyn Memorial Hospital, Cardiology, for the stress test."
    assert "ADDRESS" not in _kinds(text)


def test_a_town_before_its_province_in_brackets() -> None:
    text = "Votre fille, qui habite de Norbertville (Québec), peut vous accompagner."
    assert "Norbertville" in _texts(text, "ADDRESS")


def test_an_everyday_word_before_a_province_in_brackets_is_no_town() -> None:
    text = "Selon la Régie de Santé (Québec), la carte est valide jusqu'en 2030."
    assert "ADDRESS" not in _kinds(text)


def test_a_town_after_a_street_line_and_its_unit() -> None:
    text = "Last fixed address: 42 Brakefield Street, Apt 3, Norbertville - evicted last month"
    assert "Norbertville" in _texts(text, "ADDRESS")


def test_a_weekday_after_a_street_line_and_its_unit_is_no_town() -> None:
    text = "Last fixed address: 42 Brakefield Street, Apt 3, Monday - evicted last month"
    assert _texts(text, "ADDRESS") == ["42 Brakefield Street, Apt 3"]


def test_a_gazetteer_town_s_emergency_department() -> None:
    text = "The patient told us he went to the Ravensdale ED on Saturday for his back."
    assert "Ravensdale" in _texts(text, "ADDRESS")


def test_a_ward_s_emergency_department_is_no_town() -> None:
    for text in ("He went to the Main ED on Saturday.", "She was seen in the Peds ED twice."):
        assert "ADDRESS" not in _kinds(text), text


def test_a_town_on_the_line_after_from() -> None:
    text = "My daughter called from\nNorbertville at 07:15 to say the pump alarmed."
    assert "Norbertville" in _texts(text, "ADDRESS")
    assert "ADDRESS" not in _kinds("My daughter called from\nMonday at 07:15 to say so.")


# --- streets ----------------------------------------------------------------------------------


def test_a_lettered_avenue_keeps_its_direction() -> None:
    text = "Staying at her cousin's place, 1436 Avenue K North, Ripon for the week."
    assert "1436 Avenue K North" in _texts(text, "ADDRESS")


def test_a_lot_after_the_street_line_is_in_its_span() -> None:
    text = "Address while away:  2210 W Orchard Rd, Lot 47, Ripon"
    assert "2210 W Orchard Rd, Lot 47" in _texts(text, "ADDRESS")
    assert "ADDRESS" not in _kinds("Naloxone kit given (lot 47, exp 2030-06).")


def test_a_single_word_street_ending_in_way() -> None:
    text = "Vendor address: 1352 Birchway, Ripon, ON"
    assert "1352 Birchway" in _texts(text, "ADDRESS")
    assert "ADDRESS" not in _kinds("Bay 3 Walkway, then the elevators.")


# --- dates ------------------------------------------------------------------------------------


def test_a_numeric_date_year_first_spaced_around_its_slashes() -> None:
    text = "Date of birth ..... 1941 / 07 / 19  (yyyy/mm/dd)   Age 87"
    assert _texts(text, "DATE") == ["1941 / 07 / 19"]


@pytest.mark.parametrize(
    "text", ["BP 132 / 84 / 72 over three readings", "PEG 6 / 10 / 2 today", "2028 / 13 / 40"]
)
def test_spaced_readings_are_no_dates(text: str) -> None:
    assert "DATE" not in _kinds(text)


# --- codes ------------------------------------------------------------------------------------


def test_a_locker_and_a_bed_with_their_letter_codes() -> None:
    text = "Belongings locker: K-22        Bed assigned: M-C07 (lower bunk)"
    assert _texts(text, "ID") == ["K-22", "M-C07"]


def test_a_locker_or_bed_without_a_code_is_nothing() -> None:
    assert _found("Belongings locker: empty   Bed: flat, head up 30 degrees") == []


def test_an_rx_number_on_the_next_line() -> None:
    text = "his grandmother's own hydromorphone (Rx\n5512345) is kept in a lock box"
    assert "5512345" in _texts(text, "ID")
    assert "ID" not in _kinds("hydromorphone (Rx\n30 tablets) is kept in a lock box")


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("Citizenship no. QX-T 0412233   Navigation file pending", "ID", "QX-T 0412233"),
        ("Staff gave her a hospital card, unit no. KLH 5501122. She asked", "MRN", "KLH 5501122"),
        ("Dossier hospitalier bébé : JRH 7719203; sage-femme", "MRN", "JRH 7719203"),
        ("No de participant au programme : CR4-1187\nAdresse : inconnue", "ID", "CR4-1187"),
    ],
)
def test_a_code_of_capitals_and_digits_after_its_label(text: str, kind: str, code: str) -> None:
    assert (kind, code) in _found(text)


def test_a_lot_s_code_after_its_label_stays_unmarked() -> None:
    assert _found("Vaccine lot no. AB 1234567 given in the left deltoid") == []


def test_a_session_s_hexadecimal_key() -> None:
    text = "Submission metadata: session b4e1d9a2-7c03"
    assert _texts(text, "ID") == ["b4e1d9a2-7c03"]
    assert _found("Session 14 of cycle 2, case 2 of 3") == []


def test_an_invoice_number() -> None:
    text = "| Cholla Ridge Imaging | INV 55012345-02 | 1,240.00 |"
    assert "INV 55012345-02" in _texts(text, "ID")
    assert "ID" not in _kinds("INV 2028 summary of amounts")


def test_a_health_number_written_again_without_its_label() -> None:
    text = (
        "Patient: Lidia Quennell   HCN 4125 338 902\n"
        "Her health card number is given because the form asks: 4125 338 902 (NS)."
    )
    assert _texts(text, "HEALTH_NUMBER") == ["4125 338 902", "4125 338 902"]


def test_a_number_never_found_is_not_found_again() -> None:
    text = "The form asks for it: 4411 203 958 (10 digits)."
    assert "HEALTH_NUMBER" not in _kinds(text)


# --- names ------------------------------------------------------------------------------------


def test_a_relation_heading_a_line_is_no_part_of_the_name() -> None:
    text = (
        "Dossier CLSC mère : VDF-7710234\n"
        "- arrière-grand-mère Ambrine Blavier, 92 ans, vit en CHSLD\n"
        "> mère\n- jour 6 pp."
    )
    names = _texts(text, "NAME")
    assert "Ambrine Blavier" in names
    assert not any("mère" in n for n in names)


def test_a_name_on_a_line_that_carries_on_a_sentence() -> None:
    text = (
        "Told her about the dental benefits program for her; referred her to\n"
        "Solveig Kellerby at the regional office, 306-555-0100."
    )
    assert "Solveig Kellerby" in _texts(text, "NAME")


def test_a_drug_on_a_line_that_carries_on_a_sentence_is_no_name() -> None:
    text = "Discussed the options with her and she prefers to continue\nLyrica 75 mg BID."
    assert "NAME" not in _kinds(text)


def test_a_contacts_table_names_the_person_before_the_relation() -> None:
    text = (
        "| Rang | Nom                  | Lien  | Téléphone    |\n"
        "|------|----------------------|-------|--------------|\n"
        "| 1    | Ambrine Gauvreault   | fille | 418 555-0100 |\n"
        "| 2    | Titou Gauvreault     | fils  | 418 555-0101 |\n"
        "Mandataire : Ambrine Gauvreault. Son chien reste chez Titou."
    )
    names = _texts(text, "NAME")
    assert names.count("Ambrine Gauvreault") == 2 and "Titou Gauvreault" in names


def test_a_service_before_a_relation_cell_is_no_name() -> None:
    text = "| 1    | Soins Palliatifs     | fille | 418 555-0100 |"
    assert "NAME" not in _kinds(text)


def test_a_spouse_after_widow_of() -> None:
    text = "État civil : veuve de Anselm Prudent (décédé en 2015)"
    assert "Anselm Prudent" in _texts(text, "NAME")  # a surname that is also a word
    assert "NAME" not in _kinds("État civil : veuve de longue date, vit seule.")


def test_a_signature_after_a_french_closing_formula() -> None:
    text = (
        "Veuillez agréer, Monsieur, nos salutations distinguées.\n\n"
        "Ambrine Pellham\nAgente administrative, centrale de rendez-vous"
    )
    assert "Ambrine Pellham" in _texts(text, "NAME")


def test_a_service_after_a_french_closing_formula_is_no_name() -> None:
    text = "Veuillez agréer nos salutations distinguées.\n\nService Endoscopie\n"
    assert "NAME" not in _kinds(text)


def test_a_name_before_a_profession_in_brackets() -> None:
    text = "Called the pharmacy (Ambrine Pellham, pharmacist), Rx 7712345; she faxed it."
    assert "Ambrine Pellham" in _texts(text, "NAME")
    assert "NAME" not in _kinds("Switched to (Tylenol Arthritis, pharmacist) today.")


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("2028-11-15 hnq: ADP acknowledged receipt of the application.", "hnq"),
        ("Examiner note 2028-11-23 (tbrakefield): share confirmed", "tbrakefield"),
    ],
)
def test_a_log_line_s_author_after_its_date(text: str, login: str) -> None:
    assert login in _texts(text, "NAME")


@pytest.mark.parametrize(
    "text",
    [
        "2028-11-15 am: seen in clinic",
        "2028-11-15 note: seen in clinic",
        "Examiner note 2028-11-23 (draft): share confirmed",
    ],
)
def test_a_log_line_s_word_after_its_date_is_no_author(text: str) -> None:
    assert "NAME" not in _kinds(text)


def test_a_middle_initial_after_its_label() -> None:
    text = "First name ........ Lidia          Middle initial .. T\n"
    assert "T" in _texts(text, "NAME")
    assert "NAME" not in _kinds("Middle initial: N/A\n")


def test_a_relation_s_nickname_in_guillemets() -> None:
    assert "Titou" in _texts("Appelle son fils « Titou ». Se lève tôt.", "NAME")
    assert "NAME" not in _kinds("Répond à sa fille « Oui ». Se lève tôt.")


def test_a_version_code_in_brackets_is_no_initials() -> None:
    text = "Authorizer: Lidia Kowalczuk, OT Reg. (Ont.)\nHealth number 4125-338-902  Version [ LK ]"
    assert _texts(text, "NAME") == ["Lidia Kowalczuk"]


def test_a_template_s_code_is_no_id_and_a_form_s_number_still_is() -> None:
    assert "ID" not in _kinds("Lettre générée le 2028-11-16 - gabarit CONV-ENDO-03")
    assert "C-27-0398" in _texts("Consent form C-27-0398 scanned.", "ID")


# --- facilities -------------------------------------------------------------------------------


def test_a_facility_s_name_again_in_capitals() -> None:
    text = (
        "BIRCHGATE EMERGENCY SHELTER - INTAKE & NIGHTLY BED LOG\n"
        "Birchgate Emergency Shelter | desk 506-555-0100"
    )
    assert _texts(text, "FACILITY") == [
        "BIRCHGATE EMERGENCY SHELTER",
        "Birchgate Emergency Shelter",
    ]
    assert "FACILITY" not in _kinds("INTAKE & NIGHTLY BED LOG\n")


def test_a_french_hospital_s_name_in_capitals() -> None:
    text = "HÔPITAL DU VERSANT-NORD - SERVICE D'ENDOSCOPIE\n"
    assert _texts(text, "FACILITY") == ["HÔPITAL DU VERSANT-NORD"]
    assert "FACILITY" not in _kinds("HÔPITAL DE JOUR - HORAIRE\n")


@pytest.mark.parametrize(
    "name",
    ["Eastgate Dispensary", "Brookvale Adult Day Program", "Cholla Ridge Cardiology PLLC"],
)
def test_a_dispensary_an_adult_day_program_and_a_us_practice(name: str) -> None:
    assert name in _texts(f"He attends {name} twice a week.", "FACILITY")


@pytest.mark.parametrize(
    "text",
    [
        "Witnessed daily at the methadone dispensary on site.",
        "Witnessed daily at Methadone Dispensary hours only.",
        "He attends an Adult Day Program twice a week.",
        "He attends Our Adult Day Program twice a week.",
    ],
)
def test_a_kind_of_service_is_no_facility(text: str) -> None:
    assert "FACILITY" not in _kinds(text)


@pytest.mark.parametrize(
    "name",
    [
        "Manufacture Gauvreault",
        "Centre de réadaptation cardiaque de Norbertville",
    ],
)
def test_french_facilities_named_head_first(name: str) -> None:
    assert name in _texts(f"Elle a travaillé à la {name} jusqu'en 1989.", "FACILITY")


def test_a_french_building_s_ordinary_name_is_no_facility() -> None:
    text = "Stationnement derrière le pavillon Principal, porte 3."
    assert "FACILITY" not in _kinds(text)


def test_a_surname_and_its_initial_in_capitals_in_a_client_column() -> None:
    text = (
        "date       | bed   | client              | in    | staff | notes\n"
        "-----------|-------|---------------------|-------|-------|------\n"
        "2028-10-28 | K-B12 | QUENNELL A          | 22:40 | TGH   | new intake\n"
        "2028-10-28 | K-B13 | N A                 | 19:05 | TGH   | -\n"
        "2028-10-28 | K-B14 | Vitamin D           | 19:05 | TGH   | -\n"
    )
    names = _texts(text, "NAME")
    assert "QUENNELL A" in names
    assert "N A" not in names and "Vitamin D" not in names
