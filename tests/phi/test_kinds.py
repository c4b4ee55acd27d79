"""One kind at a time: what must be found and what must be left alone, in English and French.

The examples are written for these tests (not copied from the phi-dev corpus), so they also check
that the rules generalise.
"""

from __future__ import annotations

import pytest

import phi
from tests.phi.helpers import found, kinds, touched

# ---------------------------------------------------------------------------------------------
# NAME
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seen today with Dr. Farida Nwosu in clinic.", "Farida Nwosu"),
        ("Referred by Dre Sophie Gauthier-Roy (rhumatologie).", "Sophie Gauthier-Roy"),
        ("Patient: Bartholomew Quist\nDOB: unknown", "Bartholomew Quist"),
        ("Patiente : Mme Ghislaine Robitaille", "Ghislaine Robitaille"),
        ("pt: trevor mackinnon, 44M", "trevor mackinnon"),
        ("His wife Maureen manages the pill box.", "Maureen"),
        ("Son fils Olivier l'accompagne.", "Olivier"),
        ("her daughter kayla (15) called", "kayla"),
        ("Thanks,\nPriscilla Oduya, RN\n", "Priscilla Oduya"),
        ("Merci !\n\nÉmilie Bouchard-Tessier, pharmacienne", "Émilie Bouchard-Tessier"),
        ("Hi Dominic,\n\nHere is the case.", "Dominic"),
        ("Bonjour Annick,\nVoici le cas.", "Annick"),
        ("Signed: Gwendolyn Apsley, NP-PHC", "Gwendolyn Apsley"),
        ("Reviewed with Marguerite O'Connell, RPh, this morning.", "Marguerite O'Connell"),
        ("From: Tobias Wren <tw@example.org>", "Tobias Wren"),
        ("- k. abernathy np", "k. abernathy"),
        ("Mr. Fitzwilliam was seen on the ward.", "Fitzwilliam"),
        ("M. Réal Ouimet, 68 ans, retraité.", "Réal Ouimet"),
        ("case manager Delphine Okoro (WSIB) asked for notes", "Delphine Okoro"),
        ("Jasper Villeneuve-Hart is a 45 y/o welder.", "Jasper Villeneuve-Hart"),
    ],
)
def test_names_with_cues_are_found(text: str, name: str) -> None:
    assert found(text, name), kinds(text)


def test_name_found_once_is_found_everywhere_in_the_text() -> None:
    text = "Caller: Faith (sister)\nFaith says he stopped eating. I told Faith to call 911."
    hits = [f for f in phi.scan(text) if f.kind == "NAME" and f.text == "Faith"]
    assert len(hits) == 3


def test_nickname_in_quotes_gives_three_names() -> None:
    text = 'Resident: Mr. Cornelius "Neil" Vandersteen'
    names = [f.text for f in phi.scan(text) if f.kind == "NAME"]
    assert names == ["Cornelius", "Neil", "Vandersteen"]


def test_possessive_is_outside_the_name() -> None:
    text = "Patient: Rosalind Ferrante. Rosalind's son drives her."
    assert "Rosalind" in [f.text for f in phi.scan(text)]
    assert "Rosalind's" not in [f.text for f in phi.scan(text)]


def test_emr_user_name_after_user_label() -> None:
    text = "Last edited 2024-02-03 by user: jkowalski"
    assert found(text, "jkowalski", "NAME")


@pytest.mark.parametrize(
    "text",
    [
        "Parkinson's disease, Hoehn & Yahr 3; positive Tinel's and Phalen's signs.",
        "Crohn's flare; Raynaud's; Guillain-Barré in 2008; Bell's palsy.",
        "Jordan's Principle may cover this for children.",
        "Started Lyrica 75 mg BID, Cymbalta 30 mg, Tylenol #3 qhs.",
        "A Dr. at the walk-in said it might help.",
        "Presenter: NP, rural FHT, northern Ontario",
        "Patient: woman in her late 60s",
        "Dear Hub Team,",
        "Hope this helps. Will call next week.",
        "Berg Balance Scale 44/56; Borg RPE 13; Bristol stool 1-2.",
        "Thanks - we're grateful for this program.",
    ],
)
def test_names_not_flagged_in_clinical_text(text: str) -> None:
    assert kinds(text) == []


