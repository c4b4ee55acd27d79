"""Property (probe 1213): the values of one person filter split a figure into parts, each a
click away; the figure without that filter less the parts shown is what the hidden parts stand
for, so it is none or 5 or more records (records are at least people: 1 to 4 records are 1 to 4
people). For random small programs (groups of each profession around 5), a random other
filter and each dimension, read through the selectors every page, download, PDF and API read
(test_pages.py checks that they do).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from echohub.api.routers.insights import plain
from echohub.evaluation import dashboards as dash
from tests.evaluation.smallcells.conftest import PROFESSIONS, REGIONS, RURALITIES, TZ, Tiny

pytestmark = pytest.mark.django_db

VALUES = {
    "profession": [p for p in PROFESSIONS if p],
    "region": [r for r in REGIONS if r],
    "rurality": [r for r in RURALITIES if r],
}
FIVE_F = [f"f{i}" for i in range(5)]
FIVE_N = [f"n{i}" for i in range(5)]
JANUARY = {"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2026, 1, 31)}


@st.composite
def programs(draw: Any) -> dict[str, Any]:
    """Groups of each profession and site from none to a few more than 5 (where a part may be
    shown beside a small one); attendance, answers (January and February) and cases at
    random."""
    layout = []
    for profession, sizes in (
        ("family_physician", [0, 2, 5, 6, 7]),
        ("nurse_practitioner", [0, 3, 5, 6, 8]),
        ("dietitian", [0, 1, 2, 4]),
    ):
        for i in range(draw(st.sampled_from(sizes))):
            layout.append((f"{profession[0]}{i}", profession, draw(st.sampled_from("AABCC"))))
    n_sessions = draw(st.integers(1, 3))
    attendance = [
        (key, s, 60) for key, _p, _s in layout for s in range(n_sessions) if draw(st.integers(0, 4))
    ]
    responses = [
        (key, draw(st.integers(3, 5)), "")
        for key, _p, _s in layout
        for _ in range(draw(st.integers(0, 2)))
    ]
    days = [draw(st.sampled_from([dt.date(2026, 1, 25), dt.date(2026, 2, 3)])) for _ in responses]
    cases = [(key, "low_back") for key, _p, _s in layout if draw(st.integers(0, 3))]
    return {
        "layout": layout,
        "attendance": attendance,
        "responses": responses,
        "response_days": days,
        "cases": cases,
        "n_sessions": n_sessions,
    }


def number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def figures(tiny: Tiny, filters: dict[str, Any]) -> dict[str, Any]:
    """The figures read, by a name, under these filters."""
    f = dash.Filters(suppress=True, tz=TZ, **filters)
    month = dash.Filters(suppress=True, tz=TZ, **filters, **JANUARY)
    out: dict[str, Any] = {}
    reach = json.loads(json.dumps(plain(dash.reach(tiny.program, month))))
    out["reach people (January)"] = reach["totals"]["people"]
    out["reach attendances (January)"] = reach["totals"]["person_sessions"]
    for i, r in enumerate(reach["per_session"]):
        out[f"reach session {i}"] = r["people"]
    for m in json.loads(json.dumps(plain(dash.reach(tiny.program, f))))["months"]:
        out[f"reach month {m['label']}"] = m["people"]
    sessions = json.loads(json.dumps(plain(dash.sessions(tiny.program, f))))
    out["sessions attendances"] = sessions["totals"]["person_sessions"]
    out["sessions cases"] = sessions["totals"]["cases"]
    for i, r in enumerate(sessions["rows"]):
        out[f"session {i} attendees"] = r["attendees"]
        out[f"session {i} cases"] = r["cases"]
    cases = json.loads(json.dumps(plain(dash.cases(tiny.program, f))))
    out["cases"] = cases["total"]
    out["cases awaiting"] = cases["recommendations"]["awaiting"]
    for r in cases["by_theme"]:
        out[f"cases {r['key']}"] = r["n"]
    surveys = json.loads(json.dumps(plain(dash.surveys(tiny.program, f))))
    out["survey responses"] = surveys["rows"][0]["n"]
    out["survey total"] = surveys["total"]
    res = dash.survey_results(tiny.program, tiny.survey, f)
    out["survey results"] = res["n"]
    for item in res["questions"]:
        out[f"answered {item['q'].code}"] = item["answered"]
        for d in item.get("dist", []):
            out[f"{item['q'].code} = {d['value']}"] = d["n"]
    return out


def remainders(read: Callable[[dict[str, Any]], dict[str, Any]], others: dict[str, Any], dim: str):
    whole = read(others)
    parts = [read({**others, dim: value}) for value in VALUES[dim]]
    for name, value in whole.items():
        if not number(value):
            continue
        rest = value - sum(p[name] for p in parts if number(p.get(name)))
        yield name, value, [p.get(name) for p in parts], rest


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    spec=programs(),
    dim=st.sampled_from(sorted(VALUES)),
    other=st.sampled_from([("", ""), *[(d, v) for d, vs in VALUES.items() for v in vs]]),
)
@example(  # five family physicians, five nurse practitioners, one dietitian: 11 - 5 - 5
    spec={
        "layout": [(f"f{i}", "family_physician", "A") for i in range(5)]
        + [(f"n{i}", "nurse_practitioner", "C") for i in range(5)]
        + [("d0", "dietitian", "B")],
        "attendance": [(k, s, 60) for k in [*FIVE_F, *FIVE_N, "d0"] for s in range(3)],
        "responses": [(k, 4, "") for k in [*FIVE_F, *FIVE_N, "d0"]],
        "response_days": [dt.date(2026, 1, 25)] * 11,
        "cases": [(k, "low_back") for k in [*FIVE_F, *FIVE_N, "d0"]],
        "n_sessions": 3,
    },
    dim="profession",
    other=("", ""),
)
def test_the_parts_shown_leave_none_or_five_records(db: None, spec, dim, other):
    with transaction.atomic():
        tiny = Tiny(**spec, slug="split")
        others = {other[0]: other[1]} if other[0] and other[0] != dim else {}
        problems = [
            f"{name}: {whole} less {parts} is {rest}"
            for name, whole, parts, rest in remainders(
                lambda filters: figures(tiny, filters), others, dim
            )
            if 0 < rest < 5
        ]
        transaction.set_rollback(True)
    assert problems == [], (spec, dim, others)
