"""General rules of 2026-12-05, round 1207 (scanner 1.6.0), from the classes of misses on
tests/phi/data/heldout4 (used from then on as a development set): facilities in a letterhead,
businesses and meeting places by their trade, head-first business and shelter names (French and
others), practices named after a person, a general hospital's short name in lower case, and the
name and address rules below. Every example is invented for this file and was grepped against
the corpora (whole word, case-insensitive) and changed when it occurred there; towns are real
places used as names only. Each rule has positive examples and near misses that must stay
unflagged."""

from __future__ import annotations

import pytest

import phi


def found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in phi.scan(text) if kind is None or f.kind == kind]


# --- facilities in a letterhead ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BRANVOLD CREEK GENERAL HOSPITAL\nDISCHARGE SUMMARY\n", "BRANVOLD CREEK GENERAL HOSPITAL"),
        ("PELLOWEN NURSING STATION - Client note\n", "PELLOWEN NURSING STATION"),
        ("ORMSKIRK VALLEY APOTHECARY          Ph 555-0100\n", "ORMSKIRK VALLEY APOTHECARY"),
        (
            "NOV-02-2026 09:14   FROM: TALLISKER BAY MEDICAL     P. 001/002\n",
            "TALLISKER BAY MEDICAL",
        ),
    ],
)
def test_a_facility_in_a_letterhead(text: str, expected: str) -> None:
    assert expected in found(text, "FACILITY")


def test_a_letterhead_facility_is_found_again_in_mixed_case() -> None:
    text = (
        "FROM: TALLISKER BAY MEDICAL     P. 1\n\nFrom: the NP at Tallisker Bay Medical, "
        "re chronic pain.\n"
    )
    assert found(text, "FACILITY") == ["TALLISKER BAY MEDICAL", "Tallisker Bay Medical"]


@pytest.mark.parametrize(
    "text",
    [
        "CHRONIC PAIN CLINIC\nReferral criteria below.\n",
        "OPIOID TAPERING CLINIC\n",
        "PAST MEDICAL HISTORY\n- diabetes\n",
        "FROM: ECHO PAIN CLINIC     P. 1\n",
        "ONTARIO FAMILY HEALTH TEAM\n",
        "DISCHARGE SUMMARY\n",
        "The patient was seen at the CLINIC.\n",
    ],
)
def test_no_letterhead_from_headings_of_everyday_words(text: str) -> None:
    assert found(text, "FACILITY") == []


# --- businesses and meeting places by their trade -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Back injury lifting crates at Varnholt Hatchery & Poultry.",
            "Varnholt Hatchery & Poultry",
        ),
        ("He works nights at Quillfeather Cold Storage now.", "Quillfeather Cold Storage"),
        ("She fell in the aisle at Dravnik Grocery last week.", "Dravnik Grocery"),
        ("Witnessed doses at the Oskwanee Band Office on weekends.", "Oskwanee Band Office"),
        ("Daughter saw him at garvin's hardware on saturday.", "garvin's hardware"),
    ],
)
def test_a_business_or_meeting_place_by_its_trade(text: str, expected: str) -> None:
    assert expected in found(text, "FACILITY")


@pytest.mark.parametrize(
    "text",
    [
        "He buys Quality Foods brand soup.",
        "She went to the grocery store and the hardware store.",
        "Canadian Cold Storage guidelines were reviewed.",
        "walker's hardware was closed.",
        "Met at the Band Office.",
        "The nurse's station was busy.",
    ],
)
def test_no_business_from_everyday_words(text: str) -> None:
    assert found(text, "FACILITY") == []


# --- head-first business and shelter names -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ancien chauffeur chez Transports Garneau-Vézeau depuis 2010.",
            "Transports Garneau-Vézeau",
        ),
        (
            "Elle a travaillé à la Coopérative forestière de Val-Pernelle.",
            "Coopérative forestière de Val-Pernelle",
        ),
        ("Il dort au Refuge Le Phare Gris, lit 4.", "Refuge Le Phare Gris"),
        ("Référence à la Maison La Traversée (hébergement).", "Maison La Traversée"),
        ("Community pharmacy: Farmácia Alvorada (downtown).", "Farmácia Alvorada"),
        (
            "Suivi à la Clinique d'ergothérapie Ghislaine Vachon-Lirette ; revoir en mars.",
            "Clinique d'ergothérapie Ghislaine Vachon-Lirette",
        ),
    ],
)
def test_a_name_after_its_head_word(text: str, expected: str) -> None:
    assert expected in found(text, "FACILITY")


@pytest.mark.parametrize(
    "text",
    [
        "Référence à la Maison de la famille du quartier.",
        "Il cherche un refuge pour la nuit.",
        "Programme de Transports Québec pour les aînés.",
        "Coopérative de Québec : aucun lien.",
        "MAISON DE SOINS\n",
        "Clinique de physiothérapie Lundi matin fermée.",
    ],
)
def test_no_head_first_name_from_everyday_words(text: str) -> None:
    assert found(text, "FACILITY") == []


# --- a general hospital's short name in lower case ----------------------------------------------


def test_a_general_hospital_in_lower_case() -> None:
    assert found("- seen at brixholme general last night for pain", "FACILITY") == [
        "brixholme general"
    ]
    assert found("- he was at the er at saint fenwyck general in town", "FACILITY") == [
        "saint fenwyck general"
    ]


@pytest.mark.parametrize(
    "text",
    ["- in general the pain is better", "- back at the general today", "- from internal general"],
)
def test_no_lower_case_general_hospital_from_everyday_words(text: str) -> None:
    assert found(text, "FACILITY") == []


