"""Fixes of the eleventh clinical hunt (2026-12-23 series), each with the input that showed it.

1. A frequency typed with two spaces inside "au besoin" or "as needed" ("q4h  au  besoin") was
   refused as 'not recognised', while "q4h  prn" was read.
2. What an as-needed dose is for, after "prn" ("q4h prn pain", "au besoin pour la douleur"), a
   label's daily maximum ("not to exceed 4 doses/day", "ne pas dépasser 4 doses/jour"), two
   named times of day ("am & hs") and a schedule said to be around the clock ("q4h ATC") were
   refused as 'not recognised'; none changes the count.
3. "bid x 2" was refused as 'not recognised; give times_per_day': it now says why (tablets a
   dose, doses or days?) and what to write.
4. A fentanyl patch rate in the name dosed in patches ("fentanyl 25 mcg/h patch", 1 patch) was
   asked for "the dose taken at once in mg (... two 10 mg tablets)"; it is asked for the rate.
6. Follow-ups found the same day: "prn pain" before a full stop, in brackets or before a maximum
   ("q4h prn pain.", "q4h prn (pain)", "q4h prn pain max 6/24h", "q.i.d. p.r.n. pain"), "maximum
   de 6 doses par jour" and a maximum after a dash ("q4h prn - max 6/day") were not read; "prn"
   alone and "as directed" are refused saying what is missing (before: 'not recognised').
5. A patch rate of more than four patches of the strengths on hand (150 mcg/h of 25s) said "the
   current dose cannot be made of the strengths 25" and "150 -> 100 mcg/h (the smallest the
   strengths 25 mcg/h can make)": both false, as six 25s make 150 and five make 125. A plan
   wears at most four patches at once; the warnings now say so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from clinical import calculate_mme
from clinical.regimen import plan_regimen_taper

D = Decimal


@pytest.mark.parametrize(
    ("frequency", "mme"),
    [
        ("q4h  au  besoin", D(30)),
        ("q4h  as  needed", D(30)),
        ("Q4H  AU  BESOIN", D(30)),
        ("q6h   si   besoin", D(20)),
    ],
)
def test_regression_spaces_inside_au_besoin_are_read(frequency: str, mme: Decimal) -> None:
    """Before: 'frequency ... is not recognised'."""
    result = calculate_mme(
        [{"drug": "morphine", "dose": "5", "unit": "mg", "frequency": frequency}]
    )
    assert not result.excluded, [e.reason for e in result.excluded]
    assert result.rows[0].as_needed and result.total_mme_per_day == mme


@pytest.mark.parametrize(
    ("frequency", "times", "as_needed"),
    [
        ("q4h prn pain", 6, True),
        ("q6h PRN for breakthrough pain", 4, True),
        ("aux 4 heures au besoin pour la douleur", 6, True),
        ("q4h prn douleur", 6, True),
        ("q4h prn, not to exceed 4 doses/day", 4, True),
        ("q4h prn, ne pas dépasser 4 doses/jour", 4, True),
        ("q4h prn, do not exceed 3 doses a day", 3, True),
        ("am & hs", 2, False),
        ("matin et coucher", 2, False),
        ("q4h ATC", 6, False),
        ("q6h regular", 4, False),
    ],
)
def test_regression_notes_that_do_not_change_the_count_are_read(
    frequency: str, times: int, as_needed: bool
) -> None:
    """Before: 'frequency ... is not recognised; give times_per_day'."""
    result = calculate_mme(
        [{"drug": "oxycodone", "dose": "10", "unit": "mg", "frequency": frequency}]
    )
    assert not result.excluded, [e.reason for e in result.excluded]
    (row,) = result.rows
    assert (row.times_per_day, row.as_needed) == (times, as_needed)
    assert result.total_mme_per_day == 10 * times * D("1.5")


@pytest.mark.parametrize("frequency", ["q4h prn cough", "q4h pain", "q6h prn toux", "prn pain"])
def test_another_reason_or_pain_without_prn_is_still_not_read(frequency: str) -> None:
    result = calculate_mme(
        [{"drug": "codeine", "dose": "15", "unit": "mg", "frequency": frequency}]
    )
    (excluded,) = result.excluded
    assert excluded.reason_code == "frequency_unknown"


@pytest.mark.parametrize("frequency", ["bid x 2", "BID X 2", "q6h prn x 3", "tid ×2"])
def test_regression_x_and_a_number_with_no_unit_says_why(frequency: str) -> None:
    """Before: "frequency 'bid x 2' is not recognised; give times_per_day (...)"."""
    result = calculate_mme(
        [{"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": frequency}]
    )
    (excluded,) = result.excluded
    assert excluded.reason_code == "frequency_unknown"
    assert "tablets a dose, doses or days" in excluded.reason
    assert "'bid x 2 days'" in excluded.reason
    assert "give times_per_day" not in excluded.reason


def test_a_course_with_its_unit_is_still_read() -> None:
    result = calculate_mme(
        [{"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "bid x 2 days"}]
    )
    assert not result.excluded and result.total_mme_per_day == 15


@pytest.mark.parametrize(
    "row",
    [
        {"drug": "fentanyl 25 mcg/h patch", "dose": "1", "unit": "patch"},
        {"drug": "Duragesic 50 mcg/h", "dose": "1", "unit": "timbre"},
    ],
)
def test_regression_a_patch_rate_in_the_name_asks_for_the_rate(row: dict[str, Any]) -> None:
    """Before: "... the dose taken at once in mg (the strength x the tablets a dose, e.g. 20 mg
    for two 10 mg tablets)", words for tablets."""
    (excluded,) = calculate_mme([row]).excluded
    assert excluded.reason_code == "unknown_drug"
    assert "patch rate in its name" in excluded.reason and "unit 'mcg/h'" in excluded.reason
    assert "tablets a dose" not in excluded.reason and "in mg" not in excluded.reason


