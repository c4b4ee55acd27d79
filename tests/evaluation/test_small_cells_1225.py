"""Probe 1225: the swap test of tests/security/test_probe_1225_small_cells.py can fail.

With the small-cell rule switched off (every viewer treated as a coordinator), the same two
programs (a small group of 1 or 3 people beside a larger base, total 9) must read differently
to the evaluator; with the rule on, identically. Fixed examples, so this runs in seconds and
guards the property test against normalising everything away.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection

from echohub.evaluation import dashboards as dash
from tests.security.test_probe_1225_small_cells import NOW, _build_and_read, _differences

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="compares ids across rollbacks"),
]

EVERYONE = {
    "attends": {0, 1},
    "minutes": 60,
    "responses": 1,
    "rating": 4,
    "comment": True,
    "day": dt.date(2026, 1, 25),
    "cases": 1,
    "questions": 1,
    "hours": 5,
}
SPEC = {
    "total": 9,
    "n_sessions": 2,
    "base": {"profession": "family_physician", "site": "A", "theme": "low_back"},
    "small_group": {"profession": "dietitian", "site": "B", "theme": "opioid_tapering"},
    "behaviour": EVERYONE,
}
FILTERS: list[dict[str, str]] = [{}, {"profession": "family_physician"}]


def _swap() -> list[str]:
    with time_machine.travel(NOW, tick=False):
        a, problems_a = _build_and_read(SPEC, 1, FILTERS)
        b, problems_b = _build_and_read(SPEC, 3, FILTERS)
    return problems_a + problems_b + _differences(a, b)


def test_with_the_rule_an_evaluator_cannot_tell_one_from_three(db: None) -> None:
    assert _swap() == []


def test_without_the_rule_the_swap_test_sees_the_small_group(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = dash.Filters.for_viewer.__func__  # type: ignore[attr-defined]

    def unsuppressed(cls: Any, user: Any, program: Any, data: dict[str, Any]) -> dash.Filters:
        return dataclasses.replace(real(cls, user, program, data), suppress=False)

    monkeypatch.setattr(dash.Filters, "for_viewer", classmethod(unsuppressed))
    differences = _swap()
    # the dietitians' own figures and the family physicians' (all minus the dietitians)
    assert any("by_profession.csv" in d for d in differences), differences
    assert any("api.reach" in d for d in differences), differences
