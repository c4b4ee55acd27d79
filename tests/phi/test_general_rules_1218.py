"""Scanner 1.17.0: general rules for classes missed on heldout12 once it became a development set
(a code found by its label found again in file names, paths and without its dash; ISO 8601
date-times of JSON exports; famous trophies and newspapers are no person and no place). Every
name, place and number here is invented."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def test_the_version_is_at_least_1_17() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 17)


# --- a code found once is found everywhere --------------------------------------------------------


def test_a_labelled_file_number_is_found_again_in_file_names_and_paths() -> None:
    text = (
        "Clinic file: QX-40718\n"
        "Saved to \\\\share\\scans\\QX40718\\ as 2031-02-03_QX40718_knee_01.png\n"
    )
    texts = _texts(text)
    assert "QX-40718" in texts
    assert sum(f.text == "QX40718" for f in scan(text)) == 2


def test_the_number_of_a_prefixed_chart_number_is_found_again_alone() -> None:
    text = 'Chart no.: KT-66031947\n{"reference": "Patient/pt-66031947"}\n'
    assert "66031947" in _texts(text)


def test_a_code_written_once_is_not_spread_to_other_numbers() -> None:
    text = "Clinic file: QX-40718\nThe pump's lot 407188, QX-407189 and AQX40718 are other codes."
    found = _texts(text)
    assert not {"407188", "407189", "QX-407189", "AQX40718"} & found


def test_a_short_code_or_a_code_of_few_digits_is_not_spread() -> None:
    # fewer than four digits or five characters: too common to be one person's
    text = "Bed: B12\nTransferred from B12 to C4 at noon."
    assert sum(f.text == "B12" for f in scan(text)) <= 1


# --- ISO 8601 date-times --------------------------------------------------------------------


def test_the_date_of_an_iso_date_time_is_a_date_the_time_outside() -> None:
    text = '"period": { "start": "2031-07-19T08:45:00-05:00" }'
    assert ("DATE", "2031-07-19") in _found(text)
    assert not any("08:45" in t for t in _texts(text))


def test_a_version_or_a_code_with_a_t_is_no_date() -> None:
    assert not any(k == "DATE" for k, _ in _found("build 2031-13-40T12:00 of the pump firmware"))
    assert not any(k == "DATE" for k, _ in _found("lot X2031-07-19T08:45"))


# --- famous titles -------------------------------------------------------------------------------


def test_trophies_and_newspapers_are_no_person_and_no_place() -> None:
    text = (
        "She watches every Stanley Cup game, does the Boston Globe crossword, "
        "reads the Globe and Mail and followed the Grey Cup on the radio."
    )
    assert scan(text) == []


def test_a_title_by_its_shape() -> None:
    text = "He still reads the Kelowna Herald and bets on the Quesnel Cup every spring."
    found = _texts(text)
    assert "Kelowna" not in found and "Quesnel" not in found


def test_a_person_or_town_beside_a_title_is_still_found() -> None:
    text = "Mr. Ulrich Bavendamm of 14 Larchmere Road, Nanaimo, reads the Boston Globe."
    found = _texts(text)
    assert "Ulrich Bavendamm" in found
    assert "Nanaimo" in found
    assert "Boston" not in found


# --- display names, @mentions and logins of chat and console exports ---------------------


def test_a_display_name_surname_given_before_a_role_in_brackets() -> None:
    text = "**Present:** Quillfeather, Odhran (MD), Pelletreau, Ysane (home care RN)"
    found = _found(text)
    assert ("NAME", "Quillfeather, Odhran") in found
    assert ("NAME", "Pelletreau, Ysane") in found


def test_a_list_of_things_with_a_bracket_is_no_display_name() -> None:
    text = "Supplies: Gauze, Tape (RN to order), Saline, Dressing (home care RN)"
    assert not any(k == "NAME" for k, _ in _found(text))


def test_an_at_mention_of_a_display_name() -> None:
    text = "Notes\n- [ ] @Zebulon Quarrington will phone the band office"
    assert ("NAME", "Zebulon Quarrington") in _found(text)


def test_an_at_mention_of_a_team_is_nobody() -> None:
    text = "- [ ] @Home Care to book the visit; @General Channel for the minutes"
    assert not any(k == "NAME" for k, _ in _found(text))


def test_a_login_beside_the_name_it_is_built_from() -> None:
    text = "Operator: tquillfeather (Tamsin Quillfeather)  Console 4\n0700 handover tquillfeather"
    found = _found(text)
    assert ("NAME", "Tamsin Quillfeather") in found
    assert sum(t == "tquillfeather" for _, t in found) == 2
    assert ("NAME", "Marguerite") in _found("relief Marguerite (mvoskuijlen) on early")
    assert ("NAME", "mvoskuijlen") in _found("relief Marguerite (mvoskuijlen) on early")


def test_a_word_in_brackets_after_a_name_is_no_login() -> None:
    assert ("NAME", "yearly") not in _found("relief Marguerite (yearly review) on early")
    found = _texts("printer lexmark (Tamsin Quillfeather) jammed")
    assert "lexmark" not in found


# --- a code of a labelled code's series; ISBT 128 donation numbers ------------------------------


def test_a_code_of_the_same_series_as_a_labelled_one() -> None:
    text = "Chart QRTV-50218 on file.\nAlso seen: Wilhelmina Osterhoudt (QRTV-50377) today."
    assert ("MRN", "QRTV-50377") in _found(text)


def test_a_series_needs_the_same_prefix_and_as_many_digits() -> None:
    text = "Chart QRTV-50218 on file.\nPump QRTX-50377, ward QRTV-503 and QRTV 50377 today."
    found = _texts(text)
    assert not {"QRTX-50377", "QRTV-503", "QRTV 50377", "50377"} & found


def test_isbt_128_donation_numbers_in_a_din_column_and_product_codes() -> None:
    text = (
        "| Component | DIN (ISBT 128)    | Product code | Vol |\n"
        "|-----------|-------------------|--------------|-----|\n"
        "| RBC       | W4127 31 402215 8 | E0291V00     | 280 |\n"
    )
    found = _found(text)
    assert ("ID", "W4127 31 402215 8") in found
    assert "E0291V00" not in {t for _, t in found}


# --- values of JSON exports by their key ---------------------------------------------------------


def test_json_values_by_their_key() -> None:
    text = (
        '{ "name": [ { "family": "Ostrowerk" } ], "_age": "93",\n'
        '  "address": [ { "line": [ "SW 09-11-27-W3", "Box 41" ], "city": "Quorrowby" } ],\n'
        '  "contact": [ { "name": { "text": "Evander Ostrowerk" } } ] }\n'
    )
    found = _found(text)
    assert ("AGE", "93") in found
    assert ("ADDRESS", "SW 09-11-27-W3") in found
    assert ("ADDRESS", "Quorrowby") in found
    assert ("NAME", "Evander Ostrowerk") in found


def test_json_values_that_identify_no_one() -> None:
    text = (
        '{ "_age": "67", "city": "Unknown", "line": [ "see chart" ],\n'
        '  "code": { "text": "Timed Up and Go" }, "name": { "text": "Medication List" } }\n'
    )
    found = _found(text)
    assert not any(k in ("AGE", "ADDRESS", "NAME") for k, _ in found)


# --- a workplace: a name before its trade in lower case ------------------------------------------


def test_a_workplace_named_before_its_trade_in_lower_case() -> None:
    assert ("FACILITY", "Quenneville's lobster pound") in _found(
        "Her grandson works at Quenneville's lobster pound most mornings."
    )
    assert ("FACILITY", "Arbright & Mowle marine railway") in _found(
        "He hauled boats at the Arbright & Mowle marine railway for years."
    )
    assert ("FACILITY", "Vostrikov feedlot") in _found("Son works at the Vostrikov feedlot.")
    assert ("FACILITY", "Lodestar truck stop") in _found(
        "Her son has a job at the Lodestar truck stop, home weekends."
    )


def test_a_trade_without_a_proper_name_is_no_workplace() -> None:
    for text in (
        "Lobster pound closed for the season.",
        "He worked at a Big feedlot before.",
        "Worked summers at Grandpa's feedlot.",
    ):
        assert not any(k == "FACILITY" for k, _ in _found(text)), text


# --- hospital flow roles before a name -----------------------------------------------------------


def test_a_charge_nurse_or_bed_flow_before_a_name() -> None:
    assert ("NAME", "Wendolyn") in _found("0210  INCOMING  ER charge Wendolyn asks for RT to Bed 4")
    assert ("NAME", "Perpetua") in _found("0248  CALLBACK  bed flow Perpetua - a bed at 0800")
    assert ("NAME", "Osgood Tremblett") in _found("caller name Osgood Tremblett RN; patient stable")


def test_a_flow_role_before_a_word_is_nobody() -> None:
    found = _found("ER charge Nurse asks for a porter; bed flow Meeting at 0800")
    assert not any(k == "NAME" for k, _ in found)
