"""recognizers/name_cues.py, name_reader.py and names.py: people's names."""

from __future__ import annotations

from phi.recognizers import name_cues, names

from .helpers import candidates, found, kinds, touched


def names_of(recognizer: object, text: str) -> list[str]:
    return [t for t, k in candidates(recognizer, text) if k == "NAME"]


def test_names_after_cues() -> None:
    text = (
        "Patient: Ottoline Vasquez-Brandt\nSeen with Dr. Okonjo and her son Tiberius.\n"
        "Hi Marisol,\nThanks,\nPriyanka Desrosiers, RN"
    )
    got = names_of(name_cues.recognize, text)
    for name in ("Ottoline Vasquez-Brandt", "Okonjo", "Tiberius", "Marisol"):
        assert name in got
    assert any("Desrosiers" in g for g in got)


def test_a_name_found_once_is_found_everywhere() -> None:
    text = "Her daughter Wilhelmina called. The next day Wilhelmina came by with the bill."
    assert [f for f in kinds(text) if f == ("NAME", "Wilhelmina")] == [("NAME", "Wilhelmina")] * 2
    text = "Spoke to Dr. Bill Harrow. Sent the bill on Monday."
    assert found(text, "Bill Harrow", "NAME") and not touched(text, "bill on")


def test_names_that_are_words_by_their_context() -> None:
    assert found("He says his buddy Dewey gives him pills.", "Dewey", "NAME")
    assert found("Son contremaître, Pit Tremblay, l'a ramené.", "Pit Tremblay", "NAME")
    assert found("Last name: Varga   First name: Russell", "Russell", "NAME")
    assert found("- lives w/ mom deb and her dog", "deb", "NAME")
    assert found("Hi, it's Skye. Rocky's sister says he is fine.", "Rocky", "NAME")
    assert found("Client: May Okonkwo\nDOB: 1950", "May Okonkwo", "NAME")


def test_words_after_relations_that_are_not_names() -> None:
    assert not touched("Wife: Deceased. Husband: supportive.", "Deceased")
    assert not touched("her son is 40 and his wife works", "works")
    assert not touched("His Parkinson's disease and Canada's guideline", "Parkinson")
    assert kinds("May consider a trial; Grace period applies; Will review in 6/12.") == []


def test_shapes_and_handles() -> None:
    text = "Prescriber: ZWICKAU, Halvard\nEntered by hzwickau; also pt.ot.zwickau"
    got = names_of(names.recognize, text)
    assert "ZWICKAU, Halvard" in got
    assert found(text, "hzwickau", "NAME")


def test_quoted_nicknames() -> None:
    assert found("Nom : LANTHIER, Robertine (« Titine »)", "Titine", "NAME")
    assert found('First name: Russell (prefers "Rusty")', "Rusty", "NAME")


def test_roles_apps_and_column_gaps_are_not_names() -> None:
    text = "Name: Ngaio Ferrante, physiotherapist     Registration no.: 88213"
    assert found(text, "Ngaio Ferrante", "NAME") and not touched(text, "Registration")
    text = "Messages from his sister (Facebook Messenger screenshots)."
    assert not touched(text, "Facebook")
    text = "Merci,\nPhysiothérapeute, équipe de santé familiale"
    assert not touched(text, "Physiothérapeute")


def test_capitalised_verbs_and_common_nouns_after_relations_are_not_names() -> None:
    for text in (
        "Her husband Passed away in 2019.",
        "the patient's mother Reports poor sleep.",
        "his wife Alone at home most days",
        "his buddy says the pills help",
    ):
        assert kinds(text) == [], text


def test_name_fields_take_word_like_names_but_not_placeholders() -> None:
    assert found("First name: May\nLast name: Okafor", "May", "NAME")
    assert kinds("First name: N/A\nPreferred name: Unknown") == []


def test_other_mentions_with_accents_and_hyphens() -> None:
    text = (
        "Patient: Marie-Hélène Duchesne-Ouimet\nHelene called; Marie-Hélène and Mme DUCHESNE-OUIMET"
    )
    assert found(text, "Helene", "NAME")
    assert found(text, "Marie-Hélène and"[:12], "NAME")
    assert found(text, "DUCHESNE-OUIMET", "NAME")
