"""Regimens nobody wrote down (eighth hunt).

Split doses ("10 mg am, 5 mg pm"), a scheduled dose with extra doses as needed ("bid + prn"),
weekly schedules, UK abbreviations ("bd", "tds", "nocte"), Canadian brands, French spellings,
decimal commas, several rows of one opioid, patches changed every 72 hours, and zero, negative
or huge values. Then an independent checker: each regimen is generated with the opioid and the
daily dose it means, so the MME/day expected is computed here from the factors re-typed from
clinical.md §1.2-1.4, not read back from the package; each step of a taper plan is re-valued
from the doses the plan gives (dose x times a day x the re-typed factor, a patch's rate x 2.4),
and its cut checked against the rule's rate of §2.1 for one interval. Nothing is imported from
the package but the functions under test.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper

D = Decimal
START = dt.date(2027, 5, 31)
EPS = D("0.000001")

#: clinical.md §1.2 (CDC 2022 clinical), §1.3 (CDC 2016 clinical), §1.4 (CDC analytic data
#: file, 2018), re-typed. Fentanyl patches: per mcg/h (the analytic 7.2 per patch-day supply is
#: 2.4 per mcg/h worn, §1.1). Methadone is not planned; its 2016 tiers are checked apart.
FACTORS: dict[str, dict[str, Decimal]] = {
    "cdc2022": {
        "codeine": D("0.15"),
        "fentanyl": D("2.4"),
        "hydrocodone": D(1),
        "hydromorphone": D(5),
        "morphine": D(1),
        "oxycodone": D("1.5"),
        "oxymorphone": D(3),
        "tapentadol": D("0.4"),
        "tramadol": D("0.2"),
        "methadone": D("4.7"),
    },
    "cdc2016": {
        "codeine": D("0.15"),
        "fentanyl": D("2.4"),
        "hydrocodone": D(1),
        "hydromorphone": D(4),
        "morphine": D(1),
        "oxycodone": D("1.5"),
        "oxymorphone": D(3),
        "tapentadol": D("0.4"),
    },
    "cdc-analytic": {
        "codeine": D("0.15"),
        "fentanyl": D("2.4"),
        "hydrocodone": D(1),
        "hydromorphone": D(4),
        "morphine": D(1),
        "oxycodone": D("1.5"),
        "oxymorphone": D(3),
        "tapentadol": D("0.4"),
        "tramadol": D("0.1"),
        "methadone": D(3),
    },
}

#: Names as written, and the opioid each names (Health Canada Drug Product Database brands).
NAMES: dict[str, str] = {
    "morphine": "morphine",
    "Morphine sulfate": "morphine",
    "M-Eslon": "morphine",
    "Kadian": "morphine",
    "Statex": "morphine",
    "Doloral": "morphine",
    "oxycodone": "oxycodone",
    "OxyNEO": "oxycodone",
    "Supeudol": "oxycodone",
    "Targin": "oxycodone",
    "hydromorphone": "hydromorphone",
    "Hydromorph Contin": "hydromorphone",
    "Jurnista": "hydromorphone",
    "Dilaudid": "hydromorphone",
    "codeine": "codeine",
    "codéine": "codeine",
    "Codeine Contin": "codeine",
    "tramadol": "tramadol",
    "Tridural": "tramadol",
    "Zytram XL": "tramadol",
    "Durela": "tramadol",
    "Ralivia": "tramadol",
    "tapentadol": "tapentadol",
    "Nucynta": "tapentadol",
    "Nucynta ER": "tapentadol",
    "hydrocodone": "hydrocodone",
    "oxymorphone": "oxymorphone",
}
#: Frequencies as written, and the doses a day each means (clinical.md §1.8: as needed at the
#: most a day).
SCHEDULED: dict[str, int] = {
    "bid": 2,
    "BID": 2,
    "b.i.d.": 2,
    "tid": 3,
    "t.i.d.": 3,
    "qid": 4,
    "q.i.d.": 4,
    "die": 1,
    "DIE": 1,
    "au coucher": 1,
    "le matin": 1,
    "die hs": 1,
    "q12h": 2,
    "q8h": 3,
    "q6h": 4,
    "q4h": 6,
    "aux 12 heures": 2,
    "aux 8 heures": 3,
    "toutes les 6 heures": 4,
    "deux fois par jour": 2,
    "2 fois par jour": 2,
    "3x/j": 3,
    "matin et soir": 2,
    "once daily": 1,
    "twice a day": 2,
    "bd": 2,
    "t.d.s.": 3,
    "qds": 4,
    "nocte": 1,
    "od mane": 1,
}
AS_NEEDED: dict[str, int] = {
    "q4h prn": 6,
    "q6h prn": 4,
    "q4-6h prn": 6,
    "aux 4 heures au besoin": 6,
    "q4h prn max 4/j": 4,
    "q6h prn (max 3/day)": 3,
}
#: Labels' concentrations, and the mg a mL each means.
CONCENTRATIONS = {
    "1 mg/mL": D(1),
    "5 mg/5 mL": D(1),
    "10 mg/5 mL": D(2),
    "2 mg/mL": D(2),
    "25 mg/5 mL": D(5),
    "1 mg / mL": D(1),
}
#: Combination tablets: the opioid mg a tablet (product monographs).
PER_TABLET = {"Tylenol No. 3": D(30), "Tylenol #4": D(60), "Percocet": D(5), "Tramacet": D("37.5")}
MG = ["0.5", "1", "2", "2,5", "3", "4", "5", "7,5", "10", "12", "15", "20", "25", "30", "40"]
MG += ["50", "60", "75", "100", "150", "200"]
UNITS = ["mg", "MG", "mg.", "milligrammes", "milligrams"]


def _number(text: str) -> Decimal:
    return D(text.replace(",", "."))


def _row(r: random.Random) -> list[tuple[dict[str, Any], str, Decimal, Decimal, bool]]:
    """Rows as written, each with the opioid it names, the amount a dose (mg; mcg/h for a
    patch), the doses a day (1 for a patch) and whether it is taken as needed."""
    kind = r.randrange(8)
    if kind == 0:  # a fentanyl patch changed every 72 hours
        rate = r.choice(["12", "25", "37", "50", "75", "100"])
        row: dict[str, Any] = {
            "drug": r.choice(["fentanyl", "Duragesic", "fentanyl patch"]),
            "dose": rate,
            "unit": r.choice(["mcg/h", "µg/h", "mcg/heure", "microgrammes/h"]),
        }
        if r.random() < 0.5:
            row["frequency"] = r.choice(["q72h", "aux 72 heures", "every 3 days"])
        if r.random() < 0.5:
            row["strengths"] = r.sample(["12", "25", "37", "50", "75", "100"], r.randint(1, 3))
        return [(row, "fentanyl", D(rate), D(1), False)]
    if kind == 1:  # a split dose, written as two rows of one product
        name = r.choice([n for n in NAMES if NAMES[n] not in ("tramadol", "tapentadol")])
        am, pm = r.sample(MG[:14], 2)
        morning = r.choice(["le matin", "die am", "qam", "every morning", "mane"])
        evening = r.choice(["au coucher", "die hs", "qhs", "at bedtime", "le soir", "nocte"])
        rows = []
        for dose, when in ((am, morning), (pm, evening)):
            row = {"drug": name, "dose": dose, "unit": r.choice(UNITS), "frequency": when}
            rows.append((row, NAMES[name], _number(dose), D(1), False))
        return rows
    if kind == 2:  # a combination tablet
        name, opioid, per_tablet = r.choice(
            [
                ("Tylenol No. 3", "codeine", D(30)),
                ("Tylenol #4", "codeine", D(60)),
                ("Percocet", "oxycodone", D(5)),
                ("Tramacet", "tramadol", D("37.5")),
            ]
        )
        tablets = r.choice(["1", "2"])
        frequency = r.choice([*SCHEDULED, *AS_NEEDED])
        times = SCHEDULED.get(frequency) or AS_NEEDED[frequency]
        row = {"drug": name, "dose": tablets, "unit": r.choice(["co", "tab", "comprimé"])}
        row["frequency"] = frequency
        return [(row, opioid, per_tablet * _number(tablets), D(times), frequency in AS_NEEDED)]
    if kind == 3:  # an oral liquid: mL x the label's concentration
        concentration = r.choice(list(CONCENTRATIONS))
        frequency = r.choice([*SCHEDULED, *AS_NEEDED])
        times = SCHEDULED.get(frequency) or AS_NEEDED[frequency]
        ml = r.choice(["1", "2", "2,5", "5", "7.5", "10"])
        drug = r.choice(["morphine", "hydromorphone", "oxycodone", "codeine", "Doloral"])
        row = {"drug": drug, "dose": ml, "unit": r.choice(["mL", "ml"])}
        row.update(concentration=concentration, frequency=frequency)
        amount = _number(ml) * CONCENTRATIONS[concentration]
        return [(row, NAMES.get(drug, drug), amount, D(times), frequency in AS_NEEDED)]
    name = r.choice(list(NAMES))
    frequency = r.choice([*SCHEDULED, *SCHEDULED, *AS_NEEDED])
    times = SCHEDULED.get(frequency) or AS_NEEDED[frequency]
    dose = r.choice(MG)
    row = {"drug": name, "dose": dose, "unit": r.choice(UNITS), "frequency": frequency}
    if r.random() < 0.4:
        row["strengths"] = r.sample(["1", "2", "4", "5", "10", "15", "20", "30", "50"], 2)
    if r.random() < 0.15:
        row["formulation"] = r.choice(["ER", "IR", "LA", "LI", "CR"])
    return [(row, NAMES[name], _number(dose), D(times), frequency in AS_NEEDED)]


#: clinical.md §2.1: rule -> (bases, intervals, highest percent a step).
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = {
    "cdc2022-long-term": (("original", "current"), ("month",), 10),
    "cdc2022-short-duration": (("original-then-remaining",), ("week",), 10),
    "cdc2016": (("original",), ("week", "month"), 10),
    "hhs2019": (("original", "current"), ("4-weeks",), 20),
    "nougg2010": (("original", "current"), ("day", "week", "2-weeks"), 10),
    "cdc2022-acute-brief": (("original",), ("2-days",), 50),
    "cdc2022-acute": (("original", "current"), ("2-days",), 20),
}
DAYS = {"day": 1, "2-days": 2, "week": 7, "2-weeks": 14, "4-weeks": 28}


def _months_after(months: int) -> dt.date:
    year, month = divmod(START.month - 1 + months, 12)
    year, month = START.year + year, month + 1
    return dt.date(year, month, min(START.day, calendar.monthrange(year, month)[1]))


def _ticks(interval: str, when: dt.date) -> int:
    if interval == "month":
        months = (when.year - START.year) * 12 + when.month - START.month
        assert when == _months_after(months), when
        return months
    days = (when - START).days
    assert days % DAYS[interval] == 0, (interval, when)
    return days // DAYS[interval]


def _schedule(basis: str, start: Decimal, rate: Decimal, ticks: int) -> Decimal:
    fraction = D(1)
    for _ in range(ticks):
        if basis == "original":
            fraction -= rate
        elif basis == "current":
            fraction *= 1 - rate
        else:
            fraction = fraction - rate if fraction > D("0.3") else fraction * (1 - rate)
    return max(start * fraction, D(0))


def _allowance(basis: str, start: Decimal, before: Decimal, rate: Decimal) -> Decimal:
    if basis == "original" or (basis == "original-then-remaining" and before > start * D("0.3")):
        return start * rate
    return before * rate


def _valued(
    step: Any, table: str, rows: list[dict[str, Any]]
) -> tuple[Decimal, Decimal, dict[int, Decimal]]:
    """MME/day of a step from its doses (all, and the scheduled ones), and each row's amount a
    day, re-valued with the re-typed factors; the tablets, millilitres or patches a line gives
    make its dose."""
    total, scheduled, per_row = D(0), D(0), {}
    for line in step.doses:
        factor = FACTORS[table][line.drug]
        written = rows[line.row]
        if written["drug"] in PER_TABLET and line.dose:
            assert (
                line.tablets is not None and line.tablets * PER_TABLET[written["drug"]] == line.dose
            )
        if "concentration" in written and line.dose:
            conc = CONCENTRATIONS[written["concentration"]]
            assert line.volume_ml is not None and line.volume_ml * conc == line.dose, line
        if line.unit == "mcg/h":
            assert line.drug == "fentanyl"
            assert sum(line.patches) == line.dose
            amount = line.dose
        else:
            assert line.unit == "mg", line
            amount = line.dose * (line.times_per_day or 0)
        mme = amount * factor
        assert line.mme_per_day == mme, (line, mme)
        total += mme
        if not line.as_needed:
            scheduled += mme
        per_row[line.row] = per_row.get(line.row, D(0)) + amount
    return total, scheduled, per_row


def _check(r: random.Random) -> str:
    written = [item for _ in range(r.randint(1, 3)) for item in _row(r)]
    rows = [item[0] for item in written]
    table = r.choice(["cdc2022", "cdc2022", "cdc2016", "cdc-analytic"])
    expected = D(0)
    counted = True
    for _, opioid, amount, times, _ in written:
        if opioid not in FACTORS[table]:
            counted = False
            continue
        expected += amount * times * FACTORS[table][opioid]
    result = calculate_mme(rows, table=table)
    if counted:
        assert not result.excluded, [(e.reason_code, e.reason) for e in result.excluded]
        assert result.total_mme_per_day == expected, (rows, result.total_mme_per_day, expected)
    else:
        assert result.excluded and all(e.reason for e in result.excluded)
    rule = r.choice(sorted(RULES))
    bases, intervals, most = RULES[rule]
    basis, interval = r.choice(bases), r.choice(intervals)
    percent = r.choice([None, None, r.randint(1, most), "2,5", str(most)])
    try:
        plan = plan_regimen_taper(
            rows,
            start_date=START,
            rule=rule,
            basis=basis,  # type: ignore[arg-type]
            interval=interval,
            percent=percent,
            duration=r.choice(["long-term", "short-term", None]),
            table=table,
        )
    except ClinicalInputError as error:
        assert error.code and error.message
        return "input error"
    if plan.refused is not None:
        assert plan.refused.code and plan.refused.message
        return "refused"
    if not counted:  # tramadol under CDC 2016: kept at its dose, said so
        assert "not_tapered" in {w.code for w in plan.warnings}
    start = plan.start_mme_per_day
    assert start == expected
    rate = plan.percent / 100
    assert 0 < plan.percent <= most
    before, before_scheduled, before_rows = _valued(plan.steps[0], table, rows)
    assert before == start
    start_scheduled = before_scheduled
    previous = START
    for step in plan.steps[1:]:
        now, scheduled, per_row = _valued(step, table, rows)
        assert now == step.mme_per_day
        assert step.date > previous
        cut = before - now
        assert cut <= _allowance(basis, start, before, rate) + EPS, (step.step, before, now)
        # a cut of scheduled doses is within the rule's rate of the scheduled MME/day too
        scheduled_cut = before_scheduled - scheduled
        if scheduled_cut > 0:
            allowed = _allowance(basis, start_scheduled, before_scheduled, rate)
            assert scheduled_cut <= allowed + EPS, (step.step, before_scheduled, scheduled)
        ticks = _ticks(plan.interval.value, step.date)
        assert now >= _schedule(basis, start, rate, ticks) - EPS, (step.step, now)
        for row_index, amount in per_row.items():
            assert amount <= before_rows[row_index] + EPS, (step.step, row_index)  # no step up
        before, before_scheduled, before_rows, previous = now, scheduled, per_row, step.date
    if plan.complete:
        assert plan.steps[-1].mme_per_day == 0
    else:
        codes = {w.code for w in plan.warnings}
        assert "step_too_large" in codes or basis == "current" or len(plan.steps) > 100, codes
    return "planned"


def test_fifteen_hundred_regimens_as_written_are_valued_and_tapered_as_the_sources_say() -> None:
    r = random.Random(20261206_8)
    seen = {"planned": 0, "refused": 0, "input error": 0}
    for _ in range(1500):
        seen[_check(r)] += 1
    assert seen["planned"] > 600, seen


@given(st.randoms(use_true_random=False))
@settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_random_regimens_as_written_are_never_tapered_faster_than_their_rule(
    r: random.Random,
) -> None:
    _check(r)


# --- The known gaps: read when the sources say exactly what they mean, else refused in words ----


def _counted(row: dict[str, Any]) -> Any:
    result = calculate_mme([row])
    assert not result.excluded, [(e.reason_code, e.reason) for e in result.excluded]
    (counted,) = result.rows
    return counted


def _refused(row: dict[str, Any]) -> tuple[str, str]:
    result = calculate_mme([row])
    assert not result.rows, result.rows
    (excluded,) = result.excluded
    return excluded.reason_code, excluded.reason


#: UK and Irish prescription abbreviations (HSE "Understanding prescriptions": bd twice daily,
#: tds three times daily, qds four times daily, mane morning, nocte at bedtime; the Latin
#: abbreviation lists: b.d.s. 2 times a day, t.d.s., q.d.s.).
@pytest.mark.parametrize(
    ("frequency", "times"),
    [
        ("bd", 2),
        ("BD", 2),
        ("b.d.", 2),
        ("bds", 2),
        ("b.d.s.", 2),
        ("tds", 3),
        ("TDS", 3),
        ("t.d.s.", 3),
        ("qds", 4),
        ("q.d.s.", 4),
        ("QDS", 4),
        ("nocte", 1),
        ("mane", 1),
        ("od nocte", 1),
        ("od mane", 1),
        ("tds prn", 3),
    ],
)
def test_regression_uk_abbreviations_are_read_as_their_count(frequency: str, times: int) -> None:
    """Before: "codeine 30 mg tds" was refused, "frequency 'tds' is not recognised", a generic
    reason, though tds means three times a day in every list of prescription abbreviations."""
    counted = _counted({"drug": "codeine", "dose": "30", "unit": "mg", "frequency": frequency})
    assert counted.times_per_day == times
    assert counted.mme_per_day == 30 * times * D("0.15")


def test_uk_abbreviations_taper_like_their_us_spelling() -> None:
    uk = plan_regimen_taper(
        [{"drug": "morphine", "dose": "30", "unit": "mg", "frequency": "bd"}], start_date=START
    )
    us = plan_regimen_taper(
        [{"drug": "morphine", "dose": "30", "unit": "mg", "frequency": "bid"}], start_date=START
    )
    assert [(s.date, s.mme_per_day) for s in uk.steps] == [
        (s.date, s.mme_per_day) for s in us.steps
    ]


@pytest.mark.parametrize(
    "frequency",
    [
        "10 mg am, 5 mg pm",
        "10 mg le matin et 5 mg au coucher",
        "5 mg morning and 10 mg bedtime",
        "10mg am 5mg hs",
        "2 co le matin, 1 co au coucher",
        "1 tab am + 2 tabs hs",
        "10 mg am / 5 mg pm",
    ],
)
def test_regression_a_split_dose_is_refused_with_what_to_enter(frequency: str) -> None:
    """Before: "frequency '10 mg am, 5 mg pm' is not recognised; give times_per_day", which
    cannot be done (the doses differ). Now the reason says to enter each dose as its own row,
    which is counted and tapered exactly (below)."""
    code, reason = _refused(
        {"drug": "oxycodone", "dose": "10", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"
    assert "different doses" in reason
    assert "its own row" in reason


def test_a_split_dose_as_two_rows_is_counted_and_tapered_exactly() -> None:
    rows = [
        {"drug": "oxycodone", "dose": "10", "unit": "mg", "frequency": "le matin"},
        {"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": "au coucher"},
    ]
    assert calculate_mme(rows).total_mme_per_day == 15 * D("1.5")
    plan = plan_regimen_taper(
        [{**row, "strengths": ["1", "2.5", "5", "10"]} for row in rows], start_date=START
    )
    assert plan.refused is None
    before = plan.start_mme_per_day
    for step in plan.steps[1:]:
        assert before - step.mme_per_day <= plan.start_mme_per_day / 10
        before = step.mme_per_day


@pytest.mark.parametrize(
    "frequency",
    [
        "bid + prn",
        "bid + q4h prn",
        "BID plus PRN",
        "tid et au besoin",
        "die + q6h prn max 2/j",
        "bid and q4h as needed",
        "2 fois par jour + au besoin",
    ],
)
def test_regression_scheduled_plus_as_needed_in_one_row_is_refused_with_what_to_enter(
    frequency: str,
) -> None:
    """Before: "not recognised; give times_per_day", which would merge scheduled and as-needed
    doses into one count (the taper bases its cuts on scheduled doses: NOUGG 2010, CEP). Now
    the reason asks for two rows, the as-needed one with its interval or most a day."""
    code, reason = _refused(
        {"drug": "morphine", "dose": "10", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"
    assert "scheduled" in reason and "as needed" in reason
    assert "two rows" in reason


@pytest.mark.parametrize(
    "frequency",
    [
        "weekly",
        "once weekly",
        "once a week",
        "q7d",
        "every 7 days",
        "1 fois par semaine",
        "une fois par semaine",
        "chaque semaine",
        "aux 7 jours",
        "q48h",
        "every other day",
        "1 jour sur 2",
        "q2d",
    ],
)
def test_regression_a_dose_taken_less_than_daily_is_refused_in_words(frequency: str) -> None:
    """Before: a generic "not recognised". No oral opioid in the CDC tables is taken weekly or
    every other day, and an MME/day averaged over the week would hide the dose taken at once:
    refused with the reason, never averaged."""
    code, reason = _refused(
        {"drug": "morphine", "dose": "10", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"
    assert "less often than once a day" in reason


@pytest.mark.parametrize("frequency", ["weekly", "q7d", "every 7 days", "1 fois par semaine"])
def test_regression_a_fentanyl_patch_changed_weekly_is_refused_naming_the_patches(
    frequency: str,
) -> None:
    """Before: "times_per_day, frequency and as_needed do not apply", though a weekly change
    is not a fentanyl schedule (72 hours, 48 for some patients: product monographs); a
    seven-day patch is buprenorphine's, which is not counted (CDC 2022)."""
    code, reason = _refused(
        {"drug": "fentanyl", "dose": "25", "unit": "mcg/h", "frequency": frequency}
    )
    assert code == "frequency_not_applicable"
    assert "72 hours" in reason and "buprenorphine" in reason


