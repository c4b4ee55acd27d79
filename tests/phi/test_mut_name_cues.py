"""Names found by a cue (``phi.recognizers.name_cues``), pinned on the cases that decide each rule:
a title, a label, a relation or role word, a greeting, a sign-off, a dash signature, a role in
brackets, a name and an age, a known given name, an EMR user name, and every other mention of a
name once found. Written against the survivors of a mutation run (issue 19); the names are
invented from common name lists."""

from __future__ import annotations

import phi
from phi.core import Collector
from phi.index import TextIndex
from phi.lexicon import lexicon
from phi.recognizers import name_cues, registry

from .helpers import proposals


def name_spans(text: str) -> list[str]:
    """The text of every NAME finding of the whole scanner, in order."""
    return [f.text for f in phi.scan(text) if f.kind == "NAME"]


def name_at(text: str, needle: str, nth: int = 0) -> bool:
    """A NAME finding covers exactly the ``nth`` occurrence of ``needle``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)
    return any(f.kind == "NAME" and (f.start, f.end) == (start, end) for f in phi.scan(text))


def cue_spans(text: str) -> set[tuple[int, int]]:
    """Where the cue recognizer alone proposes a NAME (the whole scanner also finds every other
    mention of a name at a later stage, which would hide this recognizer's own)."""
    registry()
    lex = lexicon()
    c = Collector(text)
    name_cues.recognize(c, lex, TextIndex(text, lex))
    return {(k.start, k.end) for k in c.cands if k.kind == "NAME"}


def no_name_touches(text: str, needle: str) -> bool:
    start = text.index(needle)
    end = start + len(needle)
    return not any(f.kind == "NAME" and f.start < end and start < f.end for f in phi.scan(text))


# --- EMR user names -----------------------------------------------------------------------------


def test_any_value_after_a_user_label_is_a_user_name() -> None:
    # "Username:" and "Printed by:" hold a login whatever its shape
    assert name_spans("Username: qwerty7") == ["qwerty7"]
    text = "Printed by: kwong2 on 2024-01-02"
    assert name_at(text, "kwong2")


def test_login_shapes_after_signed_by_anywhere_in_the_text() -> None:
    # initial + surname, after "signed by" in the middle of a sentence, not only at the start
    text = "Note signed by jfitzgerald today."
    assert name_at(text, "jfitzgerald")
    # written in capitals, as some EMRs print logins
    text = "Reviewed by JFITZGERALD"
    assert name_at(text, "JFITZGERALD")
    # initial, a dot, surname
    text = "Entered by j.fitzgerald"
    assert name_at(text, "j.fitzgerald")
    # surname + initial
    text = "Note signed by fitzgeraldj today."
    assert name_at(text, "fitzgeraldj")


# --- every other mention of a name -------------------------------------------------------------


def test_a_name_at_the_very_start_of_the_text_is_another_mention() -> None:
    text = "Mendoza: plan per Dr. Mendoza."
    assert name_at(text, "Mendoza", 0)
    assert name_at(text, "Mendoza", 1)
    assert cue_spans(text) == {(0, 7), (22, 29)}


def test_a_possessive_mention_is_found_without_its_apostrophe_s() -> None:
    text = "Dr. Mendoza saw her. Mendoza's plan is fine."
    assert name_spans(text) == ["Mendoza", "Mendoza"]
    assert name_at(text, "Mendoza", 1)


def test_a_name_read_with_its_possessive_is_found_again_without_it() -> None:
    # "Georgia" is also a region: only the relation says it is a name here; the later
    # mention is found because this text named her
    text = "Her daughter Georgia's flight lands Monday; Georgia will stay with her."
    assert name_at(text, "Georgia", 1)
    # a name that is also a region, found after a relation, is found again elsewhere
    text = "Her daughter Georgia is visiting; Georgia's flight lands Monday."
    assert name_at(text, "Georgia", 0)
    assert name_at(text, "Georgia", 1)


def test_a_longer_word_that_starts_with_a_name_is_not_a_mention() -> None:
    text = "Seen by Dr. Gard. Garden work is fine."
    assert name_at(text, "Gard")
    assert no_name_touches(text, "Garden")


def test_lower_case_mentions_start_and_end_at_word_edges() -> None:
    text = "jess called back today. daughter jess will drive."
    assert name_at(text, "jess", 0)
    assert name_at(text, "jess", 1)
    assert cue_spans(text) == {(0, 4), (33, 37)}
    # "ian" inside "physician" is not another mention of "ian"
    text = "Her son ian drove her in. Seen by the physician on call."
    assert name_at(text, "ian")
    assert no_name_touches(text, "physician")


def test_no_mention_is_proposed_inside_a_web_address_or_an_email() -> None:
    # the address is one identifier, reported whole; the name in it is not a second mention
    for text, address, kind in (
        ("Dr. Mendoza is away. Profile: https://mastodon.social/@Mendoza", "https", "URL"),
        ("Dr. Mendoza is away; write to Mendoza.J@clinic.ca", "Mendoza.J@", "EMAIL"),
    ):
        start = text.index(address)
        inside = [
            p for p in proposals(name_cues.recognize, text) if p[1] == "NAME" and p[0] == "Mendoza"
        ]
        assert len(inside) == 2, inside  # the name after the title, and that same span again
        assert any(f.kind == kind and f.start == start for f in phi.scan(text))


# --- titles -------------------------------------------------------------------------------------


def test_lower_case_title_with_an_initial_or_a_dot() -> None:
    text = "Seen by dr m. mendoza today."
    assert name_at(text, "m. mendoza")
    text = "Seen by dr. castellanos today."
    assert name_at(text, "castellanos")


# --- labels -------------------------------------------------------------------------------------


def test_a_label_at_the_start_of_a_later_line() -> None:
    text = "Clinic visit\nPatient: Mendoza, Zora\nSeen today."
    assert name_at(text, "Mendoza, Zora")


def test_a_one_letter_label_at_the_start_of_the_text() -> None:
    # the French "À:" (To:) of an e-mail header
    text = "À: Mendoza, Zora\nObjet: rendez-vous"
    assert name_at(text, "Mendoza, Zora")


def test_every_label_is_read_after_a_surname_comma_given_name() -> None:
    text = "Patient: Mendoza, Zora\nSubstitute decision-maker: Castellanos, Ravi"
    assert name_at(text, "Mendoza, Zora")
    assert name_at(text, "Castellanos, Ravi")


def test_patient_without_a_colon_in_the_middle_of_a_sentence() -> None:
    text = "Called back re patient Oluwaseun Fitzgerald about results."
    assert name_at(text, "Oluwaseun Fitzgerald")


# --- relation and role words --------------------------------------------------------------------


def test_a_lower_case_given_name_after_a_family_word() -> None:
    text = "lives with her mom dionne, who drives her to visits."
    assert name_at(text, "dionne")


def test_a_lower_case_two_word_name_after_a_role() -> None:
    text = "spoke with pharmacist wang liu today."
    assert name_at(text, "wang liu")


def test_an_eponym_after_a_family_word_is_not_a_name() -> None:
    text = "Family history: father Alzheimer's, mother Parkinson's."
    assert name_spans(text) == []


# --- greetings and sign-offs --------------------------------------------------------------------


def test_a_greeting_on_the_first_line_after_a_blank_line() -> None:
    text = "\nHi Castellanos,\nplease call back."
    assert name_at(text, "Castellanos")


def test_a_greeting_with_a_space_before_the_comma() -> None:
    text = "Hi Castellanos , please call back."
    assert name_at(text, "Castellanos")


def test_a_signature_after_a_title() -> None:
    text = "Thanks,\nDr. Zora castellanos"
    assert name_at(text, "Zora castellanos")


def test_the_second_closing_is_read_when_the_first_has_no_name() -> None:
    text = "Thank you,\n\nRegards,\nzora\n"
    assert name_at(text, "zora")


def test_a_signature_followed_by_a_comma_and_a_role() -> None:
    text = "Best,\nzora, front desk"
    assert name_at(text, "zora")


def test_a_dash_signature_followed_by_more_lines() -> None:
    text = "Plan reviewed.\n- m. castellanos rn\nCall if worse.\n"
    assert name_at(text, "m. castellanos")


# --- a name before a role in brackets, a name and an age ---------------------------------------


def test_a_name_before_a_role_on_the_first_line_after_a_blank_line() -> None:
    text = "\nOttilie Szabo (neighbour) will drive her home."
    assert name_at(text, "Ottilie Szabo")
    text = "\nFitzgerald (neighbour) will drive her home."
    assert name_at(text, "Fitzgerald")


def test_a_name_and_a_one_digit_age() -> None:
    text = "idris varga 6F\ncough x3 days"
    assert name_at(text, "idris varga")
    text = "- Ottilie Szabo (8)\n"
    assert name_at(text, "Ottilie Szabo")


def test_a_place_and_a_duration_is_not_a_name_and_age() -> None:
    text = "- Saskatoon 10 yrs\n- Moncton 5 yrs\n"
    assert name_spans(text) == []


# --- known given names --------------------------------------------------------------------------


def test_a_known_given_name_alone_in_a_sentence() -> None:
    text = "Seen with Zora today."
    assert name_at(text, "Zora")


def test_a_known_given_name_and_a_surname_that_is_also_a_region() -> None:
    text = "Seen with Dmitri Bruce."
    assert name_at(text, "Dmitri Bruce")


# --- once missed (fixed 2026-12-05: pinned so they stay found) ---------------------------------


def test_a_given_name_before_a_surname_that_is_also_a_region() -> None:
    text = "Anika Kent called back."
    assert name_at(text, "Anika Kent")


def test_a_four_word_name_in_a_dash_signature() -> None:
    text = "- zora ana lucia mendoza np"
    assert name_at(text, "zora ana lucia mendoza")
