"""The case summary's outcome figures follow the small-cell rule (core.smallcells): each is
shown only where the cases behind it come from 5 or more presenters, and no hidden figure can
be worked out from those shown (walk 1211: "30 hours after the session (1 case)" was one
presenter's case, shown to evaluators)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.cases.models import Case, CaseStatus
from echohub.cases.queries import _closeout, case_summary
from echohub.core.smallcells import MIN_PEOPLE
from echohub.programs.models import Role
from tests.factories import SessionFactory, UserFactory

closed_rows = st.lists(
    st.tuples(
        st.sampled_from(["all", "some", "none", ""]),
        st.sampled_from([True, False, None]),
        st.sampled_from([True, False, None]),
        st.integers(1, 9),  # the presenter
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(closed_rows)
def test_every_close_out_figure_shown_stands_for_5_presenters(rows):
    out = _closeout(rows)
    people = {who for *_r, who in rows}
    if out["closed"] is not None:
        assert len(people) >= MIN_PEOPLE or not people
    groups = {
        "all": {w for a, _p, _r, w in rows if a == "all"},
        "some": {w for a, _p, _r, w in rows if a == "some"},
        "none": {w for a, _p, _r, w in rows if a == "none"},
        "unrecorded": {w for a, _p, _r, w in rows if a not in ("all", "some", "none")},
    }
    hidden = [k for k in ("all", "some", "none") if out["advice"][k] is None]
    for key, n in out["advice"].items():
        if n is not None:
            assert n == 0 or len(groups[key]) >= MIN_PEOPLE
    if out["closed"] is not None:
        # what a reader can work out: the hidden advice figures (and the unrecorded ones)
        # together, as closed minus those shown; they must stand for 0 or 5+ people
        worked_out = set().union(*(groups[k] for k in hidden), groups["unrecorded"])
        assert not worked_out or len(worked_out) >= MIN_PEOPLE or not hidden
    for key, flag in (("plan_changed", 1), ("referral_avoided", 2)):
        if out[key] is not None:
            yes = {row[3] for row in rows if row[flag]}
            no = {row[3] for row in rows if not row[flag]}
            assert len(yes) >= MIN_PEOPLE or not yes
            assert len(no) >= MIN_PEOPLE or not no  # closed - yes would give it


@pytest.mark.django_db
def test_five_presenters_figures_are_shown_and_four_are_not(as_role, program):
    session = SessionFactory(program=program)
    ended = session.ends_at

    def closed(n: int) -> None:
        for _ in range(n):
            Case.objects.create(
                program=program,
                presenter=UserFactory(),
                status=CaseStatus.CLOSED,
                title="Closed case",
                session=session,
                sent_at=ended + dt.timedelta(hours=24),
                advice_followed="all",
                plan_changed=True,
                referral_avoided=False,
            )

    closed(4)
    summary = case_summary(program)
    assert summary["median_hours_to_recommendations"] is None and summary["hours_hidden"]
    assert summary["closeout"]["closed"] is None
    closed(1)
    summary = case_summary(program)
    # five cases: their count is shown, their median (the third case's own time) is not
    assert summary["recommendations_sent"] == 5 and not summary["hours_hidden"]
    assert summary["median_hours_to_recommendations"] is None
    assert summary["closeout"]["closed"] == 5
    assert summary["closeout"]["advice"]["all"] == 5
    assert summary["closeout"]["plan_changed"] == 5
    page = as_role(program, Role.EVALUATOR).get(f"/p/{program.slug}/cases/summary/")
    html = page.content.decode()
    assert "5 cases; the median is shown from 10 cases" in html
    assert "hours after the session" not in html
    closed(5)
    summary = case_summary(program)
    assert summary["median_hours_to_recommendations"] == 24
    html = as_role(program, Role.EVALUATOR).get(f"/p/{program.slug}/cases/summary/").content
    assert "24 hours after the session (10 cases)" in html.decode()
