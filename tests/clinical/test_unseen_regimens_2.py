"""Regimens as a Canadian family physician or pharmacist types them (second hunt).

Canadian generic product names ("Apo-Oxycodone CR"), French rows ("codéine 30 mg 4 fois par
jour", "chlorhydrate d'hydromorphone aux 4 à 6 heures au besoin"), decimal commas and "½",
patch change intervals ("q72h"), liquids dosed in mg, and methadone or buprenorphine named in
a way the reader cannot take whole. Expected figures are computed here from the cited factors
(clinical.md §1.2, CDC 2022, re-typed, not imported) and the taper rates of §2.1.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper

D = Decimal
START = dt.date(2027, 1, 4)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

#: clinical.md §1.2, CDC 2022 clinical table [V] (re-typed).
CDC2022 = {
    "codeine": D("0.15"),
    "hydromorphone": D("5.0"),
    "methadone": D("4.7"),
    "morphine": D("1.0"),
    "oxycodone": D("1.5"),
    "tapentadol": D("0.4"),
    "tramadol": D("0.2"),
}
PATCH = D("2.4")


def one(row: dict[str, Any]) -> Any:
    result = calculate_mme([row])
    assert not result.excluded, result.excluded
    (counted,) = result.rows
    return counted


# --- Safety: no automatic plan around methadone or OUD treatment, however it is written -------


@pytest.mark.parametrize(
    "name",
    [
        "Méthadone",  # French
        "Methadone 10mg/mL",  # strength in the name: the row cannot be read whole
        "methadone oral solution 10 mg/mL",
        "Metadol-D 1 mg/mL",
        "MÉTHADOSE",
    ],
)
def test_regression_methadone_named_any_way_gets_no_automatic_plan(name: str) -> None:
    """Before: a methadone row the name reader could not take whole was listed as 'not
    tapered' and the other opioids got a plan (clinical.md safety invariant: methadone gets no
    automatic plan; CDC 2022 caution on methadone)."""
    rows = [
        {"drug": name, "dose": 30, "unit": "mg", "frequency": "die"},
        {"drug": "morphine", "dose": 30, "unit": "mg", "frequency": "bid"},
    ]
    plan = plan_regimen_taper(rows, start_date=START)
    assert plan.refused is not None and plan.refused.code == "methadone"
    assert not plan.steps


@pytest.mark.parametrize(
    "name", ["Buprénorphine-naloxone", "buprénorphine", "Buprenorphine 8 mg/naloxone 2 mg"]
)
def test_regression_buprenorphine_in_french_or_with_strengths_is_oud_treatment(
    name: str,
) -> None:
    rows = [
        {"drug": name, "dose": 8, "unit": "mg", "frequency": "die"},
        {"drug": "morphine", "dose": 30, "unit": "mg", "frequency": "bid"},
    ]
    plan = plan_regimen_taper(rows, start_date=START)
    assert plan.refused is not None and plan.refused.code == "oud_treatment"


# --- French and Canadian rows are counted, at the cited factor ---------------------------------


@pytest.mark.parametrize(
    ("row", "drug", "daily"),
    [
        (
            {"drug": "codéine", "dose": 30, "unit": "mg", "frequency": "4 fois par jour"},
            "codeine",
            120,
        ),
        (
            {"drug": "sulfate de morphine", "dose": 15, "unit": "mg", "frequency": "aux 12 heures"},
            "morphine",
            30,
        ),
        (
            {
                "drug": "chlorhydrate d'hydromorphone",
                "dose": 1,
                "unit": "mg",
                "frequency": "aux 4 à 6 heures au besoin",
            },
            "hydromorphone",
            6,
        ),
        (
            {"drug": "Apo-Oxycodone CR", "dose": 10, "unit": "mg", "frequency": "BID"},
            "oxycodone",
            20,
        ),
        (
            {"drug": "PMS-Hydromorphone", "dose": 2, "unit": "mg", "frequency": "q4h prn"},
            "hydromorphone",
            12,
        ),
        ({"drug": "Teva-Tramadol", "dose": 50, "unit": "mg", "frequency": "qid"}, "tramadol", 200),
        ({"drug": "Kadian sprinkle", "dose": 20, "unit": "mg", "frequency": "die"}, "morphine", 20),
        ({"drug": "M-Eslon", "dose": 30, "unit": "mg", "frequency": "q12h"}, "morphine", 60),
        (
            {"drug": "Nucynta ER", "dose": 100, "unit": "mg", "frequency": "deux fois par jour"},
            "tapentadol",
            200,
        ),
        (
            {"drug": "Hydromorph Contin", "dose": "4,5", "unit": "mg", "frequency": "BID"},
            "hydromorphone",
            9,
        ),
        (
            {"drug": "Statex", "dose": "2,5", "unit": "mg", "frequency": "every 4 hours as needed"},
            "morphine",
            15,
        ),
        (
            {"drug": "oxycodone", "dose": "½", "unit": "mg", "frequency": "tid"},
            "oxycodone",
            D("1.5"),
        ),
        (
            {"drug": "morphine", "dose": 10, "unit": "milligrammes", "frequency": "le matin"},
            "morphine",
            10,
        ),
        ({"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "bid-tid"}, "morphine", 30),
        (
            {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "2 à 3 fois par jour"},
            "morphine",
            30,
        ),
        (
            {"drug": "morphine", "dose": 5, "unit": "mg", "frequency": "up to 4 times daily"},
            "morphine",
            20,
        ),
        ({"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "2x/day"}, "oxycodone", 10),
    ],
)
def test_canadian_and_french_rows_count_at_the_cited_factor(
    row: dict[str, Any], drug: str, daily: Any
) -> None:
    counted = one(row)
    assert counted.drug == drug
    assert counted.daily_dose == D(daily)
    assert counted.mme_per_day == D(daily) * CDC2022[drug]


@pytest.mark.parametrize(
    ("row", "mme"),
    [
        # Tylenol No. 3: codeine 30 mg a tablet; 1.5 tablets 4 times a day = 180 mg/day
        ({"drug": "Tylenol No. 3", "dose": "1½", "unit": "comprimés", "frequency": "QID PRN"}, 27),
        # Tramacet: tramadol 37.5 mg a tablet; 8 tablets a day at most = 300 mg/day
        ({"drug": "Tramacet", "dose": 2, "unit": "co", "frequency": "max 8 co par jour"}, 60),
        ({"drug": "Tramacet", "dose": 1, "unit": "tab", "frequency": "max 8 tablets daily"}, 60),
    ],
)
def test_combination_tablets_written_in_french_count_their_opioid(
    row: dict[str, Any], mme: int
) -> None:
    assert one(row).mme_per_day == mme


@pytest.mark.parametrize("rate_unit", ["µg/heure", "mcg/heure", "microgrammes/heure", "mcg/hr"])
@pytest.mark.parametrize(
    "change", ["q72h", "Q72H", "every 72 hours", "q3d", "aux 72 heures", "tous les 3 jours", "q48h"]
)
def test_regression_a_patch_change_interval_is_not_a_frequency(rate_unit: str, change: str) -> None:
    """Before: 'fentanyl 25 mcg/h patch q72h' was not counted (frequency_not_applicable)."""
    counted = one(
        {"drug": "Mylan-Fentanyl Matrix", "dose": 25, "unit": rate_unit, "frequency": change}
    )
    assert counted.form.value == "transdermal"
    assert counted.mme_per_day == 25 * PATCH
    assert any("Patch changed every" in n for n in counted.notes)


@pytest.mark.parametrize("frequency", ["daily", "bid", "q24h", "q7d"])
def test_a_patch_with_a_dose_frequency_is_still_refused(frequency: str) -> None:
    result = calculate_mme(
        [{"drug": "fentanyl", "dose": 25, "unit": "mcg/h", "frequency": frequency}]
    )
    assert [e.reason_code for e in result.excluded] == ["frequency_not_applicable"]


@pytest.mark.parametrize("dose", ["1,000", "2,500", "1,2", "2,5,0"])
def test_a_comma_that_could_be_a_thousands_separator_is_refused_in_words(dose: str) -> None:
    if dose == "1,2":  # one or two digits after the comma: a decimal comma
        assert one(
            {"drug": "morphine", "dose": dose, "unit": "mg", "times_per_day": 1}
        ).daily_dose == D("1.2")
        return
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme([{"drug": "morphine", "dose": dose, "unit": "mg", "times_per_day": 1}])
    assert "decimal point" in refused.value.message


@pytest.mark.parametrize("name", ["Teva", "Apo", "apo teva", "pms"])
def test_a_maker_alone_is_no_drug(name: str) -> None:
    result = calculate_mme([{"drug": name, "dose": 10, "unit": "mg", "times_per_day": 1}])
    assert not result.rows and result.excluded[0].reason_code == "unknown_drug"


# --- Liquids dosed in mg keep their strengths in mg ---------------------------------------------


def test_regression_a_liquid_dosed_in_mg_keeps_strengths_in_mg() -> None:
    """Before: strengths of a liquid dosed in mg were multiplied by the concentration as if
    they were mL (5 mg -> 50 mg), so the plan stopped at once with a false strength_mismatch."""
    row = {
        "drug": "morphine",
        "dose": 10,
        "unit": "mg",
        "concentration": 10,
        "frequency": "q4h",
        "strengths": [5],
    }
    plan = plan_regimen_taper([row], start_date=START)
    assert plan.complete
    codes = {w.code for w in plan.warnings}
    assert "strength_mismatch" not in codes and "step_too_large" not in codes
    doses = {d.dose for s in plan.steps for d in s.doses}
    assert doses <= {D(0), D(5), D(10)}
    volumes = {d.volume_ml for s in plan.steps for d in s.doses if d.dose}
    assert volumes <= {D("0.5"), D(1)}


# --- Properties ---------------------------------------------------------------------------------

#: Ways of writing n doses a day, in English and French (re-typed).
WRITTEN = {
    1: [
        "die",
        "DIE",
        "od",
        "once daily",
        "1 fois par jour",
        "tous les jours",
        "q24h",
        "au coucher",
    ],
    2: ["bid", "BID", "q12h", "aux 12 heures", "deux fois par jour", "2x/day", "every 12 hours"],
    3: ["tid", "q8h", "3 fois par jour", "trois fois par jour", "toutes les 8 heures"],
    4: ["qid", "q6h", "4 fois par jour", "aux 6 heures", "q6h prn", "aux 6 heures au besoin"],
    6: ["q4h", "q4-6h prn", "aux 4 à 6 heures au besoin", "every 4-6 hours as needed"],
}
NAMES = {
    "morphine": ["morphine", "sulfate de morphine", "Statex", "M-Eslon", "Jamp-Morphine"],
    "hydromorphone": ["Dilaudid", "chlorhydrate d'hydromorphone", "PMS-Hydromorphone"],
    "oxycodone": ["OxyNEO", "Apo-Oxycodone CR", "oxycodone", "Supeudol"],
    "codeine": ["codéine", "Codeine Contin", "ratio-codeine"],
    "tapentadol": ["Nucynta", "Nucynta ER"],
    "tramadol": ["Tridural", "Zytram XL", "Teva-Tramadol"],
}


@st.composite
def written_row(draw: st.DrawFn) -> tuple[dict[str, Any], str, Decimal, int]:
    drug = draw(st.sampled_from(sorted(NAMES)))
    name = draw(st.sampled_from(NAMES[drug]))
    times = draw(st.sampled_from(sorted(WRITTEN)))
    written = draw(st.sampled_from(WRITTEN[times]))
    tenths = draw(st.integers(1, 2000))
    dose = D(tenths) / 10
    shown = draw(st.sampled_from([str(dose), str(dose).replace(".", ",")]))
    row = {"drug": name, "dose": shown if "." in str(dose) else int(dose), "unit": "mg"}
    row["frequency"] = written
    return row, drug, dose, times


@SETTINGS
@given(st.lists(written_row(), min_size=1, max_size=6))
def test_every_written_row_is_counted_linearly_and_the_total_is_their_sum(
    drawn: list[tuple[dict[str, Any], str, Decimal, int]],
) -> None:
    result = calculate_mme([row for row, *_ in drawn])
    # never silently dropped: each row is counted (none is excluded here)
    assert not result.excluded
    assert len(result.rows) == len(drawn)
    for counted, (_row, drug, dose, times) in zip(result.rows, drawn, strict=True):
        assert counted.drug == drug
        assert counted.mme_per_day == dose * times * CDC2022[drug]
    assert result.total_mme_per_day == sum(r.mme_per_day for r in result.rows)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "Méthadone",
                    "codéine",
                    "Teva",
                    "Mylan-Fentanyl Matrix",
                    "Apo-Oxycodone CR",
                    "Tylenol No. 3",
                    "Fiorinal C¼",
                    "T3",
                    "Atasol-30",
                    "Percocet-Demi",
                    "Butrans",
                    "gabapentine",
                    "lorazépam",
                    "x",
                ]
            ),
            st.sampled_from(["mg", "mcg/h", "comprimés", "mL", "co"]),
            st.sampled_from(["die", "q72h", "aux 6 heures", "1-2 co q4h prn", "hebdo"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_no_row_is_silently_dropped(rows: list[tuple[str, str, str]]) -> None:
    meds = [{"drug": n, "dose": 10, "unit": u, "frequency": f} for n, u, f in rows]
    result = calculate_mme(meds)
    indices = sorted([r.index for r in result.rows] + [e.index for e in result.excluded])
    assert indices == list(range(len(meds)))
    assert all(e.reason for e in result.excluded)
    # a counted row is an opioid: the co-prescribing guideposts must see it
    assert result.has_opioid or not result.rows


@st.composite
def french_regimen(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["tablet", "liquid_mg", "liquid_ml", "patch", "combo"]))
        times = draw(st.sampled_from(sorted(WRITTEN)))
        freq = draw(st.sampled_from(WRITTEN[times]))
        if kind == "patch":
            rate = draw(st.sampled_from([12, 25, 37, 50, 75, 100]))
            change = draw(st.sampled_from(["q72h", "aux 72 heures", None]))
            row = {"drug": "timbre de fentanyl", "dose": rate, "unit": "µg/heure"}
            if change:
                row["frequency"] = change
        elif kind == "combo":
            row = {
                "drug": draw(st.sampled_from(["Tylenol No. 3", "Tramacet", "Percocet"])),
                "dose": draw(st.sampled_from([1, 2, "½", "1½"])),
                "unit": draw(st.sampled_from(["comprimés", "co", "tab"])),
                "frequency": freq,
            }
        elif kind == "liquid_mg":
            row = {
                "drug": "sulfate de morphine",
                "formulation": "sirop",
                "dose": draw(st.sampled_from([2, 5, 10, 15])),
                "unit": "mg",
                "concentration": draw(st.sampled_from([1, 5, 10])),
                "strengths": draw(st.sampled_from([[1], [D("2.5")], [5], [1, 5]])),
                "frequency": freq,
            }
        elif kind == "liquid_ml":
            row = {
                "drug": "chlorhydrate d'hydromorphone",
                "dose": draw(st.sampled_from([1, 2, "2,5", 5])),
                "unit": "mL",
                "concentration": 1,
                "frequency": freq,
            }
        else:
            drug = draw(st.sampled_from(["morphine", "oxycodone", "hydromorphone"]))
            row = {
                "drug": draw(st.sampled_from(NAMES[drug])),
                "dose": draw(st.sampled_from([5, 10, 15, 20, 30])),
                "unit": "mg",
                "frequency": freq,
            }
        rows.append(row)
    return rows


@SETTINGS
@given(french_regimen())
def test_a_french_regimen_plan_is_never_faster_than_ten_percent_a_month(
    rows: list[dict[str, Any]],
) -> None:
    """clinical.md §2.1, CDC 2022: about 10 % per month or slower; per step, never more than
    one month's 10 % of the starting MME/day; no dose goes up; liquids stay in measured
    volumes of at least the smallest strength."""
    try:
        plan = plan_regimen_taper(rows, start_date=START)
    except ClinicalInputError:
        return
    if plan.refused is not None:
        return
    start = plan.start_mme_per_day
    for before, after in itertools.pairwise(plan.steps):
        assert after.mme_per_day < before.mme_per_day
        assert before.mme_per_day - after.mme_per_day <= start * D("0.10") + D("1e-9")
        # each line's total a day never goes up
        for row in {d.row for d in after.doses}:
            was = sum(o.dose * (o.times_per_day or 1) for o in before.doses if o.row == row)
            now = sum(x.dose * (x.times_per_day or 1) for x in after.doses if x.row == row)
            assert now <= was
        recomputed = (
            calculate_mme(
                [
                    {"drug": d.drug, "dose": d.dose, "unit": d.unit, "formulation": d.form_word}
                    | ({} if d.unit == "mcg/h" else {"times_per_day": d.times_per_day})
                    for d in after.doses
                    if d.dose
                ]
            ).total_mme_per_day
            if any(d.dose for d in after.doses)
            else D(0)
        )
        assert abs(recomputed - after.mme_per_day) < D("1e-6")
    for step in plan.steps:
        for d in step.doses:
            if d.volume_ml:
                assert (d.volume_ml * 2) == (d.volume_ml * 2).to_integral_value() or any(
                    r.get("strengths") for r in rows
                )


@pytest.mark.parametrize(
    ("name", "unit"),
    [("Tylenol No. 3", "tablet"), ("T3", "tab"), ("Tylenol No. 1", "co"), ("Tylenol No. 3", "mg")],
)
def test_regression_a_numbered_codeine_product_with_a_benzodiazepine_shows_the_guidepost(
    name: str, unit: str
) -> None:
    """Before: 'Tylenol No. 3' was counted as codeine but not seen as an opioid, so the
    opioid-with-benzodiazepine guidepost and its naloxone advice (CDC 2022 Recommendations 11
    and 8, clinical.md §4) were missing."""
    result = calculate_mme(
        [
            {"drug": name, "dose": 1, "unit": unit, "frequency": "qid"},
            {"drug": "lorazépam", "dose": 1, "unit": "mg", "frequency": "bid"},
        ]
    )
    codes = {g.code for g in result.guideposts}
    assert {"opioid-benzodiazepine", "naloxone-benzodiazepine"} <= codes


#: Canadian strengths of brands sold in fewer strengths than their drug (Health Canada Drug
#: Product Database, product monographs), re-typed.
BRAND_STRENGTHS = {
    "Tridural": [100, 200, 300],
    "Durela": [100, 200, 300],
    "Ralivia": [100, 200, 300],
    "Targin": [5, 10, 20, 40],
    "Kadian": [10, 20, 50, 100],
    "MS Contin": [15, 30, 60, 100, 200],
    "Jurnista": [4, 8, 16, 32],
}


def _sums_of(strengths: list[int], most: int = 8) -> set[Decimal]:
    made = {D(0)}
    for _ in range(most):
        made |= {m + s for m in made for s in strengths}
    return made


@pytest.mark.parametrize("brand", sorted(BRAND_STRENGTHS))
@pytest.mark.parametrize("times", [1, 2])
def test_regression_a_brand_plan_stays_in_that_brands_strengths(brand: str, times: int) -> None:
    """Before: 'Tridural 300 mg die' was planned down through 275, 250 and 225 mg, which
    only another brand's 75 mg tablet could make."""
    strengths = BRAND_STRENGTHS[brand]
    for start in sorted(_sums_of(strengths, 2) - {D(0)})[:6]:
        row = {"drug": brand, "dose": start, "unit": "mg", "times_per_day": times}
        plan = plan_regimen_taper([row], start_date=START, rule="hhs2019", percent=20)
        made = _sums_of(strengths)
        for step in plan.steps:
            for d in step.doses:
                assert d.dose in made, (brand, start, step.step, d.dose)


