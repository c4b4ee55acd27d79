"""Scanner 1.20.0: general rules for classes missed on two development sets or more (see
`src/phi/README.md`, "Since 1.20.0"). Every name, place and number here is invented, except the
towns, which come from the general gazetteer the scanner ships (GeoNames' cities500) and from no
corpus note."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def test_the_version_is_at_least_1_20() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 20)


# --- villages of 500 people or more (GeoNames cities500) -------------------------------------


def test_a_village_of_the_wider_gazetteer_is_a_town_without_a_cue() -> None:
    found = _found("Grew up on a potato farm, Kedgwick way; still drives to Doaktown Sundays.")
    assert ("ADDRESS", "Kedgwick") in found
    assert ("ADDRESS", "Doaktown") in found


def test_a_village_written_with_its_accents_is_found() -> None:
    # the list folds accents; a note that writes them is read without them
    found = _found("Famille à Saint-Éphrem-de-Beauce, visite aux deux semaines.")
    assert ("ADDRESS", "Saint-Éphrem-de-Beauce") in found


def test_a_village_named_by_everyday_words_still_needs_a_place_cue() -> None:
    # "Hare Bay" is two everyday words: a place only after a cue
    assert _found("Saw a hare bay side of the pond on the walk.") == []
    assert ("ADDRESS", "Hare Bay") in _found("She moved back to Hare Bay last fall.")


def test_a_saints_feast_day_after_la_is_no_town() -> None:
    text = "Deux chutes depuis la Saint-Jean-Baptiste; fermé à la Saint-Jean-Baptiste aussi."
    assert _found(text) == []
    # the town itself, with no article, is still a town
    assert ("ADDRESS", "Saint-Jean-Baptiste") in _found("Elle habite Saint-Jean-Baptiste.")


# --- codes of capitals' groups and digits; spaced serials --------------------------------------


def test_a_code_of_two_capitals_groups_and_digits_is_an_identifier() -> None:
    found = _found("Booked at kiosk QXA-TRIAGE-07 and logged on the freezer sheet ZKV-WTR-41187.")
    assert ("ID", "QXA-TRIAGE-07") in found
    assert ("ID", "ZKV-WTR-41187") in found


def test_categories_dates_and_code_systems_are_no_such_code() -> None:
    text = (
        "Mammogram BI-RADS-4, coded ICD-10-CA, SARS-CoV-2 negative, PHQ-9 of 12, ASA-PS-3; "
        "stock counted UN-MAR-2024."
    )
    assert ("ID", "ASA-PS-3") not in _found(text)
    assert [t for k, t in _found(text) if k == "ID"] == []


def test_a_serial_written_with_spaces_after_sn_is_one_identifier() -> None:
    found = _found("Leads: RA lead SN QZT 518204 K      RV lead SN QZT 518377 K\n")
    assert ("ID", "QZT 518204 K") in found
    assert ("ID", "QZT 518377 K") in found


def test_sn_before_words_or_a_short_number_is_no_serial() -> None:
    assert _found("SN was normal; the SN 12 cm mark and sinus node SN on ECG.") == []


# --- a Memorial hospital with its head; congregations ------------------------------------------


def test_a_memorial_hospital_of_frequent_words_with_its_head_is_a_facility() -> None:
    found = _found("Transfer to Northern Memorial Regional Hospital for the wrist.")
    assert ("FACILITY", "Northern Memorial Regional Hospital") in found


def test_memorial_without_a_named_place_is_no_facility() -> None:
    assert _found("Donations to the Memorial Hospital fund were thanked.") == []


def test_a_congregation_named_by_a_dedication_or_a_saint_is_a_facility() -> None:
    found = _found("Fainted at church (Sacred Heart Lutheran Church) on Sunday.")
    assert ("FACILITY", "Sacred Heart Lutheran Church") in found
    found = _found("Clergy: Rev. Quillon, St. Oswin's Anglican, will visit.")
    assert ("FACILITY", "St. Oswin's Anglican") in found


def test_a_denomination_alone_or_after_a_people_is_no_facility() -> None:
    text = "Raised in the Anglican Church; the Ukrainian Catholic Church and Roman Catholic Church."
    assert _found(text) == []


# --- people listed in brackets ---------------------------------------------------------------


def test_a_crew_listed_in_brackets_is_a_list_of_names() -> None:
    found = _found("Carried out by 5 bearers (Brodie, Tamsin Q., Isolde Quennell, Zorvik, QX).")
    for name in ("Brodie", "Tamsin Q.", "Isolde Quennell", "Zorvik", "QX"):
        assert any(k == "NAME" and t.rstrip(".") == name.rstrip(".") for k, t in found), name


def test_a_bracketed_list_of_things_is_no_list_of_people() -> None:
    # drugs, places or clinical words among the items, or fewer than two listed given names
    assert _found("Gave meds (Tylenol, Advil, Gravol) at 08:00.") == []
    assert ("NAME", "Tylenol") not in _found("Team (Brodie Q., Tamsin Q., Tylenol) met.")
    assert _found("Wound care days (Monday, Wednesday, Friday) per plan.") == []
    assert _found("Sites (Dressing, Bath, Transfer, PT) reviewed.") == []


# --- a nickname in quotes after a name found ---------------------------------------------------


def test_a_nickname_in_guillemets_after_a_name_is_a_name_and_found_again() -> None:
    text = (
        "Colocataire : Marisol Quenneville-Abara\n(« Zizou »), étudiante. "
        "Plus tard, Zizou a appelé."
    )
    found = _found(text)
    assert ("NAME", "Marisol Quenneville-Abara") in found
    assert [t for k, t in found if k == "NAME"].count("Zizou") == 2


def test_a_nickname_in_a_csv_cells_doubled_quotes_is_a_name() -> None:
    text = (
        "chart,name,dob\n"
        'Q27-10041,"QUENNEVILLE, Marisol ""Zizou""",1950-03-14\n'
        'Q27-10042,"ABARA, Tamsin",1961-07-02\n'
    )
    assert ("NAME", "Zizou") in _found(text)


