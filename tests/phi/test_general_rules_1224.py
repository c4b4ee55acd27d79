"""Scanner 1.23.0: general rules from published formats, word lists and layouts (see
`src/phi/README.md`, "Since 1.23.0"). Every name, place and number here is invented (names from
faker en_CA/fr_CA, checked absent from every corpus), except towns, which come from the
gazetteers the scanner ships and from no corpus note. Each rule has a case that the scanner
1.22.0 missed and a look-alike clinical phrase it must leave alone."""

from __future__ import annotations

import pytest

import phi
from phi import scan
from phi.recognizers.proof_codes import s10_ok


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _kinds(text: str) -> set[str]:
    return {f.kind for f in scan(text)}


def _texts(text: str, kind: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == kind]


def test_the_version_is_at_least_1_23() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 23)


# --- codes that prove a step was done ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ePCR uploaded 06:14:09, receipt RX-40712)", "RX-40712"),
        ("fax sent, 3 pages, confirmation CF-33391.", "CF-33391"),
        ("Upload receipt #: 5512087 kept.", "5512087"),
        ("Paiement : reçu no 48120.", "48120"),
    ],
)
def test_a_receipts_or_a_confirmations_code(text: str, code: str) -> None:
    assert ("ID", code) in _found(text)


def test_a_receipt_or_a_confirmation_in_words_is_no_code() -> None:
    for text in (
        "receipt of the forms on the ward",
        "confirmation 2 pages sent",
        "receipt 4 mg given",
        "confirmation of PE by CT",
    ):
        assert "ID" not in _kinds(text), text


def test_a_tracking_number_of_registered_mail() -> None:
    assert ("ID", "6693 0926 3358 1204") in _found(
        "notice sent by registered mail 6693 0926 3358 1204 on Friday"
    )
    assert ("ID", "RN471029365CA") in _found("tracking: RN471029365CA")
    assert ("ID", "8812093347105561") in _found("courrier recommandé 8812093347105561")


def test_the_s10_check_digit() -> None:
    assert s10_ok("RN471029365CA")
    assert s10_ok("RN 471 029 365 CA")
    assert not s10_ok("RN471029364CA")
    assert not s10_ok("RN47102936CA")  # eight digits
    # a check of 11 is written 5 and of 10 is written 0 (UPU S10)
    assert s10_ok("EE000000005CA")
    # a check of 10 is written 0 (the serial 02000000: 12 % 11 = 1, 11 - 1 = 10)
    assert s10_ok("EE020000000CA")
    assert not s10_ok("EE020000001CA")
    assert not s10_ok("EE000000006CA")
    # the check digit fails: no tracking number (a code of letters and digits by its shape only)
    assert all(f.reason != "a mail item's tracking number" for f in scan("tracking: RN471029364CA"))


def test_a_tracking_word_without_a_number_is_nothing() -> None:
    for text in ("eye tracking 2 times per week", "registered mail sent 2 days ago"):
        assert "ID" not in _kinds(text), text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Attendant: Justin Hodge, ACP   Paramedic No. 41-2290", "41-2290"),
        ("Officer # 5521 attended", "5521"),
        ("Firefighter no. 77-310 on scene", "77-310"),
    ],
)
def test_a_workers_number_after_the_role(text: str, code: str) -> None:
    assert ("ID", code) in _found(text)


def test_a_role_and_a_small_count_is_no_number() -> None:
    for text in ("Paramedic No. 2 arrived later", "Driver no 3 on the list", "staff #1 and #2"):
        assert "ID" not in _kinds(text), text


def test_a_practitioners_registration_in_brackets() -> None:
    found = _found("Second assessor: Debra Wilkerson, NP (BCCNM NP-31877), virtual visit")
    assert ("ID", "NP-31877") in found
    found = _found("| R-9 | traitement | Lussier, Élodie (P-04421) | 85,00 $ |")
    assert ("ID", "P-04421") in found
    assert ("ID", "T-55120") in _found("seen by Élodie Lussier (T-55120) today")


def test_a_scale_or_a_level_in_brackets_is_no_registration() -> None:
    for text in (
        "screened with the NP (PHQ-9) and RN (GAD-7)",
        "pain at NP (L4-L5) level",
        "Justin Hodge (C-19) vaccine",
        "(DIN 02241234) dispensed",
    ):
        assert "ID" not in _kinds(text), text


