"""Scanner 1.12.0: general rules for classes still missed on the development sets (towns written
with accents the gazetteer lacks, ...). Every name, place and number here is invented; the towns
are taken from the gazetteer's general source only to show its spelling without accents."""

from __future__ import annotations

import pytest

import phi
from phi import scan
from phi.lexicon import lexicon


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def test_the_version_is_1_12_0_or_later() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 12)


# --- towns written with accents the gazetteer lacks ---------------------------------------------


def test_the_gazetteer_spells_these_towns_without_accents() -> None:
    places = lexicon().places
    for town in ("chateauguay", "becancour", "sainte-therese", "saint-felicien"):
        assert town in places
        assert not places[town]  # no word-like town: found without a cue


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Elle habite à Châteauguay depuis l'été.", "Châteauguay"),
        ("Son fils vit à Bécancour avec sa conjointe.", "Bécancour"),
        ("Transfert vers Sainte-Thérèse demain.", "Sainte-Thérèse"),
        ("Suivi au CLSC, Saint-Félicien: rendez-vous donné.", "Saint-Félicien"),
    ],
)
def test_a_town_with_accents_the_list_lacks(text: str, town: str) -> None:
    assert ("ADDRESS", town) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "La traversée du Détroit en bateau l'inquiète.",  # an article before it: a noun
        "Été difficile, plus de douleur à la marche.",
        "Élevé par sa grand-mère, dit-il.",
        "Pêche au Bécancour Café? Non.",  # hypothetical: an article, so no town
    ],
)
def test_no_town_from_an_accented_word_after_an_article_or_no_place(text: str) -> None:
    assert not [t for k, t in _found(text) if k == "ADDRESS"], _found(text)


# --- letterheads in capitals: imaging and laboratories, French names head first ----------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("BIRCHWOOD HOLLOW DIAGNOSTIC IMAGING\n12 Elm St", "BIRCHWOOD HOLLOW DIAGNOSTIC IMAGING"),
        ("QUILLAN RADIOLOGY - Report", "QUILLAN RADIOLOGY"),
        ("CLINIQUE DE PODIATRIE DU SUD\n44, rue X", "CLINIQUE DE PODIATRIE DU SUD"),
        ("RÉSIDENCE LES TILLEULS (RPA)\nNote", "RÉSIDENCE LES TILLEULS"),
        ("CENTRE DU SOMMEIL DE LA BAIE-VERMEILLE\n", "CENTRE DU SOMMEIL DE LA BAIE-VERMEILLE"),
    ],
)
def test_a_facility_in_a_letterhead_of_capitals(text: str, name: str) -> None:
    assert ("FACILITY", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "DIAGNOSTIC IMAGING\nUltrasound of the pelvis.",  # a heading: kinds only
        "CLINICAL LABORATORY\nResults below.",
        "CENTRE DE SANTÉ ET DE SERVICES SOCIAUX\nNote de suivi",  # kinds of care
        "CLINIQUE DE LA DOULEUR CHRONIQUE\nNote",  # one complement: a kind of clinic
        "CENTRE DE SOINS DE LONGUE DURÉE\nNote",
        "Note: la CLINIQUE DU SOMMEIL DE LA BAIE a appelé.",  # not the line's head
    ],
)
def test_no_letterhead_from_a_heading_of_kinds(text: str) -> None:
    assert not [t for k, t in _found(text) if k == "FACILITY"], _found(text)


# --- a lone name after words of reaching a person, or before a desk -----------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("If the pain returns, told him to call Jolanda\nfor a ride.", "Jolanda"),
        ("Please call Wendolyn back about the form.", "Wendolyn"),
        ("Employer line (safety office, ask for Hartigan)", "Hartigan"),
        ("Follow-up: physio with Ottilie at Birchfield Physio.", "Ottilie"),
        ("Call Quorlie at Birchfield Health Centre if worse.", "Quorlie"),
        ("Faxed the form; Zedrick at the pharmacy confirmed.", "Zedrick"),
        ("His employer (Tamsin in HR) knows.", "Tamsin"),
    ],
)
def test_a_lone_name_after_a_clear_cue(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "I will call Telus tomorrow.",  # a word no list knows, and no place after it
        "Spoke with Sobeys at the deli.",  # after "with": only a listed name
        "Covered with Mepilex at the site.",
        "talked to Canpar.",
        "picked up Zorbax at the pharmacy",  # not opening a clause
        "He asked for Tylenol.",  # a drug
        "I spoke with Intake.",  # an everyday word
        "Nurse in HR said ok",
        "Tried calling Bluewater at 9.",
    ],
)
def test_no_name_from_a_cue_without_a_person(text: str) -> None:
    assert not [t for k, t in _found(text) if k == "NAME"], _found(text)