def test_a_quoted_weekday_after_a_name_is_no_nickname() -> None:
    found = _found('Seen with Marisol Quenneville\n("Monday" clinic only).')
    assert found == [("NAME", "Marisol Quenneville")]


# --- a small town closing a phrase after 'from'; a town in a contact's brackets ----------------


def test_a_small_town_closing_its_phrase_after_from_via_off_is_a_town() -> None:
    assert ("ADDRESS", "Zorvikton") in _found("21:40  EMS from Zorvikton: 61 M, chest pain.")
    assert ("ADDRESS", "Quellbrook") in _found("Plow truck came via Quellbrook.")
    assert ("ADDRESS", "Zorvik Bay") in _found("Cut his hand on a boat off Zorvik Bay; sutured.")


def test_from_before_a_title_a_service_or_an_everyday_word_is_no_town() -> None:
    text = (
        "Labs from Dr. Quennell. TENS unit from Prosthetics. Letter from Cardiology; "
        "came from Home, from Tylenol, via Zoom. Time off Monday. Results from Quellbrook; "
        "walker ordered from Zorvikton."
    )
    assert [k for k, _t in _found(text) if k == "ADDRESS"] == []


def test_a_town_in_a_contacts_brackets_is_a_town() -> None:
    found = _found("Notified sister Isolde Quennell-Abara (Gull Rock) (709) 555-0106 today.")
    assert ("ADDRESS", "Gull Rock") in found
    found = _found("Répondante : sa nièce Marisol Quenneville (819-555-0182, Zorvikton).")
    assert ("ADDRESS", "Zorvikton") in found


def test_a_phones_label_or_a_relation_in_a_contacts_brackets_is_no_town() -> None:
    text = (
        "Notified sister Isolde Quennell-Abara (Work Cell) (709) 555-0106 and "
        "her son Tamsin Quennell (819-555-0182, Evenings), then (819-555-0199, Daughter)."
    )
    assert [k for k, _t in _found(text) if k == "ADDRESS"] == []


# --- a login built from a name found -------------------------------------------------------------


def test_a_login_of_the_initial_and_the_surnames_first_letters_is_a_name() -> None:
    text = (
        "Infirmière au triage : Isolde Quennell-Abarant (iquenab)\n"
        "Ticket opened 09:12 by iquennella; closed by tquenn."
    )
    found = _found(text)
    assert ("NAME", "iquenab") in found
    assert ("NAME", "iquennella") in found


def test_a_word_or_a_login_of_nobody_named_is_no_name() -> None:
    text = "Seen by Isolde Quennell-Abarant; iqxyz and qabar logged, quench the lamp."
    found = _found(text)
    assert ("NAME", "iqxyz") not in found and ("NAME", "qabar") not in found
    assert [t for k, t in found if k == "NAME"] == ["Isolde Quennell-Abarant"]


# --- a workplace named by a place's shape before its lower-case head ------------------------------


def test_a_place_by_its_shape_before_a_lower_case_head_is_a_workplace() -> None:
    found = _found(
        "Baseline audiogram from the Quellbrook Creek site clinic, then Zorvik Point fire hall."
    )
    assert ("FACILITY", "Quellbrook Creek site clinic") in found
    assert ("FACILITY", "Zorvik Point fire hall") in found


def test_a_head_after_a_region_or_a_determiner_is_no_workplace() -> None:
    text = "Seen at Ontario River cannery. The Creek site clinic closed."
    assert [k for k, _t in _found(text) if k == "FACILITY"] == []
