"""Scanner 1.16.0: general rules for classes still missed on the development sets (roles and
labels of staff before a name: a discharge planner, a medic, a switchboard, who is on call; a
town after a label of birth or origin; numbered streets; a town after a rural box or a street
in a column; a legend of initials). Every name, place and number here is invented."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def _texts(text: str) -> set[str]:
    return {f.text for f in scan(text)}


def test_the_version_is_at_least_1_16() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 16)


# --- roles and labels of staff before a name ----------------------------------------------------


def test_a_role_of_care_or_office_before_a_name() -> None:
    assert ("NAME", "Quenby") in _found("discharge planner Quenby wants a meeting on the 3rd")
    assert ("NAME", "Varrick") in _found("EMS (Medic Varrick) from the south road: 61 M")
    assert ("NAME", "Ysolde") in _found("On en parlera avec votre adjointe, Ysolde.")
    assert ("NAME", "Tarnow Quillet Amelin") in _found("sa colocataire, Tarnow Quillet Amelin, dit")


def test_a_label_of_who_is_on_call_or_at_the_switchboard() -> None:
    assert ("NAME", "Orla Quenneville") in _found("Coordinator on call: Orla Quenneville  555-0131")
    assert ("NAME", "Wendeline") in _found("Switchboard: Wendeline\nTyped by the night clerk.")
    assert ("NAME", "Brannoch") in _found("Union steward present: Brannoch (local 12).")


def test_role_words_alone_or_before_words_are_no_name() -> None:
    assert _found("The planner said no. The medic left early.") == []
    assert _found("The secretary of state was there.\nOperator: none") == []
    assert _found("Receptionist: front desk\nSwitchboard: closed") == []


# --- a town after a label of birth or origin ----------------------------------------------------


def test_a_town_after_a_label_of_birth_or_origin() -> None:
    assert ("ADDRESS", "Old Varnick") in _found("DOB: 1980-02-11     Place of birth: Old Varnick")
    assert ("ADDRESS", "Quellby") in _found("Birthplace: Quellby\nLanguage: English")
    assert ("ADDRESS", "Tarnu-ashek") in _found("Communauté d'origine : Tarnu-ashek ; parle innu.")
    assert ("ADDRESS", "Vessonne") in _found("Lieu de naissance : Vessonne\n")


def test_a_label_of_birth_before_a_country_or_a_word_is_no_town() -> None:
    for value in ("Canada", "unknown", "Home", "Hospital", "Northern Ontario"):
        assert _found(f"Place of birth: {value}\n") == [], value


# --- numbered streets and what follows a rural box -----------------------------------------------


def test_a_street_named_by_a_number_or_an_ordinal() -> None:
    assert ("ADDRESS", "Unit 4, 5020 48 Avenue") in _found("Unit 4, 5020 48 Avenue, Tarnby, AB")
    assert ("ADDRESS", "9907 100 Ave") in _found("he lives at 9907 100 Ave near the arena")
    # "St." after an ordinal is the street's type, even before a capital
    text = "appt at the clinic, 7346 2nd St. Reply C to confirm"
    assert ("ADDRESS", "7346 2nd St") in _found(text)


def test_two_numbers_before_st_are_no_street_when_short() -> None:
    assert _found("BP 120 80 St") == []
    assert _found("took 500 2 St then slept") == []
    # a title after a number stays a title
    assert ("NAME", "Quarmby") in _found("seen by 3 Dr. Quarmby")


def test_a_town_after_a_box_a_rural_route_or_a_street_in_a_column() -> None:
    row = "Mon  09:00-11:00  VELLER, Anwen        Box 96, Quarrendon                ZK      bath"
    assert ("ADDRESS", "Quarrendon") in _found(row)
    assert ("ADDRESS", "Tolleby") in _found("mail to Box 77, Tolleby?")
    found = _found("Wed  SKARN, Hedda        Site 14, Box 3, RR 1, Brellows    ZK  bath, wood in")
    assert ("ADDRESS", "Site 14, Box 3, RR 1") in found
    assert ("ADDRESS", "Brellows") in found


def test_a_unit_after_a_rural_route_is_no_town() -> None:
    assert ("ADDRESS", "Box 12, RR 2") in _found("Box 12, RR 2, Apt 4")
    assert "Apt" not in _texts("Box 12, RR 2, Apt 4")
    assert ("ADDRESS", "Suite") not in _found("12 Main St, Suite 4  Tel 555")


# --- <X> Memorial after a family name, a region or a person's initials --------------------------


def test_a_memorial_hospital_named_for_a_surname_a_region_or_a_person() -> None:
    assert ("FACILITY", "Matthews Memorial") in _found("She says Matthews Memorial has a bed")
    assert ("FACILITY", "Western Memorial") in _found("- back from Western Memorial Mar 3; walker")
    found = _found("Old chart from the Q.R. Tennant Memorial requested.")
    assert ("FACILITY", "Q.R. Tennant Memorial") in found


def test_a_memorial_of_everyday_words_or_a_nationality_is_no_hospital() -> None:
    assert _found("a visit to the War Memorial and the Veterans Memorial on Sunday") == []
    assert _found("Memorial Day at the Canadian Memorial.") == []


# --- a key of initials or given names spelled out -----------------------------------------------


def test_a_key_of_initials_with_mc_and_a_phone_after_the_name() -> None:
    text = "WORKERS: QMc = Quilla McTavor 709 555 0144; ZB = Zora Bellweather 709.555.0158\nMon QMc"
    found = _found(text)
    assert ("NAME", "Quilla McTavor") in found
    assert [t for k, t in found if t == "QMc"] == ["QMc", "QMc"]


def test_a_key_spelling_a_given_name_out() -> None:
    found = _found("Veska = Veska Prollund 709-555-0197; Mon 9:00 Veska bath")
    assert ("NAME", "Veska Prollund") in found


def test_a_key_of_words_is_no_name() -> None:
    assert _found("Normal = Normal Saline; Total = Total Score") == []
    assert all(k != "NAME" for k, _t in _found("TA = Tension Artérielle 120 555 1234"))


# --- French "à" before two capitalised words, "près de X" ---------------------------------------


def test_french_a_before_two_capitalised_words_is_a_place() -> None:
    text = "ou sa sœur Ondine Varlaque à Bonne Vasquerie\nMédecin de famille : aucun"
    assert ("ADDRESS", "Bonne Vasquerie") in _found(text)
    assert ("ADDRESS", "Grosses Tarines") in _found("le samedi au bar à Grosses Tarines. Aucun")
    assert ("ADDRESS", "Cache Bay") in _found("revoir sa maison à Cache Bay, une dernière fois.")


def test_french_pres_de_before_a_word_no_list_knows() -> None:
    assert ("ADDRESS", "Vollogues") in _found("un accident sur la route 11 près de Vollogues le 3.")


def test_french_a_before_services_regions_or_given_names_is_no_place() -> None:
    text = "référée à Santé Publique. Appel à Info Santé, puis à Services Québec."
    assert _found(text) == []
    assert "Retour Domicile" not in _texts("Il pense à Retour Domicile bientôt.")
    assert all(k != "ADDRESS" for k, _t in _found("elle va à Marie Claire demain."))


# --- a name before its role in brackets ---------------------------------------------------------


def test_a_name_no_list_holds_before_its_role_in_brackets() -> None:
    assert ("NAME", "Quelwen") in _found("le 8 mars avec Quelwen (hygiéniste), mêmes assurances.")
    assert ("NAME", "Vossa") in _found("0655  Report to Vossa (RN, days).")
    assert ("NAME", "Tobrin") in _found("crew: Tobrin (PSW, evenings) and the van")


def test_a_service_a_drug_or_a_word_before_a_role_in_brackets_is_nobody() -> None:
    text = "Seen in Triage (RN) and Emerg (RN, nights). Dilaudid (nurse) given. Tylenol (RN)."
    assert all(k != "NAME" for k, _t in _found(text))
    assert all(k != "NAME" for k, _t in _found("Forms left at Pharmacy (aide) and Intake (clerk)."))


# --- a relation or role closing its line, the full name opening the next ------------------------


def test_a_full_name_on_the_line_after_a_role_or_relation() -> None:
    text = "their son Rune (16), and the farm hand\n    Tavrel Quoneleo (seasonal)\nTavrel coughs."
    found = _found(text)
    assert ("NAME", "Tavrel Quoneleo") in found
    assert ("NAME", "Tavrel") in found  # every other mention of the name
    text = "Present: community health rep\nOsric Pellanwe joined by phone at 10:10."
    assert ("NAME", "Osric Pellanwe") in _found(text)


def test_words_on_the_line_after_a_role_are_nobody() -> None:
    assert _found("Nurse\nPlan Review") == []
    assert _found("Supervisor\nDay Shift Notes") == []
    assert _found("Pharmacist\nMedication Reconciliation done.") == []


# --- a pharmacy or grocery chain's store named with its town --------------------------------------


def test_a_chain_store_with_its_town_before_or_after() -> None:
    text = "go to Tarnby Pharmachoice or Pharmasave Quell Beach for the bubble packs."
    found = _found(text)
    assert ("FACILITY", "Tarnby Pharmachoice") in found
    assert ("FACILITY", "Pharmasave Quell Beach") in found
    assert ("FACILITY", "Vorrans Save Easy") in _found("works days at the Vorrans Save Easy - key")
    assert ("FACILITY", "Brisk Valley Foodland") in _found("groceries at Brisk Valley Foodland on")
    assert ("FACILITY", "Tarnby Pharmachoice") in _found("Called Tarnby Pharmachoice today.")


def test_a_chain_alone_or_with_everyday_words_regions_or_streets_is_no_store() -> None:
    text = "Called the local Pharmasave. Ontario Pharmasave. Main Street Rexall. New Foodland."
    assert _found(text) == []
    assert _found("No Frills, IGA and Sobeys are near. Shoppers Drug Mart too.") == []


# --- an age over 89 said of a person named; a date with spaced slashes --------------------------


def test_an_age_over_89_after_a_person_named() -> None:
    text = "grandmother Vessa Quorrin is 96 and still smokes fish."
    assert ("AGE", "96") in _found(text)
    text = "Hattie's mother, Margery Tallowick, is\n94 and lives with them"
    assert ("AGE", "94") in _found(text)


def test_a_measure_after_a_person_named_is_no_age() -> None:
    text = "Sats: Margery Tallowick is 92% on RA. Gideon Varse was 98.6 F. Mr. Tarn is 95 kg."
    assert all(k != "AGE" for k, _t in _found(text))


def test_a_date_with_spaced_slashes() -> None:
    assert ("DATE", "30 / 06 / 1958") in _found("Nom : Quennel Varo     Né le : 30 / 06 / 1958")
    assert all(k != "DATE" for k, _t in _found("BP 120 / 80 / 2020 ; 45 / 60 / 2024"))


# --- codes after a number label, a form or a box --------------------------------------------------


def test_a_code_after_a_number_label_a_form_or_a_box() -> None:
    assert ("ID", "Q-8932") in _found("Audiologist: Vessa Quorrin, reg. no. ABQRSL Q-8932")
    assert ("ID", "MXE-3879-QC") in _found("designated marine medical examiner no. MXE-3879-QC")
    assert ("ID", "DT-60417") in _found("Diététiste, Dt.P., no d'inscription OQD DT-60417")
    assert ("ID", "C-27-0398") in _found("Written consent signed. Consent form C-27-0398 scanned.")
    assert ("ID", "LB-1914") in _found("I will keep it in the lock box provided (box LB-1914).")
    assert ("ID", "3318874") in _found("Ordonnance visée : no 3318874, hydromorphone")


def test_names_with_numbers_years_and_doses_after_no_are_no_code() -> None:
    text = "no COVID-19 symptoms; form PHQ-9 done; no ICD-10 code; no 2024-2025 season"
    assert _found(text) == []
    assert _found("no 100000 mg; no 100000 units") == []


# --- a town found and a workplace's head right after it -------------------------------------------


def test_a_town_found_and_a_workplace_head() -> None:
    text = "She lives in Quarrow Landing. Delivery from the Quarrow Landing equipment depot."
    assert ("FACILITY", "Quarrow Landing equipment depot") in _found(text)
    text = "Moved to Oona Brook last year; works at the Oona Brook cannery."
    assert ("FACILITY", "Oona Brook cannery") in _found(text)


def test_a_head_after_a_word_or_a_street_is_no_workplace() -> None:
    assert _found("Please go to the lab. The Main lab is closed.") == []
    assert ("FACILITY", "12 Main St lab") not in _found("Lives at 12 Main St lab work pending")


# --- a county grid's numbered road, a floor before the civic number -------------------------------


def test_a_numbered_road_and_a_floor_before_the_civic_number() -> None:
    text = "Address in Canada: 2nd floor, 6542 Road 3 E, Tarnby ON N0P 2H4 (employer housing)"
    assert ("ADDRESS", "2nd floor, 6542 Road 3 E") in _found(text)
    text = "Office: 3rd Floor, 120 Quellon Street, Tarnby"
    assert ("ADDRESS", "3rd Floor, 120 Quellon Street") in _found(text)


def test_a_short_number_before_road_is_no_address() -> None:
    assert _found("took 2 Road 3 times; 12 Road 4") == []


def test_a_form_s_kind_or_a_model_s_number_is_no_code() -> None:
    assert _found("Form T-2201 to be completed by the physician.") == []
    assert _found("Model no. XT-2000 glucometer; part no. QX-4410 ordered.") == []