# ---------------------------------------------------------------------------------------------
# DATE
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date",
    [
        "2023-11-07",
        "11/07/2023",
        "7/11/23",
        "07.11.2023",
        "2023/11/07",
        "November 7, 2023",
        "Nov. 7 2023",
        "7 Nov 2023",
        "7-Nov-2023",
        "November 2023",
        "Nov 7",
        "7th of November",
        "July 4th",
        "le 7 novembre 2023",
        "1er décembre",
        "juillet 2022",
        "12 janv. 2024",
    ],
)
def test_dates_more_specific_than_a_year_are_found(date: str) -> None:
    text = f"Seen {date} for follow-up."
    assert touched(text, date.removeprefix("le ")), kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fusion in 2019, revised 2021.",
        "Worse every winter and in the fall.",
        "Seen Thursday; comes back Monday.",
        "For 6/12 now; f/u q2/52.",
        "in the last 6 weeks",
        "CDC 2022 guideline",
        "She may 2x the dose on bad days.",
        "PEG 6/10, BP 128/76, 16/4 mg daily.",
        "March is when the taper started.",
        "Age range: 40-44",
        "Opioids tapered over 2015-2017.",
    ],
)
def test_non_dates_are_left_alone(text: str) -> None:
    assert kinds(text) == []


# ---------------------------------------------------------------------------------------------
# AGE
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("A 93-year-old woman with hip pain.", "93"),
        ("94 y/o male, lives alone", "94"),
        ("Age: 101", "101"),
        ("Dame de 95 ans, veuve.", "95"),
        ("Her brother Alphonse, 97, lives nearby.", "97"),
        ("A spry ninety-two-year-old.", "ninety-two"),
    ],
)
def test_ages_over_89_are_found(text: str, age: str) -> None:
    assert found(text, age, "AGE"), kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "An 89-year-old man.",
        "Over 90 MME is a watchful dose.",
        "eGFR > 90 last month",
        "in her early 90s",
        "Age 90 or older",
        "Man in his late 60s",
    ],
)
def test_ages_89_and_under_and_bands_are_not_found(text: str) -> None:
    assert not any(k == "AGE" for k, _ in kinds(text))


# ---------------------------------------------------------------------------------------------
# PHONE, EMAIL, URL, IP
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone", ["(613) 555-0101", "613-555-0101", "613.555.0101", "1-888-555-0175", "+1 416 555 0190"]
)
def test_phone_numbers(phone: str) -> None:
    text = f"Call back at {phone} ext 12."
    assert found(text, phone, "PHONE"), kinds(text)


def test_phone_extension_is_outside_the_span() -> None:
    text = "Tél. : 819 555-0100, poste 31"
    assert kinds(text) == [("PHONE", "819 555-0100")]


def test_email_url_ip() -> None:
    text = (
        "Mail j.doe_77@clinic-north.on.ca or see https://example.org/p/jane-doe?x=1, "
        "www.janedoeblog.ca and linkedin.com/in/jane.doe. Login from 192.168.10.24 and "
        "2001:db8:85a3::8a2e:370:7334."
    )
    got = kinds(text)
    assert ("EMAIL", "j.doe_77@clinic-north.on.ca") in got
    assert ("URL", "https://example.org/p/jane-doe?x=1") in got
    assert ("URL", "www.janedoeblog.ca") in got
    assert ("URL", "linkedin.com/in/jane.doe") in got
    assert ("IP", "192.168.10.24") in got
    assert ("IP", "2001:db8:85a3::8a2e:370:7334") in got


def test_not_ip_or_phone() -> None:
    assert kinds("Version 2.32.1 of the form; 14:10-14:42 video visit; ratio 1.2.") == []
    assert kinds("Lot 4471-209-33; DIN 02295695; NDC 0093-5720-56") == []


