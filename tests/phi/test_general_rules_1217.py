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
