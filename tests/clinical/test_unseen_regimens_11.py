"""Regimens nobody wrote down (eleventh hunt).

New kinds, as a hub pharmacist and a family physician type them: what an as-needed dose is for
after "prn" ("q4h prn pain", "PRN for breakthrough pain", "au besoin pour la douleur"), a
daily maximum written as a pharmacy label writes it ("not to exceed 4 doses/day", "ne pas
dépasser 4 doses/jour", "do not exceed 6 tabs/day"), two times of day named ("am & hs",
"matin et coucher"), a schedule said to be around the clock ("q4h ATC", "q6h regular"), mixed
regimens of patches, combination tablets, liquids and as-needed rows in odd case and spacing,
fentanyl patches of one strength worn five or six at a time (more than a plan wears), and
what stays refused in words: "bid x 2" (tablets, doses or days?), a patch rate or a strength
in the name, another reason after "prn" ("prn cough"), typos of a drug name.

The checker is independent of the package: the factors are re-typed from clinical.md §1.2-1.4,
each regimen is generated with the opioid and the daily dose it means, every taper step is
re-valued from its own doses and its cut compared with the rule's rate (clinical.md §2.1), per
step and against the rule's schedule to date, for all doses and for the scheduled ones.
Nothing is imported from the package but the functions under test.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import calculate_mme
from clinical.regimen import plan_regimen_taper
from tests.clinical.taper_oracle import (
    Written,
    check,
)
from tests.factories import UserFactory

D = Decimal
START = dt.date(2028, 3, 31)
EPS = D("0.000001")

# --- 1. hand-checked regimens ---------------------------------------------------------------

#: New spellings of a frequency: (as typed, doses a day counted, as needed).
NEW_FREQUENCIES: dict[str, tuple[int, bool]] = {
    # what the as-needed dose is for, after "prn"
    "q4h prn pain": (6, True),
    "Q4H PRN PAIN": (6, True),
    "q4-6h PRN pain": (6, True),
    "q4h prn for pain": (6, True),
    "q6h prn for breakthrough pain": (4, True),
    "q6h  PRN  Pain": (4, True),
    "q4h prn douleur": (6, True),
    "Q4H PRN douleur": (6, True),
    "aux 4 heures au besoin pour la douleur": (6, True),
    "aux 6 h au besoin pour douleur": (4, True),
    "q4h prn pain, max 4/day": (4, True),
    "q3h prn pain (max 6/day)": (6, True),
    "q4h prn pain with food": (6, True),
    "q4h prn pain.": (6, True),
    "q4h prn (pain)": (6, True),
    "q.i.d. p.r.n. pain": (4, True),
    "q4h prn pain max 4/24h": (4, True),
    "q4h prn, maximum de 3 doses par jour": (3, True),
    "q4h prn - max 4/day": (4, True),
    # a daily maximum as a label writes it
    "q4h prn, not to exceed 4 doses/day": (4, True),
    "q4h prn not to exceed 4 doses per day": (4, True),
    "q4h prn, do not exceed 3 doses a day": (3, True),
    "q4h prn, ne pas dépasser 4 doses/jour": (4, True),
    "q4h au besoin, ne pas depasser 4 doses par jour": (4, True),
    "q6h prn, sans dépasser 3 fois par jour": (3, True),
    # two times of day named
    "am & hs": (2, False),
    "AM and HS": (2, False),
    "qam & qhs": (2, False),
    "am and pm": (2, False),
    "morning and bedtime": (2, False),
    "matin et coucher": (2, False),
    "matin et au coucher": (2, False),
    # around the clock: scheduled
    "q4h ATC": (6, False),
    "q4h atc": (6, False),
    "q6h around the clock": (4, False),
    "q6h regular": (4, False),
    "q8h régulier": (3, False),
    "q12h regulierement": (2, False),
}
#: Products and the MME of one dose under CDC 2022, worked by hand (dose x factor).
PER_DOSE = [
    ({"drug": "oxycodone", "dose": "5", "unit": "mg"}, D("7.5")),  # 5 x 1.5
    ({"drug": "hydromorphone", "dose": "2", "unit": "mg"}, D(10)),  # 2 x 5
    ({"drug": "Statex", "dose": "10", "unit": "mg"}, D(10)),  # morphine 10 x 1
    ({"drug": "Percocet", "dose": "1", "unit": "co"}, D("7.5")),  # oxycodone 5 x 1.5
    ({"drug": "Tylenol No. 3", "dose": "2", "unit": "tab"}, D(9)),  # codeine 60 x 0.15
    ({"drug": "tramadol", "dose": "50", "unit": "mg"}, D(10)),  # 50 x 0.2
    ({"drug": "Dilaudid", "dose": "2", "unit": "mL", "concentration": "1 mg/mL"}, D(10)),
    ({"drug": "morphine", "dose": "5", "unit": "mL", "concentration": "10 mg/5 mL"}, D(10)),
]
HAND_FREQUENCIES = [
    pytest.param({**row, "frequency": text}, per_dose * times, prn, id=f"{row['drug']}|{text}")
    for row, per_dose in PER_DOSE
    for text, (times, prn) in NEW_FREQUENCIES.items()
]  # 256 regimens


@pytest.mark.parametrize(("row", "mme", "prn"), HAND_FREQUENCIES)
def test_the_new_spellings_are_counted_as_they_mean(
    row: dict[str, Any], mme: Decimal, prn: bool
) -> None:
    """Before: "q4h prn pain", "not to exceed 4 doses/day", "am & hs" and "q4h ATC" were refused
    as 'not recognised'. None changes the count: what the dose is for, a label's maximum, two
    named times, a schedule said to be around the clock."""
    result = calculate_mme([row])
    assert not result.excluded, [e.reason for e in result.excluded]
    (counted,) = result.rows
    assert counted.as_needed is prn
    assert result.total_mme_per_day == mme


#: Mixed regimens, worked by hand under each table: (rows, table, MME/day).
HAND: list[Any] = [
    # a patch, an as-needed tablet for pain, a combination product and a benzodiazepine
    ([{"drug": "Duragesic", "dose": "50", "unit": "mcg/h", "frequency": "q72h"},
      {"drug": "hydromorphone", "dose": "2", "unit": "mg", "frequency": "q4h prn pain"},
      {"drug": "lorazepam", "dose": "1", "unit": "mg", "frequency": "hs"}],
     "cdc2022", D(120) + D(60)),  # 50 x 2.4 + 2 x 6 x 5
    ([{"drug": "Duragesic", "dose": "50", "unit": "mcg/h", "frequency": "q72h"},
      {"drug": "hydromorphone", "dose": "2", "unit": "mg", "frequency": "q4h prn pain"}],
     "cdc2016", D(120) + D(48)),  # 2 x 6 x 4
    ([{"drug": "M-Eslon", "dose": "30", "unit": "mg", "frequency": "am & hs"},
      {"drug": "Statex", "dose": "5", "unit": "mg", "frequency": "q4h prn douleur"}],
     "cdc2022", D(60) + D(30)),
    ([{"drug": "OxyNEO", "dose": "20", "unit": "mg", "frequency": "q12h ATC"},
      {"drug": "Percocet", "dose": "1", "unit": "co",
       "frequency": "q6h prn, not to exceed 3 doses/day"}],
     "cdc2022", D(60) + D("22.5")),  # 20 x 2 x 1.5 + 5 x 3 x 1.5
    ([{"drug": "Tylenol No. 3", "dose": "2", "unit": "co",
       "frequency": "q4h prn, ne pas dépasser 8 co/jour"}],
     "cdc2022", D(36)),  # 8 tablets x 30 mg x 0.15
    ([{"drug": "Tramacet", "dose": "1", "unit": "tab", "frequency": "q6h prn pain"}],
     "cdc2022", D(30)),  # 37.5 x 4 x 0.2
    ([{"drug": "Tramacet", "dose": "1", "unit": "tab", "frequency": "q6h prn pain"}],
     "cdc-analytic", D(15)),  # 37.5 x 4 x 0.1
    ([{"drug": "Tramacet", "dose": "1", "unit": "tab", "frequency": "q6h prn pain"}],
     "cdc2016", D(0)),  # tramadol has no 2016 factor: not counted
    ([{"drug": "morphine", "dose": "2,5", "unit": "mL", "concentration": "10 mg/5 mL",
       "frequency": "aux 4 heures au besoin pour la douleur"},
      {"drug": "Kadian", "dose": "20", "unit": "mg", "frequency": "die"}],
     "cdc2022", D(30) + D(20)),  # 5 mg x 6 + 20
    ([{"drug": "fentanyl patch", "dose": "150", "unit": "mcg/h", "frequency": "q72h",
       "strengths": ["25"]}], "cdc2022", D(360)),  # six 25s worn: 150 x 2.4
    ([{"drug": "fentanyl patch", "dose": "125", "unit": "mcg/h", "strengths": ["25"]}],
     "cdc-analytic", D(300)),
    ([{"drug": "codeine", "dose": "30", "unit": "mg", "frequency": "q4h prn pain, max 4/day"},
      {"drug": "Tylenol No. 3", "dose": "1", "unit": "tab", "frequency": "AM and HS"}],
     "cdc2022", D(18) + D(9)),  # 120 x 0.15 + 60 x 0.15
    ([{"drug": "Nucynta", "dose": "50", "unit": "mg", "frequency": "q6h prn for pain"}],
     "cdc2022", D(80)),  # 50 x 4 x 0.4
    ([{"drug": "Nucynta CR", "dose": "100", "unit": "mg", "frequency": "q12h regular"}],
     "cdc2016", D(80)),
    ([{"drug": "methadone", "dose": "10", "unit": "mg", "frequency": "am & hs"}],
     "cdc2016", D(80)),  # 20 mg/day is in the 1-20 mg tier: x4
]  # fmt: skip
HAND += [
    (
        [{"drug": "methadone", "dose": "10", "unit": "mg", "frequency": "am & hs"}],
        "cdc2022",
        D(94),
    ),  # 20 x 4.7
    (
        [{"drug": "methadone", "dose": "10", "unit": "mg", "frequency": "am & hs"}],
        "cdc-analytic",
        D(60),
    ),  # 20 x 3
]


@pytest.mark.parametrize(("rows", "table", "mme"), HAND)
def test_hand_checked_mixed_regimens(rows: list[dict[str, Any]], table: str, mme: Decimal) -> None:
    result = calculate_mme(rows, table=table)
    uncounted = [e for e in result.excluded if e.reason_code not in ("benzodiazepine", "no_factor")]
    assert not uncounted, [(e.reason_code, e.reason) for e in uncounted]
    assert result.total_mme_per_day == mme


def test_there_are_two_hundred_and_fifty_hand_checked_regimens() -> None:
    assert len(HAND) + len(HAND_FREQUENCIES) >= 250


# --- 2. refused in words saying what to write ------------------------------------------------

REFUSED = [
    # "x 2" with no unit: tablets, doses or days?
    ({"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "bid x 2"},
     "frequency_unknown", ["'bid x 2'", "tablets a dose, doses or days", "'bid x 2 days'"]),
    ({"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "BID X 2"},
     "frequency_unknown", ["tablets a dose, doses or days"]),
    ({"drug": "Percocet", "dose": "1", "unit": "tab", "frequency": "q6h prn x 3"},
     "frequency_unknown", ["tablets a dose, doses or days"]),
    ({"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "q4h × 2"},
     "frequency_unknown", ["tablets a dose, doses or days"]),
    # another reason after "prn" is not read
    ({"drug": "hydrocodone", "dose": "5", "unit": "mg", "frequency": "q4h prn cough"},
     "frequency_unknown", ["not recognised"]),
    ({"drug": "codeine", "dose": "15", "unit": "mg", "frequency": "q6h prn toux"},
     "frequency_unknown", ["not recognised"]),
    # "pain" without "prn" says nothing on how often
    ({"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "q4h pain"},
     "frequency_unknown", ["not recognised"]),
    # a patch rate in the name, dosed in patches: the rate is the dose
    ({"drug": "fentanyl 25 mcg/h patch", "dose": "1", "unit": "patch", "frequency": "q72h"},
     "unknown_drug", ["patch rate in its name", "'fentanyl'", "unit 'mcg/h'"]),
    ({"drug": "timbre de fentanyl 50 mcg/h", "dose": "2", "unit": "timbres"},
     "unknown_drug", ["patch rate in its name"]),
    # typos are never guessed
    ({"drug": "oxycdone", "dose": "5", "unit": "mg", "frequency": "bid"},
     "unknown_drug", ["not a recognised opioid"]),
    ({"drug": "hydromorphine", "dose": "2", "unit": "mg", "frequency": "q4h prn pain"},
     "unknown_drug", ["not a recognised opioid"]),
    # a label's maximum below one dose is never a cut dose
    ({"drug": "Percocet", "dose": "2", "unit": "tab",
      "frequency": "q6h prn, not to exceed 1 tab/day"}, "frequency_unknown",
     ["less than one dose"]),
]  # fmt: skip


@pytest.mark.parametrize(("row", "code", "words"), REFUSED)
def test_bad_or_ambiguous_rows_are_refused_saying_what_to_write(
    row: dict[str, Any], code: str, words: list[str]
) -> None:
    result = calculate_mme([row])
    (excluded,) = result.excluded
    assert excluded.reason_code == code, excluded.reason
    for text in words:
        assert text in excluded.reason, (text, excluded.reason)
    assert result.rows == ()  # never silently misread


# --- 3. plans ----------------------------------------------------------------------------------


def _plan(rows: list[dict[str, Any]], **kwargs: Any) -> Any:
    return plan_regimen_taper(rows, start_date=START, **kwargs)


def _doses(plan: Any) -> list[list[tuple[str, Decimal, Any]]]:
    return [[(d.drug, d.dose, d.times_per_day) for d in s.doses] for s in plan.steps]


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("q4h prn pain", "q4h prn"),
        ("aux 4 heures au besoin pour la douleur", "q4h prn"),
        ("q4h prn, not to exceed 4 doses/day", "q4h prn, max 4/day"),
        ("q4h prn, ne pas dépasser 4 doses/jour", "q4h prn, max 4/day"),
        ("am & hs", "bid"),
        ("matin et coucher", "bid"),
        ("q4h ATC", "q4h"),
        ("q6h regular", "q6h"),
    ],
)
def test_the_new_spellings_plan_as_their_plain_form(typed: str, plain: str) -> None:
    for rows in (
        [{"drug": "oxycodone", "dose": "10", "unit": "mg"}],
        [{"drug": "Percocet", "dose": "1", "unit": "co"}],
        [{"drug": "morphine", "dose": "15", "unit": "mg"},
         {"drug": "fentanyl patch", "dose": "25", "unit": "mcg/h"}],
    ):  # fmt: skip
        with_typed = [{**rows[0], "frequency": typed}, *rows[1:]]
        with_plain = [{**rows[0], "frequency": plain}, *rows[1:]]
        a, b = _plan(with_typed), _plan(with_plain)
        assert _doses(a) == _doses(b)
        assert a.complete == b.complete


@pytest.mark.parametrize(
    ("rate", "patches", "smaller"), [("150", 6, "125"), ("175", 7, "150"), ("200", 8, "175")]
)
def test_a_rate_of_more_than_four_patches_names_the_cap(
    rate: str, patches: int, smaller: str
) -> None:
    """Before: "the current dose cannot be made of the strengths 25" (six 25s make 150) and
    "150 -> 100 mcg/h (the smallest the strengths 25 mcg/h can make)" (five make 125): the cap
    of four patches at once was not said."""
    plan = _plan([{"drug": "fentanyl patch", "dose": rate, "unit": "mcg/h", "strengths": ["25"]}])
    assert plan.refused is None and not plan.complete and len(plan.steps) == 1
    by_code = {w.code: w.message for w in plan.warnings}
    assert f"made of {patches} patches of the strengths 25 mcg/h" in by_code["strength_mismatch"]
    assert "at most 4 patches at once" in by_code["strength_mismatch"]
    assert "cannot be made" not in by_code["strength_mismatch"]
    stop = by_code["step_too_large"]
    assert "A plan wears at most 4 patches at once" in stop
    assert f"{patches - 1} patches would make {smaller} mcg/h, a smaller step" in stop


def test_a_rate_four_patches_make_does_not_name_the_cap() -> None:
    for rate, on_hand in (("100", ["25"]), ("50", ["25"]), ("100", ["12", "25"])):
        plan = _plan([{"drug": "fentanyl patch", "dose": rate, "unit": "mcg/h",
                       "strengths": on_hand}])  # fmt: skip
        assert all("at most 4 patches" not in w.message for w in plan.warnings)


def test_methadone_and_oud_buprenorphine_get_no_plan_with_the_new_spellings() -> None:
    for rows, code in (
        ([{"drug": "methadone", "dose": "10", "unit": "mg", "frequency": "am & hs"}],
         "methadone"),
        ([{"drug": "Metadol", "dose": "5", "unit": "mg",
           "frequency": "q8h prn pain, not to exceed 3 doses/day"}], "methadone"),
        ([{"drug": "Suboxone", "dose": "8", "unit": "mg", "frequency": "die"},
          {"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "q4h prn pain"}],
         "oud_treatment"),
    ):  # fmt: skip
        plan = _plan(rows)
        assert plan.refused is not None and plan.refused.code == code, plan.refused


# --- 4. the API and the calculator page read the same rows, in English and French -------------


API_ROWS = [
    ({"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "q4h prn pain"}, 45),
    ({"drug": "hydromorphone", "dose": "2", "unit": "mg",
      "frequency": "aux 4 heures au besoin pour la douleur"}, 60),
    ({"drug": "morphine", "dose": "10", "unit": "mg",
      "frequency": "q4h prn, ne pas dépasser 4 doses/jour"}, 40),
    ({"drug": "M-Eslon", "dose": "30", "unit": "mg", "frequency": "am & hs"}, 60),
    ({"drug": "fentanyl patch", "dose": "150", "unit": "mcg/h", "strengths": ["25"]}, 360),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("row", "mme"), API_ROWS)
def test_the_api_counts_and_plans_the_new_rows(
    client: Any, language: str, row: dict[str, Any], mme: int
) -> None:
    client.force_login(UserFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.post(
        "/api/v1/clinical/mme", {"medications": [row]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert D(str(response.json()["total_mme_per_day"])) == mme
    taper = client.post(
        "/api/v1/clinical/taper",
        {"medications": [row], "start_date": "2028-03-31"},
        content_type="application/json",
    )
    assert taper.status_code == 200, taper.content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "row",
    [
        {"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "bid x 2"},
        {"drug": "fentanyl 25 mcg/h patch", "dose": 1, "unit": "patch"},
        {"drug": "hydrocodone", "dose": 5, "unit": "mg", "frequency": "q4h prn cough"},
    ],
)
def test_the_api_refuses_the_same_rows_in_words_never_a_500(
    client: Any, language: str, row: dict[str, Any]
) -> None:
    client.force_login(UserFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.post(
        "/api/v1/clinical/mme", {"medications": [row]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    (excluded,) = response.json()["excluded"]
    # re-said through its pattern (the name or frequency in “ ”, or « » once translated)
    said = excluded["reason"].replace("«\u00a0", "“").replace("\u00a0»", "”")
    said = (
        said.replace("«\u202f", "“").replace("\u202f»", "”").replace("« ", "“").replace(" »", "”")
    )
    quoted = [f"“{row.get(k)}”" for k in ("drug", "frequency")]
    assert any(q in said for q in quoted), excluded["reason"]
    assert calculate_mme([row]).excluded[0].reason != excluded["reason"]
    taper = client.post(
        "/api/v1/clinical/taper",
        {"medications": [row], "start_date": "2028-03-31"},
        content_type="application/json",
    )
    assert taper.status_code == 422, taper.content
    assert taper.json()["code"] == "taper.nothing_to_taper"


def _page(client: Any, do: str, **rows: str) -> Any:
    data = {
        "med-TOTAL_FORMS": "4",
        "med-INITIAL_FORMS": "0",
        "table": "cdc2022",
        "rule": "cdc2022-long-term",
        "duration": "long-term",
        "start_date": "2028-03-31",
        "do": do,
        **rows,
    }
    return client.post("/tools/opioids/", data)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "total"), [("en", "Total: 105 MME/day"), ("fr", "105")])
def test_the_calculator_page_counts_and_plans_a_mixed_regimen(
    client: Any, language: str, total: str
) -> None:
    """Oxycodone 5 mg q4h prn pain (45) + morphine SR 30 mg am & hs (60) = 105 MME/day."""
    client.force_login(UserFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    rows = {
        "med-0-drug": "oxycodone",
        "med-0-dose": "5",
        "med-0-unit": "mg",
        "med-0-frequency": "q4h prn pain",
        "med-1-drug": "M-Eslon",
        "med-1-dose": "30",
        "med-1-unit": "mg",
        "med-1-frequency": "am & hs",
    }
    response = _page(client, "mme", **rows)
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    assert total in html
    assert "not recognised" not in html and "n’est pas reconnue" not in html
    plan = _page(client, "taper", **rows)
    assert plan.status_code == 200
    assert "naloxone" in plan.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_calculator_page_says_why_bid_x_2_is_not_read(client: Any, language: str) -> None:
    client.force_login(UserFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    html = _page(
        client,
        "mme",
        **{
            "med-0-drug": "oxycodone",
            "med-0-dose": "5",
            "med-0-unit": "mg",
            "med-0-frequency": "bid x 2",
        },
    ).content.decode()
    # what to write instead, in the page's language (the reader takes "x 2 jours" too)
    assert {"en": "bid x 2 days", "fr": "bid x 2 jours"}[language] in html


# --- 5. the independent checker: generated regimens ------------------------------------------

PRN_NOTES = [
    " prn",
    " prn pain",
    " PRN for pain",
    " prn for breakthrough pain",
    " au besoin pour la douleur",
    " prn douleur",
    " p.r.n. (pain)",
]
LIMITS = {
    "": None,
    ", not to exceed 4 doses/day": 4,
    ", ne pas dépasser 3 doses/jour": 3,
    " (max 4/day)": 4,
    " - max 4/day": 4,
    ", maximum de 3 doses par jour": 3,
}
SCHEDULED = {
    "bid": 2,
    "am & hs": 2,
    "matin et coucher": 2,
    "q12h ATC": 2,
    "tid": 3,
    "q8h regular": 3,
    "q6h ATC": 4,
    "qid": 4,
    "die": 1,
}
INTERVALS = {"q4h": 6, "q6h": 4, "q3-4h": 8, "aux 4 heures": 6}
CONCENTRATIONS = {"1 mg/mL": D(1), "10 mg/5 mL": D(2), "5 mg/mL": D(5)}
COMBINATIONS = {
    "Percocet": ("oxycodone", D(5)),
    "Tylenol No. 3": ("codeine", D(30)),
    "Tramacet": ("tramadol", D("37.5")),
    "Tylenol No. 4": ("codeine", D(60)),
}
IMMEDIATE = {
    "oxycodone": ["5", "10", "15", "20"],
    "morphine": ["5", "10", "15", "25", "30"],
    "hydromorphone": ["1", "2", "4", "8"],
    "tapentadol": ["50", "75", "100"],
    "tramadol": ["50", "100"],
    "codeine": ["15", "30", "60"],
}


def _n(text: str) -> Decimal:
    return D(text.replace(",", "."))


def _frequency(r: random.Random) -> tuple[str, Decimal, bool]:
    if r.random() < 0.6:
        freq = r.choice(list(SCHEDULED))
        return freq, D(SCHEDULED[freq]), False
    interval = r.choice(list(INTERVALS))
    limit = r.choice(list(LIMITS))
    most = LIMITS[limit]
    times = INTERVALS[interval] if most is None else min(INTERVALS[interval], most)
    return interval + r.choice(PRN_NOTES) + limit, D(times), True


def _case(text: str, r: random.Random) -> str:
    return r.choice([text, text.upper(), text.lower(), "  " + text.replace(" ", "  ") + " "])


def _rows(r: random.Random) -> list[Written]:
    """Rows as written, with the opioid each names, the amount a dose (mg; mcg/h for a patch;
    0 for buprenorphine), the doses a day and whether taken as needed."""
    kind = r.randrange(8)
    if kind == 0:  # a patch, sometimes of one strength worn five or more at once
        rate = r.choice(["12", "25", "37", "50", "75", "100", "125", "150"])
        row = {"drug": r.choice(["Duragesic", "fentanyl patch", "timbre de fentanyl"])}
        row |= {"dose": rate, "unit": r.choice(["mcg/h", "µg/h", "mcg/hr"])}
        if r.random() < 0.6:
            row["frequency"] = r.choice(["q72h", "q48h", "aux 72 heures"])
        if r.random() < 0.8:
            row["strengths"] = r.sample(["12", "25", "50", "75", "100"], r.randint(1, 2))
        return [(row, "fentanyl", D(rate), D(1), False)]
    if kind == 1:  # a combination product in tablets
        name = r.choice(list(COMBINATIONS))
        opioid, mg = COMBINATIONS[name]
        tablets = r.choice(["1", "2"])
        freq, times, prn = _frequency(r)
        row = {"drug": name, "dose": tablets, "unit": r.choice(["tab", "co", "comprimé"])}
        row["frequency"] = _case(freq, r)
        return [(row, opioid, mg * _n(tablets), times, prn)]
    if kind == 2:  # an oral solution in mL with its label's concentration
        concentration = r.choice(list(CONCENTRATIONS))
        drug = r.choice(["morphine", "hydromorphone", "oxycodone"])
        freq, times, prn = _frequency(r)
        ml = r.choice(["1", "2", "2,5", "5"])
        row = {"drug": drug, "dose": ml, "unit": "mL", "concentration": concentration}
        row["frequency"] = freq
        return [(row, drug, _n(ml) * CONCENTRATIONS[concentration], times, prn)]
    if kind == 3:  # buprenorphine for pain: never counted
        row = r.choice(
            [
                {"drug": "Butrans", "dose": "10", "unit": "mcg/h", "frequency": "q7d"},
                {"drug": "Belbuca", "dose": "150", "unit": "mcg", "frequency": "q12h"},
            ]
        )
        return [(dict(row), "buprenorphine", D(0), D(0), False)]
    if kind == 4:  # methadone (never planned)
        dose = r.choice(["5", "10", "2.5"])
        freq = r.choice(["die", "am & hs", "tid"])
        times = D({"die": 1, "am & hs": 2, "tid": 3}[freq])
        row = {"drug": r.choice(["methadone", "Metadol"]), "dose": dose, "unit": "mg"}
        row["frequency"] = freq
        return [(row, "methadone", _n(dose), times, False)]
    # kinds 5-7: tablets in mg, often with one strength on hand
    drug = r.choice(list(IMMEDIATE))
    dose = r.choice(IMMEDIATE[drug])
    freq, times, prn = _frequency(r)
    row = {"drug": r.choice([drug, drug.upper(), drug.capitalize()]), "dose": dose}
    row |= {"unit": r.choice(["mg", "MG", "mg."]), "frequency": _case(freq, r)}
    if r.random() < 0.7:
        row["strengths"] = [r.choice(IMMEDIATE[drug])]
    return [(row, drug, _n(dose), times, prn)]


def _check(r: random.Random) -> str:
    written = [item for _ in range(r.randint(1, 3)) for item in _rows(r)]
    return check(r, written, START)


def test_a_thousand_seeded_regimens_are_valued_and_tapered_as_the_sources_say() -> None:
    r = random.Random(20261206_11)
    seen: Counter[str] = Counter()
    for _ in range(1000):
        seen[_check(r)] += 1
    assert seen["planned"] > 300 and seen["refused"] > 50, seen


@given(st.randoms(use_true_random=False))
@settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_random_regimens_are_never_tapered_faster_than_their_rule(r: random.Random) -> None:
    _check(r)
