"""Scanner 1.24.0: general rules for the classes of identifiers missed on `heldout17` (now a
development set; see `src/phi/README.md`, "Since 1.24.0"). Every person, number and business here
is invented (surnames checked absent from every corpus); towns are real places used as names only
(from the scanner's gazetteer, or a town too small or too word-like for it). Each rule has a case
the scanner 1.23.0 missed and a look-alike it must leave alone."""

from __future__ import annotations

import pytest

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _kinds(text: str) -> set[str]:
    return {f.kind for f in scan(text)}


def _texts(text: str, kind: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == kind]


def test_the_version_is_1_24_or_later() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 24)


# --- towns: Canada Post's address line, a street line's dash, landmarks, a person's town ---------


def test_a_municipality_before_its_province_after_a_street_line() -> None:
    # a town that is also an everyday word, after a civic line and a comma (Canada Post's order:
    # civic address, municipality, province, postal code); said again after "from"
    text = (
        "Address given: c/o Corinne Tapper, 14 Brackwell Crescent, Paradise NL\n"
        "Phone: 709-555-0142\n"
        "Came in by ambulance from Paradise this morning."
    )
    assert _texts(text, "ADDRESS").count("Paradise") == 2


def test_a_municipality_before_its_province_after_a_facility() -> None:
    text = "Body released to Kolbeck Funeral Home, Paradise NL (director on call)."
    assert "Paradise" in _texts(text, "ADDRESS")


def test_an_everyday_word_before_a_province_needs_a_street_line_or_a_facility() -> None:
    for text in (
        "Goals reviewed, Paradise NL trip planned?",  # no street line before the comma
        "Pain 6/10, Paradise NL trip planned",
        "We hope BC Cancer calls back.",
    ):
        assert "ADDRESS" not in _kinds(text), text


def test_a_town_after_its_street_line_and_a_dash() -> None:
    text = "Pick-up: 2218 Concession Road 6 — Creemore\nNotes: none"
    assert "Creemore" in _texts(text, "ADDRESS")


def test_a_dash_after_a_reading_is_no_town() -> None:
    assert "ADDRESS" not in _kinds("BP 128/76 — Stable\nHR 72 — Regular")


def test_a_rural_landmark_named_by_its_town() -> None:
    for text, town in (
        ("a cabin about 4 km past the Stirling turn-off. The", "Stirling"),
        ("Meet the crew at the Nanton exit on the highway.", "Nanton"),
    ):
        assert town in _texts(text, "ADDRESS"), text


def test_a_landmark_named_by_an_everyday_word_is_no_town() -> None:
    for text in (
        "Leave by the Emergency exit after 21:00.",
        "turn right at the Highway junction, then",
        "past the Main turn-off",
    ):
        assert "ADDRESS" not in _kinds(text), text


def test_a_person_of_a_town_and_in_a_town() -> None:
    text = "Her counsel, Ms. Corinne Tapper of Sebright, has asked for the report."
    assert "Sebright" in _texts(text, "ADDRESS")
    text = "The children live with their father, Mr. Adrien Kolbeck, in Kilworthy.\nNext"
    assert "Kilworthy" in _texts(text, "ADDRESS")


def test_a_person_of_a_department_is_no_town() -> None:
    text = "Dr. Emeric Ranford of Cardiology, on call, agreed."
    assert "ADDRESS" not in _kinds(text)


def test_a_town_before_a_dash_and_a_phone() -> None:
    text = "Grandparents: Corinne and Adrien Kolbeck, Stayner — 705-555-0199"
    assert "Stayner" in _texts(text, "ADDRESS")


def test_a_small_town_closing_a_quote_after_from() -> None:
    text = 'He asked about "the tow truck from Uptergrove": not ours.'
    assert "Uptergrove" in _texts(text, "ADDRESS")


# --- codes -------------------------------------------------------------------------------------


def test_a_dated_serial_keeps_its_letter_prefix() -> None:
    assert ("ID", "QT-2027-11-4471") in _found("Claim batch: QT-2027-11-4471   Prepared: today")