@pytest.mark.parametrize(
    ("name", "codeine_mg"),
    [
        ("Fiorinal C1/4", 15),
        ("Fiorinal-C¼", 15),
        ("Fiorinal C ½", 30),
        ("Tecnal C 1/2", 30),
        ("Trianal-C 1/4", 15),
    ],
)
def test_fiorinal_c_capsules_count_their_codeine(name: str, codeine_mg: int) -> None:
    """Fiorinal-C ¼ / ½: codeine ¼ grain (15 mg) or ½ grain (30 mg) a capsule (product
    monographs); 1 capsule q4h as needed counts 6 a day at codeine's 0.15."""
    counted = one({"drug": name, "dose": 1, "unit": "capsule", "frequency": "q4h prn"})
    assert counted.drug == "codeine"
    assert counted.mme_per_day == codeine_mg * 6 * CDC2022["codeine"]


@pytest.mark.parametrize("name", ["Fiorinal", "Fiorinal C", "Fiorinal C 3/4"])
def test_fiorinal_without_a_codeine_fraction_is_never_given_one(name: str) -> None:
    result = calculate_mme([{"drug": name, "dose": 1, "unit": "capsule", "frequency": "bid"}])
    assert not result.rows


@pytest.mark.parametrize(
    ("row", "daily"),
    [
        ({"drug": "oxycodone", "dose": 10, "unit": "mg", "frequency": "1 co BID"}, 20),
        ({"drug": "morphine", "dose": 5, "unit": "mg", "frequency": "1 tab aux 4 heures"}, 30),
        ({"drug": "Tylenol No. 3", "dose": 2, "unit": "co", "frequency": "1-2 co q4h prn"}, 360),
        ({"drug": "Tylenol No. 3", "dose": 1, "unit": "tab", "frequency": "1 tab qid"}, 120),
    ],
)
def test_a_tablet_count_that_cannot_change_the_dose_is_read_past(
    row: dict[str, Any], daily: int
) -> None:
    assert one(row).daily_dose == daily


