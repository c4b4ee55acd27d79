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
    "8812044    2027-03-02   LISINOPRIL 10 MG - 1 co DIE       30    Ouellet R. (IPS)\n"
    "8812051    2027-03-02   ATORVASTATINE 20 MG - 1 co HS     30    Ouellet R. (IPS)\n"
    "\n"
    "ORDONNANCES CESSÉES (90 derniers jours)\n"
    "6650913    2026-12-01   IBUPROFÈNE 400 MG TID - cessé le 2027-01-05\n"
)


def test_a_french_rx_number_column_and_its_later_rows_are_identifiers() -> None:
    found = _found(_PROFILE)
    assert ("ID", "8812044") in found and ("ID", "8812051") in found
    assert ("ID", "6650913") in found  # a row of the same column below a section heading


def test_a_credential_in_brackets_closes_a_name_cell() -> None:
    found = _found(_PROFILE + "Vu avec R. Ouellet, IPS, le 2027-03-04.\n")
    assert any(kind == "NAME" and text.startswith("Ouellet R") for kind, text in found)
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
    assert _found("Fish plant worker, then deckhand. Saw mill work in his twenties.") == []


def test_a_workplace_named_mid_sentence_is_still_found() -> None:
    assert ("FACILITY", "Kelderby plant") in _found("He worked at the Kelderby plant until 2019.")


def test_a_numbered_specialty_clinic_is_a_department() -> None:
    found = _found("Consultant site: Ashgrove Orthopaedic Clinic - Ortho Clinic 2 (room 14)")
    assert ("FACILITY", "Ashgrove Orthopaedic Clinic") in found
    assert ("FACILITY", "Ortho Clinic") not in found