def test_a_notarys_minute_number() -> None:
    text = "Mandat signé devant Me Luc Robitaille, notaire, Listowel (minute 6638)."
    assert ("ID", "6638") in _found(text)
    assert ("ID", "7702") in _found("acte notarié, minute no 7702")


def test_a_minute_without_a_notary_is_nothing() -> None:
    for text in ("Le notaire est venu. Marche 1900 pas en une minute 1900 fois", "minute 4500"):
        assert "ID" not in _kinds(text), text


def test_a_labelled_number_in_groups_is_whole() -> None:
    assert ("ID", "0044 551 902") in _found("No de certificat : 0044 551 902 (conjoint)")
    assert ("ID", "3817 334 871") in _found("Certificate no. 3817 334 871 on file")


def test_a_chart_code_of_letters_and_digits() -> None:
    assert ("MRN", "QXRTB-33018") in _found("Chart: QXRTB-33018. Mailed Apr 5.")
    assert "MRN" not in _kinds("Chart: reviewed, see note")
    assert "MRN" not in _kinds("Chart: QX-12 flowsheet")


def test_an_age_over_89_after_a_date_of_birth() -> None:
    assert ("AGE", "92") in _found("Date of birth: 3 May 1935 (92)")
    assert ("AGE", "94") in _found("Patiente née le 9 mai 1933 (94 ans), veuve")
    assert ("AGE", "91") in _found("DOB 1936-08-14 (91 y)")


def test_an_age_after_another_date_or_under_90_is_no_age() -> None:
    assert "AGE" not in _kinds("Date of visit: 3 May 2027 (92)")
    assert "AGE" not in _kinds("Date of birth: 3 May 1945 (82)")
    assert "AGE" not in _kinds("Date of birth: 3 May 1935\nSeen 4 May 2027 (92)")


# --- people in cells, logs and stamps ---------------------------------------------------------


def test_surname_comma_given_name_anywhere() -> None:
    row = "| R-11 | 2027-11-23 | traitement | Robitaille, Élodie (P-04421) | 85,00 $ |"
    assert ("NAME", "Robitaille, Élodie") in _found(row)
    assert ("NAME", "Contreras, Debra") in _found("Seen by Contreras, Debra today.")


def test_words_or_places_before_a_given_name_are_no_surname() -> None:
    assert ("NAME", "Stable, Justin") not in _found("Stable, Justin ate well.")
    assert ("NAME", "Listowel, Debra") not in _found("Moved to Listowel, Debra says.")
    # a word-like given name after a listed surname
    assert not any(k == "NAME" and "Rose" in t for k, t in _found("Hodge, Rose garden"))


def test_a_login_heading_a_dispatch_log_line() -> None:
    log = (
        "04:12:09 JHODGE3  88 YOF SLIPPED, UNABLE TO STAND\n04:13:40 JHODGE3  C/O R WRIST PAIN\n"
        "04:15:22 DWILCOX   UNIT ASSIGNED\n"
    )
    found = _found(log)
    assert found.count(("NAME", "JHODGE3")) == 2
    assert ("NAME", "DWILCOX") in found


def test_a_unit_or_a_word_heading_a_log_line_is_no_login() -> None:
    log = "05:01:37 QB-31      DEPART SCENE\n05:02:10 UNIT12    CLEAR\n05:03:00 CALLER2   HUNG UP\n"
    assert "NAME" not in _kinds(log)


def test_a_login_after_a_clerks_label_and_before_its_date() -> None:
    assert ("NAME", "lbegin") in _found("Pièce vérifiée. Commis : lbegin.")
    assert ("NAME", "dsampson2") in _found("Clerk: dsampson2   poste 12")
    assert ("NAME", "elussier") in _found(
        "Note de la réception (elussier, 12 mai 2027, 9 h 05) : appel"
    )


def test_words_after_a_clerks_label_or_before_a_date_are_no_login() -> None:
    assert "NAME" not in _kinds("Clerk: yes, done")
    assert "NAME" not in _kinds("Commis : aucun.")
    assert "NAME" not in _kinds("état (stable, 3 avril 2028) revu")
    assert "NAME" not in _kinds("reçu (tylenol, 3 avril 2028)")


