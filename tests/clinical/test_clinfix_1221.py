"""Ninth clinical hunt (2026-12-06): the fixes, each with the regimen that showed it.

1. A range of doses a day ("1-2 times daily", "bid-tid", "q8-12h") was counted at its highest
   as if every dose were scheduled, so a taper could cut the truly scheduled doses beside it
   by more than the rule's rate of the scheduled MME/day (the third hunt's rule): the range is
   now as needed at its highest (the MME/day is unchanged).
2. "1e2" was read as 100 (Python's Decimal reads scientific notation): refused in words.
3. A taper percent written "10 %" was read by the calculators but refused by the calculator
   page's and the API's number fields: all read it the same way.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from clinical import ClinicalInputError, calculate_mme, read_number
from clinical.regimen import plan_regimen_taper
from clinical.taper import read_percent
from tests.cases.conftest import (  # the case fixtures, for the case page's taper form
    CLEAN,
    draft,  # noqa: F401
    presenter,  # noqa: F401
    upcoming_session,  # noqa: F401
)
from tests.factories import UserFactory

D = Decimal
START = dt.date(2027, 1, 4)


# --- 1. a range of doses a day is as needed ---------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "times"),
    [
        ("1-2 times daily", 2),
        ("1 to 2 times a day", 2),
        ("bid-tid", 3),
        ("BID to TID", 3),
        ("die-bid", 2),
        ("2 à 3 fois par jour", 3),
        ("q8-12h", 3),
        ("q 8-12 h", 3),
        ("q12-24h", 2),
        ("4-6 times a day", 6),
    ],
)
def test_regression_a_range_of_doses_a_day_is_counted_at_its_highest_as_needed(
    frequency: str, times: int
) -> None:
    """Before: counted at its highest (kept) but as scheduled (as_needed false)."""
    (row,) = calculate_mme(
        [{"drug": "morphine", "dose": "10", "unit": "mg", "frequency": frequency}]
    ).rows
    assert row.times_per_day == times and row.mme_per_day == 10 * times
    assert row.as_needed is True


@pytest.mark.parametrize("frequency", ["bid", "q8h", "2 fois par jour", "bid-bid", "q12h"])
def test_a_fixed_count_stays_scheduled(frequency: str) -> None:
    (row,) = calculate_mme(
        [{"drug": "morphine", "dose": "10", "unit": "mg", "frequency": frequency}]
    ).rows
    assert row.as_needed is False


@pytest.mark.parametrize("frequency", ["1-2 times daily", "bid-tid", "q8-12h", "1 à 2 fois/j"])
def test_regression_a_range_beside_scheduled_doses_never_speeds_up_their_taper(
    frequency: str,
) -> None:
    """Before: morphine SR 30 mg bid with morphine 10 mg "1-2 times daily": the SR went from
    60 to 52 mg a day in the first month (13.3 % of the scheduled 60 mg, where the rule
    allows 10 %), as the range's ceiling counted in the scheduled MME/day (80)."""
    rows = [
        {
            "drug": "morphine SR",
            "dose": "30",
            "unit": "mg",
            "frequency": "bid",
            "strengths": ["1", "10", "30"],
        },
        {
            "drug": "morphine",
            "dose": "10",
            "unit": "mg",
            "frequency": frequency,
            "strengths": ["10"],
        },
    ]
    plan = plan_regimen_taper(rows, start_date=START)
    assert plan.refused is None and len(plan.steps) > 3
    scheduled_start = D(60)
    before = scheduled_start
    for step in plan.steps[1:]:
        scheduled = sum((d.mme_per_day for d in step.doses if d.row == 0 and not d.as_needed), D(0))
        assert before - scheduled <= scheduled_start / 10, (step.step, before, scheduled)
        before = scheduled


# --- 2. scientific notation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("dose", "1e2"),
        ("dose", "1E1"),
        ("dose", "1.5e1"),
        ("dose", "2e-1"),
        ("dose", "1 e 2"),
        ("times_per_day", "2e0"),
        ("strengths", ["1e1"]),
        ("concentration", "1e0"),
    ],
)
def test_regression_scientific_notation_is_refused_in_words(field: str, value: Any) -> None:
    """Before: "oxycodone 1e2 mg q4h" counted 900 MME/day (read as 100 mg)."""
    row: dict[str, Any] = {"drug": "morphine", "dose": "10", "unit": "mg", "frequency": "bid"}
    if field == "concentration":
        row["unit"] = "mL"
    if field == "times_per_day":
        del row["frequency"]
    row[field] = value
    with pytest.raises(ClinicalInputError) as caught:
        calculate_mme([row])
    assert caught.value.code == "mme.invalid_number"
    assert caught.value.reason == "scientific_notation"
    assert "scientific notation" in caught.value.message
    assert "in digits" in caught.value.message


