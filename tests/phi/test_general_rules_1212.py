"""Scanner 1.11.0: general rules for classes missed on unseen notes (grouped health numbers and
codes after labels, dates and phones by shape, ``<Place> Memorial``, keys of staff initials,
``née``, lower-case given names with an initial, children with ages, nicknames in French
guillemets). Every name, place and number here is invented."""

from __future__ import annotations

import pytest

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def test_the_version_is_1_11_0_or_later() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 11)


# --- health numbers grouped after a health label -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("HSN: 7312 40586   Exam date: today", "7312 40586"),
        ("PHIN 61824 3309   Reg. no. pending", "61824 3309"),
        ("MSI 0042 617 538, file open", "0042 617 538"),
        ("Medicare N.-B. : 7021 58836", "7021 58836"),
    ],
)
def test_a_grouped_health_number_after_its_label(text: str, number: str) -> None:
    assert ("HEALTH_NUMBER", number) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Health teaching done 2024 10 minutes.",  # no grouped number
        "MSI total 1200 units over 3 days.",  # a count, not grouped like a number
        "Weight 7312 40586",  # no health label
    ],
)
def test_no_health_number_without_label_or_grouping(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "HEALTH_NUMBER"], _found(text)


# --- codes after the label of a number ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("MSP Practitioner No.: Q7T2M", "Q7T2M"),
        ("College ID: 58213", "58213"),
        ("Accession: XRAY-CT-40917", "XRAY-CT-40917"),
        ("Passport: ZK 731640 (exp. soon)", "ZK 731640"),
        ("Invoice INV-31-7702 (not insured)", "INV-31-7702"),
        ("Vaccination Centre no. QQ-ON-0481", "QQ-ON-0481"),
        ("Unit/Cell: D-Pod 22", "D-Pod 22"),
    ],
)
def test_a_code_after_a_label(text: str, code: str) -> None:
    assert code in _texts(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Passport: expired, renewal pending.",  # no code
        "College of Nurses reviewed the chart.",  # an organisation, no number
        "Invoice sent to the insurer.",
        "Cell: phone broken this week.",
    ],
)
def test_no_code_after_a_label_without_one(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "ID"], _found(text)


def test_a_french_file_label_before_a_code_is_an_mrn() -> None:
    assert ("MRN", "SD-7731-B") in _found("Dossier de santé scolaire : SD-7731-B")
    assert not [f for f in scan("Dossier complet : voir la note.") if f.kind == "MRN"]


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB: Mar-17-1983   Age: 43", "Mar-17-1983"),
        ("Requisition received: Feb.09.26 (fax)", "Feb.09.26"),
        ("DOB: 1951 08 23 (75)", "1951 08 23"),
        ("Last use | 21/11 23:30 | smoked", "21/11"),
        ("période du 1er au 9 avril 2027", "1er"),
    ],
)
def test_dates_by_shape(text: str, date: str) -> None:
    assert ("DATE", date) in _found(text)


def test_a_range_of_days_and_months() -> None:
    found = _found(" - 11/05-19/05: visiting family")
    assert ("DATE", "11/05") in found and ("DATE", "19/05") in found


@pytest.mark.parametrize(
    "text",
    [
        "Pain 05/10-07/10 over the week.",  # a score out of ten
        "PHQ 13/20-15/20 at intake.",  # scores, no month
        "Took 2024 10 12 mg tablets",  # a count and a dose
        "Sep-30 was the plan.",  # no year: left to the other rules
        "Ratio 3/4 14:00 meeting",  # no leading valid date before a time? 3/4 is a date shape
    ][:4],
)
def test_no_dates_from_scores_counts_or_ranges_of_scores(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "DATE" and "/" in f.text], _found(text)
    assert not [f for f in scan(text) if f.kind == "DATE" and f.text.count(" ") == 2]


# --- phones and ages ---------------------------------------------------------------------------


def test_toll_free_and_international_phones() -> None:
    assert ("PHONE", "1-888-555-0147") in _found("Fax completed form to: 1-888-555-0147  Sent")
    assert ("PHONE", "+44 20 5550 1937") in _found("cousin in London, +44 20 5550 1937 (mobile)")


