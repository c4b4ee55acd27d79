"""General rules of 2026-12-05, round 1209 (scanner 1.8.0), from the classes of misses and false
positives on tests/phi/data/heldout7 (used from then on as a development set) and those still
left in heldout5 and heldout6: surnames with particles in every case style, a family name in
capitals first, facility head words (with a second head after "&"), French clinic, imaging and
company names, Alberta's numbered grid and other street forms, a meeting's number, labelled
codes with letters, date ranges, staff initials after a staff label, and the label words,
holidays and eponyms that must stay unflagged. Every name, place and number here is invented for
this file and was grepped against the corpora (whole word, case-insensitive) and changed when it
occurred there. Each rule has positive examples and near misses that must stay unflagged."""

from __future__ import annotations

import pytest

import phi


def found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in phi.scan(text) if kind is None or f.kind == kind]


# --- surnames with particles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Client: Ofelia De las Quintave   PHIN 000", "Ofelia De las Quintave"),
        (
            "Date: 2026-01-04\nDE LA QUINTAVE, ROSALBA\nGABAPENTIN 100MG CAP",
            "DE LA QUINTAVE, ROSALBA",
        ),
        ("Patient: Von Brattel, Wenonah   Week of Jan 4", "Von Brattel, Wenonah"),
        ("Seen today with Dr. Wenonah von Brattel about the taper.", "Wenonah von Brattel"),
    ],
)
def test_a_surname_with_particles(text: str, expected: str) -> None:
    assert expected in found(text, "NAME")


@pytest.mark.parametrize("text", ["DE NOVO, ok", "The pain is De Novo today."])
def test_a_particle_alone_makes_no_name(text: str) -> None:
    assert found(text, "NAME") == []


# --- a family name in capitals first; an initial and a surname in capitals ---------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Patient: Mr. TRUONG Quoc Bao (goes by "Bo")', "TRUONG Quoc Bao"),
        ("Patient: Mme HILDRETH Ottavina, 54", "HILDRETH Ottavina"),
        ("Qty: 30   Refills: 1   Dr. K. QUINNET-VALE", "K. QUINNET-VALE"),
    ],
)
def test_a_surname_in_capitals_after_a_title(text: str, expected: str) -> None:
    assert expected in found(text, "NAME")


@pytest.mark.parametrize(
    "text", ["Pt: Mr. MRI Results pending", "Dr. PT Assessment booked", "Dr. A. MRI today"]
)
def test_capitals_after_a_title_that_name_no_one(text: str) -> None:
    assert found(text, "NAME") == []


def test_a_wide_gap_after_an_initial_ends_the_name() -> None:
    text = 'Resident: QUARREN, Ruperta M.     Preferred name: "Bette"\nDOB: 1930'
    names = found(text, "NAME")
    assert "Bette" in names  # a name in quotes after its label
    assert not any("Preferred" in n for n in names)


# --- label words, function words, holidays and eponyms are no names ----------------------------


def test_a_form_row_of_fields_is_no_chat_speaker() -> None:
    text = (
        "Rx: 1234567   Date: 2026-01-02\nQty: 30   Refills: 1\n"
        "Rx: 1234568   Date: 2026-01-02\nQty: 60   Refills: 0\n"
    )
    assert found(text, "NAME") == []


def test_a_chat_speaker_who_says_words_is_still_read() -> None:
    assert found("Zenaida: on my way\nZenaida: there in 5", "NAME") == ["Zenaida", "Zenaida"]


def test_a_function_word_in_capitals_is_no_initials() -> None:
    names = found("From: Evander Ormand\nREFERRAL TO ORAL SURGERY", "NAME")
    assert names == ["Evander Ormand"]


@pytest.mark.parametrize(
    "text",
    [
        "Elle a passé Noël chez son fils.",
        "They spent Christmas at the cottage and New Yr's Eve at home.",
        "Semmes-Weinstein monofilament absent both feet.",
        "Dix-Hallpike positive on the right; Osgood-Schlatter as a teen.",
    ],
)
def test_holidays_and_hyphenated_eponyms_are_not_flagged(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("son fils Noël est venu", "Noël"),
        ("Eve Lazaro called back.", "Eve Lazaro"),
    ],
)
def test_a_holiday_word_as_a_name_is_still_a_name(text: str, expected: str) -> None:
    assert expected in found(text, "NAME")