# --- small towns by their shape where a person lives -------------------------------------------


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Her sister, living in Port Willowby.", "Port Willowby"),
        ("Mother helps; lives in Cherry Hill.", "Cherry Hill"),  # everyday words, a place's shape
        ("He moved to Gander Arm last spring.", "Gander Arm"),
        ("She was raised in Otter Brook.", "Otter Brook"),
    ],
)
def test_a_small_town_by_its_shape_where_a_person_lives(text: str, town: str) -> None:
    assert ("ADDRESS", town) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "She lives in Assisted Living now.",  # no place's shape
        "He lives in Group Home B.",
        "Lives in Long Term Care.",
        "Pain in Upper Arm, worse at night.",  # no cue of living
    ],
)
def test_no_town_from_words_of_care_where_a_person_lives(text: str) -> None:
    assert not [t for k, t in _found(text) if k == "ADDRESS"], _found(text)


# --- facilities: a place's shape before a trade or General, more trade heads --------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Works days at Otter River Meat Packers since 2019.", "Otter River Meat Packers"),
        (
            "Labourer at Quillby Lake Gravel & Aggregate until fall.",
            "Quillby Lake Gravel & Aggregate",
        ),
        ("Orchard work (Marnock Orchard Packing, 20 yrs).", "Marnock Orchard Packing"),
        ("Zephyr Bay Midwives - home visit, day 3", "Zephyr Bay Midwives"),
        ("please check with Tamber River General triage", "Tamber River General"),
        ("fusion (2022, Dr. A. Wolk, Orran Rapids General). Pain persists", "Orran Rapids General"),
    ],
)
def test_a_facility_named_by_a_place_shape_and_a_head(text: str, name: str) -> None:
    assert ("FACILITY", name) in _found(text)


def test_a_trade_head_after_a_facility_found_joins_it() -> None:
    text = "Last fill at Quorlie Centre Drugs in town."
    found = _found(text)
    assert any(k == "FACILITY" and t.endswith("Centre Drugs") for k, t in found), found


@pytest.mark.parametrize(
    "text",
    [
        "The Attorney General said no.",
        "Booked for Pain Valley General Surgery clinic review.",  # no place: everyday words
        "Home Nursing Packing of wounds daily.",  # everyday words before the head
        "Sand & Gravel roads are rough.",
        "Ask the Midwives about it.",
    ],
)
def test_no_facility_from_everyday_words_before_a_head(text: str) -> None:
    assert not [t for k, t in _found(text) if k == "FACILITY"], _found(text)


# --- a small town before a bracket, after a relative or a hall ---------------------------------


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("The Friday fire at the hall in Quillomere (summer) or in town.", "Quillomere"),
        ("My auntie in Tessaford (867) 555-0100 will help.", "Tessaford"),
        ("Her niece in Brackwater, still.", "Brackwater"),
    ],
)
def test_a_small_town_before_a_bracket_or_after_a_relative(text: str, town: str) -> None:
    assert ("ADDRESS", town) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her auntie in Emerg (ER) stayed the night.",  # a hospital's department
        "The hall in January (cold) was closed.",  # a month
        "His nephew in Grade (8) class.",
        "Pain in Left (L) knee.",  # no word of place before
    ],
)
def test_no_town_before_a_bracket_from_everyday_words(text: str) -> None:
    assert not [t for k, t in _found(text) if k == "ADDRESS"], _found(text)


# --- name labels of bookings, transcription, technicians and learners ---------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Fluoro tech: Orla Brennick\nRoom 2", "Orla Brennick"),
        ("Booked by: Ysolde Marchetti (front desk)", "Ysolde Marchetti"),
        ("Student: Quennell (year 2) - observed with consent", "Quennell"),
        ("Sonographer: T. Abernathy", "T. Abernathy"),
    ],
)
def test_a_name_after_a_booking_technician_or_learner_label(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Student: yes\nTech: n/a",
        "Student: Grade 11\nObserver: None",
        "Tech: Bilateral views obtained.",
        "Booked by: Central Intake",
        "Student: 3rd year nursing",
    ],
)
def test_no_name_after_those_labels_from_everyday_words(text: str) -> None:
    assert not [t for k, t in _found(text) if k == "NAME"], _found(text)


# --- an everyday word after a person said to be named -------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("He buys pills from a guy named Brown outside the tavern.", "Brown"),
        ("Says a woman named Silver drives her in.", "Silver"),
    ],
)
def test_an_everyday_word_after_a_person_named(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "a guy named Tuesday",  # a weekday
        "The protocol named Tapering was used.",  # no person before "named"
        "a guy named THE BOSS",  # capitals: a title, no name
    ],
)
def test_no_name_after_named_without_a_person_or_from_a_weekday(text: str) -> None:
    assert not [t for k, t in _found(text) if k == "NAME"], _found(text)
