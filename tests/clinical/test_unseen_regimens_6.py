"""Regimens nobody wrote down (sixth hunt).

Prescriptions as Canadian primary-care prescribers and pharmacists write them, in English and
Québec French: "die (hs)", "1 co aux 4 h au besoin, max 6 co par jour" of a dose in mg,
"Tylenol avec codéine no 3", and the frequencies whose count of doses a day is not known
("12/12", "q4h while awake", "3 f/j", "½ co hs" of a dose in mg), refused with the reason.
Expected figures are computed here from the cited factors (clinical.md §1.2, CDC 2022,
re-typed, not imported) and the taper rates of §2.1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import ClinicalInputError, calculate_mme
from clinical.regimen import plan_regimen_taper

D = Decimal
START = dt.date(2027, 3, 1)
EPS = D("0.000001")

#: clinical.md §1.2, CDC 2022 clinical table [V] (re-typed).
FACTORS = {
    "morphine": D(1),
    "oxycodone": D("1.5"),
    "hydromorphone": D(5),
    "codeine": D("0.15"),
    "tramadol": D("0.2"),
    "tapentadol": D("0.4"),
}
#: Tylenol No. 3: codeine 30 mg a tablet; No. 4: 60 mg (product monographs).
NO_3 = D(30)
NO_4 = D(60)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _one(row: dict[str, Any]) -> Any:
    result = calculate_mme([row])
    assert not result.excluded, result.excluded
    (counted,) = result.rows
    return counted


def _refusal(row: dict[str, Any]) -> tuple[str, str]:
    result = calculate_mme([row])
    assert not result.rows
    (excluded,) = result.excluded
    return excluded.reason_code, excluded.reason


# --- "die (hs)": once a day, at one named time --------------------------------------------------

ONCE_AT_A_TIME = [
    "die (hs)",
    "die hs",
    "DIE HS",
    "die, hs",
    "die [hs]",
    "die au coucher",
    "die (au coucher)",
    "die am",
    "die le matin",
    "od hs",
    "daily at bedtime",
    "once daily (qhs)",
    "1 fois par jour au coucher",
    "une fois par jour le soir",
    "1x/j hs",
]


@pytest.mark.parametrize("frequency", ONCE_AT_A_TIME)
def test_regression_once_a_day_at_a_named_time_is_one_dose_a_day(frequency: str) -> None:
    """Before: "die (hs)" and the like were refused as not recognised, though "die" (once a
    day) and "hs" (at bedtime) each say one dose a day (HL7 v3 GTSAbbreviation QD, AM, PM;
    Canadian prescription guides: HS "au coucher")."""
    counted = _one({"drug": "M-Eslon", "dose": "15", "unit": "mg", "frequency": frequency})
    assert counted.times_per_day == 1
    assert counted.mme_per_day == D(15) * FACTORS["morphine"]
    assert counted.as_needed is False


def test_regression_once_a_day_at_bedtime_as_needed_keeps_its_prn() -> None:
    counted = _one({"drug": "Statex", "dose": "5", "unit": "mg", "frequency": "die (hs) prn"})
    assert (counted.times_per_day, counted.as_needed) == (1, True)
    counted = _one(
        {"drug": "Tylenol No. 3", "dose": "1", "unit": "co", "frequency": "die hs au besoin"}
    )
    assert counted.mme_per_day == NO_3 * FACTORS["codeine"]


@pytest.mark.parametrize(
    "frequency",
    [
        "bid hs",  # two doses a day, one time named: which?
        "qam hs",  # morning and bedtime: two doses
        "hs am",
        "daily am hs",
        "die q12h",
        "q24h hs",
        "1-2 fois par jour hs",
        "die le matin et au coucher",
    ],
)
def test_a_count_and_times_that_disagree_are_still_refused(frequency: str) -> None:
    code, reason = _refusal(
        {"drug": "morphine", "dose": "10", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"
    assert "times_per_day" in reason


# --- "1 co q4h prn, max 6 co/j" of a dose in mg ------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "dose", "frequency", "per_day"),
    [
        ("Statex", "5", "1 co aux 4 h au besoin, max 6 co par jour", 6),
        ("oxycodone", "5", "1 co q4h prn (max 6 co/j)", 6),
        ("Supeudol", "10", "1 co q4h prn max 4 co/j", 4),
        ("Dilaudid", "2", "1 comprimé aux 3 heures au besoin, maximum 6 comprimés par jour", 6),
        ("hydromorphone", "1", "1 tab q4-6h prn, max 8 tabs daily", 6),
    ],
)
def test_regression_one_tablet_a_dose_makes_a_tablet_maximum_a_dose_maximum(
    drug: str, dose: str, frequency: str, per_day: int
) -> None:
    """Before: refused ("counts tablets but the dose is in mg"), though the frequency itself
    says one tablet a dose, so at most 6 tablets a day is at most 6 doses a day. The lower of
    the interval and the maximum is counted (both bind the patient)."""
    counted = _one({"drug": drug, "dose": dose, "unit": "mg", "frequency": frequency})
    factor = FACTORS[counted.drug]
    assert counted.times_per_day == per_day
    assert counted.mme_per_day == D(dose) * per_day * factor
    assert counted.as_needed is True


@pytest.mark.parametrize(
    "frequency", ["2 co q4h prn, max 8 co/j", "max 8 co/j", "q4h prn, max 8 co/j"]
)
def test_a_tablet_maximum_with_no_tablets_a_dose_is_still_refused(frequency: str) -> None:
    """Two tablets a dose of 10 mg, or no count at all: the doses a day are not known."""
    code, _reason = _refusal(
        {"drug": "oxycodone", "dose": "10", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"


@given(
    dose=st.sampled_from(["2,5", "5", "7,5", "10", "15", "20"]),
    hours=st.sampled_from([3, 4, 6, 8]),
    most=st.integers(min_value=1, max_value=12),
    french=st.booleans(),
)
@SETTINGS
def test_one_tablet_a_dose_counts_the_lower_limit_and_grows_with_it(
    dose: str, hours: int, most: int, french: bool
) -> None:
    frequency = (
        f"1 co aux {hours} h au besoin, max {most} co par jour"
        if french
        else f"1 tab q{hours}h prn, max {most} tabs/day"
    )
    counted = _one({"drug": "oxycodone", "dose": dose, "unit": "mg", "frequency": frequency})
    per_day = min(24 // hours, most)
    assert counted.times_per_day == per_day
    assert counted.mme_per_day == D(dose.replace(",", ".")) * per_day * FACTORS["oxycodone"]
    more = _one(
        {
            "drug": "oxycodone",
            "dose": dose,
            "unit": "mg",
            "frequency": frequency.replace(f"max {most} ", f"max {most + 1} "),
        }
    )
    assert more.mme_per_day >= counted.mme_per_day


# --- Tylenol avec codéine no 3 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "mg"),
    [
        ("Tylenol avec codéine no 3", NO_3),
        ("Tylenol avec codéine n° 3", NO_3),
        ("TYLENOL AVEC CODÉINE Nº 4", NO_4),
        ("Tylenol codéine #3", NO_3),
        ("Tylenol #3 avec codéine", NO_3),
        ("Tylenol #4 with codeine", NO_4),
        ("acétaminophène avec codéine no 3", NO_3),
    ],
)
def test_regression_a_french_name_of_a_numbered_codeine_product_is_read(
    name: str, mg: Decimal
) -> None:
    """Before: "Tylenol avec codéine no 3" was refused as a combination whose strength could
    not be read ("opioid mg / non-opioid mg"), a wrong reason for the product's French name."""
    counted = _one({"drug": name, "dose": "2", "unit": "co", "frequency": "qid"})
    assert counted.drug == "codeine"
    assert counted.mme_per_day == 2 * mg * 4 * FACTORS["codeine"]


