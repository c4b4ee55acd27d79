"""Scanner 1.10.0: general rules for classes still missed on unseen notes (small towns after
words of travel, children listed with ages in commas, a pharmacy's short possessive name,
nicknames in single quotes or after "goes by", two unknown capitalised words together) and two
classes of false positives (a given name used as a thing: "a carol service"; a laterality letter
ending a sentence before a clinical word: "R. Palp"). Every name, town and shop here is invented.
"""

from __future__ import annotations

import pytest

from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


# --- small towns after words of travel, with no place cue --------------------------------------


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("She drove in from Tarbury this morning for the visit.", "Tarbury"),
        ("Came up from Brackwater yesterday with his daughter.", "Brackwater"),
        ("He lives out past Quillmont on the old road.", "Quillmont"),
        ("Lives just outside Morrowby with her husband.", "Morrowby"),
        ("They moved out beyond Fenwarrow last spring.", "Fenwarrow"),
        ("Drove back from Ostlebury tonight.", "Ostlebury"),
    ],
)
def test_a_small_town_after_words_of_travel(text: str, town: str) -> None:
    assert ("ADDRESS", town) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "She drove in from Tylenol this morning.",  # a drug is no town
        "He came back from Christmas this year rested.",  # a holiday
        "Drove in from Work this morning.",  # an everyday word
        "Lives just outside Toronto Western with her husband.",  # a word of a facility
        "He came in from Emerg yesterday.",  # a ward is no town
        "Pain came back after Lyrica was stopped.",  # no preposition of place
    ],
)
def test_no_town_from_words_drugs_holidays_or_wards(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "ADDRESS"], _found(text)


# --- children listed with their ages in commas or bare ---------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Children: Ophelie, 12, and Bastien, 8.", {"Ophelie", "Bastien"}),
        ("His daughters Wrenna, 14, and Juniel, 11, live with mom.", {"Wrenna", "Juniel"}),
        ("Kids: Avalee 9, Lirio 4.", {"Avalee", "Lirio"}),
        ("Grandkids - Tamsel (6) & Orrinelle, 3", {"Tamsel", "Orrinelle"}),
    ],
)
def test_children_listed_with_ages_in_commas(text: str, names: set[str]) -> None:
    assert names <= _texts(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Children: Grade 3 and Grade 5.",  # school grades
        "Kids: Tylenol 325 mg at bedtime.",  # a drug and its dose
        "Children: Ages 4, 7 and 9.",
        "Daughters: Both 12, and well.",
    ],
)
def test_no_child_from_grades_drugs_or_counts(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


# --- a pharmacy named by its short possessive -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shop"),
    [
        ("She picks up at Dorland's on Thursdays.", "Dorland's"),
        ("Picks up her blister packs at Vantreight's every week.", "Vantreight's"),
        ("Gets her scripts from Marwick's.", "Marwick's"),
        ("Meds are filled at Quennell's, delivered Fridays.", "Quennell's"),
    ],
)
def test_a_pharmacy_by_its_short_possessive(text: str, shop: str) -> None:
    assert ("FACILITY", shop) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "She picks up at Mom's on Thursdays.",  # a relation's home
        "Picks up her meds at Tim's and Walmart's? No, at the pharmacy.",
        "He picks up the kids at school.",
        "Filled per Beers' criteria review.",  # an eponym's criteria
        "Picks up at St. Joseph's.",  # a saint's name, left to the facility rules
    ],
)
def test_no_pharmacy_from_relations_eponyms_or_everyday_words(text: str) -> None:
    found = [f for f in scan(text) if f.kind == "FACILITY"]
    assert not any(f.text in {"Mom's", "Beers'", "Beers", "St. Joseph's"} for f in found)
    assert not any(f.text == "Tim's" for f in found)


# --- nicknames in single quotes, after "goes by", "aka" -----------------------------------------


