"""Scanner 1.14.0: general rules for classes still missed on the development sets (facility
heads, credentials and form labels, staff logins in record stamps, CSV exports read by their
header row, relatives named in pairs, a name and its age). Every name, place and number here is
invented."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def test_the_version_is_at_least_1_14() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 14)


# --- facility heads ---------------------------------------------------------------------------


def test_health_complexes_healthcare_family_medical_and_daycares_are_facilities() -> None:
    assert ("FACILITY", "Quorrin Vale Health Complex") in _found(
        "seen at the Quorrin Vale Health Complex last week"
    )
    assert ("FACILITY", "Tarnwick Shores HealthCare") in _found(
        "imaging at Tarnwick Shores HealthCare on Monday"
    )
    assert ("FACILITY", "Brellow Family Medical") in _found(
        "Reminder: appt at Brellow Family Medical. Reply C to confirm."
    )
    assert ("FACILITY", "Pîskwat Daycare") in _found("the Pîskwat Daycare has 14 children")


def test_generic_healthcare_and_daycare_words_are_no_facility() -> None:
    for text in (
        "Home Healthcare visit booked",
        "the Ontario Healthcare plan pays",
        "Public Healthcare is free here",
        "Daycare staff were told",
        "Her Family Medical history is negative",
    ):
        assert _found(text) == [], text


# --- credentials that close a signature -------------------------------------------------------


def test_veterinarians_midwives_and_french_nurse_practitioners_close_a_name() -> None:
    assert ("NAME", "Ysolde Marchetti-Pruitt") in _found(
        "\n\nYsolde Marchetti-Pruitt, DVM   licence on file\n"
    )
    assert ("NAME", "Q. Tarrowby-Lunn") in _found("\nQ. Tarrowby-Lunn, RM   college no. on file\n")
    assert ("NAME", "Gwenaëlle Broussard-Kint") in _found(
        "\nGwenaëlle Broussard-Kint, IP        sante@campus.example\n"
    )


def test_rm_and_ip_without_a_name_before_them_stay_unflagged() -> None:
    for text in ("lives in the RM since May", "Zone RM and IP noted", "Server IP unchanged"):
        assert _found(text) == [], text
