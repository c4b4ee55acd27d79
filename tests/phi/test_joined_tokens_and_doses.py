"""Identifiers glued into file names and record keys (underscores, hyphen chains) are found as
if the joiners were spaces; a number with a morphine-equivalent unit is a dose, not an age."""

from __future__ import annotations

import pytest

import phi
from phi.scanner import _unjoined


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in phi.scan(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Patient John_Smith_DOB_1961-03-14 is stable.",
        "John_Smith_DOB_1961-03-14.pdf",
        "Smith-John-1961-03-14-MRI.pdf",
        "scan_2019-07-22_Mary_Jones.png",
    ],
)
def test_glued_names_and_dates_are_found_and_quoted_as_written(text: str) -> None:
    found = phi.scan(text)
    assert any(f.kind == "DATE" for f in found), found
    for f in found:
        assert f.text == text[f.start : f.end]  # quoted with its underscores, not the spaces


def test_a_glued_given_name_and_surname_is_a_name() -> None:
    assert ("NAME", "John_Smith") in kinds("John_Smith_notes.pdf")
    assert ("NAME", "Mary_Jones") in kinds("scan_2019-07-22_Mary_Jones.png")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call 416-555-0199", [("PHONE", "416-555-0199")]),  # digits keep their hyphens
        ("john_smith@example.org", [("EMAIL", "john_smith@example.org")]),
        ("see https://example.org/a_b-c-1", [("URL", "https://example.org/a_b-c-1")]),
        ("follow-up in 2-3 weeks", []),
        ("COVID-19-related flare", []),
        ("x-ray of the left knee", []),
        ("taper_plan_v2_final.pdf", []),
    ],
)
def test_links_numbers_and_plain_hyphens_read_as_before(text: str, expected: list) -> None:
    assert kinds(text) == expected


def test_a_labelled_health_number_in_a_file_name_is_held() -> None:
    text = "OHIP-1234-567-890.pdf"
    found = phi.scan(text)
    number = text.index("1234")
    assert any(f.start <= number and f.end >= number + 12 for f in found), found
    assert {f.kind for f in found} <= {"HEALTH_NUMBER", "ID"}


@pytest.mark.parametrize(
    "text",
    ["", "a_b", "Smith-John-1961", "www.a_b.org", "x@y_z.org", "é_ü-1-2", "__--__", "-a-1-b-"],
)
def test_the_reading_keeps_every_position(text: str) -> None:
    read = _unjoined(text)
    assert len(read) == len(text)
    assert all(a == b or (a in "_-" and b == " ") for a, b in zip(text, read, strict=True))


@pytest.mark.parametrize(
    "text",
    [
        "Taper stalled at 90 MME",
        "At 90 MME consider pausing the taper.",
        "now at 120 MED per day",
        "200 OME daily",
        "at 90 mme",
        "at 95 mg",
    ],
)
def test_a_dose_in_morphine_equivalents_is_not_an_age(text: str) -> None:
    assert not [f for f in phi.scan(text) if f.kind == "AGE"]


@pytest.mark.parametrize("text", ["At 90 she fell.", "At 90, still driving.", "Aged 93 Mme T."])
def test_an_age_over_89_without_a_unit_is_still_an_age(text: str) -> None:
    assert [f.text for f in phi.scan(text) if f.kind == "AGE"] in (["90"], ["93"])