# ---------------------------------------------------------------------------------------------
# ADDRESS and POSTAL_CODE
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "street",
    [
        "1520 Algonquin Ave, Apt 3",
        "77 Birch Grove Crescent",
        "9 Queen St W",
        "301 Route 11",
        "12, rue des Érables, app. 2",
        "450, boul. Saint-Joseph",
        "88 chemin du Lac-Vert",
    ],
)
def test_street_addresses(street: str) -> None:
    text = f"Lives at {street}, near the arena."
    assert touched(text, street) and found(text, street.split(",")[0]), kinds(text)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("She moved from Kapuskasing last year.", "Kapuskasing"),
        ("grew up in timmins", "timmins"),
        ("Home visit in Red Lake on Tuesday.", "Red Lake"),
        ("il habite à Rouyn-Noranda depuis peu", "Rouyn-Noranda"),
        ("Brother lives in Sault Ste. Marie.", "Sault Ste. Marie"),
        ("Address: 3 Elm Rd, Smalltownville, ON K0K 2T0", "Smalltownville"),
        ("Clinic in Hope, BC", "Hope"),
        ("moved to Duluth, MN 55802", "Duluth"),
    ],
)
def test_towns_and_cities(text: str, town: str) -> None:
    assert found(text, town, "ADDRESS"), kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rural FHT in northern Ontario; patient from the Kootenays.",
        "Greater Toronto Area community health centre.",
        "Lives in a fly-in community in Nunavut.",
        "Moved from BC to Ontario; family in Maine and New England.",
        "nord-est de l'Ontario, au Québec depuis 2019",
        "I hope the plan helps.",
    ],
)
def test_regions_and_provinces_are_not_addresses(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize("code", ["K1A 0B1", "M5V3L9", "H2X 1Y4"])
def test_canadian_postal_codes(code: str) -> None:
    text = f"Postal code {code}."
    assert found(text, code, "POSTAL_CODE")


def test_us_zip_codes() -> None:
    text = "Portland, ME 04101-3302 and Burlington, VT 05401"
    got = kinds(text)
    assert ("POSTAL_CODE", "04101-3302") in got
    assert ("POSTAL_CODE", "05401") in got


# ---------------------------------------------------------------------------------------------
# HEALTH_NUMBER, SIN, SSN, MRN, ID
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("OHIP 9876-543-217", "9876-543-217"),
        ("HCN 9876543217 AA", "9876543217 AA"),
        ("carte Santé 9876 543 217 XK", "9876 543 217 XK"),
        ("BC PHN 9698 658 215", "9698 658 215"),
        ("RAMQ : TREM 5503 1512", "TREM 5503 1512"),
        ("Health number: 1234567890 (typo on the form)", "1234567890"),
    ],
)
def test_health_numbers(text: str, number: str) -> None:
    assert found(text, number), kinds(text)


def test_ontario_health_number_reason_mentions_the_check_digit() -> None:
    (f,) = phi.scan("OHIP 9876-543-217")
    assert f.kind == "HEALTH_NUMBER"
    assert "Luhn" in f.reason


def test_sin_and_ssn() -> None:
    got = kinds("SIN 130 692 544; NAS : 130-692-544; SSN 219-09-9999; SSN: 123456789")
    assert ("SIN", "130 692 544") in got
    assert ("SIN", "130-692-544") in got
    assert ("SSN", "219-09-9999") in got
    assert ("SSN", "123456789") in got


def test_invalid_ssn_area_is_not_an_ssn() -> None:
    assert ("SSN", "666-12-3456") not in kinds("ref 666-12-3456")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("MRN: 4471902", "4471902"),
        ("Chart # HSN-0093312", "HSN-0093312"),
        ("Medical record number 00-771-203", "00-771-203"),
        ("No de dossier : 2211987", "2211987"),
    ],
)
def test_mrn(text: str, value: str) -> None:
    assert found(text, value), kinds(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("WSIB claim # 40221871", "40221871"),
        ("licence plate CBDK 227", "CBDK 227"),
        ("Driver's licence K1234-56789-01234", "K1234-56789-01234"),
        ("NPI 1234567893", "1234567893"),
        ("DEA AB1234563", "AB1234563"),
        ("CPSO #88213", "88213"),
        ("Rx# 5512093", "5512093"),
        ("pacemaker serial PJN221874K", "PJN221874K"),
    ],
)
def test_other_identifiers(text: str, value: str) -> None:
    assert found(text, value), kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "DIN 02295695, lot 2C118-07",
        "ICD-10 E11.42 and G89.29",
        "Form 8 and T2201 sent",
        "Creon 25 000 units with meals",
        "CYP2D6 *1/*2xN ultrarapid",
        "tablet imprint M 30",
        "session 14 of 24",
        "90 MME, eGFR 38, A1c 8.4%",
    ],
)
def test_numbers_that_are_not_identifiers(text: str) -> None:
    assert kinds(text) == []