@pytest.mark.parametrize("name", ["dose", "times_per_day", "strengths", "concentration"])
def test_regression_a_decimal_a_schema_read_from_scientific_notation_is_refused(
    name: str,
) -> None:
    """The API's and the case form's readers (clinical.read_number): a schema reads "1e2" as
    Decimal("1E+2"), which is refused; Decimal("100") is read."""
    with pytest.raises(ClinicalInputError) as caught:
        read_number(D("1e2"), name=name)
    assert caught.value.reason == "scientific_notation"
    assert read_number(D("100"), name=name) == 100


@pytest.mark.parametrize(
    ("concentration", "per_ml"),
    [("10 mg/mL", 10), ("20 mg/mL", 20), ("50 mg/5 mL", 10), ("100 mg/10 mL", 10)],
)
def test_a_label_concentration_reduced_to_tens_is_still_read(
    concentration: str, per_ml: int
) -> None:
    """A label's "10 mg/mL" reduces to Decimal("1E+1") inside the calculator: it is read,
    never taken for scientific notation (this hunt's first fix refused it)."""
    row = {"drug": "hydromorphone", "dose": "1", "unit": "mL", "frequency": "q4h"}
    result = calculate_mme([{**row, "concentration": concentration}])
    assert result.total_mme_per_day == per_ml * 6 * 5
    plan = plan_regimen_taper([{**row, "concentration": concentration}], start_date=START)
    assert plan.refused is None and len(plan.steps) > 1


@pytest.mark.parametrize("value", ["1e999999", "1e-999999", D("1e999999")])
def test_an_absurd_magnitude_in_scientific_notation_is_still_refused_as_absurd(
    value: Any,
) -> None:
    with pytest.raises(ClinicalInputError) as caught:
        calculate_mme([{"drug": "morphine", "dose": value, "unit": "mg", "times_per_day": 2}])
    assert caught.value.code == "mme.absurd_number"


@pytest.mark.parametrize("typed", ["10", "2.5", "0.5", "7,5", "½", "1 ½", "１０"])
def test_numbers_as_clinicians_write_them_are_still_read(typed: str) -> None:
    result = calculate_mme([{"drug": "morphine", "dose": typed, "unit": "mg", "frequency": "die"}])
    assert result.rows and not result.excluded


@pytest.mark.django_db
def test_regression_the_case_form_says_why_scientific_notation_is_refused(client: Any) -> None:
    """The calculator page reads rows as the case form does (cases.services): it said "is
    not a number" for "1e2"; now why, and the row is kept as typed."""
    client.force_login(UserFactory())
    html = _post_page(client, "mme", **{"med-0-dose": "1e2"}).content.decode()
    assert "scientific notation" in html
    assert 'value="1e2"' in html


# --- 3. a percent with its sign, on every door ------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [("10 %", 10), ("10%", 10), ("10,5 %", D("10.5")), ("10\u00a0%", 10), ("7.5", D("7.5"))],
)
def test_a_percent_with_its_sign_is_read(typed: str, read: Decimal) -> None:
    assert read_percent(typed) == read


@pytest.mark.parametrize("typed", ["10 pour cent", "%10", "10 %%", "ten", "1e1", "10 % / mois"])
def test_anything_else_is_refused_in_words(typed: str) -> None:
    with pytest.raises(ClinicalInputError) as caught:
        read_percent(typed)
    assert caught.value.field == "percent"
    assert "percent is" in caught.value.message


def _post_page(client: Any, do: str, **extra: str) -> Any:
    data = {
        "med-TOTAL_FORMS": "4",
        "med-INITIAL_FORMS": "0",
        "table": "cdc2022",
        "rule": "hhs2019",
        "duration": "long-term",
        "start_date": dt.date.today().isoformat(),
        "do": do,
        "med-0-drug": "oxycodone",
        "med-0-dose": "30",
        "med-0-unit": "mg",
        "med-0-times_per_day": "4",
        "med-0-strengths": "5",
        **extra,
    }
    return client.post("/tools/opioids/", data)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["10 %", "10%", "10,5 %", "10\u00a0%"])
