"""Combination tablets (Tylenol No. 1-4, Percocet, Tramacet, "oxycodone/acetaminophen 5/325")
are counted for their opioid; their acetaminophen, added over all combination rows, is warned
about above the 4,000 mg/day maximum of the Canadian product monographs (a warning, never a
refusal, never a change of the MME figure). Products whose acetaminophen a tablet is not known
(Atasol, an ASA partner, a strength not named) say nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinical import calculate_mme
from clinical.drugs import read_combination_tablet

CODE = "acetaminophen_maximum"


def _warnings(rows):
    return [m for c, m in calculate_mme(rows).warnings if c == CODE]


def _tablets(drug, dose, **frequency):
    return {"drug": drug, "dose": dose, "unit": "tablets", **frequency}


@pytest.mark.parametrize(
    ("drug", "mg"),
    [
        ("Tylenol No. 1", 300),
        ("Tylenol No. 3", 300),
        ("Tylenol #4", 300),
        ("T3", 300),
        ("Tylenol avec codéine no 3", 300),
        ("Lenoltec No. 2", 300),
        ("acetaminophen with codeine No. 3", 300),
        ("Percocet", 325),
        ("Percocet-Demi", 325),
        ("Percocet 5/325", 325),
        ("Percocet 7.5/500", 500),
        ("Tramacet", 325),
        ("oxycodone/acetaminophen 5/325", 325),
        ("codeine/acetaminophen 30/300", 300),
        ("hydrocodone 10 mg / acetaminophen 325 mg", 325),
        ("tramadol/acétaminophène 37.5/325", 325),
    ],
)
def test_the_acetaminophen_a_tablet_of_known_products(drug, mg):
    tablet = read_combination_tablet(drug)
    assert tablet is not None and tablet.acetaminophen_mg == Decimal(mg)


@pytest.mark.parametrize(
    "drug", ["Atasol-30", "Atasol No. 3", "Emtec-30", "Percodan", "codeine/asa 30/325"]
)
def test_products_whose_acetaminophen_is_not_known_are_not_guessed(drug):
    tablet = read_combination_tablet(drug)
    assert tablet is not None and tablet.acetaminophen_mg is None
    # 20 tablets a day would be far above 4 g of acetaminophen at 300 or 325 mg a tablet
    assert _warnings([_tablets(drug, 4, frequency="q4h")]) == []


def test_tylenol_3_two_tablets_q4h_is_3_6_g_and_not_warned():
    assert _warnings([_tablets("Tylenol No. 3", 2, frequency="q4h")]) == []


def test_tylenol_3_three_tablets_q4h_is_5_4_g_and_warned():
    result = calculate_mme([_tablets("Tylenol No. 3", 3, frequency="q4h")])
    (message,) = [m for c, m in result.warnings if c == CODE]
    assert "5.4 g/day" in message and "4 g/day" in message and "row 1" in message
    assert "product monographs" in message
    # the opioid is still counted: 3 x 30 mg codeine x 6 = 540 mg x 0.15
    assert result.total_mme_per_day == Decimal("81")


def test_eight_tablets_q4h_is_14_4_g_and_warned():
    (message,) = _warnings([_tablets("Tylenol No. 3", 8, frequency="q4h")])
    assert "14.4 g/day" in message


def test_percocet_5_325_two_tablets_q4h_is_3_9_g_and_not_warned():
    assert _warnings([_tablets("Percocet 5/325", 2, frequency="q4h")]) == []


def test_exactly_4_g_is_not_warned_and_just_above_is_with_grams_rounded_up():
    # 9 x 300 mg + 4 x 325 mg = 4,000 mg: the maximum itself is not above it
    rows = [
        _tablets("Tylenol No. 3", 1, times_per_day=9),
        _tablets("Percocet", 1, times_per_day=4),
    ]
    assert _warnings(rows) == []
    # half a Percocet more: 4,162.5 mg, said 4.17 g (up to 0.01 g, never read as "4 g")
    rows.append(_tablets("Percocet", "0.5", times_per_day=1))
    (message,) = _warnings(rows)
    assert "(rows 1, 2, 3)" in message and "4.17 g/day" in message


def test_two_rows_each_under_4_g_add_up_above_it():
    rows = [
        _tablets("Tylenol No. 3", 2, frequency="q6h"),  # 8 tablets: 2,400 mg
        _tablets("Percocet", 1, frequency="q4h"),  # 6 tablets: 1,950 mg
    ]
    assert _warnings(rows[:1]) == [] and _warnings(rows[1:]) == []
    (message,) = _warnings(rows)
    assert "(rows 1, 2)" in message and "4.35 g/day" in message


def test_only_the_combination_rows_are_named_and_counted():
    rows = [
        {"drug": "morphine", "dose": 10, "unit": "mg", "frequency": "q4h"},
        _tablets("Atasol-30", 2, frequency="q4h"),  # acetaminophen not known: left out
        _tablets("Tylenol No. 3", 3, frequency="q4h"),
    ]
    (message,) = _warnings(rows)
    assert "(row 3)" in message and "5.4 g/day" in message


def test_an_as_needed_row_with_a_daily_maximum_is_counted_at_the_maximum():
    # q2h allows 12 doses of 2 (24 tablets, 7.2 g); the maximum says 12 tablets (3.6 g)
    assert _warnings([_tablets("Tylenol No. 3", 2, frequency="q2h prn, max 12 tablets/day")]) == []
    assert _warnings([_tablets("Tylenol No. 3", 2, frequency="q2h prn")])  # 7.2 g
    (message,) = _warnings([_tablets("Tylenol No. 3", 2, frequency="q2h prn max 14 tablets a day")])
    assert "4.2 g/day" in message


def test_the_warning_is_in_the_dict_the_pages_and_the_api_read():
    result = calculate_mme([_tablets("Percocet", 2, frequency="q3h")]).to_dict()  # 16: 5.2 g
    assert [w["code"] for w in result["warnings"]] == [CODE]
    assert "5.2 g/day" in result["warnings"][0]["message"]
    assert result["total_computed"] is True and result["excluded"] == []


# --- property: warned iff the known acetaminophen of all rows is above 4,000 mg/day ------------

#: name -> (opioid, mg of opioid a tablet, mg of acetaminophen a tablet or None)
PRODUCTS = {
    "Tylenol No. 2": ("codeine", Decimal(15), Decimal(300)),
    "Tylenol No. 3": ("codeine", Decimal(30), Decimal(300)),
    "Tylenol No. 4": ("codeine", Decimal(60), Decimal(300)),
    "Percocet": ("oxycodone", Decimal(5), Decimal(325)),
    "oxycodone/acetaminophen 5/325": ("oxycodone", Decimal(5), Decimal(325)),
    "Tramacet": ("tramadol", Decimal("37.5"), Decimal(325)),
    "Atasol-30": ("codeine", Decimal(30), None),
}

_rows = st.lists(
    st.tuples(
        st.sampled_from(sorted(PRODUCTS)),
        st.sampled_from([Decimal("0.5"), Decimal(1), Decimal("1.5"), Decimal(2), Decimal(3)]),
        st.integers(min_value=1, max_value=8),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(_rows)
def test_warned_iff_the_sum_is_above_4000_mg_and_the_mme_never_changes(rows):
    tablets = [_tablets(name, str(dose), times_per_day=times) for name, dose, times in rows]
    result = calculate_mme(tablets)
    acetaminophen = sum(
        (dose * times * PRODUCTS[name][2] for name, dose, times in rows if PRODUCTS[name][2]),
        Decimal(0),
    )
    warned = [m for c, m in result.warnings if c == CODE]
    assert bool(warned) == (acetaminophen > 4000)
    # the same opioid entered in mg (no acetaminophen anywhere): the same MME, guideposts
    in_mg = calculate_mme(
        [
            {
                "drug": PRODUCTS[name][0],
                "dose": str(dose * PRODUCTS[name][1]),
                "unit": "mg",
                "times_per_day": times,
            }
            for name, dose, times in rows
        ]
    )
    assert result.total_mme_per_day == in_mg.total_mme_per_day
    assert result.guideposts == in_mg.guideposts
    assert not [c for c, _m in in_mg.warnings if c == CODE]