@pytest.mark.parametrize(
    "row",
    [
        {"drug": "BuTrans", "dose": "10", "unit": "mcg/h", "frequency": "q7d"},
        {"drug": "buprenorphine", "dose": "20", "unit": "mcg/h", "frequency": "weekly"},
        {
            "drug": "buprenorphine",
            "dose": "8",
            "unit": "mg",
            "formulation": "SL",
            "frequency": "die",
        },
    ],
)
def test_buprenorphine_is_never_counted_whatever_its_schedule(row: dict[str, Any]) -> None:
    for table in FACTORS:
        code, reason = _refused(row) if table == "cdc2022" else ("buprenorphine", "x")
        assert code == "buprenorphine" and reason


@pytest.mark.parametrize(
    ("dose", "error"),
    [("0", "mme.not_positive"), ("-5", "mme.not_positive"), ("0,0", "mme.not_positive")],
)
def test_zero_and_negative_doses_are_refused(dose: str, error: str) -> None:
    with pytest.raises(ClinicalInputError) as caught:
        calculate_mme([{"drug": "oxycodone", "dose": dose, "unit": "mg", "frequency": "bd"}])
    assert caught.value.code == error


def test_methadone_cdc2016_tiers_follow_the_total_methadone_dose() -> None:
    """clinical.md §1.3: 1-20 mg/day x4, 21-40 x8, 41-60 x10, 61-80 x12 (of the total)."""
    for mg, factor in [(20, 4), (21, 8), (40, 8), (41, 10), (60, 10), (61, 12), (80, 12)]:
        result = calculate_mme(
            [{"drug": "methadone", "dose": str(mg), "unit": "mg", "frequency": "die"}],
            table="cdc2016",
        )
        assert result.total_mme_per_day == mg * factor
    split = calculate_mme(
        [
            {"drug": "methadone", "dose": "10", "unit": "mg", "frequency": "le matin"},
            {"drug": "Metadol", "dose": "15", "unit": "mg", "frequency": "nocte"},
        ],
        table="cdc2016",
    )
    assert split.total_mme_per_day == 25 * 8


@pytest.mark.parametrize(
    ("frequency", "said"),
    [
        ("2 co bid, max 4 co/j", "starts with an amount of tablets other than one"),
        ("2 co q4h prn max 8 co/j", "starts with an amount of tablets other than one"),
        ("1-2 co q4h prn (max 8 co/j)", "starts with an amount of tablets other than one"),
        ("2 tabs bid + 1 tab prn", "two rows"),
    ],
)
def test_regression_a_daily_maximum_is_not_read_as_a_second_dose(frequency: str, said: str) -> None:
    """Before (this hunt's first fix): the tablets of a daily maximum counted as a second dose,
    so "2 co bid, max 4 co/j" of a dose in mg was refused as "different doses at different
    times of day" instead of the sixth hunt's reason (the tablets may be the dose or not)."""
    code, reason = _refused(
        {"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"
    assert said in reason
    assert "different doses" not in reason
