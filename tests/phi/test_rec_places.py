"""recognizers/places.py: streets, towns, communities and postal codes in any case."""

from __future__ import annotations

from phi.recognizers import places

from .helpers import candidates, found, touched


def test_street_lines() -> None:
    text = "Lives at 14 Birchwood Cres, Unit 3; mail to PO Box 118; or 23, rue Principale Ouest."
    got = [t for t, _k in candidates(places.streets, text)]
    assert "14 Birchwood Cres, Unit 3" in got
    assert any("Box 118" in t for t in got)
    assert "23, rue Principale Ouest" in got


def test_towns_by_gazetteer_and_by_position() -> None:
    text = "Moved from Sudbury to Quillbrook, ON last year; she lives near Oskwaniwak."
    got = [t for t, _k in candidates(places.towns, text)]
    assert {"Sudbury", "Quillbrook", "Oskwaniwak"} <= set(got)


def test_word_like_towns_need_a_place_cue() -> None:
    assert not touched("There is hope for a cure.", "hope")
    assert not touched("She lives in Housing with her son.", "Housing")


def test_communities_and_lower_case_addresses() -> None:
    text = "from Wapekeka First Nation; Township of Tiny; 14 birch rd, cochrane p0l1c0"
    got = candidates(places.recognize, text)
    assert ("Wapekeka First Nation", "ADDRESS") in got
    assert ("Tiny", "ADDRESS") in got
    assert ("14 birch rd", "ADDRESS") in got
    assert ("cochrane", "ADDRESS") in got
    assert ("p0l1c0", "POSTAL_CODE") in got


def test_a_town_before_a_state_may_be_a_surname() -> None:
    assert found("Seen at the clinic in Gilbert, WV last week.", "Gilbert", "ADDRESS")