@pytest.mark.parametrize(
    ("text", "nick"),
    [
        ("Her husband 'Moose' helps with meds.", "Moose"),
        ("Patient goes by 'Sunny'.", "Sunny"),
        ('Her husband, who goes by "Tiny", drove her.', "Tiny"),
        ('Her uncle, aka "Big Mike", drives her.', "Big Mike"),
        ("She is known as ‘Sparrow’ around town.", "Sparrow"),
    ],
)
def test_nicknames_in_quotes_after_a_relation_or_goes_by(text: str, nick: str) -> None:
    assert nick in _texts(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Pain goes by 'Severe' on the scale.",  # an instrument's level, not after a person
        "Her husband 'feels fine'.",  # lower case words in quotes
        "Known as 'Tylenol' in the US.",  # a drug brand
        "Her son 'PRN' use only.",  # an abbreviation in capitals
    ],
)
def test_no_nickname_from_levels_drugs_or_lower_case(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


# --- two unknown capitalised words together -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Spoke with Tavish Okonedo about the plan.", "Tavish Okonedo"),
        ("Plan discussed with Oskarine Fellwater and her son.", "Oskarine Fellwater"),
        ("Then Quillon Brathwaite-Oyelaran called.", "Quillon Brathwaite-Oyelaran"),
        ("Her sister and Ilsabet Marrowgate came too.", "Ilsabet Marrowgate"),
    ],
)
def test_two_unknown_capitalised_words_mid_sentence(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "She takes Lyrica Pregabalin daily.",  # drugs
        "Referred for Kinesiology Reassessment next week.",  # words of a service
        "Uses a Dexcom Continuous monitor.",  # a device and a word
        "Scores on the Oswestry Disability Index improved.",  # an eponym's instrument
        "Follows the Mediterranean Diet at home.",
        "We reviewed the Hydromorphone Contin dosing.",
        "Seen by Physiotherapy Outpatients today.",
        "Pain Management Program intake next week.",
        "She tried Cannabidiol Oil and Arnica Gel.",
    ],
)
def test_no_pair_from_drugs_services_devices_or_instruments(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


# --- false positives: a given name used as a thing, a laterality letter ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "Boxing Day eve: Carol singers at the door.",
        "We sang a Carol at the party.",
        "The Carol service at church was lovely.",
        "Holly wreaths on the door; Ivy garlands on the rail.",
    ],
)
def test_a_given_name_used_as_a_thing_is_no_name(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Carol Danforth called the clinic.", "Carol Danforth"),
        ("Carol sang at the party.", "Carol"),
        ("Her sister Holly visits weekly.", "Holly"),
        ("Spoke with Carol about the plan.", "Carol"),
    ],
)
def test_a_given_name_that_names_a_person_stays_a_name(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "FABER + R. Palp: tender R QL.",
        "Grip weaker L>R. Sore after lunch.",
        "Straight leg raise 40 R. Tender over the joint line.",
        "Shoulder abduction 90 L. Palp: no tenderness.",
    ],
)
def test_a_side_letter_ending_a_sentence_is_no_initial(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seen with R. Palliser today.", "R. Palliser"),
        ("Referred by L. Quennell, NP.", "L. Quennell"),
        ("Reviewed with J. Walker.", "J. Walker"),
    ],
)
def test_an_initial_and_a_surname_stay_a_name(text: str, name: str) -> None:
    assert name in _texts(text), _found(text)