def test_a_hyphenated_town_is_still_a_town() -> None:
    assert found("Grew up in Saint-Quillave-des-Monts.", "ADDRESS") == ["Saint-Quillave-des-Monts"]


# --- date ranges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Next clinic Mar 9-11 with Dr. Brannock.", "Mar 9-11"),
        ("Surveillance Oct 16-18 2026: nothing.", "Oct 16-18 2026"),
        ("away June 3 - 5, 2027.", "June 3 - 5, 2027"),
    ],
)
def test_a_range_of_days_in_a_month(text: str, expected: str) -> None:
    assert expected in found(text, "DATE")


def test_ranges_of_counts_are_no_dates() -> None:
    assert found("pain 3-4/10, takes 2-3 tabs") == []


# --- a meeting's number, labelled codes with letters -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Meeting ID 845 2231 9087, passcode by text.", "845 2231 9087"),
        ("ID de réunion : 845 1234 5678", "845 1234 5678"),
        ("Facility ID: QRV-40117", "QRV-40117"),
        ("Card QX-50231", "QX-50231"),
        ("N/Réf. : QA/2027-7713", "QA/2027-7713"),
        ("l'agent Quessy, matricule 40917, poste 2260.", "40917"),
        ("Beneficiary no. (JBNQA): K-58120", "K-58120"),
        ("dossier d'investigation 2027-QRV-00451", "2027-QRV-00451"),
        ("Our chart: QRV 40218", "QRV 40218"),
        ("Room/Bed: C-12 B", "C-12 B"),
    ],
)
def test_a_labelled_code(text: str, expected: str) -> None:
    assert expected in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Meeting number 2 today; Meeting room 204.",
        "Update after visit 10 (approx).",
        "Discuss at ECHO (case # 14 - no ident.)",
        "Mainpro card 2026 renewed.",
    ],
)
def test_counts_and_years_after_a_label_are_no_codes(text: str) -> None:
    assert found(text) == []


# --- street forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Home address on file: 12-3456 Quarrow Court, Brantville.", "12-3456 Quarrow Court"),
        ("WILLOWBRAE LODGE  -  4410 - 51 Avenue, Quarrowville AB", "4410 - 51 Avenue"),
        ("#2, 5012 - 48 STREET, Quarrowville", "5012 - 48 STREET"),
        ("4410 QUARROW HWY BRANTVILLE MB R1A 0A1", "4410 QUARROW HWY"),
        ("4410 QUARROW HWY BRANTVILLE MB R1A 0A1", "BRANTVILLE MB"),
        ("Clinic\n12 Brantley Avenue, 3rd floor, Quarrowville", "12 Brantley Avenue, 3rd floor"),
        (
            "2250, avenue de la Quillière, bureau 4, Quarrowville",
            "2250, avenue de la Quillière, bureau 4",
        ),
    ],
)
def test_a_street_line(text: str, expected: str) -> None:
    assert expected in found(text, "ADDRESS")


@pytest.mark.parametrize(
    "text", ["BP 120 - 80 ST elevation", "TAKE 2 IN A ROW", "pain 7 - 8 out of 10"]
)
def test_no_street_without_a_street(text: str) -> None:
    assert found(text, "ADDRESS") == []