@pytest.mark.parametrize(
    "row",
    [
        # 2 tablets of a dose in mg: 20 mg a dose or 10? never guessed
        {"drug": "oxycodone", "dose": 10, "unit": "mg", "frequency": "2 co BID"},
        # up to 2 tablets a dose, but the dose says 1: the most would be missed
        {"drug": "Tylenol No. 3", "dose": 1, "unit": "co", "frequency": "1-2 co q4h prn"},
        {"drug": "morphine", "dose": 5, "unit": "mL", "concentration": 1, "frequency": "1 co die"},
    ],
)
def test_a_tablet_count_that_could_change_the_dose_is_refused(row: dict[str, Any]) -> None:
    result = calculate_mme([row])
    assert not result.rows and result.excluded[0].reason_code == "frequency_unknown"


@pytest.mark.parametrize(
    "row",
    [
        {"drug": "methadone", "dose": 80, "unit": "mg", "frequency": "die", "purpose": "oud"},
        {
            "drug": "Methadose",
            "dose": 8,
            "unit": "mL",
            "concentration": 10,
            "frequency": "die",
            "purpose": "oud",
        },
        # slow-release oral morphine as opioid agonist treatment
        {"drug": "Kadian", "dose": 400, "unit": "mg", "frequency": "die", "purpose": "oud"},
    ],
)
def test_regression_oud_treatment_is_not_benchmarked_against_pain_thresholds(
    row: dict[str, Any],
) -> None:
    """Before: methadone 80 mg marked as OUD treatment counted 376 MME/day and raised the
    ≥90 'consider tapering' guidepost. clinical.md §1.1: the factors "should not be applied to
    dosage decisions related to the management of opioid use disorder"; thresholds for pain
    are not applicable to opioid agonist treatment (§1.4: not to be benchmarked)."""
    pain = {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "bid"}
    result = calculate_mme([row, pain])
    assert result.total_mme_per_day == 20
    assert [e.reason_code for e in result.excluded] == ["oud_treatment"]
    assert not result.partial
    assert not {g.code for g in result.guideposts} & {"mme-90-canada2017", "mme-50-cdc2022"}
    alone = calculate_mme([row])
    assert not alone.computed  # shown as not computed, never as 0