def test_a_date_alone_is_no_dated_serial() -> None:
    assert "ID" not in _kinds("Seen 2027-11-14 and again on 2027-11-21.")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kit: glucometer GLU-55128, cuff and scale", "GLU-55128"),
        ("Meter battery replaced (old MTR-40917).", "MTR-40917"),
    ],
)
def test_a_devices_code_after_the_device(text: str, code: str) -> None:
    assert ("ID", code) in _found(text)


def test_a_scale_after_a_device_word_is_no_code() -> None:
    for text in (
        "pump rate 4 mL/h; PHQ-9 12, GAD-7 9",
        "scale: 82.4 kg (BMI-28)",
        "Pump QRTX-50377 checked.",  # a prefix that abbreviates no device
    ):
        assert "ID" not in _kinds(text), text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("audiologiste (OOAQ B-4412), clinique", "B-4412"),
        ("barrister & solicitor, LSO no. 58213P", "58213P"),
    ],
)
def test_a_members_number_after_its_order(text: str, code: str) -> None:
    assert code in [t for k, t in _found(text) if k == "ID"], text


def test_an_orders_year_is_no_number() -> None:
    for text in ("CPSO 2024 guidance on opioids", "OCP 35 mcg daily"):
        assert "ID" not in _kinds(text), text


# --- names -------------------------------------------------------------------------------------


def test_a_title_and_a_lone_initial() -> None:
    assert ("NAME", "K") in _found("Booked for a visit with Dr. K. (30 min) on the ward")


def test_a_title_and_an_initial_before_a_surname_stays_one_name() -> None:
    names = _texts("Booked with Dr. K. Ranford (30 min)", "NAME")
    assert names == ["K. Ranford"]


def test_dotted_initials_in_a_legend_and_their_cells() -> None:
    text = (
        "| 10 h 05 | salbutamol | 2 inh. | R.T. | N.D. |\n"
        "| 14 h 40 | cétirizine | 2,5 mL | R.T. | N.D. |\n"
        "Légende des initiales : R.T. = Rosalie Tapper ; N.D. = Nelly Dufrenne\n"
    )
    names = _texts(text, "NAME")
    assert names.count("R.T") + names.count("R.T.") == 3
    assert "Rosalie Tapper" in names and "Nelly Dufrenne" in names


def test_a_legend_of_abbreviations_is_no_name() -> None:
    text = "Légende : T.A. = Tension Artérielle ; B.P. = Blood Pressure\n| T.A. | 128/76 |"
    assert "NAME" not in _kinds(text)


def test_a_name_before_a_french_credential() -> None:
    text = "Suivi : Physio Sebright, Orlane Vautrinot, pht, depuis mars."
    assert "Orlane Vautrinot" in _texts(text, "NAME")


def test_a_french_credential_after_a_place_is_no_name() -> None:
    assert "NAME" not in _kinds("Suivi en physiothérapie : deux fois par semaine, pht.")


def test_a_dotted_login_after_a_reviewer() -> None:
    text = "Signed: paramedic · reviewed jq.vautrinot 15/05/2027"
    assert "jq.vautrinot" in _texts(text, "NAME")


def test_a_dotted_word_after_by_is_no_login() -> None:
    assert "NAME" not in _kinds("taken by mouth.po daily; reviewed with.care today")


def test_a_login_after_french_par() -> None:
    text = "Transmis le 2027-03-04 par jkolbeck (confirmation 4471)."
    assert "jkolbeck" in _texts(text, "NAME")


def test_french_par_before_an_everyday_word_is_no_login() -> None:
    assert "NAME" not in _kinds("Deux fois par semaine. Une fois par mois, puis par courriel.")


def test_a_login_in_brackets_after_a_name_with_its_accents_dropped() -> None:
    text = "Appel du 3 mars, commis Hélène Quévillon (hquevillon) : dossier complet."
    assert "hquevillon" in _texts(text, "NAME")


def test_a_word_in_brackets_after_a_name_is_no_login() -> None:
    text = "Appel du 3 mars, commis Hélène Quévillon (suivi) : dossier complet."
    assert "suivi" not in _texts(text, "NAME")


def test_a_sibling_is_a_relation() -> None:
    assert "Wrenley" in _texts("Her sibling Wrenley (age 6) was at daycare", "NAME")


# --- facilities --------------------------------------------------------------------------------


def test_a_towns_regional_health() -> None:
    text = "Sent to the wound clinic at Creemore Regional Health on Monday."
    assert ("FACILITY", "Creemore Regional Health") in _found(text)


