"""Regimens nobody wrote down (twelfth hunt).

New kinds, as a Canadian family physician or a hub pharmacist writes them: clock times as a
French pharmacy label prints them (« à 8h et 20h », "à 8h, 14h et 20h", "bid à 8h et 20h",
"at 8am and 8pm"), the route by mouth inside the frequency ("po bid", "q4h prn PO", "per os",
"par la bouche"), times of day named in a list ("matin, midi et soir", "déjeuner et souper",
"breakfast, lunch and supper", "qid ac & hs"), "dlr" for douleur after "prn", combination
tablets named as Quebec labels name them ("oxycodone-acétaminophène 5-325 mg",
"acétaminophène-codéine 300/30", "tramadol-acétaminophène 37,5/325"), patches applied one at a
time ("appliquer 1 timbre aux 72 h", "q3j"), and what stays refused in words saying what to
write: a count and clock times that disagree, one time alone ("8h": q8h?), another route
("sc q4h prn"), a taper written into the directions ("bid x 7 days then daily", "bid puis
die"), two patches at once in the frequency, numbers against the names' order.

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
START = dt.date(2028, 1, 31)
EPS = D("0.000001")

# --- 1. hand-checked regimens ---------------------------------------------------------------

#: New spellings of a frequency: (as typed, doses a day counted, as needed).
NEW_FREQUENCIES: dict[str, tuple[int, bool]] = {
    # clock times, one dose each
    "à 8h et 20h": (2, False),
    "À 8H ET 20H": (2, False),
    "8h et 20h": (2, False),
    "à 8h00 et 20h00": (2, False),
    "à 8 h et à 20 h": (2, False),
    "à 8h, 14h et 20h": (3, False),
    "à 6h, 12h, 18h et 24h": (4, False),
    "bid à 8h et 20h": (2, False),
    "BID (8h et 20h)": (2, False),
    "q12h à 9h et 21h": (2, False),
    "q8h à 6h, 14h et 22h": (3, False),
    "2 fois par jour à 8h et 20h": (2, False),
    "at 8am and 8pm": (2, False),
    "8 am and 8 pm": (2, False),
    "8:00 et 20:00": (2, False),
    "à 21h": (1, False),
    "die à 20h": (1, False),
    "à 8h et 20h au besoin": (2, True),
    # the route by mouth
    "po bid": (2, False),
    "PO BID": (2, False),
    "p.o. q4h prn": (6, True),
    "q4h prn PO": (6, True),
    "bid per os": (2, False),
    "q12h par la bouche": (2, False),
    "par la bouche 3 fois par jour": (3, False),
    "q6h by mouth": (4, False),
    "po q4h prn dlr": (6, True),
    # times of day in a list
    "matin, midi et soir": (3, False),
    "matin midi et soir": (3, False),
    "matin midi soir": (3, False),
    "déjeuner et souper": (2, False),
    "au déjeuner et au coucher": (2, False),
    "déjeuner, dîner et souper": (3, False),
    "breakfast, lunch and supper": (3, False),
    "matin, soir et coucher": (3, False),
    "qid ac & hs": (4, False),
    "QID AC et HS": (4, False),
    # "dlr" for douleur
    "q4h prn dlr": (6, True),
    "q6h PRN dlr": (4, True),
}
#: Products and the MME of one dose under CDC 2022, worked by hand (dose x factor).
PER_DOSE = [
    ({"drug": "oxycodone", "dose": "10", "unit": "mg"}, D(15)),  # 10 x 1.5
    ({"drug": "hydromorphone", "dose": "1", "unit": "mg"}, D(5)),  # 1 x 5
    ({"drug": "Doloral", "dose": "10", "unit": "mL", "concentration": "1 mg/mL"}, D(10)),
    ({"drug": "oxycodone-acétaminophène 5-325 mg", "dose": "1", "unit": "co"}, D("7.5")),
    ({"drug": "acétaminophène-codéine 300/30", "dose": "2", "unit": "co"}, D(9)),  # 60 x 0.15
    ({"drug": "tramadol-acétaminophène 37,5/325", "dose": "2", "unit": "co"}, D(15)),  # 75 x .2
    ({"drug": "Tridural", "dose": "100", "unit": "mg"}, D(20)),  # tramadol 100 x 0.2
    ({"drug": "Jurnista", "dose": "4", "unit": "mg"}, D(20)),  # hydromorphone 4 x 5
]
HAND_FREQUENCIES = [
    pytest.param({**row, "frequency": text}, per_dose * times, prn, id=f"{row['drug']}|{text}")
    for row, per_dose in PER_DOSE
    for text, (times, prn) in NEW_FREQUENCIES.items()
]  # 312 regimens


@pytest.mark.parametrize(("row", "mme", "prn"), HAND_FREQUENCIES)
def test_the_new_spellings_are_counted_as_they_mean(
    row: dict[str, Any], mme: Decimal, prn: bool
) -> None:
    """Before: clock times, "po", named times of day, "dlr" and the French combination names
    were refused as 'not recognised' or 'could not be read'. None changes the count."""
    result = calculate_mme([row])
    assert not result.excluded, [e.reason for e in result.excluded]
    (counted,) = result.rows
    assert counted.as_needed is prn
    assert result.total_mme_per_day == mme


#: Mixed regimens, worked by hand under each table: (rows, table, MME/day).
HAND: list[Any] = [
    # a patch applied one at a time, clock-time morphine, a benzodiazepine at bedtime
    ([{"drug": "timbre de fentanyl", "dose": "37", "unit": "mcg/h",
       "frequency": "appliquer 1 timbre aux 72 h"},
      {"drug": "Statex", "dose": "5", "unit": "mg", "frequency": "à 8h, 14h et 20h"},
      {"drug": "clonazépam", "dose": "0,5", "unit": "mg", "frequency": "hs"}],
     "cdc2022", D("88.8") + D(15)),  # 37 x 2.4 + 5 x 3
    ([{"drug": "fentanyl", "dose": "12", "unit": "mcg/h", "frequency": "q3j"},
      {"drug": "hydromorphone", "dose": "2", "unit": "mg", "frequency": "po q4h prn dlr"}],
     "cdc2022", D("28.8") + D(60)),  # 12 x 2.4 + 2 x 6 x 5
    ([{"drug": "fentanyl", "dose": "12", "unit": "mcg/h", "frequency": "q3j"},
      {"drug": "hydromorphone", "dose": "2", "unit": "mg", "frequency": "po q4h prn dlr"}],
     "cdc2016", D("28.8") + D(48)),  # 2 x 6 x 4
    ([{"drug": "Kadian", "dose": "20", "unit": "mg", "frequency": "bid à 8h et 20h"},
      {"drug": "acétaminophène-codéine 300/30", "dose": "1", "unit": "co",
       "frequency": "q4h prn dlr, max 6 co/jour"}],
     "cdc2022", D(40) + D(27)),  # 20 x 2 + 30 x 6 x 0.15
    ([{"drug": "OxyNEO", "dose": "15", "unit": "mg", "frequency": "PO q12h à 9h et 21h"},
      {"drug": "oxycodone-acétaminophène 5-325 mg", "dose": "1", "unit": "co",
       "frequency": "q6h prn, ne pas dépasser 3 doses/jour"}],
     "cdc2022", D(45) + D("22.5")),  # 15 x 2 x 1.5 + 5 x 3 x 1.5
    ([{"drug": "tramadol-acétaminophène 37,5/325", "dose": "1", "unit": "co",
       "frequency": "matin, midi et soir"}],
     "cdc2022", D("22.5")),  # 37.5 x 3 x 0.2
    ([{"drug": "tramadol-acétaminophène 37,5/325", "dose": "1", "unit": "co",
       "frequency": "matin, midi et soir"}],
     "cdc-analytic", D("11.25")),  # 37.5 x 3 x 0.1
    ([{"drug": "tramadol-acétaminophène 37,5/325", "dose": "1", "unit": "co",
       "frequency": "matin, midi et soir"}],
     "cdc2016", D(0)),  # no 2016 factor for tramadol: not counted
    ([{"drug": "Nucynta", "dose": "50", "unit": "mg", "frequency": "déjeuner et souper"},
      {"drug": "Nucynta CR", "dose": "100", "unit": "mg", "frequency": "à 8h et 20h"}],
     "cdc2022", D(40) + D(80)),  # (50 x 2 + 100 x 2) x 0.4
    ([{"drug": "morphine", "dose": "2,5", "unit": "mL", "concentration": "10 mg/5 mL",
       "frequency": "q4h prn dlr"},
      {"drug": "M-Eslon", "dose": "30", "unit": "mg", "frequency": "bid per os"}],
     "cdc2022", D(30) + D(60)),  # 5 mg x 6 + 30 x 2
    ([{"drug": "hydromorphone", "dose": "1", "unit": "mL", "concentration": "1 mg/mL",
       "frequency": "q4h prn", "formulation": "liquide oral"}],
     "cdc2022", D(30)),
    ([{"drug": "acetaminophen/codeine 300 mg/30 mg", "dose": "2", "unit": "tab",
       "frequency": "qid ac & hs"}], "cdc2022", D(36)),  # 60 x 4 x 0.15
    ([{"drug": "oxycodone et acétaminophène 5 mg/325 mg", "dose": "1", "unit": "co",
       "frequency": "q6h prn"}], "cdc-analytic", D(30)),
    ([{"drug": "Hysingla", "dose": "20", "unit": "mg", "frequency": "à 8h"}], "cdc2022", D(20)),
    ([{"drug": "oxymorphone", "dose": "5", "unit": "mg", "frequency": "8 am and 8 pm"}],
     "cdc2016", D(30)),  # 5 x 2 x 3
    ([{"drug": "codeine", "dose": "30", "unit": "mg", "frequency": "q4h prn dlr"},
      {"drug": "Codeine Contin", "dose": "100", "unit": "mg", "frequency": "à 8h et 20h"}],
     "cdc2022", D(27) + D(30)),  # 30 x 6 x .15 + 200 x .15
    ([{"drug": "méthadone", "dose": "10", "unit": "mg", "frequency": "à 8h et 20h"}],
     "cdc2016", D(80)),  # 20 mg/day: the 1-20 tier, x4
    ([{"drug": "méthadone", "dose": "10", "unit": "mg", "frequency": "à 8h et 20h"}],
     "cdc2022", D(94)),  # 20 x 4.7
    ([{"drug": "méthadone", "dose": "15", "unit": "mg", "frequency": "à 8h et 20h"}],
     "cdc2016", D(240)),  # 30 mg/day: the 21-40 tier, x8
    ([{"drug": "Metadol", "dose": "5", "unit": "mg", "frequency": "matin, midi et soir"}],
     "cdc-analytic", D(45)),  # 15 x 3
    ([{"drug": "Butrans", "dose": "10", "unit": "mcg/h", "frequency": "q7d"},
      {"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "po q4h prn"}],
     "cdc2022", D(45)),  # buprenorphine not counted
    ([{"drug": "Tylenol No. 3", "dose": "1", "unit": "co", "frequency": "à 8h, 14h et 20h"},
      {"drug": "fentanyl", "dose": "25", "unit": "µg/h", "frequency": "apply q72h"}],
     "cdc2022", D("13.5") + D(60)),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "table", "mme"), HAND)
def test_hand_checked_mixed_regimens(rows: list[dict[str, Any]], table: str, mme: Decimal) -> None:
    result = calculate_mme(rows, table=table)
    uncounted = [
        e
        for e in result.excluded
        if e.reason_code not in ("benzodiazepine", "no_factor", "buprenorphine")
    ]
    assert not uncounted, [(e.reason_code, e.reason) for e in uncounted]
    assert result.total_mme_per_day == mme


def test_there_are_three_hundred_hand_checked_regimens() -> None:
    assert len(HAND) + len(HAND_FREQUENCIES) >= 300


# --- 2. refused in words saying what to write ------------------------------------------------

REFUSED = [
    # a count and clock times that disagree, one time alone
    ({"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "tid à 8h et 20h"},
     "frequency_unknown", ["says 3 times a day but names 2 clock times", "'à 8h, 14h et 20h'"]),
    ({"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "q8h à 8h et 20h"},
     "frequency_unknown", ["says 3 times a day but names 2 clock times"]),
    ({"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "8h"},
     "frequency_unknown", ["'q8h' for every 8 hours", "'à 8h' for once a day"]),
    ({"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "8h-20h"},
     "frequency_unknown", ["not recognised"]),
    # another route
    ({"drug": "hydromorphone", "dose": "1", "unit": "mg", "frequency": "sc q4h prn"},
     "frequency_unknown", ["names the route 'sc'", "formulation field"]),
    ({"drug": "morphine", "dose": "5", "unit": "mg", "frequency": "q2h prn SL"},
     "frequency_unknown", ["names the route 'sl'"]),
    # a taper in the directions
    ({"drug": "oxycodone", "dose": "10", "unit": "mg", "frequency": "bid x 7 days then daily"},
     "frequency_unknown", ["over time", "Enter the current dose", "taper plan"]),
    ({"drug": "Percocet", "dose": "1", "unit": "co", "frequency": "qid puis tid puis cesser"},
     "frequency_unknown", ["over time"]),
    # two patches at once in the frequency
    ({"drug": "fentanyl patch", "dose": "25", "unit": "mcg/h", "frequency": "2 timbres q72h"},
     "frequency_not_applicable", ["more than one patch at a time", "'q72h'"]),
    # numbers against the names' order, or one number for two parts
    ({"drug": "acétaminophène-codéine 30/300", "dose": "1", "unit": "co", "frequency": "qid"},
     "combination_strength_unknown", ["could not be read"]),
    ({"drug": "acétaminophène-codéine 300", "dose": "1", "unit": "co", "frequency": "qid"},
     "combination_strength_unknown", ["could not be read"]),
    # a strength only in a brand's name stays refused (eleventh hunt's decision)
    ({"drug": "Hydromorph Contin 3mg", "dose": "1", "unit": "cap", "frequency": "q12h"},
     "unknown_drug", ["holds a strength in its name"]),
    # typos are never guessed
    ({"drug": "oxycodne", "dose": "5", "unit": "mg", "frequency": "à 8h et 20h"},
     "unknown_drug", ["not a recognised opioid"]),
    ({"drug": "morhpine", "dose": "5", "unit": "mg", "frequency": "po q4h prn"},
     "unknown_drug", ["not a recognised opioid"]),
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
        ("à 8h et 20h", "bid"),
        ("bid à 8h et 20h", "bid"),
        ("à 8h, 14h et 20h", "tid"),
        ("at 8am and 8pm", "bid"),
        ("po q4h prn", "q4h prn"),
        ("q4h prn dlr", "q4h prn"),
        ("matin, midi et soir", "tid"),
        ("déjeuner et souper", "bid"),
        ("qid ac & hs", "qid"),
        ("à 8h et 20h au besoin", "bid prn"),
    ],
)
def test_the_new_spellings_plan_as_their_plain_form(typed: str, plain: str) -> None:
    for rows in (
        [{"drug": "oxycodone", "dose": "10", "unit": "mg"}],
        [{"drug": "acétaminophène-codéine 300/30", "dose": "2", "unit": "co"}],
        [{"drug": "morphine", "dose": "15", "unit": "mg"},
         {"drug": "fentanyl patch", "dose": "25", "unit": "mcg/h",
          "frequency": "appliquer 1 timbre aux 72 h"}],
    ):  # fmt: skip
        with_typed = [{**rows[0], "frequency": typed}, *rows[1:]]
        with_plain = [{**rows[0], "frequency": plain}, *rows[1:]]
        a, b = _plan(with_typed), _plan(with_plain)
        assert _doses(a) == _doses(b)
        assert a.complete == b.complete


def test_a_french_combination_plans_as_its_english_name() -> None:
    for french, english in (
        ("acétaminophène-codéine 300/30", "Tylenol No. 3"),
        ("oxycodone-acétaminophène 5-325 mg", "Percocet"),
        ("tramadol-acétaminophène 37,5/325", "Tramacet"),
    ):
        rows = [{"dose": "2", "unit": "co", "frequency": "qid"}]
        a = _plan([{**rows[0], "drug": french}])
        b = _plan([{**rows[0], "drug": english}])
        assert [s.mme_per_day for s in a.steps] == [s.mme_per_day for s in b.steps]


def test_methadone_and_oud_buprenorphine_get_no_plan_with_the_new_spellings() -> None:
    for rows, code in (
        ([{"drug": "méthadone", "dose": "10", "unit": "mg", "frequency": "à 8h et 20h"}],
         "methadone"),
        ([{"drug": "Metadol", "dose": "5", "unit": "mg", "frequency": "matin, midi et soir"}],
         "methadone"),
        ([{"drug": "Suboxone", "dose": "8", "unit": "mg", "frequency": "po die"},
          {"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "q4h prn dlr"}],
         "oud_treatment"),
    ):  # fmt: skip
        plan = _plan(rows)
        assert plan.refused is not None and plan.refused.code == code, plan.refused


# --- 4. the API and the calculator page read the same rows, in English and French -------------


API_ROWS = [
    ({"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "à 8h et 20h"}, 15),
    ({"drug": "hydromorphone", "dose": "2", "unit": "mg", "frequency": "po q4h prn dlr"}, 60),
    ({"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "matin, midi et soir"}, 30),
    ({"drug": "acétaminophène-codéine 300/30", "dose": "2", "unit": "co",
      "frequency": "qid ac & hs"}, 36),
    ({"drug": "tramadol-acétaminophène 37,5/325", "dose": "1", "unit": "co",
      "frequency": "q6h prn"}, 30),
    ({"drug": "fentanyl patch", "dose": "50", "unit": "mcg/h",
      "frequency": "appliquer 1 timbre aux 72 h"}, 120),
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
    body = response.json()
    assert not body["excluded"], body["excluded"]
    assert D(str(body["total_mme_per_day"])) == mme
    taper = client.post(
        "/api/v1/clinical/taper",
        {"medications": [row], "start_date": "2028-01-31"},
        content_type="application/json",
    )
    assert taper.status_code == 200, taper.content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("row", "english"),
    [
        ({"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "tid à 8h et 20h"},
         "names 2 clock times"),
        ({"drug": "morphine", "dose": 5, "unit": "mg", "frequency": "sc q4h prn"},
         "names the route"),
        ({"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "bid puis die"},
         "over time"),
        ({"drug": "fentanyl patch", "dose": 25, "unit": "mcg/h", "frequency": "2 timbres q72h"},
         "more than one patch"),
    ],
)  # fmt: skip
def test_the_api_refuses_the_same_rows_in_words_never_a_500(
    client: Any, language: str, row: dict[str, Any], english: str
) -> None:
    """The reason names the frequency as typed. In English it says why; in French it says the
    same once the lead adds the patterns proposed in the hunt's note (until then the English
    reason is shown whole, never a 500 nor an empty reason)."""
    client.force_login(UserFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.post(
        "/api/v1/clinical/mme", {"medications": [row]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    (excluded,) = response.json()["excluded"]
    assert row["frequency"] in excluded["reason"]
    if language == "en":
        assert english in excluded["reason"]
    taper = client.post(
        "/api/v1/clinical/taper",
        {"medications": [row], "start_date": "2028-01-31"},
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
        "start_date": "2028-01-31",
        "do": do,
        **rows,
    }
    return client.post("/tools/opioids/", data)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "total"), [("en", "Total: 87 MME/day"), ("fr", "87")])
def test_the_calculator_page_counts_and_plans_a_french_label_regimen(
    client: Any, language: str, total: str
) -> None:
    """Kadian 20 mg « à 8h et 20h » (20 x 2 = 40) + acétaminophène-codéine 300/30, 1 co
    q4h prn dlr (30 x 6 x 0.15 = 27) + Hysingla 20 mg « à 8h » (20) = 87 MME/day."""
    client.force_login(UserFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    rows = {
        "med-0-drug": "Kadian",
        "med-0-dose": "20",
        "med-0-unit": "mg",
        "med-0-frequency": "à 8h et 20h",
        "med-1-drug": "acétaminophène-codéine 300/30",
        "med-1-dose": "1",
        "med-1-unit": "tablet",
        "med-1-frequency": "q4h prn dlr",
        "med-2-drug": "Hysingla",
        "med-2-dose": "20",
        "med-2-unit": "mg",
        "med-2-frequency": "à 8h",
    }
    response = _page(client, "mme", **rows)
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    assert total in html
    assert "not recognised" not in html and "n’est pas reconnue" not in html
    assert "could not be read" not in html
    plan = _page(client, "taper", **rows)
    assert plan.status_code == 200
    assert "naloxone" in plan.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_calculator_page_says_why_a_taper_in_the_directions_is_not_read(
    client: Any, language: str
) -> None:
    client.force_login(UserFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    response = _page(
        client,
        "mme",
        **{
            "med-0-drug": "oxycodone",
            "med-0-dose": "5",
            "med-0-unit": "mg",
            "med-0-frequency": "bid x 7 days then daily",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    # the reason in English until the French patterns are added (see the hunt's note)
    assert "bid x 7 days then daily" in html
    assert "over time" in html or "au fil du temps" in html


# --- 5. the independent checker: generated regimens ------------------------------------------

CLOCKS = {
    "à 8h et 20h": 2,
    "8h et 20h": 2,
    "à 8h, 14h et 20h": 3,
    "à 6h, 12h, 18h et 24h": 4,
    "bid à 8h et 20h": 2,
    "q12h à 9h et 21h": 2,
    "at 8am and 8pm": 2,
    "8:00 et 20:00": 2,
    "à 21h": 1,
    "die à 20h": 1,
}
NAMED = {
    "matin, midi et soir": 3,
    "matin midi soir": 3,
    "déjeuner et souper": 2,
    "breakfast, lunch and supper": 3,
    "au déjeuner et au coucher": 2,
    "qid ac & hs": 4,
}
ROUTES = ["", "po ", "PO ", "p.o. "]
TRAILING_ROUTES = ["", " po", " per os", " par la bouche"]
PRN_NOTES = [" prn", " prn dlr", " PRN dlr", " au besoin pour la douleur", " prn pain"]
LIMITS = {"": None, ", max 4/day": 4, ", ne pas dépasser 3 doses/jour": 3}
INTERVALS = {"q4h": 6, "q6h": 4, "q3-4h": 8, "aux 4 heures": 6}
COMBINATIONS = {
    "oxycodone-acétaminophène 5-325 mg": ("oxycodone", D(5)),
    "oxycodone et acétaminophène 5 mg/325 mg": ("oxycodone", D(5)),
    "acétaminophène-codéine 300/30": ("codeine", D(30)),
    "acetaminophen/codeine 300 mg/15 mg": ("codeine", D(15)),
    "tramadol-acétaminophène 37,5/325": ("tramadol", D("37.5")),
    "acétaminophène et oxycodone 325/5": ("oxycodone", D(5)),
}
IMMEDIATE = {
    "oxycodone": ["5", "10", "15", "20"],
    "morphine": ["5", "10", "15", "30"],
    "hydromorphone": ["1", "2", "4"],
    "tapentadol": ["50", "100"],
    "tramadol": ["50", "100"],
    "codeine": ["15", "30", "60"],
    "oxymorphone": ["5", "10"],
    "hydrocodone": ["10", "20"],
}


def _n(text: str) -> Decimal:
    return D(text.replace(",", "."))


def _frequency(r: random.Random) -> tuple[str, Decimal, bool]:
    pick = r.random()
    if pick < 0.35:
        freq = r.choice(list(CLOCKS))
        return r.choice(ROUTES) + freq, D(CLOCKS[freq]), False
    if pick < 0.55:
        freq = r.choice(list(NAMED))
        return freq + r.choice(TRAILING_ROUTES), D(NAMED[freq]), False
    interval = r.choice(list(INTERVALS))
    limit = r.choice(list(LIMITS))
    most = LIMITS[limit]
    times = INTERVALS[interval] if most is None else min(INTERVALS[interval], most)
    return r.choice(ROUTES) + interval + r.choice(PRN_NOTES) + limit, D(times), True


def _case(text: str, r: random.Random) -> str:
    return r.choice([text, text.upper(), text.lower(), "  " + text.replace(" ", "  ") + " "])


def _rows(r: random.Random) -> list[Written]:
    """Rows as written, with the opioid each names, the amount a dose (mg; mcg/h for a patch;
    0 for buprenorphine), the doses a day and whether taken as needed."""
    kind = r.randrange(8)
    if kind == 0:  # a patch applied one at a time
        rate = r.choice(["12", "25", "37", "50", "75", "100", "125"])
        row = {"drug": r.choice(["Duragesic", "fentanyl patch", "timbre de fentanyl"])}
        row |= {"dose": rate, "unit": r.choice(["mcg/h", "µg/h", "mcg/hr"])}
        row["frequency"] = r.choice(
            ["appliquer 1 timbre aux 72 h", "apply q72h", "q3j", "1 timbre q72h", "q72h"]
        )
        if r.random() < 0.8:
            row["strengths"] = r.sample(["12", "25", "50", "75", "100"], r.randint(1, 2))
        return [(row, "fentanyl", D(rate), D(1), False)]
    if kind == 1:  # a combination named as a French label names it
        name = r.choice(list(COMBINATIONS))
        opioid, mg = COMBINATIONS[name]
        tablets = r.choice(["1", "2"])
        freq, times, prn = _frequency(r)
        row = {"drug": name, "dose": tablets, "unit": r.choice(["tab", "co", "comprimé"])}
        row["frequency"] = _case(freq, r)
        return [(row, opioid, mg * _n(tablets), times, prn)]
    if kind == 2:  # an oral liquid in mL
        concentration, per_ml = r.choice([("1 mg/mL", D(1)), ("10 mg/5 mL", D(2))])
        drug = r.choice(["morphine", "hydromorphone", "oxycodone"])
        freq, times, prn = _frequency(r)
        ml = r.choice(["1", "2,5", "5"])
        row = {"drug": drug, "dose": ml, "unit": "mL", "concentration": concentration}
        row |= {"frequency": freq, "formulation": r.choice(["liquide oral", "solution orale"])}
        return [(row, drug, _n(ml) * per_ml, times, prn)]
    if kind == 3:  # buprenorphine: never counted
        row = r.choice(
            [
                {"drug": "Butrans", "dose": "5", "unit": "mcg/h", "frequency": "q7d"},
                {"drug": "Belbuca", "dose": "300", "unit": "mcg", "frequency": "à 8h et 20h"},
            ]
        )
        return [(dict(row), "buprenorphine", D(0), D(0), False)]
    if kind == 4:  # methadone (never planned)
        dose = r.choice(["5", "10", "2,5"])
        freq = r.choice(list(CLOCKS))
        row = {"drug": r.choice(["méthadone", "Metadol"]), "dose": dose, "unit": "mg"}
        row["frequency"] = freq
        return [(row, "methadone", _n(dose), D(CLOCKS[freq]), False)]
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
    r = random.Random(20261206_12)
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
