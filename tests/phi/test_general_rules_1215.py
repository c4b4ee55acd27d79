"""Scanner 1.14.0: general rules for classes still missed on the development sets (facility
heads, credentials and form labels, staff logins in record stamps, CSV exports read by their
header row, relatives named in pairs, a name and its age). Every name, place and number here is
invented."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def test_the_version_is_at_least_1_14() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 14)


# --- facility heads ---------------------------------------------------------------------------


def test_health_complexes_healthcare_family_medical_and_daycares_are_facilities() -> None:
    assert ("FACILITY", "Quorrin Vale Health Complex") in _found(
        "seen at the Quorrin Vale Health Complex last week"
    )
    assert ("FACILITY", "Tarnwick Shores HealthCare") in _found(
        "imaging at Tarnwick Shores HealthCare on Monday"
    )
    assert ("FACILITY", "Brellow Family Medical") in _found(
        "Reminder: appt at Brellow Family Medical. Reply C to confirm."
    )
    assert ("FACILITY", "Pîskwat Daycare") in _found("the Pîskwat Daycare has 14 children")


def test_generic_healthcare_and_daycare_words_are_no_facility() -> None:
    for text in (
        "Home Healthcare visit booked",
        "the Ontario Healthcare plan pays",
        "Public Healthcare is free here",
        "Daycare staff were told",
        "Her Family Medical history is negative",
    ):
        assert _found(text) == [], text


# --- credentials that close a signature -------------------------------------------------------


def test_veterinarians_midwives_and_french_nurse_practitioners_close_a_name() -> None:
    assert ("NAME", "Ysolde Marchetti-Pruitt") in _found(
        "\n\nYsolde Marchetti-Pruitt, DVM   licence on file\n"
    )
    assert ("NAME", "Q. Tarrowby-Lunn") in _found("\nQ. Tarrowby-Lunn, RM   college no. on file\n")
    assert ("NAME", "Gwenaëlle Broussard-Kint") in _found(
        "\nGwenaëlle Broussard-Kint, IP        sante@campus.example\n"
    )


def test_rm_and_ip_without_a_name_before_them_stay_unflagged() -> None:
    for text in ("lives in the RM since May", "Zone RM and IP noted", "Server IP unchanged"):
        assert _found(text) == [], text


# --- form labels: the deceased, who took the intake -------------------------------------------


def test_names_after_labels_of_death_records_and_intakes() -> None:
    assert ("NAME", "Ozymandias Trellworth-Banks") in _found(
        "Deceased: Ozymandias Trellworth-Banks    file on record"
    )
    assert ("NAME", "Quillon Marbury-Fenn") in _found(
        "Taken by: Quillon Marbury-Fenn (intake counsellor)"
    )


def test_labels_of_death_records_before_everyday_words_flag_nothing() -> None:
    for text in ("Deceased: no\n", "Received by: fax\n", "Taken by: phone\n"):
        assert _found(text) == [], text


# --- logins and initials in record stamps -----------------------------------------------------


def test_logins_after_verbs_of_record_keeping() -> None:
    assert ("NAME", "qvx") in _found("report transcribed by qvx 2031-02-13\n")
    assert ("NAME", "tbrelv") in _found("consent scanned to the chart by tbrelv\n")
    assert ("NAME", "qvx") in _found("Saisie : qvx (assistante)\n")
    assert ("NAME", "zq") in _found("D: 12-Feb-2031   T: 15-Feb-2031 zq\n")


def test_words_after_verbs_of_record_keeping_are_no_logins() -> None:
    for text in (
        "scanned by fax\n",
        "faxed by pharmacy.\n",
        "transcribed by me.\n",
        "witnessed by two\n",
        "closed by rn\n",
        "T: 15-Feb-2031 am\n",
    ):
        assert all(f.kind != "NAME" for f in scan(text)), text


# --- hospitals by their acronym ---------------------------------------------------------------


def test_a_hospital_acronym_after_admission_or_at() -> None:
    assert ("FACILITY", "QXRH") in _found("admitted QXRH Sat per wife")
    assert ("FACILITY", "ZMH") in _found("with my mom at ZMH til next week")
    assert ("FACILITY", "QVGH") in _found("transferred to QVGH overnight")


def test_hormones_and_findings_ending_in_h_are_no_hospitals() -> None:
    for text in ("admitted with TSH at 4.2", "seen at ED, BPH noted", "at LVH on echo, admit ACTH"):
        assert all(f.kind != "FACILITY" for f in scan(text)), text


# --- relatives named in pairs -----------------------------------------------------------------


def test_relatives_and_attendants_named_together_after_their_plural() -> None:
    found = _found("her granddaughters Orlenna and Quessa; Elder visits")
    assert ("NAME", "Orlenna") in found and ("NAME", "Quessa") in found
    found = _found("funeral home attendants\nKojin and Fergan. Family asked")
    assert ("NAME", "Kojin") in found and ("NAME", "Fergan") in found


def test_everyday_words_after_a_plural_relation_are_no_names() -> None:
    for text in ("kids Monday and Tuesday", "children Vitamin and Iron", "sons Home and Away"):
        assert all(f.kind != "NAME" for f in scan(text)), text


# --- CSV exports read by their header row -----------------------------------------------------

_CSV = """Export from the booking system, 2031-04-02
patient_id,last_name,first_name,dob,provider,status
QX-80417,Vandersloot,Perpetua,1961-03-14,Dr. Zawadzki,booked
QX-80533,"Oyelaran, Jr.",Ignatius,1977-11-02,Quillfeather RN,cancelled
QX-80690,Brekkevold,Wilhelmina,2001-06-30,(auto),booked
"""

_CSV_FR = """no_dossier;nom;prénom;ddn;intervenante
DQ-20417;Tremblay-Vorn;Aurélie;1958-02-11;Quenneville
DQ-20533;Bérubé-Klast;Éloi;1949-09-23;Quenneville
"""


def test_a_csv_export_reads_its_columns_by_the_header_row() -> None:
    found = _found(_CSV)
    for chart in ("QX-80417", "QX-80533", "QX-80690"):
        assert ("MRN", chart) in found
    for name in ("Vandersloot", "Perpetua", "Oyelaran", "Ignatius", "Brekkevold", "Zawadzki"):
        assert ("NAME", name) in found
    assert ("NAME", "Quillfeather") in found  # the credential stays outside
    texts = _texts(_CSV)
    assert "booked" not in texts and "cancelled" not in texts and "auto" not in texts


def test_a_french_export_split_by_semicolons_reads_its_columns() -> None:
    found = _found(_CSV_FR)
    for value in ("DQ-20417", "DQ-20533", "Tremblay-Vorn", "Bérubé-Klast", "Éloi", "Quenneville"):
        assert value in {text for _kind, text in found}, value


def test_prose_and_lists_with_commas_are_no_csv_table() -> None:
    for text in (
        "Name, date and phone were checked, then the visit was booked.\nAll fine, no issues, ok.\n",
        "drug,dose,qty\nacetaminophen,500 mg,60\n",
        "name,date,status\nintake,today,pending\n",
        "patient,provider,date\nnone,none,pending\nwalk-in,on call,later\n",
    ):
        assert _found(text) == [], text


# --- a listed given name and surname before "(age N" -------------------------------------------


def test_a_word_like_given_name_and_an_eponym_surname_before_an_age_in_brackets() -> None:
    assert ("NAME", "Autumn Thomas") in _found("This is about Autumn Thomas (age 31, from up north")
    assert ("NAME", "Summer Parkinson") in _found("we met Summer Parkinson (aged 40) at intake")


def test_a_disease_or_a_service_before_an_age_in_brackets_is_no_name() -> None:
    for text in (
        "Parkinson Disease (age 31 at onset)",
        "Family Medicine (age 31 and up)",
        "Ottawa Hospital (age 31 limit)",
    ):
        assert all(f.kind != "NAME" for f in scan(text)), text


# --- labelled codes, whole ----------------------------------------------------------------------


def test_a_labelled_number_keeps_its_last_group_at_the_end_of_a_field() -> None:
    assert ("ID", "Q-470931 28") in _found("Client number: Q-470931 28\n")
    assert ("ID", "Q-470931 28") in _found(
        "Veteran client number: Q-470931 28      Service number: none"
    )
    assert ("ID", "ZQB 70315 04") in _found("Extended health: member ID ZQB 70315 04\n")


def test_a_labelled_number_leaves_a_quantity_after_it() -> None:
    assert ("ID", "Q-470931") in _found("Client number: Q-470931 28 days left")
    assert "Q-470931 28" not in _texts("Client number: Q-470931 28 days left")


def test_codes_after_french_number_labels_and_registrations_after_a_hash() -> None:
    assert ("ID", "QN-71-60394-2") in _found("No d'appel : QN-71-60394-2      Centrale : X\n")
    assert ("ID", "QPA-JR-31-4097") in _found("RAPPORT D'INCIDENT - n° QPA-JR-31-4097\n")
    assert ("ID", "0081934") in _found("Z. Quell, NP   ZQCNM #0081934\n")


def test_drug_and_product_numbers_after_a_hash_and_short_numbers_stay_unflagged() -> None:
    for text in ("DIN #02231234\n", "NDC #12345678\n", "n° 12 du formulaire\n", "no 3 ou 4\n"):
        assert _found(text) == [], text


# --- a small town after care a person goes to ---------------------------------------------------


def test_a_small_town_after_care_or_an_event_and_a_preposition() -> None:
    assert ("ADDRESS", "Quarrowby") in _found("then physio in Quarrowby. Claim open")
    assert ("ADDRESS", "Quessatshiu") in _found("a referral to the clinic in Quessatshiu; later")
    assert ("ADDRESS", "Quobbema") in _found("Fractured jaw 2022 (fight in Quobbema).")


def test_a_small_town_closed_by_a_condition_or_a_french_month() -> None:
    assert ("ADDRESS", "Queymouth") in _found("stage en CHSLD à Queymouth en avril.")
    assert ("ADDRESS", "Grande-Quillane") in _found("home visit offered at Grande-Quillane if ok.")


def test_everyday_and_clinical_words_after_care_words_are_no_towns() -> None:
    for text in (
        "physio in Jan. then rest",
        "the clinic in Emergency.",
        "a referral in Progress; pending",
        "treatment in Hospital if needed",
    ):
        assert all(f.kind != "ADDRESS" for f in scan(text)), text


# --- towns beside names and facilities ------------------------------------------------------------


def test_a_clinicians_town_in_brackets_after_a_titled_name() -> None:
    assert ("ADDRESS", "Quillbridge") in _found("cc: Dr. R. Kowalski (Quillbridge); seen Monday")


def test_a_clinicians_specialty_or_status_in_brackets_is_no_town() -> None:
    for text in ("cc: Dr. R. Quarmby (Cardiology); NP", "Dr. Quarmby (locum) today"):
        assert all(f.kind != "ADDRESS" for f in scan(text)), text


def test_a_place_prefix_joins_a_known_town_and_a_column_gap_closes_a_facilitys_town() -> None:
    assert ("ADDRESS", "Fort Providence") in _found("He was called in Fort Providence by Dal.")
    assert ("ADDRESS", "Quillborough") in _found(
        "Outreach clinic at Quarmby Hospital, Quillborough   Tel 902-555-0171"
    )


# --- letterheads in capitals --------------------------------------------------------------------


def test_a_letterhead_before_a_bullet_and_a_practice_named_by_its_specialty() -> None:
    assert ("FACILITY", "QUILLBY-HARTON MEDICAL PHARMACY") in _found(
        "QUILLBY-HARTON MEDICAL PHARMACY * 38 Quarmby Rd\n"
    )
    assert ("FACILITY", "QUARMBY NEUROLOGY") in _found(
        "FEB-16-2031 14:52   FROM:QUARMBY NEUROLOGY   page 1\n"
    )


def test_headings_of_a_specialty_are_no_letterhead() -> None:
    for text in (
        "REFERRAL TO NEUROLOGY\n",
        "PEDIATRIC NEUROLOGY\n",
        "DEPARTMENT OF PSYCHIATRY\n",
        "CHILD PSYCHIATRY\n",
        "DRUG ALLERGY\n",
    ):
        assert _found(text) == [], text


# --- a relation's name in lower case --------------------------------------------------------------


def test_a_listed_given_name_after_a_lower_case_relation_and_before_an_action() -> None:
    assert ("NAME", "gene") in _found("- son gene is in the city, calls sundays")
    assert ("NAME", "jack") in _found("my buddy jack says hi to the team")


def test_words_of_grammar_after_a_lower_case_relation_are_no_names() -> None:
    for text in ("her son will is", "his wife still has pain", "her son is here", "sister so is"):
        assert all(f.kind != "NAME" for f in scan(text)), text


# --- a log entry's initials -----------------------------------------------------------------------


def test_lower_case_initials_closing_a_bullet_or_a_dated_line() -> None:
    text = "Notes:\n- Quarmby (chart QQ-29006): admitted Sat; cancelled, kv.\n- Dee: rebooked\n"
    assert ("NAME", "kv") in _found(text)
    assert ("NAME", "kv") in _found("2031-03-03 called back, address now on file. kv\n")


def test_words_and_abbreviations_closing_a_bullet_are_no_initials() -> None:
    text = (
        "- take with food, bid.\n- ok, done.\n- rest, ice, etc.\n- walk 20 min, tid\n"
        "- pain 3/10, ok\n- call back, pm\n- two tabs, po\n- left msg, ty\n- see you, xo\n"
        "- sent, fyi\n- pt ok. rn\n- daily dose, qd\n"
    )
    assert all(f.kind != "NAME" for f in scan(text))