@pytest.mark.parametrize("text", ["Form 1-2 completed.", "Dose +2 mg since Monday.", "A1c +0.5"])
def test_no_phone_from_form_numbers_or_signed_changes(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "PHONE"], _found(text)


def test_an_age_over_89_after_now() -> None:
    assert ("AGE", "97") in _found('grandmother, Ottilie "Tillie" Varga, now 97, at home')
    for text in ("pulse now 96, regular", "sat now 92% on room air", "now 95/60 after fluids"):
        assert not [f for f in scan(text) if f.kind == "AGE"], _found(text)


# --- <Place> Memorial ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fac"),
    [
        (
            "after an ED visit at Quillbrook District Memorial (naloxone x2).",
            "Quillbrook District Memorial",
        ),
        ("Administered at: Tarnwick Memorial outpatient clinic", "Tarnwick Memorial"),
    ],
)
def test_a_hospital_named_place_memorial(text: str, fac: str) -> None:
    assert ("FACILITY", fac) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Closed on Memorial Day as usual.",
        "Holiday: Remembrance Memorial service at the cenotaph.",
        "The War Memorial was repainted.",
    ],
)
def test_no_facility_from_memorial_days_or_monuments(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "FACILITY"], _found(text)


# --- staff initials and their key --------------------------------------------------------------


def test_staff_initials_spelled_out_in_a_key_and_in_cells() -> None:
    text = (
        "| Dose | 8 h | GT | abl | GT |\n"
        "Initiales - GT : Gaëtane Trudelle, PAB; abl : Anne-Béatrice Lussier-Ngata, inf. aux."
    )
    found = _found(text)
    assert found.count(("NAME", "abl")) == 2
    assert ("NAME", "Anne-Béatrice Lussier-Ngata") in found
    assert ("NAME", "GT") in found


@pytest.mark.parametrize(
    "text",
    [
        "TA : Tension Artérielle, prise à 8 h",  # letters that spell words out, no person
        "BP : Blood Pressure monitored",
        "RR = Respiratory Rate",
    ],
)
def test_no_initials_from_abbreviations_spelled_out(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


# --- née, lower-case names with an initial, children with ages, guillemets ------------------------


def test_a_maiden_name_after_nee() -> None:
    assert ("NAME", "Brassard") in _found("Résidente : OUELLON, Gisèle (née Brassard)")
    assert not [f for f in scan("bébé mort-née à terme") if f.kind == "NAME"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Past counselling with odessa t. at the centre", "odessa t"),
        ("Seen with student kwame o. (BN)", "kwame o"),
        ("Sonographer: dara v. / Dara Vell, RDMS", "dara v"),
    ],
)
def test_a_lower_case_given_name_and_initial(text: str, name: str) -> None:
    assert any(k == "NAME" and t.startswith(name) for k, t in _found(text)), _found(text)


@pytest.mark.parametrize("text", ["take b.i.d. with food", "see p. 4 of the form", "vit d. level"])
def test_no_name_from_lower_case_abbreviations(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


def test_children_named_with_ages() -> None:
    found = _found("Two children at home, Brynlee (10) and Oskar (6), and a dog.")
    assert ("NAME", "Brynlee") in found and ("NAME", "Oskar") in found
    found = _found("Fratrie : Élodie (12 ans, au secondaire) et Yannick (4 ans, à la garderie)")
    assert ("NAME", "Élodie") in found and ("NAME", "Yannick") in found


@pytest.mark.parametrize(
    "text",
    [
        "Tylenol (500) and Advil (200) as needed.",  # drug brands with doses
        "Grade (3) and Stage (2) noted.",  # everyday words
    ],
)
def test_no_children_from_doses_or_words(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


def test_a_nickname_in_french_guillemets() -> None:
    found = _found("Titulaire : Édouard « Doudou » Tanaka-Bélanger   Date de naissance")
    for part in ("Édouard", "Doudou", "Tanaka-Bélanger"):
        assert ("NAME", part) in found


def test_no_nickname_from_a_quoted_french_word() -> None:
    assert not [f for f in scan("Il dit avoir « glissé » sur le tapis.") if f.kind == "NAME"]
    assert not [f for f in scan("le programme « Tremplin » débute") if f.kind == "NAME"]


# --- lower-case heads of workplaces and public buildings after their place ------------------------


@pytest.mark.parametrize(
    ("text", "fac"),
    [
        ("duty counsel, Tarnville courthouse; next date in March", "Tarnville courthouse"),
        ("Admitted from Quenby RCMP detachment at 02:10", "Quenby RCMP detachment"),
        ("starts seasonal work at the Ashwick fish hatchery soon", "Ashwick fish hatchery"),
        ("swim at the Tarnville rec centre on Sundays", "Tarnville rec centre"),
        ("sees a counsellor at Oskana wellness centre", "Oskana wellness centre"),
        ("Dispensing: the Tarnville co-op pharmacy (code pending)", "Tarnville co-op pharmacy"),
    ],
)
def test_a_place_before_a_lower_case_workplace_head(text: str, fac: str) -> None:
    assert ("FACILITY", fac) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The courthouse was closed for the holiday.",
        "Police detachment called back.",
        "A rec centre pass was offered.",
        "Seen at the Hospital pharmacy today.",
    ],
)
def test_no_facility_from_a_head_alone(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "FACILITY"], _found(text)


