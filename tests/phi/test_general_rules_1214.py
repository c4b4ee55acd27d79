"""Scanner 1.13.0: general rules for classes missed on the tenth held-out set (table columns by
their header, OCR look-alike digits, grouped health numbers, workplaces, false positives).
Every name, place and number here is invented."""

from __future__ import annotations

import pytest

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def test_the_version_is_at_least_1_13() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 13)


# --- table columns by their header --------------------------------------------------------------

_EXPORT = """queued_at        | dest         | chart     | patient (first) | provider       | status
-----------------+--------------+-----------+-----------------+----------------+--------
2031-04-02 09:00 | +15195550199 | QRT-80417 | Brunhilde  | Dr. Zawadzki-Oyelaran | sent
2031-04-02 09:01 | +15195550198 | QRT-80533 | Ignatius        | Perpetua Vandersloot, NP | sent
2031-04-02 09:02 | +15195550197 | QRT-80690 | Wilhelmina    | (auto)         | failed
"""


def test_a_pipe_export_without_a_leading_pipe_reads_its_columns_by_rank() -> None:
    found = _found(_EXPORT)
    for chart in ("QRT-80417", "QRT-80533", "QRT-80690"):
        assert ("MRN", chart) in found
    for name in ("Brunhilde", "Ignatius", "Wilhelmina", "Zawadzki-Oyelaran"):
        assert ("NAME", name) in found
    # the title and the credential stay outside; a placeholder cell is nobody
    assert ("NAME", "Perpetua Vandersloot") in found
    texts = _texts(_EXPORT)
    assert "(auto)" not in texts and "auto" not in texts
    assert "sent" not in texts and "failed" not in texts


_CONTACTS = """| # | Contact            | Age | Relation      | Test 1 (read) | Note |
|---|--------------------|-----|---------------|---------------|------|
| 1 | Quillfeather, Ottoline | 52  | aunt          | 3 mm          | none |
| 2 | Brackenridge-Oduya, Thaddeus Jr. | 94  | grandfather   | not done      | frail |
| 3 | Moskvina, Liesel ("Lise") | 8   | niece         | 0 mm          | repeat |
"""


def test_a_contacts_table_gives_surname_given_rows_and_ages_over_89() -> None:
    found = _found(_CONTACTS)
    assert ("NAME", "Quillfeather, Ottoline") in found
    assert ("NAME", "Brackenridge-Oduya, Thaddeus") in found  # "Jr." outside
    assert ("NAME", "Moskvina, Liesel") in found  # the nickname is its own span
    assert ("AGE", "94") in found
    texts = _texts(_CONTACTS)
    assert "52" not in texts and "8" not in texts  # ages under 90 are not identifiers
    assert "aunt" not in texts and "grandfather" not in texts


def test_a_name_column_cell_of_everyday_words_or_digits_is_nobody() -> None:
    text = """| time | where         | who              | supplies |
|------|---------------|------------------|----------|
| 2100 | church hall   | 3 unknown people | 4 kits   |
| 2200 | bus shelter   | little tree again | 2 kits   |
"""
    texts = _texts(text)
    assert not any("unknown" in t or "little" in t or "tree" in t for t in texts)


def test_a_header_that_is_no_identifier_label_decides_nothing() -> None:
    text = """| Drug        | Dose | Qty | Route |
|-------------|------|-----|-------|
| Amoxicillin | 500  | 21  | PO    |
| Ibuprofen   | 400  | 30  | PO    |
"""
    assert scan(text) == []


# --- health numbers 4-4-4 and 5-5, lettered plan numbers ---------------------------------------


def test_a_twelve_digit_health_number_grouped_four_four_four() -> None:
    found = _found("MCP: 6021 4478 9135\nAddress: on file")
    assert ("HEALTH_NUMBER", "6021 4478 9135") in found


def test_a_ten_digit_health_number_grouped_five_five_after_a_french_label() -> None:
    found = _found("Carte santé N.-É. : 30918 66402        Programme : soins")
    assert ("HEALTH_NUMBER", "30918 66402") in found
    found = _found("Health card: 71250 38816 (expires soon)")
    assert ("HEALTH_NUMBER", "71250 38816") in found