@pytest.mark.parametrize("name", ["Tylenol avec codéine no 5", "Tylenol avec codéine"])
def test_a_numbered_codeine_name_without_a_known_number_is_not_read(name: str) -> None:
    code, _reason = _refusal({"drug": name, "dose": "1", "unit": "co", "frequency": "qid"})
    assert code in {"combination_strength_unknown", "unit_tablet", "unknown_drug"}


def test_t3_and_t4_keep_their_current_reading() -> None:
    """Reported, not changed: "T3"/"T4" are read as Tylenol No. 3/No. 4 (also thyroid hormone
    names); the clinician is asked to confirm the strength shown back."""
    for name, mg in (("T3", NO_3), ("T4", NO_4)):
        counted = _one({"drug": name, "dose": "1", "unit": "co", "frequency": "tid"})
        assert counted.mme_per_day == mg * 3 * FACTORS["codeine"]
        assert any("Confirm the strength" in note for note in counted.notes)


# --- Refused with the reason -------------------------------------------------------------------


@pytest.mark.parametrize("frequency", ["12/12", "1/24", "12 / 12", "6/7"])
def test_regression_a_fraction_for_a_frequency_is_refused_with_the_ismp_reason(
    frequency: str,
) -> None:
    """Before: only "not recognised". ISMP Canada (Safety Bulletin 2018;18(4)) strongly
    discourages fractions for frequency or duration: '12/12' may be every 12 hours or 12
    months, so the count of doses a day is not known and is never guessed."""
    code, reason = _refusal(
        {"drug": "morphine", "dose": "10", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"
    assert "ISMP Canada" in reason and "12 months" in reason and "q12h" in reason


@pytest.mark.parametrize(
    "frequency", ["q4h while awake", "q4h prn while awake", "aux 4 h pendant l'éveil", "q6h WA"]
)
def test_regression_while_awake_is_refused_because_the_waking_hours_are_not_given(
    frequency: str,
) -> None:
    code, reason = _refusal(
        {"drug": "hydromorphone", "dose": "2", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"
    assert "depend on the hours the patient is awake" in reason and "times_per_day" in reason


@pytest.mark.parametrize("frequency", ["3 f/j", "2 f./j.", "4 F/J prn"])
def test_regression_f_per_day_is_refused_with_what_to_write(frequency: str) -> None:
    """No published abbreviation list found gives "f/j"; "3 fois par jour" and "3x/j" are
    read, so the clinician is told to write one of them."""
    code, reason = _refusal(
        {"drug": "tramadol", "dose": "50", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"
    assert "f/j" in reason and "3 fois par jour" in reason and "3x/j" in reason


@pytest.mark.parametrize(
    "frequency", ["½ co hs", "1/2 co hs", "1 ½ co bid", "2 co bid", "1-2 co q4h prn"]
)
def test_regression_tablets_of_a_dose_in_mg_are_refused_with_the_question(frequency: str) -> None:
    """ "oxycodone 2,5 mg, ½ co hs": is 2,5 mg the tablet or the dose? Never guessed; the
    refusal now says so instead of "not recognised"."""
    code, reason = _refusal(
        {"drug": "oxycodone", "dose": "2,5", "unit": "mg", "frequency": frequency}
    )
    assert code == "frequency_unknown"
    assert "2.5 mg may be one tablet's strength or the whole dose" in reason


def test_an_unreadable_frequency_still_gets_the_plain_refusal() -> None:
    code, reason = _refusal({"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "xyz"})
    assert code == "frequency_unknown"
    assert reason.startswith("frequency 'xyz' is not recognised; give times_per_day")


# --- Never faster than the rule, with these frequencies ----------------------------------------

#: clinical.md §2.1: rule -> (bases, shortest interval in days, highest percent a step).
RULES = {
    "cdc2022-long-term": (("original", "current"), 28, 10),
    "cdc2022-short-duration": (("original-then-remaining",), 7, 10),
    "hhs2019": (("original", "current"), 28, 20),
}
ROWS = [
    {"drug": "M-Eslon", "dose": "30", "unit": "mg", "frequency": "die (hs)"},
    {
        "drug": "Statex",
        "dose": "5",
        "unit": "mg",
        "frequency": "1 co aux 4 h au besoin, max 6 co par jour",
    },
    {"drug": "Hydromorph Contin", "dose": "4,5", "unit": "mg", "frequency": "q12h"},
    {"drug": "Dilaudid", "dose": "1", "unit": "mg", "frequency": "1 co q4h prn (max 4 co/j)"},
    {"drug": "Tylenol avec codéine no 3", "dose": "1", "unit": "co", "frequency": "qid"},
    {"drug": "Tylenol No. 3", "dose": "½", "unit": "co", "frequency": "die hs"},
    {"drug": "Percocet", "dose": "1", "unit": "co", "frequency": "die au coucher"},
    {"drug": "OxyNEO", "dose": "20", "unit": "mg", "frequency": "q12h"},
    {
        "drug": "Doloral",
        "dose": "5",
        "unit": "mL",
        "frequency": "die (hs)",
        "concentration": "1 mg/mL",
    },
    {"drug": "Nucynta CR", "dose": "100", "unit": "mg", "frequency": "bid"},
    {"drug": "Tramacet", "dose": "1", "unit": "co", "frequency": "1 co q6h prn, max 4 co/j"},
    {"drug": "fentanyl", "dose": "25", "unit": "mcg/h", "frequency": "q72h"},
    {"drug": "Kadian", "dose": "20", "unit": "mg", "frequency": "od am"},
]


@given(
    rows=st.lists(st.sampled_from(ROWS), min_size=1, max_size=3, unique_by=lambda r: r["drug"]),
    rule=st.sampled_from(sorted(RULES)),
    data=st.data(),
)
@SETTINGS
def test_no_step_is_faster_than_its_rule_with_these_frequencies(
    rows: list[dict[str, Any]], rule: str, data: st.DataObject
) -> None:
    bases, days, most = RULES[rule]
    basis = data.draw(st.sampled_from(bases))
    percent = data.draw(st.integers(min_value=5, max_value=most)) if rule == "hhs2019" else None
    plan = plan_regimen_taper(
        rows,
        start_date=START,
        rule=rule,
        basis=basis,  # type: ignore[arg-type]
        percent=percent,
        duration="short-term" if rule == "cdc2022-short-duration" else "long-term",
    )
    if plan.refused is not None:
        assert plan.refused.message
        return
    start = plan.start_mme_per_day
    assert start == calculate_mme(rows).total_mme_per_day
    rate = plan.percent / 100
    assert plan.percent <= most
    before, when = start, START
    for step in plan.steps[1:]:
        if basis == "original" or (
            basis == "original-then-remaining" and before > start * D("0.3")
        ):
            allowed = start * rate
        else:
            allowed = before * rate
        assert before - step.mme_per_day <= allowed + EPS, (step.step, before, step.mme_per_day)
        assert step.mme_per_day <= before
        assert (step.date - when).days >= days
        for dose in step.doses:
            if dose.tablets is not None:
                assert (dose.tablets * 4) % 1 == 0  # whole, half or quarter tablets
        before, when = step.mme_per_day, step.date
    last = plan.steps[-1]
    if plan.complete:
        assert last.mme_per_day == 0
    else:
        # stopped rather than cut faster, or a rate of the current dose (never reaches zero)
        codes = {w.code for w in plan.warnings}
        assert "step_too_large" in codes or basis == "current", plan.to_dict()


# --- Through the calculator page ----------------------------------------------------------------


def _post(client: Any, do: str, **row: str) -> Any:
    data = {
        "med-TOTAL_FORMS": "4",
        "med-INITIAL_FORMS": "0",
        "table": "cdc2022",
        "rule": "cdc2022-long-term",
        "duration": "long-term",
        "start_date": "2027-03-01",
        "do": do,
        **{f"med-0-{k}": v for k, v in row.items()},
    }
    return client.post("/tools/opioids/", data)


@pytest.mark.django_db
def test_the_calculator_page_reads_these_rows(client: Any) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = _post(
        client, "mme", drug="M-Eslon", dose="30", unit="mg", frequency="die (hs)"
    ).content.decode()
    assert "Total: 30 MME/day" in html
    html = _post(
        client, "mme", drug="Tylenol avec codéine no 3", dose="2", unit="tablet", frequency="qid"
    ).content.decode()
    assert "Total: 36 MME/day" in html  # 2 x 30 mg x 4 x 0.15
    html = _post(
        client,
        "mme",
        drug="Statex",
        dose="5",
        unit="mg",
        frequency="1 co aux 4 h au besoin, max 6 co/j",  # the form takes 40 characters
    ).content.decode()
    assert "Total: 30 MME/day" in html


@pytest.mark.django_db
def test_the_calculator_page_shows_why_a_frequency_is_refused(client: Any) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = _post(client, "mme", drug="morphine", dose="10", unit="mg", frequency="12/12")
    assert response.status_code < 500
    html = response.content.decode()
    assert "ISMP Canada" in html and "q12h" in html
    html = _post(
        client, "mme", drug="morphine", dose="10", unit="mg", frequency="q4h while awake"
    ).content.decode()
    assert "hours the patient is awake" in html


# --- Numbers and units typed as on paper --------------------------------------------------------


@pytest.mark.parametrize("typed", ["1-2", "1 à 2", "2 ou 3", "1.5-2", "1 to 2"])
def test_regression_a_range_typed_as_the_dose_is_refused_saying_what_to_give(typed: str) -> None:
    """Before: "rows[0].dose must be a number", with no hint that a range is the reason."""
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme(
            [{"drug": "Tylenol No. 3", "dose": typed, "unit": "co", "frequency": "q4h prn"}]
        )
    assert refused.value.code == "mme.invalid_number"
    assert refused.value.field == "rows[0].dose"
    assert "a range is not one number" in refused.value.message


@pytest.mark.parametrize("typed", ["1/2", "1 1/2", "10/325"])
def test_regression_a_slash_in_a_dose_is_refused_saying_why(typed: str) -> None:
    """ "1/2" may be half a tablet, "10/325" a strength typed in the dose: a slash is never
    read as a division; "½" and "1 ½" are (their own characters)."""
    with pytest.raises(ClinicalInputError) as refused:
        calculate_mme([{"drug": "Percocet", "dose": typed, "unit": "co", "frequency": "qid"}])
    assert refused.value.code == "mme.invalid_number"
    assert "0.5 or ½" in refused.value.message
    assert _one(
        {"drug": "Percocet", "dose": "1 ½", "unit": "co", "frequency": "qid"}
    ).mme_per_day == (D("1.5") * 5 * 4 * FACTORS["oxycodone"])


@pytest.mark.parametrize("unit", ["cc", "CC", " cc "])
def test_regression_cc_is_refused_as_on_the_ismp_canada_list_asking_for_ml(unit: str) -> None:
    """Before: "unit 'cc' is not accepted for morphine (oral): give the dose in mg", a wrong
    hint for a liquid whose concentration was given."""
    code, reason = _refusal(
        {"drug": "Doloral", "dose": "5", "unit": unit, "frequency": "qid", "concentration": "1"}
    )
    assert code == "unit_unknown"
    assert "ISMP Canada" in reason and "mL" in reason


@pytest.mark.django_db
def test_the_calculator_taper_plan_for_a_one_tablet_prn_row(client: Any) -> None:
    """ "Statex 5 mg, 1 co aux 4 h prn, max 6 co/j" is 30 MME/day; the smallest cut the
    strengths make (5 mg, 16.7 %) is more than 10 % a month, so the plan on the page stops
    rather than cut faster, and says why (CDC 2022 Rec 5)."""
    from tests.factories import UserFactory

    row = {"drug": "Statex", "dose": "5", "unit": "mg", "frequency": "1 co aux 4 h prn, max 6 co/j"}
    client.force_login(UserFactory())
    response = _post(client, "taper", **row)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Total: 30 MME/day" in html
    assert "rather than cut faster" in html
    plan = plan_regimen_taper([row], start_date=START)
    assert plan.refused is None and plan.start_mme_per_day == 30
    assert [s.mme_per_day for s in plan.steps] == [30]
    assert not plan.complete
    assert {w.code for w in plan.warnings} == {"step_too_large"}


# --- Methadone sold for opioid agonist treatment ------------------------------------------------


@pytest.mark.parametrize("name", ["Methadose", "Metadol-D", "METADOL D"])
def test_regression_an_oat_methadone_product_with_no_purpose_is_flagged(name: str) -> None:
    """Before: "Methadose 80 mg die" counted 376 MME/day with the >= 90 guideposts and no
    word that the product is sold for opioid agonist treatment, to which CDC 2022 says the
    factors and thresholds do not apply. The total is kept (never hidden) and a warning asks
    for the purpose."""
    result = calculate_mme([{"drug": name, "dose": "80", "unit": "mg", "frequency": "die"}])
    assert result.total_mme_per_day == D(80) * D("4.7")
    codes = [code for code, _m in result.warnings]
    assert codes == ["oat_product"]
    assert "mark its purpose as OUD" in result.warnings[0][1]


@pytest.mark.parametrize(
    ("name", "purpose"), [("Metadol", None), ("methadone", None), ("Methadose", "pain")]
)
def test_analgesic_methadone_or_a_stated_purpose_gets_no_oat_warning(
    name: str, purpose: str | None
) -> None:
    row = {"drug": name, "dose": "10", "unit": "mg", "frequency": "tid", "purpose": purpose}
    result = calculate_mme([row])
    assert "oat_product" not in [code for code, _m in result.warnings]


def test_an_oat_methadone_product_marked_oud_is_not_counted() -> None:
    result = calculate_mme(
        [{"drug": "Methadose", "dose": "80", "unit": "mg", "frequency": "die", "purpose": "oud"}]
    )
    assert not result.rows and result.excluded[0].reason_code == "oud_treatment"
    assert result.warnings == ()


@pytest.mark.django_db
def test_the_calculator_page_shows_the_oat_warning(client: Any) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = _post(
        client, "mme", drug="Methadose", dose="80", unit="mg", frequency="die"
    ).content.decode()
    assert "opioid agonist treatment (OAT)" in html


# --- Immediate-release brands are tapered in immediate-release strengths -----------------------

#: Health Canada Drug Product Database: Dilaudid tablets 1, 2, 4, 8 mg; Supeudol 5, 10, 20 mg;
#: Statex 5, 10, 25, 50 mg (immediate release).
IR_BRANDS = {
    "Dilaudid": ("hydromorphone", (1, 2, 4, 8)),
    "Supeudol": ("oxycodone", (5, 10, 20)),
    "Statex": ("morphine", (5, 10, 25, 50)),
}


def _makeable(dose: Decimal, strengths: tuple[int, ...], tablets: int = 8) -> bool:
    sums = {D(0)}
    for _ in range(tablets):
        sums |= {s + D(t) for s in sums for t in strengths}
    return dose in sums


def test_regression_dilaudid_q4h_is_never_planned_in_extended_release_strengths() -> None:
    """Before: "Dilaudid 8 mg q4h" under HHS 2019 at 5 % was planned through 7.5, 6.5, 5.5 and
    4.5 mg doses, six times a day: amounts made only with Hydromorph Contin (extended-release
    3 and 4.5 mg) tablets, an extended-release product every 4 hours."""
    plan = plan_regimen_taper(
        [{"drug": "Dilaudid", "dose": "8", "unit": "mg", "frequency": "q4h"}],
        start_date=START,
        rule="hhs2019",
        percent=5,
    )
    doses = {d.dose for s in plan.steps for d in s.doses if d.dose}
    assert doses and all(_makeable(d, (1, 2, 4, 8)) for d in doses), sorted(doses)


@given(
    brand=st.sampled_from(sorted(IR_BRANDS)),
    tablets=st.integers(min_value=1, max_value=3),
    strength_index=st.integers(min_value=0, max_value=3),
    frequency=st.sampled_from(["q4h", "q6h", "qid", "1 co q4h prn, max 6 co/j", "tid"]),
    rule=st.sampled_from([("hhs2019", 5), ("hhs2019", 10), ("cdc2022-long-term", None)]),
)
@SETTINGS
def test_an_immediate_release_brand_is_planned_in_its_own_strengths(
    brand: str, tablets: int, strength_index: int, frequency: str, rule: tuple[str, int | None]
) -> None:
    drug, strengths = IR_BRANDS[brand]
    strength = strengths[min(strength_index, len(strengths) - 1)]
    if frequency.startswith("1 co"):
        tablets = 1
    row = {"drug": brand, "dose": str(strength * tablets), "unit": "mg", "frequency": frequency}
    plan = plan_regimen_taper([row], start_date=START, rule=rule[0], percent=rule[1])
    assert plan.refused is None
    for step in plan.steps:
        for dose in step.doses:
            assert dose.drug == drug
            assert dose.dose == 0 or _makeable(dose.dose, strengths), (step.step, dose.dose)


# --- Part of a tablet said twice ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "frequency", "per_day"),
    [
        ("½", "½ co q6h prn", 4),
        ("0,5", "½ co q6h prn", 4),
        ("1½", "1½ co bid", 2),
        ("1,5", "1 ½ co bid", 2),
        ("0,5", "0,5 co die", 1),
        ("½", "½ co q6h prn, max 2 co/j", 4),  # 2 tablets a day = 4 half-tablet doses
        ("½", "½ comprimé die (hs)", 1),
    ],
)
def test_regression_part_of_a_tablet_in_the_frequency_equal_to_the_dose_is_read(
    dose: str, frequency: str, per_day: int
) -> None:
    """Before: "Percocet ½ co, ½ co q6h prn" was refused as not recognised, though the half
    tablet in the frequency is the dose already given (whole tablets were read so)."""
    counted = _one({"drug": "Percocet", "dose": dose, "unit": "co", "frequency": frequency})
    amount = D(dose.replace(",", ".").replace("1½", "1.5").replace("½", "0.5"))
    assert counted.times_per_day == per_day
    assert counted.mme_per_day == amount * 5 * per_day * FACTORS["oxycodone"]


def test_part_of_a_tablet_that_contradicts_the_dose_is_still_refused() -> None:
    code, _reason = _refusal(
        {"drug": "Percocet", "dose": "1", "unit": "co", "frequency": "½ co q6h prn"}
    )
    assert code == "frequency_unknown"
