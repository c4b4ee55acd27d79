"""Scanner 1.15.0: general rules for classes still missed on the development sets (columns of
health card numbers, towns, street addresses and of the people who did something in CSV
exports and pipe tables; names of eponymous clinical scales are no person and no place). Every
name, place and number here is invented."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def test_the_version_is_at_least_1_15() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 15)


# --- columns of a CSV export or a pipe table ---------------------------------------------------

_CSV = (
    "row,phin,client,address,town,visit_date,dose,checked_by\n"
    'A1,480213377,"QUORBEL, Anwen",Box 73,Tarnwick Falls,2027-01-04,2.5,zqv\n'
    'A2,4802 13378,"VELLIQ, Osk",House 9 Brelloc Rd,Skarnvik,2027-01-05,5,zqv\n'
    'A3,unknown,"MARROW, Tey",same as above,Unknown,2027-01-06,5,none\n'
)


def test_a_health_number_column_gives_its_numbers() -> None:
    found = _found(_CSV)
    assert ("HEALTH_NUMBER", "480213377") in found
    assert ("HEALTH_NUMBER", "4802 13378") in found
    assert "unknown" not in _texts(_CSV)


def test_a_town_column_and_an_address_column_give_their_places() -> None:
    found = _found(_CSV)
    assert ("ADDRESS", "Tarnwick Falls") in found
    assert ("ADDRESS", "Skarnvik") in found
    assert ("ADDRESS", "House 9 Brelloc Rd") in found
    texts = _texts(_CSV)
    assert "Unknown" not in texts  # a word, not a town
    assert "same as above" not in texts  # no number: no street address


def test_a_done_by_column_gives_its_initials_and_never_a_word() -> None:
    found = _found(_CSV)
    assert ("NAME", "zqv") in found
    assert "none" not in _texts(_CSV)


def test_a_pipe_table_reads_the_same_columns() -> None:
    table = (
        "| client | phn | community | reviewed by |\n"
        "|---|---|---|---|\n"
        "| Anwen Quorbel | 9123 456 782 | Brellowmere | tqx |\n"
    )
    found = _found(table)
    assert ("HEALTH_NUMBER", "9123 456 782") in found
    assert ("ADDRESS", "Brellowmere") in found
    assert ("NAME", "tqx") in found


def test_a_number_in_a_dose_or_score_column_is_no_health_number() -> None:
    table = "id,score,dose_mg,town\n1,123456789,5,Same\n"
    assert "123456789" not in {t for k, t in _found(table) if k == "HEALTH_NUMBER"}
    assert "Same" not in _texts(table)


# --- eponymous clinical scales ---------------------------------------------------------------


def test_a_scale_named_after_a_person_or_a_town_is_no_identifier() -> None:
    assert _found("His daughter's Zarit burden score is 31 this month.") == []
    assert _found("Échelle de kinésiophobie de Tampa à 40 ; elle marche peu.") == []
    assert _found("The Tampa scale for kinesiophobia was 38.") == []
    assert _found("Barthel index 55/100, Braden 14.") == []


def test_the_same_words_elsewhere_stay_a_name_or_a_place() -> None:
    assert ("ADDRESS", "Tampa") in _found("She moved back from Tampa in March.")
    assert ("NAME", "Zarit") in _found("Mr. Zarit called about his wife.")
    assert ("NAME", "Katz") in _found("Mrs. Katz test results were reviewed.")


# --- a phone chat export: turns and @handles ----------------------------------------------------


def test_a_chat_export_turn_gives_its_speaker() -> None:
    chat = (
        "14/02/2027, 08:03 - quilla: ok who is picking up dad\n"
        "14/02/2027, 08:05 - tovan-ray: me, after work\n"
    )
    found = _found(chat)
    assert ("NAME", "quilla") in found
    assert ("NAME", "tovan-ray") in found


def test_a_handle_mentioned_in_a_chat_is_a_name_but_never_a_word_or_an_email() -> None:
    assert ("NAME", "brenquil_t") in _found("thanks @brenquil_t, see you at noon")
    assert ("NAME", "orlaine.k") in _found("@orlaine.k what room is she in")
    texts = _texts("meet @home at noon; mail ops@clinic.example; follow @ClinicNews")
    assert "home" not in texts
    assert "clinic.example" not in texts
    assert "ClinicNews" not in texts


# --- a space-aligned table whose rows drift from the header ------------------------------------


def test_a_row_with_as_many_cells_as_the_header_is_read_by_rank() -> None:
    table = (
        "DAY  TIME         CLIENT                      WORKER   TASKS\n"
        "Mon  09:00-10:00  QUORBEL, Anwen   VRq      bath, lunch prep\n"
        "Tue  13:00-14:00  VELLIQ, Tey        VRq      laundry\n"
    )
    found = _found(table)
    assert ("NAME", "VRq") in found
    assert ("NAME", "QUORBEL, Anwen") in found
    texts = _texts(table)
    assert "bath, lunch prep" not in texts
    assert "bath" not in texts and "laundry" not in texts


# --- roles as speakers, Glasgow score parts ----------------------------------------------------


def test_a_role_heading_a_log_line_is_no_speaker_but_the_name_after_it_is() -> None:
    found = _found("18:05  Caller: Vesmira, RN, ward 3. Temp 38.4.")
    assert ("NAME", "Vesmira") in found
    assert "Caller" not in _texts("18:05  Caller: Vesmira, RN, ward 3. Temp 38.4.")


def test_the_parts_of_a_glasgow_score_are_no_postal_code() -> None:
    assert _found("Glasgow 14 à l'arrivée (Y4 V4 M6), 13 ensuite.") == []
    assert _found("GCS 13 (E3 V4 M6) on arrival") == []
    assert ("POSTAL_CODE", "E4V 4M6") in _found("mail to 12 Quorrin Rd, E4V 4M6")


# --- a hospital by its short name: <place> General, <place> Regional ----------------------------


def test_a_regional_or_general_hospital_after_the_or_a_comma_is_a_facility() -> None:
    found = _found("the ENT at the Tarnwick Regional is booked.")
    assert ("FACILITY", "Tarnwick Regional") in found
    assert ("FACILITY", "North Shore General") in _found(
        "the discharge planner, North Shore General, called back"
    )
    assert ("FACILITY", "South Coast Regional") in _found("South Coast Regional, 3rd floor")


def test_regional_and_general_as_words_stay_words() -> None:
    for text in (
        "our Regional office called back",
        "the Regional Director said no",
        "in the General ward since Monday",
        "the Attorney General, on the radio",
        "at the Surgeon General office",
    ):
        assert not any(k == "FACILITY" for k, _t in _found(text)), text


# --- French facilities by their kind and town ----------------------------------------------------


def test_a_french_clinic_home_pharmacy_or_hall_with_its_town_is_a_facility() -> None:
    assert ("FACILITY", "clinique de Quorrville") in _found("suivie à la clinique de Quorrville.")
    assert ("FACILITY", "foyer de Brellow Park") in _found("sa mère, au foyer de Brellow Park)")
    assert ("FACILITY", "Pharmasave de Tarnwick") in _found("Épicerie : au Pharmasave de Tarnwick.")
    assert ("FACILITY", "salle paroissiale de Skarnvik") in _found(
        "les mardis à la salle paroissiale de Skarnvik (repas)"
    )
    assert ("FACILITY", "ÉSF de Velliq") in _found("Dre Anwen Q., ÉSF de Velliq, suit la patiente")


def test_a_kind_before_a_common_word_is_no_facility() -> None:
    for text in (
        "la clinique de Douleur chronique",
        "une résidence de Luxe",
        "le foyer de Jour",
    ):
        assert not any(k == "FACILITY" for k, _t in _found(text)), text


def test_a_place_memorial_before_a_date_is_a_facility() -> None:
    found = _found("hip done at Quorrin District Memorial Feb 12, back here for rehab")
    assert ("FACILITY", "Quorrin District Memorial") in found
    assert ("DATE", "Feb 12") in found
    assert not any(k == "FACILITY" for k, _t in _found("Quorrin Memorial Cup, Feb 12"))