def test_grouped_digits_with_no_health_label_are_not_a_health_number() -> None:
    found = _found("Lot 6021 4478 9135 received; tally 30918 66402.")
    assert not any(kind == "HEALTH_NUMBER" for kind, _text in found)


def test_a_lettered_plan_number_after_its_label() -> None:
    found = _found("Assurance : QWZD 7745 0196 41 (régime fédéral) ; suivi")
    assert ("ID", "QWZD 7745 0196 41") in found
    found = _found("Insurance #: KTP-771 902 35, employer plan")
    assert ("ID", "KTP-771 902 35") in found


def test_a_regimen_after_plan_is_no_plan_number() -> None:
    for text in (
        "Plan: PEG 3350 17 g daily",
        "Plan: BID 1250 2500 titration",
        "Plan: ABC 1234 units x 2",
    ):
        assert not any(kind == "ID" for kind, _text in _found(text)), text


# --- OCR look-alikes inside numbers and words ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("Faxed letter\n\nMar l4, 2031\n\nDear colleague,", "DATE", "Mar l4, 2031"),
        ("RE: patient   D0B: 1957-O4-19   chart to follow", "DATE", "1957-O4-19"),
        ("seen in the ED on Jun 2O/30 after a fall", "DATE", "Jun 2O/30"),
        ("HbA1c on 2031-0l-22 was fine.", "DATE", "2031-0l-22"),
        ("D: l9-Apr-2031   T: 20-Apr-2031 ab", "DATE", "l9-Apr-2031"),
        ("She prefers her cell, 613 555 Ol77.", "PHONE", "613 555 Ol77"),
        ("at the Thornbury Medica1 C1inic today", "FACILITY", "Thornbury Medica1 C1inic"),
    ],
)
def test_an_ocr_damaged_identifier_whose_shape_holds_after_mapping(
    text: str, kind: str, span: str
) -> None:
    assert (kind, span) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "B12 and folate normal; O2 sat 97% on room air; S1 S2 heard, no murmur.",
        "HbA1c 6.1, T1 and T2 weighted images, lol so tired",
        "Take 1O tablets",  # a count with a look-alike is no identifier
        "seen Mar 4O, 2031 (no such day)",
        "Call 013 555 Ol77 (no such area code)",
    ],
)
def test_look_alikes_that_make_no_identifier_shape_are_left_alone(text: str) -> None:
    assert not any(
        kind in ("DATE", "PHONE", "HEALTH_NUMBER", "ID", "MRN") for kind, _t in _found(text)
    ), _found(text)


# --- false positives by class -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Pickup day: all blister packs moved to Wednesdays from now on.", "Wednesdays"),
        ("Consent given by e-sign on the portal, ref on file.", "e-sign"),
        ("Since the weekend with chills, rashes and a cough, taking fluids.", "rashes"),
        ("Elle a refusé le Noël des Enfants cette année, trop fatiguée.", "Noël des Enfants"),
        ("Copie transmise au CLSC par télécopieur ce matin.", "CLSC"),
        ("The farm has two herding dogs (Rufus, Marzipan) and barn cats.", "Rufus"),
        ('The ram "Old Bartholomew" came from a neighbour in the fall.', "Bartholomew"),
        ("Our cat named Clementine sleeps on her bed.", "Clementine"),
    ],
)
def test_words_of_these_classes_are_no_names(text: str, word: str) -> None:
    assert not any(word in t for _k, t in _found(text)), _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Her daughter Clementine Vasquez-Orr drives her on Wednesdays.", "Clementine Vasquez-Orr"),
        ("Noël Tremblay-Ouellet, son fils, vient le samedi.", "Noël Tremblay-Ouellet"),
        ("The dog walker, Rufus Kettleborough, found her.", "Rufus Kettleborough"),
    ],
)
def test_people_beside_those_classes_are_still_names(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text), _found(text)