@pytest.mark.parametrize(
    ("row", "times"),
    [
        ({"drug": "oxycodone", "dose": 5, "unit": "mg", "frequency": "q4h prn, max 4/day"}, 4),
        ({"drug": "Supeudol", "dose": 5, "unit": "mg", "frequency": "q4h prn max 8/day"}, 6),
        (
            {
                "drug": "Tylenol No. 3",
                "dose": 2,
                "unit": "co",
                "frequency": "1-2 co aux 4 heures au besoin max 8 co par jour",
            },
            4,
        ),
        (
            {
                "drug": "Tylenol No. 3",
                "dose": 1,
                "unit": "co",
                "frequency": "q4h prn max 8 co par jour",
            },
            6,
        ),
    ],
)
def test_an_interval_with_a_daily_maximum_counts_the_lower_limit(
    row: dict[str, Any], times: int
) -> None:
    """The PRN rule (clinical.md §1.8) counts the most a day the prescription allows: the
    lower of the interval's count and the stated maximum (in doses, or tablets / tablets a
    dose). Before: refused as not recognised."""
    counted = one(row)
    assert counted.times_per_day == times and counted.as_needed


def test_an_interval_with_a_maximum_in_tablets_and_a_dose_in_mg_is_refused() -> None:
    result = calculate_mme(
        [{"drug": "morphine", "dose": 5, "unit": "mg", "frequency": "q4h max 4 tabs/day"}]
    )
    assert [e.reason_code for e in result.excluded] == ["frequency_unknown"]


