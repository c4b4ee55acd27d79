"""recognizers/name_cues.py, name_reader.py and names.py, one documented rule at a time, with
invented names: titles, labels, relations, greetings, signatures, credentials, name shapes
(``SURNAME, Given``), login handles, and other mentions of a name already found."""

from __future__ import annotations

import pytest

from phi.core import P_NAME
from phi.recognizers import name_cues, names

from .helpers import found, kinds, proposals, resolved, touched


def _names(recognizer: object, text: str) -> list[str]:
    return [t for t, k in resolved(recognizer, text) if k == "NAME"]


@pytest.mark.parametrize(
    "text,name",
    [
        ("Seen by Dr. Okonjo today.", "Okonjo"),
        ("Seen by Dr Okonjo today.", "Okonjo"),
        ("Vu par Mme Bélanger hier.", "Bélanger"),
        ("Called Mrs. Halvorsen back.", "Halvorsen"),
        ("Spoke to Prof. Adeyemi.", "Adeyemi"),
        ("Spoke with M. Tremblay.", "Tremblay"),
        ("asked dr marchand to call", "marchand"),
    ],
)
def test_a_title_before_a_name(text: str, name: str) -> None:
    assert name in " ".join(_names(name_cues.recognize, text))


@pytest.mark.parametrize(
    "text,name",
    [
        ("Patient: Ottoline Vasquez\n", "Ottoline Vasquez"),
        ("From: Ignatius Papadakis\n", "Ignatius Papadakis"),
        ("Seen by: Halvard Zwickau\n", "Halvard Zwickau"),
        ("Patiente : Gisèle Lapointe\n", "Gisèle Lapointe"),
    ],
)
def test_a_name_after_a_label(text: str, name: str) -> None:
    assert name in _names(name_cues.recognize, text)


@pytest.mark.parametrize(
    "text,name",
    [
        ("lives with his wife Linda now", "Linda"),
        ("her son Tomasz drives her", "Tomasz"),
        ("asked pharmacist raj about it", "raj"),
        ("sa fille Josée l'accompagne", "Josée"),
        ("his buddy Dewey helps", "Dewey"),
    ],
)
def test_a_name_after_a_relation_or_role(text: str, name: str) -> None:
    assert name in _names(name_cues.recognize, text)


def test_greetings_and_signatures() -> None:
    assert "Priya" in _names(name_cues.recognize, "Hi Priya,\nthe plan is fine.")
    assert "Priya" in _names(name_cues.recognize, "Bonjour Priya,\nle plan est bon.")
    got = " ".join(_names(name_cues.recognize, "The plan is fine.\nThanks,\nOttoline Vasquez\n"))
    assert "Ottoline Vasquez" in got


def test_a_name_before_a_credential_or_a_role_in_brackets() -> None:
    assert "Amira Haddad" in " ".join(_names(name_cues.recognize, "Note by Amira Haddad, PT."))
    assert "Bea" in _names(name_cues.recognize, "Bea (pharmacy assistant) called.")


def test_a_known_given_name_and_a_surname_like_word_need_no_cue() -> None:
    assert found("Then Mary Kowalczyk arrived.", "Mary Kowalczyk", "NAME")
    assert not touched("Then Pain Clinic arrived.", "Pain Clinic")


def test_an_age_after_a_name() -> None:
    got = kinds("jane doe 29F presented with back pain")
    assert ("NAME", "jane doe") in got


# --- shapes, handles, actions, other mentions ------------------------------------------------


@pytest.mark.parametrize(
    "text,name",
    [
        ("Rx by ZWICKAU, Halvard on 3/4", "ZWICKAU, Halvard"),
        ("Filled: OKONJO, B.", "OKONJO, B"),
        ("TREMBLAY, Gisèle", "TREMBLAY, Gisèle"),
    ],
)
def test_surname_comma_given(text: str, name: str) -> None:
    assert name in " ".join(_names(names.recognize, text))


@pytest.mark.parametrize(
    "handle,core_found",
    [("mchen", True), ("dr.nguyen", True), ("lbrown_rph", True), ("garcia.m", True)],
)
def test_login_handles_built_on_a_known_surname(handle: str, core_found: bool) -> None:
    text = f"Entered by {handle} at 08:14."
    assert found(text, handle, "NAME") is core_found


def test_handle_cores() -> None:
    assert "chen" in names._handle_core("mchen")
    assert "nguyen" in names._handle_core("dr.nguyen")
    assert "brown" in names._handle_core("lbrown_rph")
    assert "garcia" in names._handle_core("garcia.m")


@pytest.mark.parametrize(
    "text,name",
    [
        ("cliff says the pills help", "cliff"),
        ("saw joy at the clinic", "joy"),
        ("spoke to Amber about it", "Amber"),
        ("lena marchand called", "lena marchand"),
    ],
)
def test_a_given_name_doing_what_people_do(text: str, name: str) -> None:
    assert found(text, name, "NAME")


def test_every_other_mention_of_a_name_found_with_good_evidence() -> None:
    text = "Patient: Ottoline Vasquez\nOTTOLINE called twice; Vasquez agreed. VASQUEZ too."
    got = [t for k, t in kinds(text) if k == "NAME"]
    assert got == ["Ottoline Vasquez", "OTTOLINE", "Vasquez", "VASQUEZ"]


def test_redaction_marks_are_not_names() -> None:
    assert kinds("Patient: XXXXX, XXXX\nSeen by Dr. ***") == []


def test_the_reason_and_priority_of_a_titled_name() -> None:
    got = proposals(name_cues.recognize, "Seen by Dr. Okonjo today.")
    assert any(t == "Okonjo" and k == "NAME" and p >= P_NAME for t, k, _r, p in got)
