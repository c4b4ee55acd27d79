"""Scanner 1.19.0: general rules for classes missed on `tests/phi/data/heldout13` once it became a
development set (see `src/phi/README.md`, "Since 1.19.0"). Every name, place and number here is
invented."""

from __future__ import annotations

import phi
from phi import scan


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text)]


def test_the_version_is_at_least_1_19() -> None:
    major, minor, _patch = (int(part) for part in phi.SCANNER_VERSION.split("."))
    assert (major, minor) >= (1, 19)


# --- a spreadsheet pasted as tab-separated text: its header decides its columns ---------------

_TSV = (
    "file\tsurname\tgiven\tage\ttown\tdx\tdose\n"
    "QW30117\tQuillnarrow-Obeyd\tTamsinet\t93\tFernhollow Bay\tL hip OA\t5 mg\n"
    "QW30284\tvarnstedt\tolwen\t41\tWickerby\tR knee\t10 mg\n"
)


def test_a_tab_separated_table_is_read_by_its_header() -> None:
    found = _found(_TSV)
    assert ("MRN", "QW30117") in found and ("MRN", "QW30284") in found
    assert ("NAME", "Quillnarrow-Obeyd") in found and ("NAME", "Tamsinet") in found
    assert ("AGE", "93") in found
    assert ("ADDRESS", "Fernhollow Bay") in found


def test_a_name_column_in_lower_case_holds_names() -> None:
    found = _found(_TSV)
    assert ("NAME", "varnstedt") in found and ("NAME", "olwen") in found


def test_a_tab_separated_table_leaves_ages_under_90_doses_and_diagnoses() -> None:
    texts = {t for _k, t in _found(_TSV)}
    assert "41" not in texts and "5 mg" not in texts and "10 mg" not in texts
    assert "L hip OA" not in texts and "R knee" not in texts


def test_tabs_in_prose_make_no_table() -> None:
    text = "BP\t128/70\tHR 72\nSpO2\t97%\tRR 16\nPain\t3/10\tcalm\n"
    assert _found(text) == []


def test_a_lower_case_word_of_a_name_column_is_no_name_when_everyday_or_a_drug() -> None:
    text = (
        "file\tsurname\tgiven\tage\nQW30411\tunknown\tpending\t52\nQW30412\tmetformin\tnone\t47\n"
    )
    names = [t for k, t in _found(text) if k == "NAME"]
    assert names == []


# --- rosters: a student, a parent or guardian, a registration number ---------------------------


def test_a_roster_of_students_and_guardians() -> None:
    text = (
        "student | DOB | reg. no | parent/guardian | vacc. | by\n"
        "Vashti-Orme, Pelagie | 2014-03-09 | 480213 | Ondine Vashti-Orme | Tdap | KQ\n"
        "brazdil, oskarine | 2014-06-21 | 480377 | Teodor Brazdil | HPV9 #1 | KQ\n"
    )
    found = _found(text)
    assert ("NAME", "Vashti-Orme, Pelagie") in found
    assert ("NAME", "brazdil, oskarine") in found
    assert ("NAME", "Ondine Vashti-Orme") in found and ("NAME", "Teodor Brazdil") in found
    assert ("ID", "480213") in found and ("ID", "480377") in found
    texts = {t for _k, t in found}
    assert "Tdap" not in texts and "HPV9 #1" not in texts


def test_an_age_in_brackets_after_a_name_cell_over_89() -> None:
    text = (
        "# | pt | Rx | by\n"
        "1 | merriwold, aldous (94) | 2217045 | qz\n"
        "2 | Penhallow, Idris (67) | 2217046 | qz\n"
    )
    found = _found(text)
    assert ("AGE", "94") in found
    assert ("NAME", "merriwold, aldous") in found
    assert "67" not in {t for _k, t in found}


# --- a login after an action, a key's initials of a given name and a surname's two letters -----


def test_a_login_after_opened_collected_or_a_weekday() -> None:
    assert ("NAME", "qvandersloot") in _found("Opened: 2031-02-03 08:52 by qvandersloot   Group")
    assert ("NAME", "tquarrington") in _found("exported Tue 2031-07-06 by tquarrington\n")
    assert ("NAME", "k.ostrowe-pell") in _found("specimen collected by k.ostrowe-pell, form 12")


def test_no_login_after_an_action_done_by_a_thing() -> None:
    for text in ("collected by ambulance", "opened by mistake", "Closed: by ortho"):
        assert _found(text) == [], text