# --- facilities by their head word -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("crush injury at Quillan Cove Aquaculture in 2023", "Quillan Cove Aquaculture"),
        ("Message left at Brantmore Pentecostal Assembly.", "Brantmore Pentecostal Assembly"),
        ("Refer to Lanternway Counselling for CBT.", "Lanternway Counselling"),
        ("Report by Quarrowby Investigations, Oct 2026.", "Quarrowby Investigations"),
        ("Rx by Dr A. Perpetua (Brantley Road Walk-in)", "Brantley Road Walk-in"),
        ("Site: Quarrowby Telemedicine Suite 2", "Quarrowby Telemedicine Suite"),
        ("Quillhaven Dental\nDr. Casimira Lazaro", "Quillhaven Dental"),
        ("works at Brantmore Steel & Fab now", "Brantmore Steel & Fab"),
        ("(pain clinic, Quarrowby Spine & Pain Centre) re: taper", "Quarrowby Spine & Pain Centre"),
        ("Quillhaven Chiropractic & Wellness | reception", "Quillhaven Chiropractic & Wellness"),
        (
            "Brantmore Road Psychiatry & Addictions Consultation Service",
            "Brantmore Road Psychiatry & Addictions Consultation Service",
        ),
        (
            "QUILLHAVEN CHIROPRACTIC & WELLNESS\n12 Brantley Road",
            "QUILLHAVEN CHIROPRACTIC & WELLNESS",
        ),
        (
            "Clinique de médecine sportive Brassard-Quillon",
            "Clinique de médecine sportive Brassard-Quillon",
        ),
        ("IRM (Imagerie Quillavé, Brantville) : normale", "Imagerie Quillavé"),
        (
            "Employeur : Les Entreprises Quillon et Fils inc., Brantville",
            "Les Entreprises Quillon et Fils inc",
        ),
        ("Transports Brassolet ltée", "Transports Brassolet ltée"),
    ],
)
def test_a_facility_by_its_head_word(text: str, expected: str) -> None:
    assert expected in found(text, "FACILITY")


@pytest.mark.parametrize(
    "text",
    [
        "Routine Dental care is fine. Lab Investigations pending. He needs Counselling.",
        "the Legislative Assembly; a Needle Assembly; Stainless Steel plate; Pain Centre referral.",
        "CHRONIC PAIN & WELLNESS\nnext",
        "une imagerie de contrôle; He said it was inc. into the plan.",
    ],
)
def test_head_words_alone_make_no_facility(text: str) -> None:
    assert found(text, "FACILITY") == []


# --- staff initials after a staff label --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Signed: Dr. Casimira Lazaro     Scribe: QV", "QV"),
        ("Refills: 3   RPh: MK", "MK"),
        ("Checked: ab / jt", "jt"),
    ],
)
def test_initials_after_a_staff_label(text: str, expected: str) -> None:
    assert expected in found(text, "NAME")


def test_answers_after_a_staff_label_are_no_initials() -> None:
    assert found("Checked: yes. Verified by: RN. Initials: MD", "NAME") == []


# --- short forms in brackets, relations in chart abbreviations, the care team in brackets ------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pt: QUESSY, Ottavina (Vina)  hc# 000", "Vina"),
        ("dtr Casimira (Mira) here w/ her", "Mira"),
        ("his daughter Hoài (Hoai) present", "Hoai"),
        ("sleeping poorly, husb Evander in the manor since Oct", "Evander"),
        ("toileting added, PT (Evander Quessy) to reassess Friday", "Evander Quessy"),
        ("seen by OT (Ruperta Hildreth)", "Ruperta Hildreth"),
    ],
)
def test_a_name_in_brackets_or_after_a_relation(text: str, expected: str) -> None:
    assert expected in found(text, "NAME")


@pytest.mark.parametrize(
    "text",
    [
        "seen by Dr. Hildreth (Psych) today",
        "referred to PT (Physical Therapy) and OT (Occupational Therapy)",
        "PT (Pain Team) review; SW (Social Work) consult",
    ],
)
def test_words_in_brackets_that_name_no_one(text: str) -> None:
    assert [n for n in found(text, "NAME") if n != "Hildreth"] == []


# --- linear time: 200 kB pathological lines for the new patterns ------------------------------


@pytest.mark.parametrize(
    "unit",
    [
        "De la ",
        "DE LOS ",
        "Dr. S. ",
        "Jan 1-",
        "1 - 2 ",
        "Meeting ID 123 ",
        "& Wellness ",
        "Clinique de médecine ",
        "Les Et ",
        "Rx: 1   Qty: ",
        "Scribe: ab / ",
        "4410 - 51 ",
        "Bed 4 A ",
    ],
)
def test_a_200_kb_pathological_line_is_read_in_one_pass(unit: str) -> None:
    # counting, not timing: ten times the text gives ten times the findings (give or take the
    # edges), and the scan returns (a pattern that backtracked over the whole line would not)
    small = unit * (20_000 // len(unit))
    big = small * 10
    n_small, n_big = len(phi.scan(small)), len(phi.scan(big))
    assert abs(n_big - 10 * n_small) <= 10