# --- names after a relation or a role ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lives with her son Taviro and two dogs.", "Taviro"),
        ("Her brother\nOrvendel drives her to appointments.", "Orvendel"),
        ("Sa belle-sœur Quitterie lui prête parfois des comprimés.", "Quitterie"),
        ("Lives with son Journey (12) and her mother.", "Journey"),
        ("Spoke w/ MOA Pellandra this morning.", "Pellandra"),
        ("Sweat lodge with Elder\nOrrin Makwa-Tessier on Fridays.", "Orrin Makwa-Tessier"),
        ("Intervenante : Solveig Marchetti-Roy, T.S.", "Solveig Marchetti-Roy"),
        (
            "L'intervenant du refuge, Kofi Adjaye-Brun, rapporte une amélioration.",
            "Kofi Adjaye-Brun",
        ),
        ("who is prescriber now? still dr van Haelst?", "van Haelst"),
        ("he left. it's dr Okafor-Lindqvist now", "Okafor-Lindqvist"),
    ],
)
def test_a_name_after_a_relation_or_role(text: str, expected: str) -> None:
    assert expected in found(text, "NAME")


@pytest.mark.parametrize(
    "text",
    [
        "Lives with her son Monday to Friday.",
        "Her daughter Ontario Works caseworker called.",
        "His son Gabapentin was stopped.",
        "Her mother Christmas visit went well.",
        "MOA Schedule changes next week.",
        "Seen for Father Time lecture.",
        "Left wrist: dr De Quervain tenosynovitis suspected.",
        "Plan: dr Follow-Up in two weeks.",
    ],
)
def test_no_name_from_a_relation_or_role_before_a_word(text: str) -> None:
    assert found(text, "NAME") == []


# --- initials -----------------------------------------------------------------------------------


def test_initials_of_a_name_found_in_the_note() -> None:
    text = (
        "MRP:      Dr. Yvaine Karvonen-Brisk\n\n"
        " Date         Prov  Type     Summary\n"
        " 2026-11-02   YKB   Office   taper discussed\n"
    )
    assert "YKB" in found(text, "NAME")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Action: TR called back 08:20, left msg.", "TR"),
        ("Left msg. Forwarded to K.P. for Rx.", "K.P"),
        ("Husband picks up; ID checked. - qmr\n", "qmr"),
        ("- next appt 3 wks.\n- ~~ lv\n", "lv"),
    ],
)
def test_staff_initials_by_their_place(text: str, expected: str) -> None:
    assert expected in found(text, "NAME")


@pytest.mark.parametrize(
    "text",
    [
        "- next appt 3 wks.\n- ~~ ok\n",
        "ED called back 08:20.",
        "Forwarded to ER for review.",
        "Gabapentin 300 mg. - bid\n",
        "MRP: Dr. Yvaine Karvonen-Brisk\nECHO case form started.\n",
        "Reviewed by MD Office staff.",
    ],
)
def test_no_initials_from_abbreviations(text: str) -> None:
    assert [n for n in found(text, "NAME") if len(n.replace(".", "")) <= 4] == []


# --- transcribed speech ---------------------------------------------------------------------------


def test_names_in_a_transcribed_message() -> None:
    text = (
        "\"hi this message is for doctor tavernier mirela it's bozena calling um "
        "wrzesniak that's w r z e s n i a k, i'm radek's wife, okay bye\""
    )
    names = found(text, "NAME")
    for expected in ("tavernier mirela", "bozena", "wrzesniak", "radek"):
        assert expected in names, (expected, names)


@pytest.mark.parametrize(
    "text",
    [
        '"hi it\'s nothing calling, okay bye"',
        '"this message is for doctor office hours please"',
        '"the pill that\'s n o t covered"',
        "\"i'm sure's wife\"",
    ],
)
def test_no_name_from_speech_without_one(text: str) -> None:
    assert found(text, "NAME") == []


# --- address forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- lives con 9 lot 22, 4461 county rd 38, brellin - bungalow", "con 9 lot 22"),
        ("- lives con 9 lot 22, 4461 county rd 38, brellin - bungalow", "4461 county rd 38"),
        ("Farm at Lot 7, Concession 11 since 1990.", "Lot 7, Concession 11"),
        ("Address : Apt 2906, 8143 No. 5 Rd\n", "Apt 2906, 8143 No. 5 Rd"),
        ("PHARMACY          #1204 - 2290 Tarnwick St, Victoria BC\n", "1204 - 2290 Tarnwick St"),
        ("Home: house 47, Lower Nibaawin; mail c/o the band office.", "house 47"),
        ("Home: house 47, Lower Nibaawin; mail c/o the band office.", "Lower Nibaawin"),
        (
            "Casier à la Pharmacie Lavallière du boulevard des Ormeaux-Verts.",
            "boulevard des Ormeaux-Verts",
        ),
        ("Community pharmacy: Farmácia Alvorada (Quintrell St N).", "Quintrell St N"),
        ("uh the pharmacy on brackley street said the patch", "brackley street"),
        ("we live at forty one dunmere road in geraldton if the nurse", "forty one dunmere road"),
        ("we live at forty one dunmere road in geraldton if the nurse", "geraldton"),
        ('- "herbal" pills from a store in manitouwadge', "manitouwadge"),
    ],
)
def test_address_forms(text: str, expected: str) -> None:
    assert expected in found(text, "ADDRESS")


@pytest.mark.parametrize(
    "text",
    [
        "Naloxone lot 5 of the kit was recalled.",
        "- she sleeps on the street some nights",
        "- lives on main street near the arena",
        "- in general the pain is in chronic pain range",
        "Visit No. 3 was good.",
        "Elle parle de la rue de la douleur chronique.",
        "- nausea from tramadol in march",
    ],
)
def test_no_address_from_everyday_words(text: str) -> None:
    assert found(text, "ADDRESS") == []
