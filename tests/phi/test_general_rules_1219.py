"""Scanner 1.18.0: general rules for classes still missed on the development sets (see
`src/phi/README.md`, "Since 1.18.0"). Every name, place and number here is invented."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def _dates(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == "DATE"]


def test_the_version_is_at_least_1_18() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 18)


# --- staff initials in a key, the name before a credential ------------------------------------


def test_initials_in_a_key_before_a_credential_are_read_in_every_cell() -> None:
    text = (
        "| 0910 | 132/70 | wq | legs elevated |\n"
        "| 0940 | 128/66 | wq | tolerating    |\n"
        "Key: wq = Wendeline Quarterfoil LPN.\n"
    )
    found = _found(text)
    assert sum(f == ("NAME", "wq") for f in found) == 3
    assert ("NAME", "Wendeline Quarterfoil") in found


def test_initials_key_of_names_no_list_knows_counts_with_a_credential() -> None:
    text = "Initials key: vx = Vesper Xanthoudakis RN; fam = family photo.\n| 3 | vx | heel |\n"
    found = _found(text)
    assert sum(f == ("NAME", "vx") for f in found) == 2
    assert ("NAME", "Vesper Xanthoudakis") in found


def test_abbreviations_spelled_out_are_no_staff_initials() -> None:
    # the words a key spells out are clinical terms, credential or not
    for text in (
        "Abbreviations: TA = Tension Artérielle; FC = Fréquence Cardiaque.",
        "Key: BP = Blood Pressure RN; HR = Heart Rate",
        "Legend: UF = Ultrafiltration Rate RN;",
    ):
        assert not _texts(text), text


# --- French days without their month ------------------------------------------------------------


def test_a_french_day_after_le_ending_its_phrase_is_a_date() -> None:
    assert _dates("Vu à l'urgence le\n23; arrêt de travail depuis.") == ["23"]
    assert _dates("Confusion depuis mardi (le 14), somnolence.") == ["14"]
    assert _dates("Formulaire envoyé le 26 à 9 h 15, reçu.") == ["26"]
    assert _dates("| le 4 | 14 h 00 | appel de la fille |") == ["4"]
    assert _dates("Le 1er, elle a refusé le bain.") == ["1er"]


def test_a_french_day_after_a_part_of_the_day_is_a_date() -> None:
    assert _dates("Chute sans blessure dans la nuit du 17. Fils avisé.") == ["17"]
    assert _dates("Agitée le matin du 8; calme ensuite.") == ["8"]
    assert _dates("Arrêt prolongé jusqu'au 30.") == ["30"]


def test_french_numbers_after_le_that_are_no_days_stay_unread() -> None:
    for text in (
        "Prendre le 15 mg au coucher.",
        "Douleur cotée le 7/10 ce matin.",
        "Monter au 2e étage, prendre le 2e corridor.",
        "Score de Glasgow : le 14 sur 15.",
        "Elle a composé le 811 pour un conseil.",
        "Demeure au 48, rue des Érables.",
        "Prend le 40 de sa dose.",
    ):
        assert not _dates(text), text


# --- English ordinal days -----------------------------------------------------------------------


def test_an_ordinal_day_ending_its_phrase_is_a_date() -> None:
    assert _dates("Away at her sister's until the 19th. Rebook after.") == ["19th"]
    assert _dates("| 2 | the 14th 10:20 | wound clean |") == ["14th"]
    assert _dates("Office closed the 3rd for inventory.") == ["3rd"]
    assert _dates("Can come the 27th or 28th.") == ["27th", "28th"]


def test_a_weekday_before_an_ordinal_day_makes_it_a_date_whatever_follows() -> None:
    assert _dates("the patch came off on Sunday the 16th and she has no spare") == ["16th"]
    assert _dates("it fell off on tuesday the twenty third in the bath") == ["twenty third"]


def test_ordinals_that_are_no_days_stay_unread() -> None:
    for text in (
        "Given the 2nd dose at noon.",
        "Weight at the 95th percentile.",
        "Pain for the 3rd time this month.",
        "Fracture of the 2nd, 3rd and 4th metatarsals.",
        "Lives off the 10th Ave bus line.",
        "She came the 32nd.",
        "Placed at the 22th.",
        "Knows the 1st of the two routines by heart",
    ):
        assert not _dates(text), text


# --- month and year after mid-, a range's second date ---------------------------------------------


def test_a_month_and_year_after_mid_is_a_date() -> None:
    assert _dates("Re-assess in mid-October 2031.") == ["October 2031"]
    assert _dates("Expected early-Feb 2030 at the latest.") == ["Feb 2030"]


def test_both_dates_of_a_range_of_month_and_day_are_dates() -> None:
    assert _dates("Travelling Sep 28-Oct 3, clinic closed.") == ["Sep 28", "Oct 3"]
    assert _dates("In Florida Jan 9 – Feb 14; labs there.") == ["Jan 9", "Feb 14"]


def test_ranges_that_are_no_dates_stay_unread() -> None:
    for text in ("Mid-range dose 5-10 mg.", "Scores 3-4 at rest, mid-2 on walking."):
        assert not _dates(text), text


def test_a_day_and_month_heading_a_log_entry_or_naming_a_note() -> None:
    assert _dates("Dressing changed.\n19/05: daughter sent a photo.") == ["19/05"]
    assert _dates("| end |\n\nNote 28/10: dizzy after the bus ride") == ["28/10"]
    assert _dates("Seen by the team (see note 10/12). Plan kept.") == ["10/12"]


def test_scores_and_fractions_before_a_colon_are_no_dates() -> None:
    for text in ("\n10/10: worst pain", "\n3/4: half dose", "pain 7/10: worse", "\n12/10: x"):
        assert not _dates(text), text


# --- codes after labels the other rules do not read -------------------------------------------


def _ids(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind in ("ID", "MRN")]


def test_a_plate_after_its_province_code_is_an_id() -> None:
    assert _ids("Delivered by van (plate NS KRT42) at noon.") == ["NS KRT42"]


def test_tags_of_lent_equipment_and_their_list_are_ids() -> None:
    assert _ids("Concentrator on loan, tags QRM-4410 to QRM-4417; spare E-tank.") == [
        "QRM-4410",
        "QRM-4417",
    ]
    assert _ids("Asset tag: HX20931 (walker)") == ["HX20931"]


def test_a_cemetery_plot_is_an_id() -> None:
    assert _ids("Interment at the parish cemetery, plot F-7-31, on Friday.") == ["F-7-31"]


def test_an_id_of_two_letter_groups_is_read() -> None:
    assert _ids("Wristband ID: WB-K30318   Ward 6") == ["WB-K30318"]


def test_a_number_stated_after_its_label_and_is() -> None:
    assert _ids("Her claim number is 42 118 907 and the adjuster calls Monday.") == ["42 118 907"]


def test_a_chart_number_after_dossier_and_its_clinic_is_an_mrn() -> None:
    assert _found("Dossier CLSC : CLSC-N 40271\n") == [("MRN", "CLSC-N 40271")]


def test_the_rest_of_a_list_of_labelled_codes_of_the_same_shape() -> None:
    found = _ids("Hearing aids serial R 71QX0042, L 71QX0057.")
    assert "71QX0057" in found


def test_look_alikes_of_tags_plots_and_lists_stay_unread() -> None:
    for text in (
        "Two skin tags 3-4 mm on the neck.",
        "See the box plot 2-3 in the appendix.",
        "Bland-Altman plot for the two scales.",
        "Rx 4471028, 5 mg daily",  # a dose after a labelled number is no code
        "Tags: follow-up, diabetes",
        "The claim number is on the form.",
    ):
        found = _ids(text)
        assert found in ([], ["4471028"]), (text, found)


# --- Markdown emphasis ------------------------------------------------------------------------


def test_markdown_strong_emphasis_hides_no_label_or_value() -> None:
    assert ("AGE", "94") in _found("- Age **94**, lives alone")
    assert ("AGE", "94") in _found("**Age:** 94")


def test_markdown_emphasis_adds_no_finding_to_clean_text() -> None:
    assert not _found("**Plan**: ibuprofen **400 mg** tid; **BP** 128/76, pain **6/10**.")


# --- French facilities: a qualifier, a shop "chez" or after its owner ---------------------------


def _facilities(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == "FACILITY"]


def test_a_french_hospital_or_credit_union_with_its_qualifier_and_place() -> None:
    assert _facilities("Transférée au Centre hospitalier régional du Haut-Vallon hier.") == [
        "Centre hospitalier régional du Haut-Vallon"
    ]
    assert _facilities("Chute devant la caisse Desjardins de l'Ormelière, où elle travaille.") == [
        "caisse Desjardins de l'Ormelière"
    ]


def test_a_snack_bar_or_restaurant_chez_its_owner() -> None:
    assert _facilities("Elle a tenu le casse-croûte Chez Rosalba pendant 30 ans.") == [
        "casse-croûte Chez Rosalba"
    ]
    assert _facilities("Souper au restaurant Chez Ti-Gus le vendredi.") == [
        "restaurant Chez Ti-Gus"
    ]


def test_a_shop_or_mill_named_after_its_owner_with_its_town_or_street() -> None:
    assert _facilities("Camionneur pour la scierie Quenneville de Valmorin;") == [
        "scierie Quenneville de Valmorin"
    ]
    assert _facilities("Pharmacie : Pharmacie Bellemarre de la rue Ovide (ouverte à 9 h)") == [
        "Pharmacie Bellemarre de la rue Ovide"
    ]


def test_french_look_alikes_of_shops_stay_unread() -> None:
    for text in (
        "Elle dort chez sa fille depuis lundi.",
        "Passer à la pharmacie Tylenol en main.",
        "Demander à la pharmacie Centrale? oui.",
        "Le restaurant chez nous est fermé.",
        "Centre hospitalier de Soins prolongés",
    ):
        found = _facilities(text)
        assert found in ([], ["pharmacie Centrale"]), (text, found)


# --- a typist's or witness's initials in lower case ----------------------------------------------


def _names(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == "NAME"]


def test_a_typists_initials_in_lower_case_are_a_name() -> None:
    assert _names("page 1 of 3 (faxed, typed by MOA wq)\n") == ["wq"]
    assert _names("Dictated 2031-04-02 / typed vkm 2031-04-03\n") == ["vkm"]
    assert _names("Typed from the paper log Sunday by zlt for the chart.\n") == ["zlt"]
    assert _names("Witness (reception): qb\n") == ["qb"]


def test_words_after_typed_scanned_or_witness_are_nobody() -> None:
    for text in (
        "typed by me.",
        "scanned by us.",
        "witnessed by her son",
        "Typed by rn.",
        "scanned to pdf.",
        "ECG scanned in.",
        "witness: no",
        "typed up.",
        "Scanned: ct\n",
        "typed by hand.",
    ):
        assert not _names(text), text


# --- a town just before a phone number ------------------------------------------------------------


def _places(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == "ADDRESS"]


def test_a_town_after_a_preposition_just_before_a_phone_is_a_town() -> None:
    assert _places("son Aurel calling from Quellow 250-555-0199 ext 12") == ["Quellow"]
    assert "Saint-Orme" in _places("fils Théo à Saint-Orme (418.555.0174);")


def test_a_town_between_a_name_and_a_phone_in_a_contact_line() -> None:
    assert _places("Son: Bryn Ystwyth, Brackmere, 519-555-0114\n") == ["Brackmere"]


def test_words_before_a_phone_that_are_no_towns() -> None:
    for text in (
        "a call from Maribel 705-555-0105",
        "calling from Home 705-555-0105",
        "reach her at Work (705) 555-0105",
        "in Emergency 705-555-0134",
        "Fax, Reception, 705-555-0177",
    ):
        assert not _places(text), text
