"""recognizers/numbers.py and labels.py: health numbers, SIN, SSN, licences, labelled numbers."""

from __future__ import annotations

from phi.recognizers import numbers
from phi.recognizers.labels import _label_kind, _negative_label

from .helpers import candidates, found, touched, vetoed


def test_checksums_decide_formatted_numbers() -> None:
    text = "OHIP 1234-567-897, SIN 046 454 286, SSN 078-05-1120"
    got = candidates(numbers.formatted, text)
    assert ("1234-567-897", "HEALTH_NUMBER") in got
    assert ("046 454 286", "SIN") in got
    assert ("078-05-1120", "SSN") in got


def test_a_failed_check_digit_still_counts_after_its_label() -> None:
    assert found("Health card: 1234 567 890", "1234 567 890", "HEALTH_NUMBER")
    assert not any(
        k == "HEALTH_NUMBER" for _t, k in candidates(numbers.formatted, "Total 1234 567 890")
    )


def test_labels_say_which_number() -> None:
    assert _label_kind("MRN: 00412", 5) == "MRN"
    assert _label_kind("WSIB claim #: 55", 14) == "ID"
    assert _label_kind("the total 55", 10) is None
    assert _negative_label("DIN 02245", 4)


def test_numbers_by_label_and_beds() -> None:
    text = "Encounter no. 88-4417, rm 14B bed 2; DIN 02231456; salle B-104"
    got = candidates(numbers.labelled, text)
    assert ("88-4417", "ID") in got
    assert ("14B", "ID") in got
    assert vetoed(numbers.labelled, text, "02231456", "ID")
    assert not touched(text, "B-104")


def test_hours_and_doses_are_not_numbers() -> None:
    text = "Open 0830-1630. Rx 30 mg daily."
    assert vetoed(numbers.labelled, text, "0830-1630", "ID")
    assert not touched(text, "30 mg")
