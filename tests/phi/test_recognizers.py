"""One family of recognizers at a time, on made-up text (no corpus names)."""

from __future__ import annotations

import phi
from phi.recognizers import registry

from .helpers import found, kinds, touched


def test_registry_lists_every_family() -> None:
    families = {family for family, _name, _fn in registry()}
    assert families == {"formatted numbers", "dates", "places", "layout", "names"}


def test_a_finding_says_why_in_words() -> None:
    (f,) = [
        f for f in phi.scan("Call Wendeline Arbuthnot-Quist at 613-555-0142.") if f.kind == "PHONE"
    ]
    assert f.why == "looks like a phone or fax number"
    assert f.reason  # the rule's own words are kept


TABLE = """Date       Visit #    Seen by     User        Bed  DIN       Qty
---------------------------------------------------------------------
03-Mar-24  Q7731905   ZABROWSKI   pzabrowski  12   02345678  30
09-Mar-24  Q7733118   ZABROWSKI   pzabrowski  -    02345678  30
"""


def test_table_columns_decide_their_cells() -> None:
    assert found(TABLE, "Q7731905", "ID")
    assert found(TABLE, "ZABROWSKI", "NAME")
    assert found(TABLE, "pzabrowski", "NAME")
    assert found(TABLE, "12   0", None) is False or found(TABLE, "12", "ID")
    assert not touched(TABLE, "02345678")  # a DIN column is never an identifier


def test_chat_speaker_is_a_name() -> None:
    text = "Tue 6/2 17:02  Marigold (home care): she slept well\nTue 6/2 17:05  me: good\n"
    assert found(text, "Marigold", "NAME")
    assert found(text, "6/2", "DATE")


def test_clinic_hours_and_scores_are_not_identifiers() -> None:
    text = "Clinic hours 0830-1630 Mon to Fri. Pain rose from 5/10 to 8/10. Follow up in 6/12."
    assert kinds(text) == []


def test_labelled_numbers_and_beds() -> None:
    text = "Employee no.: KX-44817. Admitted to rm 311B, bed 4. Lot 23F0471, DIN 02184435."
    assert found(text, "KX-44817", "ID")
    assert found(text, "311B", "ID")
    assert found(text, "4.", None) or found(text, "bed 4"[-1:], "ID")
    assert not touched(text, "23F0471")
    assert not touched(text, "02184435")


def test_ages_over_89_in_words_and_sentences() -> None:
    assert found("Her aunt is ninety-seven and lives alone.", "ninety-seven", "AGE")
    assert found("Sa mère a quatre-vingt-treize ans.", "quatre-vingt-treize", "AGE")
    assert found("He turned one hundred and two in May.", "one hundred and two", "AGE")
    assert not any(k == "AGE" for k, _ in kinds("Walked about 100 m before stopping."))


def test_dates_without_a_year() -> None:
    assert found("Seen Thurs the 21st for review.", "21st", "DATE")
    assert found("Prochain rendez-vous le 9/4.", "9/4", "DATE")
    assert found("Hydromorphone prn from Nov '23 on.", "Nov '23", "DATE")


def test_postal_codes_in_any_spacing() -> None:
    for code in ("k1a0b1", "K1A  0B1", "K1A-0B1"):
        assert found(f"Lives in town {code} with family.", code, "POSTAL_CODE")


def test_surname_comma_given_and_handles() -> None:
    text = "Prescriber: WOJCIECHOWSKA, Halina\nUpdated by hwojciechowska on the ward."
    assert found(text, "WOJCIECHOWSKA, Halina", "NAME")
    assert found(text, "hwojciechowska", "NAME")


def test_workplaces_by_the_shape_of_their_names() -> None:
    assert found(
        "He works at Quillfeather Creek Sawmill.", "Quillfeather Creek Sawmill", "FACILITY"
    )
    assert found("Elle travaille à la Scierie Brindamour.", "Scierie Brindamour", "FACILITY")
    assert not any(
        k == "FACILITY" for k, _ in kinds("Ask the nearest pharmacy for a blister pack.")
    )
