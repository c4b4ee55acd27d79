"""Property tests (issue 19): for random small programs and random filters, every figure an
evaluator is shown stands for 5 or more distinct people (or none), the filter never leaves out
1 to 4 people behind a shown figure, and where a total is shown the hidden cells beside it
stand for 5 or more people together (so subtracting the shown cells from the total gives
nothing about fewer than 5 people).

Each example builds its program inside a transaction that is rolled back, and reads the
selectors (the same figures the pages, downloads, PDF and API show: test_pages.py checks that
those read them) through the oracle of conftest.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.api.routers.insights import plain
from echohub.evaluation import dashboards as dash
from tests.evaluation.smallcells.conftest import (
    HIDDEN,
    PROFESSIONS,
    REGIONS,
    RURALITIES,
    TZ,
    Tiny,
    counted_responses,
    figure_problems,
    small,
)

pytestmark = pytest.mark.django_db

SELECTORS = {
    "reach": dash.reach,
    "sessions": dash.sessions,
    "cases": dash.cases,
    "surveys": dash.surveys,
}


@st.composite
def programs(draw: Any) -> dict[str, Any]:
    # Mostly large groups with a few small ones (a rare profession, a rural site): the
    # programs where a figure may be shown beside a hidden one.
    n_people = draw(st.integers(1, 24))
    n_sessions = draw(st.integers(1, 3))
    layout = [
        (
            f"p{i}",
            draw(
                st.sampled_from(
                    ["family_physician"] * 3 + ["nurse_practitioner"] * 2 + ["dietitian"]
                )
            ),
            draw(st.sampled_from(["A", "A", "C", "C", "B"])),
        )
        for i in range(n_people)
    ]
    attendance = [
        (key, s, draw(st.integers(1, 120)))
        for key, _p, _s in layout
        for s in range(n_sessions)
        if draw(st.integers(0, 4))
    ]
    responses = [
        (key, draw(st.integers(1, 5)), draw(st.sampled_from(["", f"said {key}"])))
        for key, _p, _s in layout
        for _ in range(draw(st.integers(0, 3)))
    ]
    # answers in January and February: an evaluator counts whole months of 5 or more people
    days = [
        draw(st.sampled_from([dt.date(2026, 1, 25), dt.date(2026, 1, 26), dt.date(2026, 2, 3)]))
        for _ in responses
    ]
    cases = [
        (key, draw(st.sampled_from(["low_back", "opioid_tapering"])))
        for key, _p, _s in layout
        for _ in range(draw(st.integers(0, 2)))
    ]
    return {
        "layout": layout,
        "attendance": attendance,
        "responses": responses,
        "response_days": days,
        "cases": cases,
        "n_sessions": n_sessions,
    }


filters_strategy = st.fixed_dictionaries(
    {
        "profession": st.sampled_from(["", "", *PROFESSIONS]),
        "region": st.sampled_from(["", *REGIONS]),
        "rurality": st.sampled_from(["", "", *RURALITIES]),
        "cycle": st.booleans(),
    }
)


def _survey_problems(tiny: Tiny, filters: dict[str, str], res: dict[str, Any]) -> list[str]:
    out = []
    counted = counted_responses(tiny, filters)
    kept = {tiny.responses[i][0] for i in counted}
    if not res["too_few"]:
        if res["n"] != len(counted):
            out.append(f"survey results count {res['n']}, the oracle {len(counted)}")
        if small(kept):
            out.append(f"survey results shown for {sorted(kept)}")
        for n in range(len(filters)):
            for dims in itertools.combinations(sorted(filters), n):
                wider = counted_responses(tiny, {d: filters[d] for d in dims})
                wider_people = {tiny.responses[i][0] for i in wider}
                gap = {tiny.responses[i][0] for i in wider - counted}
                if len(wider_people) >= 5 and small(gap):
                    out.append(f"survey results {dims} one click away differ by {sorted(gap)}")
        (useful,) = [q for q in res["questions"] if q["q"].code == "useful"]
        hidden: set[str] = set()
        for d in useful["dist"]:
            chose = {
                tiny.responses[i][0] for i in counted if str(tiny.responses[i][1]) == d["value"]
            }
            if d["n"] == HIDDEN:
                hidden |= chose
            elif d["n"] and small(chose):
                out.append(f"rating {d['value']}={d['n']} stands for {sorted(chose)}")
        if useful["answered"] != HIDDEN and small(hidden):
            out.append(f"hidden ratings add up to {sorted(hidden)}")
    elif res["comments"] or res["n"] != HIDDEN:
        out.append("too few people, yet comments or a count are shown")
    return out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=programs(), chosen=filters_strategy)
def test_every_figure_an_evaluator_sees_stands_for_five_people(db: None, spec, chosen):
    with transaction.atomic():
        tiny = Tiny(**spec, slug="prop")
        filters = {k: v for k, v in chosen.items() if v and k != "cycle"}
        f = dash.Filters(
            series=tiny.cycle if chosen["cycle"] else None, suppress=True, tz=TZ, **filters
        )
        problems = []
        for name, selector in SELECTORS.items():
            figures = json.loads(json.dumps(plain(selector(tiny.program, f))))
            problems += figure_problems(tiny, filters, name, figures)
        problems += _survey_problems(
            tiny, filters, dash.survey_results(tiny.program, tiny.survey, f)
        )
        transaction.set_rollback(True)
    assert problems == [], (spec, chosen)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=programs())
def test_coordinators_see_the_same_figures_unhidden(db: None, spec):
    """The rule only ever hides: where an evaluator sees a number, a coordinator sees it too."""
    with transaction.atomic():
        tiny = Tiny(**spec, slug="prop")
        both = []
        for suppress in (True, False):
            f = dash.Filters(suppress=suppress, tz=TZ)
            both.append(json.loads(json.dumps(plain(dash.reach(tiny.program, f)))))
        transaction.set_rollback(True)

    def pairs(a: Any, b: Any, path: str = "") -> list[str]:
        if isinstance(a, dict):
            return [p for k in a if k != "hidden_page" for p in pairs(a[k], b[k], f"{path}.{k}")]
        if isinstance(a, list):
            return [
                p
                for i, (x, y) in enumerate(zip(a, b, strict=True))
                for p in pairs(x, y, f"{path}[{i}]")
            ]
        return [] if a in (HIDDEN, b) else [f"{path}: {a} != {b}"]

    assert pairs(*both) == []
