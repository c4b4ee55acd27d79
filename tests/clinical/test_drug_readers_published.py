"""The frequency and combination-tablet readers: "qNh" is 24/N doses a day, a range counts at
its shortest interval (the PRN rule of clinical.md §1.8: the maximum prescribed frequency),
and a combination tablet counts only its opioid component (Tylenol No. 1-4 codeine 8, 15, 30,
60 mg; Percocet oxycodone 5 mg; Tramacet tramadol 37.5 mg, per the product monographs).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from clinical import drugs
from clinical.drugs import (
    CombinationTablet,
    Form,
    Frequency,
    read_combination_tablet,
    read_drug_name,
    read_form,
    read_frequency,
    read_unit,
)


@pytest.mark.parametrize(
    ("text", "times", "as_needed"),
    [
        ("BID", 2, False),
        ("b.i.d. PRN", 2, True),
        ("Twice   daily", 2, False),
        ("TID as needed", 3, True),
        ("q1h", 24, False),
        ("q2h", 12, False),
        ("q4h", 6, False),
        ("q4-6h prn", 6, True),
        ("q4-4h", 6, False),
        ("q6h", 4, False),
        ("q24h", 1, False),
        ("max 1 a day", 1, True),
        ("up to 6 per day", 6, True),
    ],
)
def test_frequencies(text: str, times: int, as_needed: bool) -> None:
    assert read_frequency(text) == Frequency(Decimal(times), as_needed)


@pytest.mark.parametrize("text", ["q0h", "q5h", "q6-4h", "max 0 a day", "sometimes"])
def test_frequencies_not_read(text: str) -> None:
    assert read_frequency(text) is None


@pytest.mark.parametrize(
    ("name", "drug", "mg", "label"),
    [
        ("Tylenol #3", "codeine", "30", "Tylenol #3: codeine 30 mg per tablet with acetaminophen"),
        ("Tylenol No. 1 tablets", "codeine", "8", None),
        ("Lenoltec 4 tabs", "codeine", "60", None),
        ("T3s", "codeine", "30", None),
        ("Percocet", "oxycodone", "5", "Percocet: oxycodone 5 mg with acetaminophen 325 mg"),
        ("Percocet 5/325", "oxycodone", "5", "Percocet: oxycodone 5 mg with acetaminophen 325 mg"),
        ("Tramacet", "tramadol", "37.5", None),
        (
            "oxycodone/acetaminophen 5/325",
            "oxycodone",
            "5",
            "oxycodone/acetaminophen 5/325: oxycodone 5 mg per tablet with acetaminophen",
        ),
        (
            "hydrocodone 10 mg / acetaminophen 325 mg",
            "hydrocodone",
            "10",
            "hydrocodone 10 mg / acetaminophen 325 mg: hydrocodone 10 mg per tablet with "
            "acetaminophen",
        ),
        ("codeine 30 mg with ASA", "codeine", "30", None),
        ("oxycodone/acetaminophen 5 mg/325 mg", "oxycodone", "5", None),
    ],
)
def test_combination_tablets(name: str, drug: str, mg: str, label: str | None) -> None:
    tablet = read_combination_tablet(name)
    assert isinstance(tablet, CombinationTablet)
    assert (tablet.drug, tablet.mg_per_tablet) == (drug, Decimal(mg))
    if label is not None:
        assert tablet.label == label
    assert tablet.label


@pytest.mark.parametrize(
    "name",
    [
        "Vicodin",
        "oxycodone",
        "acetaminophen 325",
        "ibuprofen/acetaminophen 200/500",
        "oxycodone/acetaminophen",
    ],
)
def test_names_that_do_not_fix_the_opioid_content(name: str) -> None:
    assert read_combination_tablet(name) is None


# --- Names, forms and units ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "drug"),
    [
        ("Oxycodone w/ naloxone", "opioid", "oxycodone"),  # Targin: naloxone not absorbed
        ("oxycodone with naloxone", "opioid", "oxycodone"),
        ("hydromorphone h.c.l.", "opioid", "hydromorphone"),
        ("Lyrica", "gabapentinoid", "pregabalin"),
        ("ER", "unknown", None),
        ("oxycodone pregabalin", "unknown", None),
    ],
)
def test_names(name: str, kind: str, drug: str | None) -> None:
    read = read_drug_name(name)
    assert (read.kind, read.drug) == (kind, drug)


@pytest.mark.parametrize(
    ("name", "drug", "brand"),
    [("MS Contin", "morphine", "ms contin"), ("Metadol-D", "methadone", "metadol")],
)
def test_multi_word_brands_are_read_when_the_patterns_are_built(
    monkeypatch: pytest.MonkeyPatch, name: str, drug: str, brand: str
) -> None:
    # The compiled brand patterns are a module cache: start from an empty one so the build
    # (longest brand first, so "metadol d" is not read as "metadol" + an unknown "d") runs here.
    monkeypatch.setattr(drugs, "_BRAND_PATTERNS", ())
    read = read_drug_name(name)
    assert (read.kind, read.drug, read.brand) == ("opioid", drug, brand)


def test_forms() -> None:
    assert read_form("tablet", frozenset({"buccal"})) == Form.TRANSMUCOSAL_TABLET
    assert read_form("transdermal buccal") is None
    assert read_form(None) == Form.ORAL


def test_units_are_read_without_spaces() -> None:
    assert read_unit(" mcg / h ") == "mcg/h"
    assert read_unit("MG") == "mg"
    assert read_unit("mL") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Lyrica CR",
            drugs.DrugName(
                "gabapentinoid",
                "pregabalin",
                None,
                frozenset({"cr"}),
                None,
                frozenset({"pregabalin"}),
            ),
        ),
        (
            "oxycodone morphine",
            drugs.DrugName(
                "combination", None, None, frozenset(), None, frozenset({"oxycodone", "morphine"})
            ),
        ),
        (
            "naloxone lorazepam",  # an antagonist with no opioid: not read as the benzodiazepine
            drugs.DrugName("unknown", None, None, frozenset(), None, frozenset({"lorazepam"})),
        ),
        (
            "buprenorphine/naloxone 8/2",  # Suboxone-type: buprenorphine, excluded as such
            drugs.DrugName(
                "opioid", "buprenorphine", None, frozenset(), None, frozenset({"buprenorphine"})
            ),
        ),
        ("Tylenol #3", drugs.DrugName("combination", None, None, frozenset())),
        ("Tylenol", drugs.DrugName("unknown", None, None, frozenset())),  # acetaminophen alone
        (
            "codeine #3",
            drugs.DrugName("combination", None, None, frozenset(), None, frozenset({"codeine"})),
        ),
        (
            "pregabalin",
            drugs.DrugName(
                "gabapentinoid", "pregabalin", None, frozenset(), None, frozenset({"pregabalin"})
            ),
        ),
        (
            "lorazepam clonazepam",
            drugs.DrugName(
                "unknown", None, None, frozenset(), None, frozenset({"lorazepam", "clonazepam"})
            ),
        ),
        (
            "oxycodone foo bar",
            drugs.DrugName(
                "unknown", None, None, frozenset(), None, frozenset({"oxycodone"}), ("foo", "bar")
            ),
        ),
    ],
)
def test_names_read_in_full(name: str, expected: drugs.DrugName) -> None:
    assert read_drug_name(name) == expected
