"""Name normalisation: titles, sites, devices, Zoom's "(Original Name)", accents."""

from __future__ import annotations

import pytest

from echohub.attendance.names import (
    first_names_compatible,
    fold,
    fold_email,
    parse_display_name,
    similar_names,
)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Patrick Turner", ("patrick turner",)),
        ("Dr. Fatima Bélanger - Timmins FHT (Fatima Bélanger)", ("fatima belanger",)),
        ("Dr. Sarah Roy - Kenora FHT", ("sarah roy",)),
        ("Priya's iPhone (Priya Cardinal)", ("priya cardinal",)),
        ("Marie-Ève Anderson", ("marie eve anderson",)),
        ("MARIE-EVE ANDERSON", ("marie eve anderson",)),
        ("Jean-François O'Brien", ("jean francois obrien",)),
        ("Bélanger, Fatima", ("fatima belanger",)),
        ("Fatima Bélanger, MD", ("fatima belanger",)),
        ("Jane Smith (she/her)", ("jane smith",)),
        ("Jane Smith | Sudbury FHT", ("jane smith",)),
        ("Dre Hélène Côté", ("helene cote",)),
        ("Jane Smith (Jane A. Smith)", ("jane smith", "jane a smith")),
        ("Jane Smith (she/her) - Sudbury FHT", ("jane smith",)),
        ("Jane Smith - Mental Health and Addictions", ("jane smith",)),
        ("Anh Minh Do", ("anh minh do",)),
        ("Jane Smith RN", ("jane smith",)),
    ],
)
def test_person_names_are_cleaned_and_folded(raw: str, names: tuple[str, ...]) -> None:
    parsed = parse_display_name(raw)
    assert parsed.kind == "person"
    assert parsed.names == names


def test_device_name_gives_only_a_first_name_hint() -> None:
    parsed = parse_display_name("Priya's iPhone")
    assert (parsed.kind, parsed.names, parsed.first_name_hints) == ("device", (), ("priya",))
    assert parse_display_name("iPhone de Marie").first_name_hints == ("marie",)
    assert parse_display_name("Galaxy S21").kind == "device"


@pytest.mark.parametrize("raw", ["+1 705 555 0142", "(705) 555-0142", "17055550142"])
def test_phone_numbers(raw: str) -> None:
    assert parse_display_name(raw).kind == "phone"


@pytest.mark.parametrize(
    "raw",
    [
        "Thunder Bay Boardroom",
        "Room 2 - 3 people",
        "Conference Room B (Jane Smith)",
        "Jane & Bob Smith",
        "Timmins FHT - 4 people",
        "Jane / Bob",
        "Jane and Bob Smith",
    ],
)
def test_shared_rooms(raw: str) -> None:
    assert parse_display_name(raw).kind == "room"


def test_empty_name() -> None:
    assert parse_display_name("   ").kind == "empty"


def test_fold_and_fold_email() -> None:
    assert fold("  Hélène   CÔTÉ ") == "helene cote"
    assert fold("Gagnon-Lévesque") == "gagnon levesque"
    assert fold_email("  PATRICK.Turner@QueensU.ca ") == "patrick.turner@queensu.ca"


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("dan", "daniel", True),
        ("andy", "andrew", True),
        ("tom", "thomas", True),
        ("bill", "william", True),
        ("j", "jane", True),
        ("jf", "jean francois", True),
        ("marie", "marie eve", True),
        ("jane", "karen", False),
        ("omar", "olivia", False),
    ],
)
def test_first_names_compatible(a: str, b: str, compatible: bool) -> None:
    assert first_names_compatible(a, b) is compatible
    assert first_names_compatible(b, a) is compatible


@pytest.mark.parametrize(
    ("name", "first", "last", "similar"),
    [
        ("dan dubois", "daniel", "dubois", True),
        ("tom turner", "thomas", "turner", True),
        ("fatima m belanger", "fatima", "belanger", True),
        ("ian gagnon", "ian", "gagnon levesque", True),
        ("dubois daniel", "daniel", "dubois", True),
        ("smith", "jane", "smith", True),
        ("claire fraser", "mei", "fraser", False),
        ("claire fraser", "claire", "dubois", False),
    ],
)
def test_similar_names(name: str, first: str, last: str, similar: bool) -> None:
    assert similar_names(name, first, last) is similar