# --- round two: nicknames inside a name, a credential or role before a name ------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('At the door, Brannock "Boots" Quillfeather waved.', {"Brannock", "Boots"}),
        ('Then Wendeline ("Wendy") Oskarsson arrived.', {"Wendeline", "Oskarsson"}),
        ('Ansel Quellwood-Arcand ("AQ") was seen.', {"Ansel Quellwood-Arcand", "AQ"}),
    ],
)
def test_a_nickname_in_quotes_inside_or_after_a_name(text: str, names: set[str]) -> None:
    found = " ".join(f.text for f in scan(text) if f.kind == "NAME")
    assert all(n in found for n in names), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        'The Pain ("Severe") Scale was used.',  # an instrument's level
        'Tylenol ("Extra Strength") Caplets as needed.',  # a drug's form
        'Morning ("AM") Dose given.',
    ],
)
def test_no_nickname_inside_an_instrument_or_a_drug(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Injection given by RN Tavish Okonedo.", "Tavish Okonedo"),
        ("Booked with the Somali-speaking counsellor Quenneth.", "Quenneth"),
        ("Checked on the bench by coach Brannoch.", "Brannoch"),
        ("Faxed to pharmacist Jae-Min Ryu at the store.", "Jae-Min Ryu"),
        ("Preferred: Bramsy", "Bramsy"),
    ],
)
def test_a_name_after_a_credential_a_role_or_preferred(text: str, name: str) -> None:
    assert name in _texts(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Given by RN Intramuscular Route today.",  # words of a route
        "Referred to counsellor Tuesday morning.",  # a weekday
        "Discussed with pharmacist Tylenol dosing.",  # a drug
        "Preferred: Morning appointments",  # an everyday word
        "Coach Said to rest.",
    ],
)
def test_no_name_after_a_role_from_words_or_drugs(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


# --- round two: children in brackets on the next line, a facility's town ----------------------


def test_children_in_brackets_on_the_next_line() -> None:
    text = "An aunt minds the children\n(Tavio 8, Oskana 5) after school."
    assert {"Tavio", "Oskana"} <= _texts(text), _found(text)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Refer to Bridges Counselling (Quillbury) for CBT.", "Quillbury"),
        ("Report from Harrowgate Memorial Hospital, Tarbury: a sprain.", "Tarbury"),
        ("Volunteers at the thrift store in New Tarbury on Tuesdays.", "New Tarbury"),
        ("Moved to Port Quellby last year.", "Port Quellby"),
    ],
)
def test_a_facility_s_town_in_brackets_or_before_a_colon_and_prefixed_towns(
    text: str, town: str
) -> None:
    assert ("ADDRESS", town) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Refer to Bridges Counselling (CBT) for anxiety.",  # an abbreviation
        "Seen at Harrowgate Memorial Hospital (Emergency) today.",  # a department
        "Seen at Harrowgate Memorial Hospital, Cardiology: follow up.",
        "He lives in New York now.",  # a region, the gazetteer's
        "Moved to North Wing last year.",  # a hospital wing
    ],
)
def test_no_town_from_abbreviations_departments_or_wings(text: str) -> None:
    bad = {"CBT", "Emergency", "Cardiology", "New York", "North Wing"}
    assert not [f for f in scan(text) if f.kind == "ADDRESS" and f.text in bad], _found(text)


# --- round three: a pharmacy named before its head after words of filling; pairs after a colon --


@pytest.mark.parametrize(
    ("text", "shop"),
    [
        ("oxycodone prn (fills at quarry cove drugs, weekly)", "quarry cove drugs"),
        ("Her last fill was Oct 14 at Larkspur Birch Drugs.", "Larkspur Birch Drugs"),
        ("Picks up her blister pack from Tamworth Pharmacy weekly.", "Tamworth Pharmacy"),
    ],
)
def test_a_pharmacy_named_before_its_head_after_words_of_filling(text: str, shop: str) -> None:
    assert shop in _texts(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "She fills at the hospital pharmacy.",
        "Picks up from the outpatient pharmacy on Fridays.",
        "Filled at her usual pharmacy last week.",
        "He gets street drugs from friends.",
    ],
)
def test_no_pharmacy_name_from_kinds_of_pharmacy(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "FACILITY"], _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Adjudicator: Tesmond Okarfo, 1-800-555-0112 ext 3.", "Tesmond Okarfo"),
        ("Also on the call: Tavia Quillorak, CHR", "Tavia Quillorak"),
        (
            "His neighbour, Zéphir Bellefeuille-DesMoulins, lends him pills.",
            "Zéphir Bellefeuille-DesMoulins",
        ),
        ("For: Annelise DelosReyes", "Annelise DelosReyes"),
    ],
)
def test_unknown_pairs_after_a_colon_and_names_with_inner_capitals(text: str, name: str) -> None:
    assert name in _texts(text), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Diagnosis: Fibromyalgia Syndrome, stable.",
        "Meds: Lyrica Pregabalin, Tylenol Arthritis.",
        "Portal: PharmaNet Viewer, checked.",
        "Sent by WhatsApp Messenger, then PowerPoint Slides.",
        "Plan: Physiotherapy Referral, then review.",
    ],
)
def test_no_pair_after_a_colon_from_diagnoses_drugs_or_systems(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


# --- round four: a town that is also a word before a lower-case facility head -----------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Contact: J. Doe, RN, Harmony palliative care office.", "Harmony"),
        ("Seen by Dr. Obi (Paradise orthopaedic clinic) in spring.", "Paradise"),
        ("Admitted to the Marvel Crossing stroke unit for a week.", "Marvel"),
    ],
)
def test_a_town_that_is_a_word_before_a_lower_case_head(text: str, place: str) -> None:
    assert any(f.kind == "FACILITY" and f.text.startswith(place) for f in scan(text)), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "She was referred to the Sleep clinic in October.",
        "Seen at the Memory clinic, no change.",
        "Booked with the Teaching hospital team.",
        "Went to the Walk-In clinic twice.",
        "Referred to the Heart health office for review.",
        "Pain clinic follow up next week.",  # a sentence's first word
        "Seen at the Fracture clinic on Monday.",
        "Asked the Injection clinic to call.",
    ],
)
def test_no_town_from_words_of_a_service_before_a_head(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "FACILITY"], _found(text)