def test_a_forms_initial_field() -> None:
    form = "Last name: Wilkerson            First name: Debra         Initial: K\nHealth"
    assert ("NAME", "K") in _found(form)
    assert ("NAME", "M") in _found("Middle initial: M.  ")


def test_an_initial_assessment_is_no_initial() -> None:
    assert "NAME" not in _kinds("Initial: 5 mg daily")
    assert "NAME" not in _kinds("Initial assessment: A stable patient")
    assert "NAME" not in _kinds("Initial: Ab normal")


def test_initials_ticking_a_line_after_its_time() -> None:
    assert any(k == "NAME" and t.startswith("J.R") for k, t in _found("Client 1 ✓ 11 h 20 (J.R.)"))
    assert any(k == "NAME" and t.startswith("D.W") for k, t in _found("done 09:40 (D.W.)"))


def test_a_dose_time_in_brackets_is_no_initials() -> None:
    assert "NAME" not in _kinds("given 11 h 20 (BID) and 09:40 (q.d.)")


def test_a_name_after_dr_in_a_stamp_in_capitals() -> None:
    assert ("NAME", "B. WILKERSON") in _found("Stamp: PAIN SERVICE - DR B. WILKERSON")


def test_dr_before_a_word_in_capitals_is_no_name() -> None:
    assert "NAME" not in _kinds("FUNDUS: DR A. NORMAL")
    assert "NAME" not in _kinds("DR A. PAIN 3/10")


def test_a_town_after_a_persons_name() -> None:
    assert ("ADDRESS", "Brackmere") in _found("Boat bought from Justin Hodge of Brackmere.")
    assert ("ADDRESS", "Quellow") in _found("letter mailed to his niece Debra Sampson, Quellow.")


def test_a_role_or_a_word_after_a_persons_name_is_no_town() -> None:
    for text in (
        "Seen by Justin Hodge, Director.",
        "Justin Hodge of Cardiology.",
        "Justin Hodge, Debra.",
        "Justin Hodge of Ontario.",
    ):
        assert "ADDRESS" not in _kinds(text), text


# --- places -----------------------------------------------------------------------------------


def test_french_community_centres_and_school_service_centres() -> None:
    assert ("FACILITY", "Centre communautaire francophone de Brackmere") in _found(
        "Centre communautaire francophone de Brackmere - repas du midi"
    )
    assert ("FACILITY", "Centre de services scolaire des Monts-et-Vallons-du-Nord") in _found(
        "employée du Centre de services scolaire des Monts-et-Vallons-du-Nord\n"
    )
    assert ("FACILITY", "commission scolaire de Val-Brume") in _found(
        "enseignante à la commission scolaire de Val-Brume"
    )
    assert ("FACILITY", "CLSC de Bois-de-l'Orme") in _found("suivie au CLSC de Bois-de-l'Orme")
    assert ("FACILITY", "CLSC de Port-sur-Quellow") in _found("au CLSC de Port-sur-Quellow")


def test_a_centre_of_a_region_or_a_word_is_no_facility() -> None:
    assert "FACILITY" not in _kinds("le centre de services scolaire de la Région")
    assert "FACILITY" not in _kinds("le centre communautaire francophone de la région")
    assert "FACILITY" not in _kinds("école de pré-maternelle-et-garderie")
    assert "FACILITY" not in _kinds("école de Pré-l'orme")  # the elision takes a capital


def test_employers_by_their_trade_converting_packaging_printing() -> None:
    assert ("FACILITY", "Halvern Paper Converting") in _found(
        "her colleague at Halvern Paper Converting said"
    )
    assert ("FACILITY", "Quorvale Packaging") in _found("works at Quorvale Packaging in town")
    assert ("FACILITY", "Brackmere Printing") in _found("job at Brackmere Printing since May")


def test_a_trade_after_an_everyday_word_is_no_employer() -> None:
    for text in ("he does Paper Converting work", "Thermal Printing", "Label Printing was done"):
        assert "FACILITY" not in _kinds(text), text


def test_new_brunswick_in_brackets_is_the_province() -> None:
    assert "ADDRESS" not in _kinds("write to the Ombud (New Brunswick) if")
    assert "ADDRESS" not in _kinds("moved (British Columbia) last year")
    # the town of that name is still a town
    assert ("ADDRESS", "Brunswick") in _found("moved to Brunswick, Maine")