@pytest.mark.parametrize(
    ("rows", "warned"),
    [
        # Tridural 300 mg + Tramacet 2 tablets qid (300 mg): 600 mg/day of tramadol
        (
            [
                {"drug": "Tridural", "dose": 300, "unit": "mg", "frequency": "die"},
                {"drug": "Tramacet", "dose": 2, "unit": "co", "frequency": "qid"},
            ],
            True,
        ),
        ([{"drug": "Zytram XL", "dose": 400, "unit": "mg", "frequency": "die"}], False),
        ([{"drug": "Nucynta", "dose": 100, "unit": "mg", "frequency": "q4h"}], False),
        ([{"drug": "Nucynta ER", "dose": 250, "unit": "mg", "frequency": "q8h"}], True),
    ],
)
def test_tramadol_and_tapentadol_above_the_label_maximum_are_flagged(
    rows: list[dict[str, Any]], warned: bool
) -> None:
    codes = [c for c, _ in calculate_mme(rows).warnings]
    assert ("above_label_maximum" in codes) is warned


@pytest.mark.parametrize(
    ("name", "drug", "mg"),
    [
        ("Percocet-Demi", "oxycodone", D("2.5")),
        ("Atasol-30", "codeine", 30),
        ("Atasol 15", "codeine", 15),
        ("Atasol-8", "codeine", 8),
        ("Emtec-30", "codeine", 30),
        ("Empracet-30", "codeine", 30),
        ("Empracet 60", "codeine", 60),
    ],
)
def test_canadian_combination_tablets_named_with_their_strength(
    name: str, drug: str, mg: Decimal
) -> None:
    counted = one({"drug": name, "dose": 1, "unit": "tablet", "frequency": "qid"})
    assert counted.drug == drug
    assert counted.mme_per_day == D(mg) * 4 * CDC2022[drug]