def test_key_initials_of_a_given_name_and_two_letters_of_the_surname() -> None:
    text = (
        "Key: QV = Quentin Vandamme PT; mbr = Marisol Brennock (locum PT, June only)\n"
        "| 0910 | mbr | ok |\n"
    )
    found = _found(text)
    assert sum(f == ("NAME", "mbr") for f in found) == 2
    assert ("NAME", "Marisol Brennock") in found


def test_key_of_two_letters_of_a_term_is_no_name() -> None:
    assert _found("TAr = Tension Artérielle; ok") == []


# --- a stretcher's place, a Quebec professional order's permit number ------------------------


def test_a_stretcher_place_is_an_identifier() -> None:
    found = _found("Orientation : civière C-7 ; later moved to stretcher B-14.")
    assert ("ID", "C-7") in found and ("ID", "B-14") in found


def test_a_stretcher_for_some_hours_is_no_place() -> None:
    assert _found("on the stretcher 2 hours, back on stretcher 3 times") == []


def test_a_permit_number_after_a_professional_order() -> None:
    assert ("ID", "14-7720") in _found("ergothérapeute (OEQ no 14-7720), atteste")
    assert ("ID", "22-0418") in _found("physiothérapeute, OPPQ no 22-0418")


def test_a_professional_order_without_a_number() -> None:
    assert _found("selon les lignes directrices de l'OEQ 2019 et de l'OPPQ") == []


# --- French hospitals: Hôtel-Dieu, a CLSC with its emergency room, a region's hospital ---------


def test_french_hospitals_by_their_kind_and_place() -> None:
    found = _found(
        "transfert vers l'Hôtel-Dieu de Vermillac puis le Centre hospitalier De Gaspésie"
    )
    assert ("FACILITY", "Hôtel-Dieu de Vermillac") in found
    assert ("FACILITY", "Centre hospitalier De Gaspésie") in found
    found = _found("vue au CLSC et urgence de Saint-Quirin-des-Monts, puis retour")
    assert ("FACILITY", "CLSC et urgence de Saint-Quirin-des-Monts") in found


def test_a_region_names_no_school_and_an_everyday_word_no_hospital() -> None:
    assert _found("l'école de Gaspésie, le centre hospitalier de Soins, l'école de Musique") == []


# --- more labels before a name: a respondent, a triage nurse, a search's commander -------------


def test_a_name_after_a_respondent_or_triage_nurse_label() -> None:
    found = _found("Répondant : Quillon Varnetti (petit-fils) 450-555-0171")
    assert ("NAME", "Quillon Varnetti") in found
    found = _found("Infirmière au triage : Marjolaine Quessy-Aubin   Poste 2")
    assert ("NAME", "Marjolaine Quessy-Aubin") in found
    assert ("NAME", "Torvald Pennick") in _found("Incident commander: Torvald Pennick | ok")


def test_a_service_after_such_a_label_is_nobody() -> None:
    assert _found("Répondant : CLSC") == []
    assert _found("Team leader: Night Shift") == []


# --- a surname's particle in a key, occupational health nurses, a French OT's signature --------


def test_a_key_with_a_surname_particle() -> None:
    text = "Callers: qm = Quintus Morrow; jvt = Jurriaan van Tolhuys (tech); ok\n| 1 | jvt |\n"
    found = _found(text)
    assert ("NAME", "Jurriaan van Tolhuys") in found
    assert sum(f == ("NAME", "jvt") for f in found) == 2


def test_a_name_before_ohn_or_erg() -> None:
    assert ("NAME", "C. Quellmar-Dunes") in _found("Signed C. Quellmar-Dunes OHN, 2027-09-03.")
    assert ("NAME", "L. Quernaud") in _found("Signature : L. Quernaud, erg.   1er septembre")


def test_a_particle_alone_makes_no_key() -> None:
    assert _found("Date: le Gros Orteil; TA = Tension de Artérielle") == []


# --- a name before the e-mail built from it; a fit tester ---------------------------------------


def test_a_name_before_the_email_built_from_it() -> None:
    found = _found("Safety: Ysolde Quarrier yquarrier@ridge.example")
    assert ("NAME", "Ysolde Quarrier") in found


def test_a_service_before_its_email_is_nobody() -> None:
    for text in ("Health Records hrecords@x.example", "Main Office moffice@x.example"):
        assert [k for k, _t in _found(text)] == ["EMAIL"], text


def test_a_fit_tester() -> None:
    assert ("NAME", "Anselm Quorrigan") in _found("Fit tester: Anselm Quorrigan (initials AQ)")