def test_a_statement_form_is_no_name() -> None:
    text = "an Attending Physician's Statement from Dr. Debra Wilkerson"
    assert ("NAME", "Statement") not in _found(text)
    assert ("NAME", "Debra Wilkerson") in _found(text)


def test_a_facility_in_capitals_after_its_town() -> None:
    assert ("FACILITY", "WINGHAM REGIONAL PAIN CENTRE") in _found(
        "Stamp: WINGHAM REGIONAL PAIN CENTRE - DR B. WILKERSON"
    )
    # the facility starts at its town, not at the words before it
    assert ("FACILITY", "PETROLIA DISTRICT HOSPITAL") in _found(
        "pt sent to PETROLIA DISTRICT HOSPITAL by car"
    )


def test_capitals_without_a_town_are_no_facility() -> None:
    assert "FACILITY" not in _kinds("ONTARIO HEALTH CENTRE")
    assert "FACILITY" not in _kinds("WOUND CARE CLINIC")


def test_a_practices_letterhead_in_capitals() -> None:
    assert ("FACILITY", "PHYSIO WINGHAM") in _found("PHYSIO WINGHAM\n12, rue Principale")
    # a town found elsewhere in the note
    head = "PHYSIO QUELLOW\n42, rue Principale, Quellow (Québec) J0Z 2K0\n"
    assert ("FACILITY", "PHYSIO QUELLOW") in _found(head)


def test_a_heading_in_capitals_is_no_letterhead() -> None:
    assert "FACILITY" not in _kinds("PHYSIO NOTES\nseen today")
    assert "FACILITY" not in _kinds("PHARMACY REVIEW\nno change")


def test_the_stops_of_a_route() -> None:
    found = _found("Tournée 7 (Brackmere - Grande Anse - Petrolia) ce jeudi")
    assert ("ADDRESS", "Brackmere") in found
    assert ("ADDRESS", "Grande Anse") in found
    assert ("ADDRESS", "Petrolia") in found
    # a hyphen inside a stop's name is no separator
    found = _found("Trajet (Brackmere - Saint-Quellow - Petrolia) ce matin")
    assert ("ADDRESS", "Saint-Quellow") in found


def test_a_routine_in_brackets_is_no_route() -> None:
    assert "ADDRESS" not in _kinds("(Morning - Noon - Evening)")
    assert not any(t in ("Dress", "Toilet") for t in _texts("(Bath - Dress - Toilet)", "ADDRESS"))
    assert _texts("(Petrolia - Dress - Toilet)", "ADDRESS") == ["Petrolia"]


def test_a_street_named_alone_in_brackets() -> None:
    assert ("ADDRESS", "Brackwood Street") in _found("lives on her road (Brackwood Street) and")


def test_a_word_and_a_street_type_in_brackets_is_no_street() -> None:
    assert "ADDRESS" not in _kinds("seen at (Care Road) clinic")
    assert "ADDRESS" not in _kinds("(Brackwood Street Clinic)")


# --- edges of the rules above (each comparison held by a case) ---------------------------------


def test_edges_of_codes() -> None:
    # four digits after letters, five digits alone; three digits alone are no code
    assert ("ID", "RC-4071") in _found("upload receipt RC-4071 kept")
    assert "ID" not in _kinds("receipt 407 kept")
    # a registration right against the name, no space
    assert ("ID", "T-55120") in _found("seen by Élodie Lussier(T-55120) today")


def test_edges_of_names() -> None:
    # a region before the comma is no surname
    assert ("NAME", "Ontario, Justin") not in _found("Moved from Ontario, Justin says.")
    # a login of a surname and then an initial
    assert ("NAME", "HODGEJ") in _found("04:12:09 HODGEJ   UNIT ASSIGNED\n")


def test_edges_of_lists() -> None:
    # a frequent word that is somebody's surname somewhere is no surname before a given name
    assert not any(t.startswith("Birch") for t in _texts("Under the Birch, Justin sat.", "NAME"))
    # one listed town and everyday words: no route at all
    assert _texts("(Bath - Dress - Toilet)", "ADDRESS") == []
