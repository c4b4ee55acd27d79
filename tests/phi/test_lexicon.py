"""phi.lexicon: the word lists are read as documented in their headers (one word or phrase a
line or many per line, ``#`` comments, lower case; ``?`` marks an ambiguous place)."""

from __future__ import annotations

from pathlib import Path

import pytest

from phi import lexicon as lexicon_module
from phi.lexicon import cue_words, lexicon

pytestmark = pytest.mark.usefixtures("fresh_lexicon")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(lexicon_module, "_DATA", tmp_path)
    return tmp_path


def test_words_are_read_in_lower_case_without_comments(data_dir: Path) -> None:
    (data_dir / "w.txt").write_text(
        "# a comment Line\nAnna  Bob\n\n  zoë\tMarie-Ève\n#ignored words\n", encoding="utf-8"
    )
    assert lexicon_module._read_words("w.txt") == frozenset({"anna", "bob", "zoë", "marie-ève"})


def test_cue_words_keep_phrases_and_order(data_dir: Path) -> None:
    (data_dir / "c.txt").write_text(
        "# header\nseen by\n\n  wife \n# note\nSigned By\n", encoding="utf-8"
    )
    assert cue_words("c.txt") == ("seen by", "wife", "Signed By")


def test_places_mark_the_ambiguous_ones_and_group_by_first_word(data_dir: Path) -> None:
    (data_dir / "places.txt").write_text(
        "# places\nSault Ste. Marie\n?Hope\nSault\n\nHope\n?Marathon\nNew Westminster\nNew York\n",
        encoding="utf-8",
    )
    # the GeoNames list is read after the curated one, with the same marks
    (data_dir / "places_geonames.txt").write_text(
        "# geonames\n?New York\nAnvilton\n", encoding="utf-8"
    )
    places, by_first = lexicon_module._read_places()
    # ambiguous wins when a name is listed both ways
    assert places == {
        "sault ste. marie": False,
        "hope": True,
        "sault": False,
        "marathon": True,
        "new westminster": False,
        "new york": True,
        "anvilton": False,
    }
    assert by_first["sault"] == ("sault ste. marie", "sault")  # longest first
    assert by_first["new"] == ("new westminster", "new york")
    assert by_first["hope"] == ("hope",)


def test_the_shipped_lexicon_combines_its_lists() -> None:
    lex = lexicon()
    assert lexicon() is lex  # loaded once
    assert {"mary", "ahmed"} <= lex.first_names
    assert {"tremblay", "singh"} <= lex.surnames
    assert lex.first_names <= lex.first_names_all
    assert lex.surnames <= lex.surnames_all
    assert len(lex.first_names_all) > len(lex.first_names)
    assert len(lex.surnames_all) > len(lex.surnames)
    assert "oxycodone" in lex.drugs and "parkinson" in lex.eponyms
    assert "ontario" in lex.regions and "bmi" in lex.clinical and "pain" in lex.common
    assert lex.never == lex.common | lex.clinical | lex.drugs | lex.regions | lex.eponyms
    assert "the" in lex.frequent and "avec" in lex.frequent
    # given names that are also everyday words: the fixed list plus the overlaps
    assert {"hope", "grace", "will"} <= lex.wordlike_names
    assert lex.first_names & (lex.common | lex.clinical) <= lex.wordlike_names
    assert "mary" not in lex.wordlike_names
    assert lex.places["toronto"] is False
    assert "toronto" in lex.places_by_first["toronto"]


def test_never_name_ignores_case() -> None:
    lex = lexicon()
    assert lex.never_name("Oxycodone") and lex.never_name("ONTARIO") and lex.never_name("pain")
    assert not lex.never_name("Tremblay")
