"""The eleventh clinical hunt's messages go through the translation the pages use
(core.clinical_text): each is read by its own pattern, never passed through as the package's raw
English. Their French is proposed in the hunt's report (not yet in the catalogue), so these tests
assert English and structure only; the hint after the patch cap is followed by the existing
hint, whose French is in the catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from clinical import calculate_mme
from clinical.regimen import plan_regimen_taper
from echohub.core import clinical_text

ROWS = [
    ({"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "bid x 2"},
     "“bid x 2”", "“bid x 2 days”"),
    ({"drug": "Percocet", "dose": "1", "unit": "tab", "frequency": "q6h prn x 3"},
     "“q6h prn x 3”", "tablets a dose, doses or days"),
    ({"drug": "morphine", "dose": "5", "unit": "mg", "frequency": "prn"},
     "“prn”", "“q4h prn”"),
    ({"drug": "morphine", "dose": "5", "unit": "mg", "frequency": "as directed"},
     "“as directed”", "“q6h prn, max 4/day”"),
    ({"drug": "fentanyl 25 mcg/h patch", "dose": "1", "unit": "patch"},
     "“fentanyl 25 mcg/h patch”", "(e.g. “fentanyl”)"),
    ({"drug": "timbre de fentanyl 50 mcg/h", "dose": "2", "unit": "timbres"},
     "“timbre de fentanyl 50 mcg/h”", "unit “mcg/h”"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "quoted", "words"), ROWS)
def test_the_eleventh_hunts_refusals_are_read_by_their_own_pattern(
    row: dict[str, Any], quoted: str, words: str
) -> None:
    (excluded,) = calculate_mme([row]).excluded
    with translation.override("en"):
        said = clinical_text.message(excluded.reason_code, excluded.reason)
    assert said != excluded.reason  # re-said by a pattern, not the package's English
    assert quoted in said and words in said


def _plan(rate: str) -> Any:
    return plan_regimen_taper(
        [{"drug": "fentanyl patch", "dose": rate, "unit": "mcg/h", "strengths": ["25"]}],
        start_date=dt.date(2028, 3, 31),
    )


def test_the_patch_cap_warning_is_read_by_its_own_pattern() -> None:
    (mismatch,) = [w for w in _plan("150").warnings if w.code == "strength_mismatch"]
    found = [
        p.english.fullmatch(mismatch.message) for p in clinical_text.PATTERNS["strength_mismatch"]
    ]
    first = next(f for f in found if f)
    assert first.groupdict()["n"] == "6" and first.groupdict()["most"] == "4"
    with translation.override("en"):
        said = clinical_text.message("strength_mismatch", mismatch.message)
    assert "made of 6 patches" in said and "cannot be made" not in said


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_cap_sentence_keeps_the_hint_after_it(language: str) -> None:
    """The stop's hint is two sentences: the cap, then the 12 mcg/h patch. Both are read (the
    second by its existing pattern: in French, its catalogue French)."""
    (stop,) = [w for w in _plan("150").warnings if w.code == "step_too_large"]
    with translation.override(language):
        said = clinical_text.message("step_too_large", stop.message)
    if language == "en":
        assert "A plan wears at most 4 patches at once" in said
        assert "5 patches would make 125 mcg/h, a smaller step." in said
    else:
        assert "Un plan porte au plus 4 timbres à la fois" in said
        assert "5 timbres donneraient 125 mcg/h, un palier plus petit." in said
        assert "A plan wears" not in said
    assert ".." not in said and "  " not in said
    if language == "en":
        assert said.endswith(
            "a smaller step. A 12 mcg/h patch would make smaller steps; below it, an oral "
            "immediate-release bridge (with specialist advice) is needed."
        )
    else:
        assert "Un timbre de 12 mcg/h permettrait des paliers plus petits" in said
        assert "A 12 mcg/h patch" not in said


def test_a_plan_without_the_cap_says_its_hint_as_before() -> None:
    plan = plan_regimen_taper(
        [{"drug": "fentanyl patch", "dose": "50", "unit": "mcg/h", "strengths": ["25"]}],
        start_date=dt.date(2028, 3, 31),
    )
    (stop,) = [w for w in plan.warnings if w.code == "step_too_large"]
    with translation.override("fr"):
        said = clinical_text.message("step_too_large", stop.message)
    assert "4 patches" not in said
    assert "Un timbre de 12 mcg/h permettrait des paliers plus petits" in said