def test_regression_more_than_four_patches_names_the_cap() -> None:
    """Before: 'cannot be made of the strengths 25' and '(the smallest the strengths 25 mcg/h
    can make)' for 150 mcg/h in 25s."""
    plan = plan_regimen_taper(
        [{"drug": "fentanyl patch", "dose": "150", "unit": "mcg/h", "strengths": ["25"]}],
        start_date=dt.date(2028, 3, 31),
    )
    messages = {w.code: w.message for w in plan.warnings}
    assert "cannot be made" not in messages["strength_mismatch"]
    assert "made of 6 patches" in messages["strength_mismatch"]
    assert "5 patches would make 125 mcg/h" in messages["step_too_large"]
    assert len(plan.steps) == 1 and not plan.complete  # never faster: 150 -> 100 is 33 %


@pytest.mark.parametrize(
    ("frequency", "times"),
    [
        ("q4h prn pain.", 6),
        ("q4h prn (pain)", 6),
        ("q4h prn [douleur]", 6),
        ("q.i.d. p.r.n. pain", 4),
        ("q4h prn for pain max 6/day", 6),
        ("q4h prn pain max 4/24h", 4),
        ("q4h prn, maximum de 4 doses par jour", 4),
        ("q4h prn - max 4/day", 4),
        ("q4h prn douleur, max de 3 doses par jour", 3),
    ],
)
def test_regression_prn_pain_and_maxima_written_other_ways(frequency: str, times: int) -> None:
    """Before: 'frequency ... is not recognised'."""
    result = calculate_mme(
        [{"drug": "morphine", "dose": "5", "unit": "mg", "frequency": frequency}]
    )
    assert not result.excluded, [e.reason for e in result.excluded]
    assert result.rows[0].as_needed and result.rows[0].times_per_day == times


@pytest.mark.parametrize(
    ("frequency", "words"),
    [
        ("prn", "as needed but not how often"),
        ("PRN", "as needed but not how often"),
        ("p.r.n.", "as needed but not how often"),
        ("au besoin", "as needed but not how often"),
        ("as directed", "as directed, not how often"),
        ("ut dict", "as directed, not how often"),
        ("selon les directives", "as directed, not how often"),
    ],
)
def test_regression_prn_alone_or_as_directed_says_what_is_missing(frequency: str, words: str):
    """Before: "frequency 'prn' is not recognised; give times_per_day (...)"."""
    (excluded,) = calculate_mme(
        [{"drug": "morphine", "dose": "5", "unit": "mg", "frequency": frequency}]
    ).excluded
    assert excluded.reason_code == "frequency_unknown" and words in excluded.reason