@pytest.mark.parametrize("name", ["Atasol-60", "Emtec-15", "Atasol"])
def test_other_numbers_on_those_names_are_never_read(name: str) -> None:
    result = calculate_mme([{"drug": name, "dose": 1, "unit": "tablet", "frequency": "qid"}])
    assert not result.rows


@pytest.mark.parametrize("name", ["Dilaudid-HP", "Hydromorphone HP", "Morphine HP"])
def test_high_potency_injections_are_refused_as_parenteral(name: str) -> None:
    """HP (high potency) hydromorphone and morphine are injections: no oral factor applies
    (clinical.md §1.2 factors are for oral doses and the fentanyl patch)."""
    result = calculate_mme([{"drug": name, "dose": 2, "unit": "mg", "frequency": "q4h"}])
    assert [e.reason_code for e in result.excluded] == ["parenteral"]


@pytest.mark.parametrize("name", ["gabapentine", "Prégabaline", "GABAPENTINE"])
def test_french_gabapentinoids_show_the_co_prescribing_guidepost(name: str) -> None:
    result = calculate_mme(
        [
            {"drug": name, "dose": 300, "unit": "mg", "frequency": "tid"},
            {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "bid"},
        ]
    )
    assert [e.reason_code for e in result.excluded] == ["gabapentinoid"]
    assert "opioid-gabapentinoid" in {g.code for g in result.guideposts}
    assert not result.partial