def test_regression_the_calculator_page_reads_a_percent_with_its_sign(
    client: Any, typed: str
) -> None:
    """Before: the page's number field refused "10 %" ("Enter a number.")."""
    client.force_login(UserFactory())
    response = _post_page(client, "taper", percent=typed)
    html = response.content.decode()
    assert response.status_code == 200, html
    shown = "10.5" if "," in typed else "10"
    assert f"{shown} % every" in html


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["10 pour cent", "1e1", "0.25", "120 %", "7.125"])
def test_the_calculator_page_refuses_any_other_percent_in_words(client: Any, typed: str) -> None:
    client.force_login(UserFactory())
    response = _post_page(client, "taper", percent=typed)
    html = response.content.decode()
    assert "reduction per step" in html
    assert f'value="{typed}"' in html  # kept as typed


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["10 %", "10%", "10,5 %", 10, "7.5"])
def test_regression_the_api_reads_a_percent_with_its_sign(client: Any, typed: Any) -> None:
    """Before: a 422 from the schema ("Input should be a valid decimal")."""
    client.force_login(UserFactory())
    body = {
        "medications": [{"drug": "oxycodone", "dose": 30, "unit": "mg", "times_per_day": 4}],
        "start_date": "2027-01-04",
        "rule": "hhs2019",
        "percent": typed,
    }
    response = client.post("/api/v1/clinical/taper", body, content_type="application/json")
    assert response.status_code == 200, response.content
    expected = D(str(typed).replace(",", ".").rstrip("% "))
    assert D(str(response.json()["percent"])) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "typed"),
    [("dose", "1e1"), ("dose", "1.5E+1"), ("concentration", "1e0"), ("strengths", ["1e1"])],
)
def test_regression_the_api_refuses_scientific_notation_in_a_row(
    client: Any, field: str, typed: Any
) -> None:
    """Before: the schema read "1e1" as 10 and the total was computed."""
    client.force_login(UserFactory())
    row: dict[str, Any] = {"drug": "morphine", "dose": "10", "unit": "mg", "times_per_day": 2}
    if field == "concentration":
        row["unit"] = "mL"
    row[field] = typed
    for path, extra in (("mme", {}), ("taper", {"start_date": "2027-01-04"})):
        response = client.post(
            f"/api/v1/clinical/{path}",
            {"medications": [row], **extra},
            content_type="application/json",
        )
        assert response.status_code == 422, response.content
        assert "scientific notation" in response.content.decode()
        assert field in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["10 pour cent", "1e1", "%10", 0, "150 %"])
def test_the_api_refuses_any_other_percent_with_its_field(client: Any, typed: Any) -> None:
    client.force_login(UserFactory())
    body = {
        "medications": [{"drug": "oxycodone", "dose": 30, "unit": "mg", "times_per_day": 4}],
        "start_date": "2027-01-04",
        "rule": "hhs2019",
        "percent": typed,
    }
    response = client.post("/api/v1/clinical/taper", body, content_type="application/json")
    assert response.status_code == 422
    assert "percent" in response.content.decode()


# --- 4. a patch rate no patch delivers ---------------------------------------------------------


@pytest.mark.parametrize("rate", ["0.025", "0.05", "4.2", "6", "11.9"])
def test_regression_a_patch_rate_below_the_smallest_patch_is_refused_naming_the_unit(
    rate: str,
) -> None:
    """Before: fentanyl "0.025 mcg/h" (25 mcg/h typed in mg/h) counted 0.06 MME/day silently,
    a thousand times less than the patch worn; "4.2" (a patch's content in mg) 10.08. Refused
    (the lead's decision, clinfix10; 69ab432 only warned)."""
    result = calculate_mme([{"drug": "fentanyl", "dose": rate, "unit": "mcg/h"}])
    (excluded,) = result.excluded
    assert excluded.reason_code == "unit_mismatch"
    assert "smallest patch (12 mcg/h)" in excluded.reason and " mg/h is " in excluded.reason
    assert not result.rows and not result.warnings


@pytest.mark.parametrize("rate", ["12", "12.5", "25", "37.5", "100"])
def test_marketed_patch_rates_are_counted_without_the_warning(rate: str) -> None:
    result = calculate_mme([{"drug": "fentanyl", "dose": rate, "unit": "mcg/h"}])
    assert result.total_mme_per_day == D(rate) * D("2.4")
    assert not result.warnings


def test_a_patch_strength_below_the_smallest_on_hand_is_refused_not_planned() -> None:
    """With the rate refusal alone, "25 mcg/h with 5 and 10 on hand" planned a step to 10
    mcg/h, which the plan's own check then refused (a server error)."""
    rows = [{"drug": "fentanyl", "dose": "25", "unit": "mcg/h", "strengths": ["5", "10", "25"]}]
    (excluded,) = calculate_mme(rows).excluded
    assert excluded.reason_code == "unit_mismatch" and "strength of 5 mcg/h" in excluded.reason
    with pytest.raises(ClinicalInputError):
        plan_regimen_taper(rows, start_date=START, rule="hhs2019", percent=20)
    plan = plan_regimen_taper(
        [*rows, {"drug": "morphine", "dose": "30", "unit": "mg", "frequency": "bid"}],
        start_date=START,
    )
    assert "not_tapered" in {w.code for w in plan.warnings}
    assert all(d.drug != "fentanyl" for s in plan.steps for d in s.doses)


