"""Exact figures of the dashboard selectors on the hand-built program (see conftest)."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from scipy import stats as sps

from echohub.evaluation import dashboards as db
from echohub.evaluation.dashboards import SUPPRESSED, Filters
from tests.evaluation.dashboards.conftest import (
    POST_CONF,
    POST_NUM,
    PRE_CONF,
    PRE_NUM,
    TZ,
)

pytestmark = pytest.mark.django_db


def F(**kw):
    return Filters(tz=TZ, **kw)


def test_reach_counts_unique_people_and_sites_per_month_with_gaps(net):
    data = db.reach(net.program, F())
    t = data["totals"]
    assert t["people"] == 5  # p6 only at a cancelled session
    assert t["sites"] == 2
    assert t["sessions"] == 6  # held, not cancelled
    assert t["person_sessions"] == 12
    months = {m["label"]: m for m in data["months"]}
    assert list(months) == ["Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026"]
    assert months["Dec 2025"]["people"] == 2 and months["Dec 2025"]["new"] == 2
    assert months["Jan 2026"]["people"] == 5 and months["Jan 2026"]["new"] == 3
    assert months["Jan 2026"]["sites"] == 2
    # February: only a cancelled session -> no data, not zero.
    assert months["Feb 2026"]["people"] is None and months["Feb 2026"]["sessions"] == 0
    assert months["Mar 2026"]["people"] == 1 and months["Mar 2026"]["new"] == 0


def test_reach_new_versus_returning_for_a_cycle(net):
    data = db.reach(net.program, F(series=net.cycle))
    t = data["totals"]
    assert t["people"] == 5
    assert t["returning"] == 2  # p1, p2 were at the December session
    assert t["new"] == 3
    assert [m["label"] for m in data["months"]] == ["Jan 2026"]


def test_reach_breakdowns_by_profession_region_rurality(net):
    data = db.reach(net.program, F())
    prof = {r["key"]: r["n"] for r in data["by_profession"]}
    assert prof == {"family_physician": 3, "nurse_practitioner": 1, "pharmacist": 1}
    assert {r["key"]: r["n"] for r in data["by_region"]} == {"North East": 3, "Toronto": 2}
    assert {r["key"]: r["n"] for r in data["by_rurality"]} == {"rural": 3, "urban": 2}


def test_small_cells_are_suppressed_for_evaluators(net):
    data = db.reach(net.program, F(suppress=True))
    prof = {r["key"]: r["n"] for r in data["by_profession"]}
    assert prof == {"family_physician": SUPPRESSED, "nurse_practitioner": SUPPRESSED,
                    "pharmacist": SUPPRESSED}  # fmt: skip
    assert data["totals"]["people"] == 5  # the total itself is not a small group


def test_retention_cohort_and_curve(net):
    ret = db.reach(net.program, F(series=net.cycle))["retention"]
    assert ret["sessions"] == 4 and ret["quarter"] == 1
    assert ret["cohort"] == 4  # p1-p4 at the first session
    assert ret["retained"] == 2  # p1, p4 at the last session (p5 joined late)
    assert ret["share"] == 50.0
    assert [c["n"] for c in ret["curve"]] == [4, 2, None, 2]  # s3: nothing recorded


def test_retention_defaults_to_latest_cycle(net):
    ret = db.reach(net.program, F())["retention"]
    assert ret["series"] == net.cycle and ret["chosen"] is False


def test_filters_by_profession_and_region_and_dates(net):
    fp = db.reach(net.program, F(profession="family_physician"))
    assert fp["totals"]["people"] == 3 and fp["totals"]["sites"] == 1
    toronto = db.reach(net.program, F(region="Toronto"))
    assert toronto["totals"]["people"] == 2
    march = db.reach(net.program, F(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31)))
    assert march["totals"]["people"] == 1 and march["totals"]["returning"] == 1


def test_filters_matching_nothing_give_an_empty_state(net):
    data = db.reach(net.program, F(region="Nowhere"))
    assert data["empty"] and data["totals"]["people"] == 0
    assert all(r["n"] != 0 for r in data["by_profession"])  # no fake zero rows
    assert db.sessions(net.program, F(date_from=dt.date(2030, 1, 1)))["empty"]
    assert db.cases(net.program, F(profession="dietitian"))["empty"]


def test_sessions_attendance_minutes_topics_cases(net):
    data = db.sessions(net.program, F(series=net.cycle))
    rows = data["rows"]
    assert [r["attendees"] for r in rows] == [4, 2, None, 3]
    assert rows[0]["minutes"] == 61 + 62 + 63 + 64
    assert rows[2]["minutes"] is None  # nothing recorded: missing, not zero
    assert rows[0]["topics"] == ["Tapering basics"] and rows[1]["topics"] == ["Sleep and pain"]
    assert [r["cases"] for r in rows] == [2, 1, 0, 1]
    assert data["totals"]["recorded"] == 3 and data["totals"]["person_sessions"] == 9
    assert data["totals"]["mean_attendees"] == 3.0


def test_cases_by_theme_time_to_recommendations_outcomes_closeout(net):
    data = db.cases(net.program, F())
    assert data["total"] == 4
    assert {r["key"]: r["n"] for r in data["by_theme"]} == {"opioid_tapering": 2, "low_back": 1,
                                                           "": 1}  # fmt: skip
    recs = data["recommendations"]
    assert recs["summary"].n == 3 and recs["summary"].median == 48.0
    assert (recs["summary"].q1, recs["summary"].q3) == (36.0, 60.0)
    assert recs["awaiting"] == 1
    mme = data["mme"]
    assert mme["n"] == 2  # c1 (90 -> 45, latest follow-up), c2 (50 -> 50); c3 has no follow-up
    assert mme["change"].median == statistics.median([-45.0, 0.0])
    assert (mme["decreased"], mme["unchanged"], mme["increased"]) == (1, 1, 0)
    assert data["peg"]["n"] == 1 and data["peg"]["change"].median == -2.0
    c = data["closeout"]
    assert c["closed"] == 1 and c["advice_all"] == 1 and c["referral_yes"] == 1
    assert c["plan_missing"] == 1  # not answered stays "not answered"


def test_cases_profession_suppressed_for_evaluators(net):
    data = db.cases(net.program, F(suppress=True))
    assert [r["n"] for r in data["by_profession"]] == [SUPPRESSED]


def test_pre_post_paired_wilcoxon_and_t_match_scipy(net):
    _pre, post = net.pre_post()
    res = db.survey_results(net.program, post, F())
    items = {i["code"]: i for i in res["comparison"]["items"]}
    assert res["comparison"]["paired"] is True
    w = items["confidence"]["result"]
    ref = sps.wilcoxon(POST_CONF, PRE_CONF)
    assert w.test == "wilcoxon" and w.n == 6
    assert w.statistic == pytest.approx(ref.statistic) and w.p == pytest.approx(ref.pvalue)
    # by hand: diffs 2,1,1,0,2,1 -> zero dropped; |d| ranks: 1s -> 2, 2s -> 4.5; all positive
    assert w.effect == pytest.approx(1.0)
    t = items["per_week"]["result"]
    ref_t = sps.ttest_rel(POST_NUM, PRE_NUM)
    diffs = [b - a for a, b in zip(PRE_NUM, POST_NUM, strict=True)]
    assert t.test == "paired_t" and t.n == 5
    assert t.statistic == pytest.approx(ref_t.statistic) and t.p == pytest.approx(ref_t.pvalue)
    assert t.effect == pytest.approx(statistics.mean(diffs) / statistics.stdev(diffs))


def test_pre_post_anonymous_falls_back_to_mann_whitney(net):
    _pre, post = net.pre_post(anonymous=True)
    res = db.survey_results(net.program, post, F())
    assert res["comparison"]["paired"] is False
    r = {i["code"]: i for i in res["comparison"]["items"]}["confidence"]["result"]
    ref = sps.mannwhitneyu(POST_CONF, PRE_CONF, alternative="two-sided")
    assert r.test == "mann_whitney" and (r.n_pre, r.n_post) == (6, 6)
    assert r.statistic == pytest.approx(ref.statistic) and r.p == pytest.approx(ref.pvalue)
    assert r.effect == pytest.approx(2 * ref.statistic / 36 - 1)


def test_survey_distribution_counts_and_percent(net):
    _pre, post = net.pre_post()
    res = db.survey_results(net.program, post, F())
    assert res["n"] == 6
    conf = next(i for i in res["questions"] if i["q"].code == "confidence")
    dist = {d["value"]: (d["n"], d["pct"]) for d in conf["dist"]}
    assert dist == {"1": (0, 0.0), "2": (0, 0.0), "3": (3, 50.0), "4": (2, 33.3), "5": (1, 16.7)}
    num = next(i for i in res["questions"] if i["q"].code == "per_week")
    assert num["summary"].n == 5 and num["summary"].mean == 4.0 and num["summary"].median == 5.0
    assert [c["text"] for c in res["comments"]] == ["Comment 0", "Comment 1", "Comment 2"]


def test_survey_results_hidden_below_five_responses_for_evaluators(net):
    _pre, post = net.pre_post()
    res = db.survey_results(net.program, post, F(suppress=True, region="Toronto"))
    assert res["n"] == SUPPRESSED and res["too_few"] is True
    assert all(i["hidden"] for i in res["comparison"]["items"])


def test_reach_per_session_in_a_cycle_with_missing_session(net):
    data = db.reach(net.program, F(series=net.cycle))
    assert [r["people"] for r in data["per_session"]] == [4, 2, None, 3]


def test_person_filter_gives_real_zero_where_attendance_was_recorded(net):
    data = db.reach(net.program, F(profession="pharmacist"))
    months = {m["label"]: m["people"] for m in data["months"]}
    assert months == {"Dec 2025": 0, "Jan 2026": 1, "Feb 2026": None, "Mar 2026": 0}