# ---------------------------------------------------------------------------------------------
# FACILITY
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "facility",
    [
        "Hornepayne Community Hospital",
        "Blue Heron Family Health Team",
        "Pinecrest Manor",
        "Algoma District Medical Clinic",
        "CLSC Lac-Saint-Louis",
        "Hôpital de Hawkesbury",
        "Clinique médicale Val-des-Pins",
        "Centre de santé communautaire du Grand Sudbury",
    ],
)
def test_facilities(facility: str) -> None:
    text = f"Seen at {facility} last week."
    assert found(text, facility, "FACILITY"), kinds(text)


def test_town_beside_a_facility_is_its_own_span() -> None:
    text = "Spoke site: Tamarack Rural Health Clinic (Wawa)"
    got = kinds(text)
    assert ("FACILITY", "Tamarack Rural Health Clinic") in got
    assert ("ADDRESS", "Wawa") in got


@pytest.mark.parametrize(
    "text",
    [
        "Referred to a pain clinic; nearest ER is 2 h away.",
        "the local Friendship Centre runs a drum group",
        "urban community health centre, rural FHT",
        "clinique sans rendez-vous",
    ],
)
def test_generic_facilities_are_not_named_facilities(text: str) -> None:
    assert kinds(text) == []


# ---------------------------------------------------------------------------------------------
# redact()
# ---------------------------------------------------------------------------------------------


def test_redact_replaces_each_finding_with_its_kind() -> None:
    text = "Patient: Ingrid Halvorsen, DOB 1950-04-02, OHIP 9876-543-217, tel 705-555-0199."
    assert phi.redact(text) == "Patient: [NAME], DOB [DATE], OHIP [HEALTH_NUMBER], tel [PHONE]."


def test_scanner_version_is_a_string() -> None:
    assert isinstance(phi.SCANNER_VERSION, str) and phi.SCANNER_VERSION


# ---------------------------------------------------------------------------------------------
# Less common shapes (each one a general rule, written for these tests)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("PATIENT NAME: JOHN PAKULSKI   DOB: unknown", "JOHN PAKULSKI"),
        ("Patient: PELLETIER, ROSE-ANNE", "PELLETIER, ROSE-ANNE"),
        ("Referred by Ferris, Amanda (MD) last week.", "Ferris, Amanda"),
        ("- Bea (pharmacy assistant) spoke with him.", "Bea"),
        ("Garnet (pt's husband) says she is confused.", "Garnet"),
        ("wren adebayo-stuart 29F, lives with a roommate", "wren adebayo-stuart"),
        ("Printed by: rsinghal", "rsinghal"),
        ("Mom (Yolande) called the clinic.", "Yolande"),
        ("Dot came in yesterday asking about a nerve block.", "Dot"),
    ],
)
def test_names_in_other_shapes(text: str, needle: str) -> None:
    assert found(text, needle, "NAME"), kinds(text)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("DOB: 2024-Mar-03", "2024-Mar-03"),
        ("seen 03Mar2024 in clinic", "03Mar2024"),
        ("referral on Mar. 3/24", "Mar. 3/24"),
        ("next appt 4/15 at 10:00", "4/15"),
    ],
)
def test_dates_in_other_shapes(text: str, needle: str) -> None:
    assert found(text, needle, "DATE"), kinds(text)


def test_lower_case_postal_code_and_unknown_town_before_a_province() -> None:
    text = "moved from Foxboro Hollow, ON; postal code p3c 5k8"
    got = kinds(text)
    assert ("ADDRESS", "Foxboro Hollow") in got
    assert ("POSTAL_CODE", "p3c 5k8") in got


def test_age_after_a_relative() -> None:
    assert found("His mother, 98, lives in LTC.", "98", "AGE")
    assert found("Patiente âgée de 91 ans", "91", "AGE")


def test_ratios_and_scores_are_not_month_day_dates() -> None:
    assert kinds("PEG 4/10 on 2 tabs; MoCA 21/30; f/u 2/52; BP 4/15 is wrong") == []