# --- 5. the case page's taper form reads the percent as the calculators do ------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "shown"), [("10 %", "10 % every"), ("7,5 %", "7.5 % every")])
def test_regression_the_case_page_previews_a_percent_with_its_sign(
    as_role: Any,
    program: Any,
    make_member: Any,
    draft: Any,  # noqa: F811
    presenter: Any,  # noqa: F811
    upcoming_session: Any,  # noqa: F811
    typed: str,
    shown: str,
) -> None:
    """Before: the case page's DecimalField refused "10 %" ("Check the taper plan fields")."""
    from echohub.cases import services
    from echohub.programs.models import Role

    coordinator = make_member(program, Role.COORDINATOR)
    meds = [{"drug": "oxycodone", "dose": "30", "unit": "mg", "times_per_day": "4"}]
    services.save_draft(actor=presenter, case=draft, data=CLEAN, medications=meds)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    client = as_role(program, Role.EXPERT)
    data = {
        "rule": "hhs2019",
        "duration": "long-term",
        "start_date": dt.date.today().isoformat(),
        "percent": typed,
        "do": "preview",
    }
    html = client.post(f"/p/{program.slug}/cases/{draft.pk}/taper/", data).content.decode()
    assert shown in html, html[:2000]
    data["percent"] = "10 pour cent"
    html = client.post(f"/p/{program.slug}/cases/{draft.pk}/taper/", data).content.decode()
    assert "reduction per step as a number" in html


# --- 6. numbers in words, Roman numerals, fraction characters ---------------------------------


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("ii", "Roman numerals"),
        ("II", "Roman numerals"),
        ("iss", "Roman numerals"),
        ("one and a half", "in words"),
        ("un et demi", "in words"),
        ("deux", "in words"),
        ("⅓", "only ½, ¼ and ¾"),
        ("1⅔", "only ½, ¼ and ¾"),
        ("⅛", "only ½, ¼ and ¾"),
    ],
)
def test_regression_a_dose_in_words_or_an_unread_fraction_is_refused_saying_why(
    typed: str, said: str
) -> None:
    """Before: "rows[0].dose must be a number", which does not say that "ii" (two tablets, as
    some prescriptions write it) or "⅓" is the reason, nor what to write."""
    with pytest.raises(ClinicalInputError) as caught:
        calculate_mme([{"drug": "Percocet", "dose": typed, "unit": "tablet", "frequency": "bid"}])
    assert caught.value.code == "mme.invalid_number"
    assert caught.value.reason == "number_in_words"
    assert said in caught.value.message and typed in caught.value.message


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["ii", "one and a half", "⅓"])
def test_regression_the_case_form_says_why_a_dose_in_words_is_refused(
    client: Any, typed: str
) -> None:
    """The calculator page reads rows as the case form does: before, "is not a number"."""
    client.force_login(UserFactory())
    fields = {"med-0-drug": "Percocet", "med-0-dose": typed, "med-0-unit": "tablet"}
    html = _post_page(client, "mme", **fields).content.decode()
    assert "Roman" in html and "in digits" in html
    assert f'value="{typed}"' in html


@pytest.mark.parametrize(
    ("dose", "frequency"),
    [
        ("1", "1-2 tabs q4-6h prn"),
        ("2", "1 co bid"),
        ("1", "2 comprimés q6h prn"),
        ("1", "½ co hs"),
    ],
)
def test_regression_tablets_in_the_frequency_and_the_dose_are_refused_saying_where(
    dose: str, frequency: str
) -> None:
    """Before: "frequency '1-2 tabs q4-6h prn' is not recognised; give times_per_day", which
    does not say that the tablets are the trouble, nor that the most is what is counted."""
    result = calculate_mme(
        [{"drug": "Percocet", "dose": dose, "unit": "tablet", "frequency": frequency}]
    )
    (excluded,) = result.excluded
    assert excluded.reason_code == "frequency_unknown"
    assert "starts with an amount of tablets" in excluded.reason
    assert "in the dose field" in excluded.reason


@pytest.mark.parametrize(("dose", "frequency"), [("2", "2 co bid"), ("1", "1 co bid")])
def test_tablets_said_alike_in_both_are_still_read(dose: str, frequency: str) -> None:
    (row,) = calculate_mme(
        [{"drug": "Percocet", "dose": dose, "unit": "tablet", "frequency": frequency}]
    ).rows
    assert row.mme_per_day == 5 * int(dose) * 2 * D("1.5")