# --- round five: a town after a label of home, a log's author after a dash, (Nick) unquoted -----


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Home: Quillbarrow (mail at the post office)", ("ADDRESS", "Quillbarrow")),
        ("Hometown: Tarbury, moved here in 2019.", ("ADDRESS", "Tarbury")),
        ("Residence: New Tarbury", ("ADDRESS", "New Tarbury")),
        ("Thu Mar 4 - Wendel Quarrington\nRead to her.", ("NAME", "Wendel Quarrington")),
        ("Sean (Shaymus) Oduyame was seen.", ("NAME", "Oduyame")),
    ],
)
def test_home_labels_log_authors_and_unquoted_nicknames(text: str, found: tuple[str, str]) -> None:
    assert found in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Home: Alone most days (wife works).",
        "Community: Yes, very involved.",
        "Residence: Marguerite (her daughter) visits.",  # a person, not a town
        "Town: Unknown",
    ],
)
def test_no_town_from_labels_followed_by_words_or_people(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "ADDRESS"], _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Visit 3 - Lumbar Spine\nNo change.",  # a heading after a dash
        "Week 2 - Physiotherapy Reassessment\n",
        "Rest (Ice) Compression, elevation.",  # no given name before the brackets
    ],
)
def test_no_name_from_headings_after_a_dash_or_brackets(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


# --- round six: two unknown capitalised words opening a sentence, before what people do ------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ilsabet Marrowgate attended with her.", "Ilsabet Marrowgate"),
        ("Seen today. Tavish Okonedo called back at noon.", "Tavish Okonedo"),
        ("Quillon Brathwaite-Oyelaran says the pain is worse.", "Quillon Brathwaite-Oyelaran"),
    ],
)
def test_an_unknown_pair_opening_a_sentence_before_what_people_do(text: str, name: str) -> None:
    assert ("NAME", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Lyrica Pregabalin was started at 75 mg.",
        "Kinesiology Reassessment was booked.",
        "Oswestry Disability scores were lower.",
        "Hydromorphone Contin was stopped.",
        "Telehealth Ontario called back.",
    ],
)
def test_no_pair_opening_a_sentence_from_drugs_tests_or_services(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "NAME"], _found(text)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("His wife and their two children (4 and 11) are still in Quellmara.", "Quellmara"),
        ("Volunteers Tuesdays in Tarbury.", "Tarbury"),
        ("Her husband is stationed at Ostlebury.", "Ostlebury"),
    ],
)
def test_a_small_town_after_a_spouse_children_or_postings(text: str, town: str) -> None:
    assert ("ADDRESS", town) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her husband is in Emerg with chest pain.",
        "Wife still in Hospital; visiting daily.",
        "Children are in Grade 3 and Grade 5.",
        "Partner works in Sales at a firm.",
    ],
)
def test_no_town_after_a_spouse_from_wards_or_words(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "ADDRESS"], _found(text)