def test_a_provinces_health_authority_is_no_facility() -> None:
    for text in (
        "per the Saskatchewan District Health policy",
        "the Regional Health Authority approved it",
    ):
        assert "FACILITY" not in _kinds(text), text


def test_a_law_firm_by_its_head() -> None:
    text = "Counsel:\n  Tapper Ranford Family Law, 18 Queen St., Suite 3\n"
    assert ("FACILITY", "Tapper Ranford Family Law") in _found(text)
    assert ("FACILITY", "Kolbeck Law Office") in _found("Letter from Kolbeck Law Office today.")


def test_a_field_of_law_is_no_firm() -> None:
    for text in (
        "Referred for Legal Services by the clinic",
        "She practises Family Law in the region.",
        "under Ontario Family Law rules",
    ):
        assert "FACILITY" not in _kinds(text), text


def test_a_grain_terminal() -> None:
    text = "Works at Kolbeck Grain Terminal as a weigh clerk."
    assert ("FACILITY", "Kolbeck Grain Terminal") in _found(text)


def test_the_grain_terminal_is_no_name() -> None:
    assert "FACILITY" not in _kinds("The Grain Terminal closes at 17:00.")


def test_a_family_business_keeps_its_et_fils() -> None:
    text = "employeur : Scierie Dufrenne et fils depuis 2019"
    assert ("FACILITY", "Scierie Dufrenne et fils") in _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("CENTRE AUDITIF DE LA HAUTE-VALLÉE\n2, rue X", "CENTRE AUDITIF DE LA HAUTE-VALLÉE"),
        (
            "GARDERIE ÉDUCATIVE LES PETITS CASTORS\n48, rue Y",
            "GARDERIE ÉDUCATIVE LES PETITS CASTORS",
        ),
        ("inscrite à la Garderie Les Mésanges depuis mai", "Garderie Les Mésanges"),
        (
            "vue à l'urgence du Centre multiservices de santé et de services sociaux de Sebright",
            "Centre multiservices de santé et de services sociaux de Sebright",
        ),
    ],
)
def test_french_daycares_and_centres_head_first(text: str, name: str) -> None:
    assert ("FACILITY", name) in _found(text)


def test_a_daycare_in_lower_case_is_no_facility() -> None:
    assert "FACILITY" not in _kinds("Elle va à la garderie le matin et au centre auditif mardi.")


# --- what is no identifier ---------------------------------------------------------------------


def test_a_countys_name_in_a_public_services_name() -> None:
    for text in (
        "COUNTY OF RIDGETOWN PARAMEDIC SERVICE — COMMUNITY PARAMEDICINE PROGRAM",
        "COUNTY OF SIMCOE PARAMEDIC SERVICE — alert log",
    ):
        assert "ADDRESS" not in _kinds(text), text


def test_a_county_named_alone_is_still_a_place() -> None:
    assert "ADDRESS" in _kinds("She moved to Stayner in March.")


def test_a_services_kind_is_no_facility() -> None:
    for text in (
        "REFERRAL TO CHILD WELFARE SERVICES — intake copy",
        "Referred for Legal Services by the clinic",
    ):
        assert "FACILITY" not in _kinds(text), text


def test_a_named_services_business_stays_a_facility() -> None:
    assert "FACILITY" in _kinds("Referred to Kolbeck Veterinary Services in town.")


def test_a_title_is_no_name() -> None:
    text = "Present: his niece, the chaplain Rev. Corinne Tapper, RN Kolbeck."
    assert "Rev" not in _texts(text, "NAME")
    assert "Corinne Tapper" in _texts(text, "NAME")


def test_a_times_minutes_are_no_civic_number() -> None:
    text = "ATV crash about 09:30 on a gravel road near the lake."
    assert "ADDRESS" not in _kinds(text)


def test_911_is_no_civic_number() -> None:
    text = "If unresponsive: call 911, place on left side, stay."
    assert "ADDRESS" not in _kinds(text)


def test_a_label_of_lower_case_words_is_no_facility() -> None:
    text = "CARE TEAM\nPaediatric diabetes clinic: Kolbeck Family Clinic"
    assert _texts(text, "FACILITY") == ["Kolbeck Family Clinic"]
