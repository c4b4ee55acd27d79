"""An evaluator opens the reach and the cases-outcomes dashboards: the charts render as SVG with
their data tables, and screenshots are kept in tmp_path (and copied to docs/screenshots for the
README when ECHOHUB_SAVE_SCREENSHOTS=1)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from echohub.cases.models import Case, CaseStatus
from echohub.programs.models import Role
from tests.conftest import PASSWORD
from tests.evaluation.dashboards.conftest import Net
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # leave the login page first (it has an h1 and is loaded too); a goto would cancel the post
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_evaluator_sees_reach_and_outcome_charts(page, tmp_path):
    net = Net()
    # A fuller cycle than the unit-test program, so that groups reach the small-cell threshold.
    professions = ["family_physician", "nurse_practitioner", "pharmacist", "registered_nurse"]
    cohort = []
    for i in range(24):
        user = UserFactory(profession=professions[i % 4])
        cohort.append(user)
        site = net.site_a if i % 3 else net.site_b
        MembershipFactory(program=net.program, user=user, role=Role.PARTICIPANT, site=site)
        for k, session in enumerate(net.sessions[1:5]):
            if k == 2 or (i + k) % 4 == 0:  # 6 of 24 miss each session (not 1-4)
                continue  # the third cycle session has no attendance recorded
            net.attend(session, user, 80)
    # Cases from six presenters, five of them with an MME/day follow-up: an evaluator sees
    # only figures that stand for 5 or more people (issue 13).
    presenters = [UserFactory(profession="family_physician") for _ in range(6)]
    for case, presenter in zip((net.c1, net.c2, net.c3, net.c4), presenters, strict=False):
        Case.objects.filter(pk=case.pk).update(presenter=presenter)
    s1 = net.sessions[1]
    for presenter in presenters[4:] + presenters[2:3]:
        extra = net.case(s1, "opioid_tapering", CaseStatus.RECOMMENDATIONS_SENT, 48, "80")
        Case.objects.filter(pk=extra.pk).update(presenter=presenter)
        net.follow_up(extra, s1.starts_at + dt.timedelta(days=30), "60")
    net.follow_up(net.c3, s1.starts_at + dt.timedelta(days=30), "100")
    net.follow_up(net.c4, s1.starts_at + dt.timedelta(days=30), "30")
    sent = net.c4.session.starts_at + dt.timedelta(hours=48)  # none awaiting: 1 would show
    Case.objects.filter(pk=net.c4.pk).update(mme_total=40, sent_at=sent)
    evaluator = UserFactory(email="evaluator@example.test")
    MembershipFactory(program=net.program, user=evaluator, role=Role.EVALUATOR)
    sign_in(page, "evaluator@example.test")

    # One month of the cycle (all its sessions are in January): evaluators see distinct
    # people for one month, not over a cycle's open range (evaluation.privacy, probe 1212).
    page.goto(
        f"/p/{net.program.slug}/insights/reach/?series={net.cycle.pk}"
        "&date_from=2026-01-01&date_to=2026-01-31"
    )
    page.get_by_role("heading", name="Reach", exact=True).wait_for()
    assert page.locator("figure.insights-figure").count() == 5
    assert page.locator("#fig-people_per_session svg.insights-chart").count() == 1
    assert page.locator("#fig-by_profession svg.insights-chart rect").count() >= 2  # bg + a bar
    # Retention follows people across months: hidden from evaluators, said so, not drawn.
    assert page.locator("#retention-hidden").count() == 1
    assert page.locator("#fig-retention svg").count() == 0
    box = page.locator("#fig-people_per_session svg").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    assert page.locator("#fig-people_per_session svg rect").count() == 4  # background + 3 bars
    page.locator("#fig-people_per_session summary").click()
    rows = page.locator('table[data-chart="people_per_session"] tbody tr')
    assert rows.count() == 4
    assert "no data" in rows.nth(2).inner_text()  # nothing recorded at the third session
    assert "Still attending in the last quarter" in page.locator("main").inner_text()
    reach_png = tmp_path / "insights-reach.png"
    page.screenshot(path=str(reach_png), full_page=True)

    page.get_by_role("link", name="Cases and outcomes").click()
    page.get_by_role("heading", name="Outcomes across follow-ups").wait_for()
    page.wait_for_load_state()  # the new page whole, not only down to its heading
    # Fewer than 10 values: an evaluator sees n and the mean, not the median and quartiles (each
    # would be one person's value; probe 1220), and the page says why; no median bar is drawn.
    assert page.locator("#fig-outcomes svg rect").count() <= 1  # the background only
    assert page.locator("#median-recs").inner_text() == "—"
    assert "one person's answer" in page.locator("#quartiles-withheld").inner_text()
    outcome_rows = page.locator("#outcomes-table tbody tr")
    assert outcome_rows.count() == 2 and "mme/day" in outcome_rows.first.inner_text().lower()
    assert "one person's answer" in outcome_rows.first.inner_text()
    page.locator("#outcomes-h").scroll_into_view_if_needed()
    outcomes_png = tmp_path / "insights-outcomes.png"
    page.screenshot(path=str(outcomes_png), full_page=True)

    # One survey's results: the Likert answers as a 100% stacked bar, the pre/post test.
    pre, post = net.pre_post()
    # The cohort answers both too, so that every scale point is chosen by 0 or 5+ people on
    # each side (a mean with its n beside a point chosen by 1-4 would give it back: probe 1226).
    before = [1] * 4 + [2] * 8 + [3] * 8 + [4] * 4  # with Net's six: 5, 10, 10, 5
    after = [3] * 7 + [4] * 8 + [5] * 9  # with Net's six: 10, 10, 10
    for user, b, a in zip(cohort, before, after, strict=True):
        net.answer(net.respond(pre, user), "confidence", b)
        net.answer(net.respond(post, user), "confidence", a)
    page.goto(f"/p/{net.program.slug}/insights/surveys/{post.pk}/")
    page.locator("#comparison-table").wait_for()
    assert page.locator("#fig-q-confidence svg rect").count() >= 3
    assert "Wilcoxon signed-rank" in page.locator("#comparison-table").inner_text()
    page.screenshot(path=str(tmp_path / "insights-survey.png"), full_page=True)

    if os.environ.get("ECHOHUB_SAVE_SCREENSHOTS") == "1":  # refresh the README's pictures
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(reach_png, DOCS / "insights-reach.png")
        shutil.copyfile(outcomes_png, DOCS / "insights-outcomes.png")
