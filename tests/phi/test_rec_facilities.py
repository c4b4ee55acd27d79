"""recognizers/facilities.py: facilities and workplaces."""

from __future__ import annotations

from phi.recognizers import facilities

from .helpers import candidates, touched


def test_named_facilities() -> None:
    text = (
        "Seen at Wendigo Lake Memorial Hospital, then the Clinique familiale du Lac-Brûlé "
        "and the CLSC de la Haute-Rivière."
    )
    got = [t for t, k in candidates(facilities.facilities, text) if k == "FACILITY"]
    assert "Wendigo Lake Memorial Hospital" in got
    assert "Clinique familiale du Lac-Brûlé" in got
    assert "CLSC de la Haute-Rivière" in got


def test_generic_services_are_not_facilities() -> None:
    text = "Refer to the Pain Clinic, a walk-in clinic or the Family Health Team."
    assert [k for _t, k in candidates(facilities.facilities, text)] == []


def test_workplaces_by_their_keyword() -> None:
    text = "He hauls for Tamarack Ridge Mine and drinks at the Loon Call Tavern."
    got = [t for t, _k in candidates(facilities.workplaces, text)]
    assert got == ["Tamarack Ridge Mine", "Loon Call Tavern"]
    assert not touched("Ask the nearest pharmacy for a blister pack.", "pharmacy")