@pytest.mark.parametrize(
    "name", ["Rivotril", "bromazépam", "Lectopam", "nitrazepam", "Mogadon", "Frisium"]
)
def test_canadian_benzodiazepines_show_the_co_prescribing_guidepost(name: str) -> None:
    """Before: read as unknown drugs: no opioid-with-benzodiazepine guidepost (CDC 2022
    Recommendation 11) and the total marked partial as if an opioid were missing."""
    result = calculate_mme(
        [
            {"drug": name, "dose": 1, "unit": "mg", "frequency": "bid"},
            {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "bid"},
        ]
    )
    assert [e.reason_code for e in result.excluded] == ["benzodiazepine"]
    assert "opioid-benzodiazepine" in {g.code for g in result.guideposts}
    assert not result.partial


#: Fentanyl patches labelled 12, 37, 62, 87 mcg/h deliver 12.5, 37.5, 62.5, 87.5 (product
#: monographs; the planner's own rule): what a set of patches delivers.
DELIVERED = {12: D("12.5"), 37: D("37.5"), 62: D("62.5"), 87: D("87.5")}


def _delivered(patches: list[Decimal]) -> Decimal:
    return sum((DELIVERED.get(int(p), p) if p == int(p) else p for p in patches), D(0))


@pytest.mark.parametrize(
    ("rate", "strengths"),
    [
        (75, [50, 12]),  # was "lowered" to 50 + 12 + 12 = 74 (delivers 75)
        (50, [12, 100]),  # was "lowered" to 4 x 12 = 48 (delivers 50)
        (25, [12]),  # was "lowered" to 12 + 12 = 24 (delivers 25)
        (D("37.5"), None),  # the 37 patch written as it delivers: was "lowered" to 37
        (D("62.5"), None),
    ],
)
def test_regression_a_patch_plan_never_lowers_to_the_same_delivered_dose(
    rate: Decimal, strengths: list[int] | None
) -> None:
    row: dict[str, Any] = {"drug": "fentanyl", "dose": rate, "unit": "mcg/h"}
    if strengths:
        row["strengths"] = strengths
    plan = plan_regimen_taper([row], start_date=START)  # about 10 % a month
    start = D(rate) if rate not in DELIVERED else DELIVERED[int(rate)]
    for step in plan.steps[1:]:
        (dose,) = step.doses
        assert _delivered(list(dose.patches)) < start, step
    assert "strength_mismatch" not in {w.code for w in plan.warnings}