# --- workplaces: a place or owner before a workplace's head --------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("He runs a loader at the Quenby pit shop, twelve-hour shifts.", "Quenby pit shop"),
        ("Milk is held from the Orvalle Valley creamery for now.", "Orvalle Valley creamery"),
        (
            "She sees the nurse at the Tarrowby community health hub.",
            "Tarrowby community health hub",
        ),
        (
            "Her son works at the Ostrander Creek generating station.",
            "Ostrander Creek generating station",
        ),
        (
            "Fell from a truck at the Pellingham grain elevator in 2019.",
            "Pellingham grain elevator",
        ),
        ("Summer job at the Dravisham cheese factory.", "Dravisham cheese factory"),
    ],
)
def test_a_workplace_named_by_its_place_before_its_head(text: str, span: str) -> None:
    assert ("FACILITY", span) in _found(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Retired grain elevator manager, now on a pension.",
        "Worked at the mine for years; the creamery closed.",
        "Tuesday arena skating with the grandchildren.",
    ],
)
def test_a_workplace_head_with_no_place_before_it_is_no_facility(text: str) -> None:
    assert not any(kind == "FACILITY" for kind, _t in _found(text)), _found(text)


# --- a surname in capitals after its label, nicknames in quotes after theirs --------------------


def test_a_surname_in_capitals_after_a_surname_label() -> None:
    text = "APPLICANT\nSurname: VELLACOTT-ABARA       Given names: Ismay Corwin\nDOB: on file"
    assert ("NAME", "VELLACOTT-ABARA") in _found(text)
    assert ("NAME", "QUIRINDAL") in _found("Nom : QUIRINDAL\nPrénom : Aude")


def test_a_surname_label_keeps_surname_comma_given_as_one_span() -> None:
    found = _found("Nom : QUIRINDAL-BESSE, Aude-Marine        dite « Mamie »")
    assert ("NAME", "QUIRINDAL-BESSE, Aude-Marine") in found


def test_an_everyday_word_in_capitals_after_a_surname_label_is_nobody() -> None:
    for text in ("Surname: UNKNOWN\nGiven: none", "Nom : INCONNU\n"):
        assert not any(kind == "NAME" for kind, _t in _found(text)), text


def test_quoted_nicknames_after_a_label_of_what_a_person_is_called() -> None:
    found = _found('Client: Orrin Vellacott        Goes by: "Orry"\nDOB: on file')
    assert ("NAME", "Orry") in found
    found = _found('Deceased: Anselm Trevanion   also known as: "Anse", "Grampy" to the kids')
    assert ("NAME", "Anse") in found and ("NAME", "Grampy") in found


def test_a_quoted_lower_case_or_numbered_value_after_such_a_label_is_no_name() -> None:
    found = _found('Known as: "the boss" at work; Nickname: "unit 4"')
    assert not any(kind == "NAME" for kind, _t in found), found


# --- French facilities by their kind and place --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Il travaille au quai de Pointe-Marouille l'hiver.", "quai de Pointe-Marouille"),
        (
            "Sa fille est à l'école de Sainte-Ursaline-des-Monts.",
            "école de Sainte-Ursaline-des-Monts",
        ),
        (
            "Elle travaille à l'usine de transformation de L'Anse-aux-Vérons.",
            "usine de transformation de L'Anse-aux-Vérons",
        ),
        ("Le bureau de poste de Grand-Mérival ferme à midi.", "bureau de poste de Grand-Mérival"),
        ("Résidence : pavillon Thérault-Mius, chambre C-4", "pavillon Thérault-Mius"),
    ],
)
def test_a_french_facility_by_its_kind_and_place(text: str, span: str) -> None:
    assert ("FACILITY", span) in _found(text), _found(text)


@pytest.mark.parametrize(
    "text",
    ["Elle suit des cours à l'école de Musique le samedi.", "Il a visité l'usine de Papier."],
)
def test_a_french_kind_before_an_everyday_word_is_no_facility(text: str) -> None:
    assert not any(kind == "FACILITY" for kind, _t in _found(text)), _found(text)


# --- a day and month d/m with the day over 12 ---------------------------------------------------


def test_a_day_and_month_with_the_day_over_twelve_and_a_leading_zero() -> None:
    assert ("DATE", "27/03") in _found("| 1 | 12 mm (27/03) | clear |")
    assert ("DATE", "14/05") in _found("Reading due 14/05, call if red.")


@pytest.mark.parametrize(
    "text",
    ["Pain 7/10 today", "Age 15/12, growing well", "Targin 20/10 BID", "MoCA 26/30"],
)
def test_scores_strengths_and_impossible_days_are_no_day_and_month(text: str) -> None:
    assert not any(kind == "DATE" for kind, _t in _found(text)), _found(text)