# --- names after French labels and counsel -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Vérifié par : Noëlla Vachon-Tremblay, responsable", "Noëlla Vachon-Tremblay"),
        ("Pharmacien(ne) : Noëlla Vachon-Tremblay, pharm.", "Noëlla Vachon-Tremblay"),
        ("Legal counsel: T. Ashworth-Okafor, duty counsel", "T. Ashworth-Okafor"),
    ],
)
def test_a_name_after_a_french_label_or_counsel(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


@pytest.mark.parametrize(
    "text", ["Counsel: none assigned yet", "Vérifié par : pharmacie, 2 fois", "Lawyer: to be named"]
)
def test_no_name_after_those_labels_without_one(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


# --- rural and unit forms around a street line; a French village after the street ---------------


@pytest.mark.parametrize(
    ("text", "addr"),
    [
        ("Home: RR 2 Site 7 Box 14, Quellby AB T0C 1H0", "RR 2 Site 7 Box 14"),
        ("Address: Lot 3, Fenwick Creek Rd km 9", "Lot 3, Fenwick Creek Rd km 9"),
        ("CLINIC | Unit 4 - 22 9th St, Brandon MB", "Unit 4 - 22 9th St"),
        ("address: 512 Mill St, apt 2, for visits", "512 Mill St, apt 2"),
        ("Adresse : 57, chemin du Haut-Pré, Petite-Rivière   Tél.", "Petite-Rivière"),
        ("Adresse : 57, chemin Bastarache, Anse-Verte (N.-B.)", "Anse-Verte"),
    ],
)
def test_rural_unit_and_village_forms(text: str, addr: str) -> None:
    assert ("ADDRESS", addr) in _found(text)


@pytest.mark.parametrize(
    ("text", "not_addr"),
    [
        ("Rd km 9 marker", "Rd km 9 marker"),  # no street line
        ("Seen 12 Main St, Unit clerk informed", "12 Main St, Unit"),  # no unit number
        ("Adresse : 57, rue Principale, Vitamine-D donnée", "Vitamine-D"),
    ],
)
def test_no_address_extension_without_its_parts(text: str, not_addr: str) -> None:
    assert ("ADDRESS", not_addr) not in _found(text)


# --- a city abroad before its country; French schools, GMF and community health centres ----------


def test_a_city_abroad_before_its_country() -> None:
    assert ("ADDRESS", "Kumasi") in _found(" - 03/05-11/05: Kumasi, Ghana - family visit")
    found = _found(" - Lilongwe and Blantyre, Malawi, with a friend")
    assert ("ADDRESS", "Lilongwe") in found and ("ADDRESS", "Blantyre") in found


@pytest.mark.parametrize(
    "text", ["Vaccines, Nigeria trip next month.", "Hepatitis A, Ghana", "Travel: Europe, France"]
)
def test_no_city_from_words_before_a_country(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "ADDRESS"], _found(text)


@pytest.mark.parametrize(
    ("text", "fac"),
    [
        ("Note de l'infirmière - École Les Goélands, Caraquet", "École Les Goélands"),
        ("à la Polyvalente J.-Aldéric-Brun de Bathurst", "Polyvalente J.-Aldéric-Brun"),
        ("Dre Roy, GMF de la Vallée de la Rivière   Tél.", "GMF de la Vallée de la Rivière"),
        (
            "Référence au Centre de santé communautaire de l'Outaouais (site)",
            "Centre de santé communautaire de l'Outaouais",
        ),
    ],
)
def test_a_french_school_gmf_or_health_centre(text: str, fac: str) -> None:
    assert ("FACILITY", fac) in _found(text)


@pytest.mark.parametrize(
    "text", ["École Secondaire", "le GMF de la région", "Polyvalente : oui", "École Santé Mentale"]
)
def test_no_french_school_from_kind_words(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "FACILITY"], _found(text)


# --- false positives: a form's label taken as a facility; an eponym of a manual or a scale --------


def test_a_form_label_is_no_facility() -> None:
    found = _found("Request: new\nDispensing pharmacy: the Tarnville co-op pharmacy (code)")
    assert ("FACILITY", "Dispensing pharmacy") not in found
    assert ("FACILITY", "Tarnville co-op pharmacy") in found


@pytest.mark.parametrize(
    ("text", "fac"),
    [
        ("Seen at Kipling Clinic: today", "Kipling Clinic"),  # a town ending in -ing
        ("Seen at Fielding Clinic: today", "Fielding Clinic"),  # a surname ending in -ing
    ],
)
def test_a_named_facility_before_a_colon_stays(text: str, fac: str) -> None:
    assert ("FACILITY", fac) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "taper every 2 weeks after the switch (Preston manual schedule). Pharmacy",
        "taper (Clifton manual schedule).",
        "Scored on the Heather scale at intake.",
    ],
)
def test_an_eponym_of_a_manual_or_scale_is_no_name(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


def test_a_person_before_such_words_stays_a_name() -> None:
    assert ("NAME", "Heather") in _found("Heather called back; Dr. Heather reviewed it.")


# --- logins and initials after French entries and witnesses; names after roles and CO ------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Signature : X      Entré par jlt  2026-12-08", "jlt"),
        ("Signed: D. Roy  Witness: KT\n", "KT"),
        ("sees counsellor maude at the centre", "maude"),
        ("Housing unit officer CO Varga informed.", "Varga"),
        ('Traveller: Ashgrove-Nwosu, Petra ("Pet")  DOB', "Ashgrove-Nwosu, Petra"),
    ],
)
def test_more_names_after_entries_witnesses_roles_and_labels(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Entré par erreur dans le dossier",
        "Witness: none. Roommate asleep.",
        "Witness: NO\n",
        "the nurse will call back",
        "student nurse may help",
        "CO Poisoning ruled out",
        "Dx: Guillain-Barré, Miller Fisher variant",
    ],
)
def test_no_names_from_words_after_those_cues(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


def test_an_unlisted_name_counts_in_a_key_that_spelled_out_a_listed_one() -> None:
    found = _found("Initiales - QT : Quentin Tardif, PAB; ZV : Zéphirin Vérité, veilleur.")
    assert ("NAME", "ZV") in found and ("NAME", "Zéphirin Vérité") in found


def test_abbreviations_spelled_out_beside_a_key_stay_unflagged() -> None:
    text = "Initiales - QT : Quentin Tardif; TA : Tension Artérielle, FC : Fréquence Cardiaque"
    found = _found(text)
    assert ("NAME", "Quentin Tardif") in found
    assert not {t for k, t in found if k == "NAME"} & {"TA", "FC", "Tension Artérielle"}


def test_place_memorial_before_a_programme_acronym_and_lower_case_head() -> None:
    found = _found("INTAKE\nTarnwick Memorial RAAM clinic, walk-in Tuesdays")
    assert ("FACILITY", "Tarnwick Memorial") in found


@pytest.mark.parametrize(
    "text", ["Closed for the Tarnwick Memorial Tournament", "after the Tarnwick Memorial Run"]
)
def test_no_memorial_hospital_before_an_event(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "FACILITY"], _found(text)


def test_a_given_name_before_its_role_in_brackets() -> None:
    assert ("NAME", "Gaston") in _found("packs, delivery Thursdays by Gaston (driver).")
    for text in ("Seen by Monday (nurse).", "call Pharmacy (pharmacist) later"):
        assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)
