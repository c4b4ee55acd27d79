"""Issue 13, "small groups leak to evaluators": every figure an evaluator is shown stands for 5
or more distinct people, whatever the filters, in pages, CSV and SVG downloads, the PDF report
and the API; a figure that would let a hidden one be worked out by subtraction is hidden too.

Signed in as an evaluator through the Django test client, on the small program of conftest.py
(one dietitian, d1, among twelve participants), with an independent oracle of who stands behind
each figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from echohub.accounts.models import ApiToken
from echohub.attendance.models import Attendance
from echohub.evaluation.models import Answer, Question, Response, Survey
from echohub.programs.models import Role
from tests.evaluation.smallcells.conftest import (
    HIDDEN,
    LIKERT,
    PROFESSIONS,
    REGIONS,
    RURALITIES,
    Tiny,
    figure_problems,
    left_out,
    small,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

COMBOS = [
    {k: v for k, v in zip(("profession", "region", "rurality"), combo, strict=True) if v}
    for combo in itertools.product(PROFESSIONS, REGIONS, RURALITIES)
]
DIETITIAN = {"profession": "dietitian"}
#: The CSV columns that count people (others count sites or cases, or are medians).
PEOPLE_COLUMNS = {
    "Participants",
    "New participants",
    "Attendees",
    "Responses",
    "Answers",
    "Cohort members present",
}
SVG = "{http://www.w3.org/2000/svg}"


def url(tiny: Tiny, name: str, **kw: Any) -> str:
    return reverse(f"evaluation:{name}", kwargs={"slug": tiny.program.slug, **kw})


@pytest.fixture
def evaluator(tiny, as_role):
    return as_role(tiny.program, Role.EVALUATOR)


@pytest.fixture
def api(tiny, client):
    user = UserFactory()
    MembershipFactory(program=tiny.program, user=user, role=Role.EVALUATOR)
    _token, raw = ApiToken.issue(user=user, name="tests")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(dashboard: str, filters: dict[str, str]) -> dict[str, Any]:
        response = client.get(f"/api/v1/programs/tiny/insights/{dashboard}", filters, **headers)
        assert response.status_code == 200, response.content
        body: dict[str, Any] = response.json()
        assert body["suppressed"] is True
        return body["figures"]

    return get


def kpis(html: str) -> dict[str, str]:
    """The tiles of a dashboard: label -> value as shown."""
    return {
        dt_.strip(): dd.strip()
        for dt_, dd in re.findall(r"<dt>([^<]*)</dt><dd[^>]*>([^<]*)</dd>", html)
    }


def csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def chart_keys(html: str) -> list[str]:
    return sorted(set(re.findall(r'data-chart="([\w-]+)"', html)))


# -- the issue's own example ---------------------------------------------------------------


def test_the_one_dietitian_cannot_be_seen_on_reach_tiles_charts_or_downloads(tiny, evaluator):
    html = evaluator.get(url(tiny, "reach"), DIETITIAN).content.decode()
    tiles = kpis(html)
    for label in ("Unique participants", "Sites", "Attendances (person-sessions)", "New"):
        assert tiles[label] == "&lt;5", (label, tiles[label])
    assert "fewer than 5 people — hidden to protect privacy" in html
    assert 'id="hidden-page"' in html
    for key in chart_keys(html):
        rows = csv_rows(
            evaluator.get(url(tiny, "reach"), {**DIETITIAN, "format": "csv", "chart": key})
        )
        values = {v for row in rows[1:] for v in row[1:]}
        assert values <= {HIDDEN, "", "0"}, (key, values)
        svg = evaluator.get(url(tiny, "reach"), {**DIETITIAN, "format": "svg", "chart": key})
        root = ET.fromstring(svg.content)  # noqa: S314 - our own response, in a test
        drawn = [
            el.find(f"{SVG}title") for el in root.iter() if el.tag in (f"{SVG}rect", f"{SVG}circle")
        ]
        assert [t.text for t in drawn if t is not None] == [], key  # no bar, no point


def test_the_dietitian_minutes_are_not_shown_beside_a_hidden_attendee_count(tiny, evaluator):
    html = evaluator.get(url(tiny, "sessions_dashboard"), DIETITIAN).content.decode()
    assert ">97<" not in html and "1.6" not in html  # 97 minutes, 1.6 hours
    table = html.split('id="session-table"', 1)[1].split("</table>", 1)[0]
    assert "<td>&lt;5</td><td>&lt;5</td>" in table  # attendees and minutes
    rows = csv_rows(
        evaluator.get(
            url(tiny, "sessions_dashboard"), {**DIETITIAN, "format": "csv", "chart": "attendance"}
        )
    )
    assert {row[1] for row in rows[1:]} <= {HIDDEN, ""}


def test_six_responses_from_one_person_are_one_person(tiny, evaluator):
    """The threshold counts people, not responses: d1 answered six times."""
    page = url(tiny, "survey_results", pk=tiny.survey.pk)
    html = evaluator.get(page, DIETITIAN).content.decode()
    assert "Dietitian comment" not in html
    assert "6 responses" not in html and "fewer than 5 people answered" in html
    assert "results and comments are hidden to protect privacy" in html
    rows = csv_rows(evaluator.get(page, {**DIETITIAN, "format": "csv", "chart": "q-useful"}))
    assert set(rows[1][1:]) <= {HIDDEN, "0"}
    # Unfiltered, six people answered: the page shows, but the rating only d1 gave (5, six
    # times) is hidden, and so is the rating five others gave (4), else 11 - 5 would give d1's.
    rows = csv_rows(evaluator.get(page, {"format": "csv", "chart": "q-useful"}))
    assert rows[1][1:] == ["0", "0", "0", HIDDEN, HIDDEN]
    # The comment question only d1 answered: its count reads "fewer than 5", so its comments
    # are not listed either (counting them would give the count back; each is one person's).
    assert "Dietitian comment" not in evaluator.get(page).content.decode()


def test_the_pdf_report_hides_the_dietitian(tiny, evaluator):
    response = evaluator.get(url(tiny, "report"), DIETITIAN)
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "fewer than 5 people — hidden to protect privacy" in text
    assert "Unique participants <5" in text and "Sites reached <5" in text
    assert "Attendances (person-sessions) <5" in text and "Hours of attendance <5" in text
    assert "Cases presented <5" in text and "Survey responses <5" in text
    assert "Jan 2026 3 <5 <5 <5" in text  # month, sessions, participants, new, sites


def test_the_api_hides_the_dietitian(tiny, api):
    reach = api("reach", DIETITIAN)
    assert {reach["totals"][k] for k in ("people", "sites", "person_sessions", "new")} == {HIDDEN}
    sessions = api("sessions", DIETITIAN)
    assert {r["minutes"] for r in sessions["rows"]} == {HIDDEN}
    assert "n_cases" not in sessions["rows"][0]
    assert api("surveys", DIETITIAN)["rows"][0]["n"] == HIDDEN
    assert api("cases", DIETITIAN)["total"] == HIDDEN


# -- complementary cells --------------------------------------------------------------------


def test_a_second_cell_is_hidden_so_the_total_cannot_give_the_hidden_one(tiny, api):
    reach = api("reach", {})
    # 12 people in all beside sessions of 11 on the sessions page would give back the one
    # person who missed a session: the total is hidden (since the 1212 probe) ...
    assert reach["totals"]["people"] == HIDDEN
    # ... and so is what would add up to it: new + returning people.
    assert HIDDEN in (reach["totals"]["new"], reach["totals"]["returning"])
    by_profession = {r["key"]: r["n"] for r in reach["by_profession"]}
    # 12 - 6 family physicians - 5 nurse practitioners would give the one dietitian
    assert by_profession == {
        "family_physician": 6,
        "nurse_practitioner": HIDDEN,
        "dietitian": HIDDEN,
    }
    assert {r["key"]: r["n"] for r in reach["by_rurality"]} == {"urban": HIDDEN, "rural": HIDDEN}
    # the regions add up to the hidden total: one of them is hidden too
    assert {r["key"]: r["n"] for r in reach["by_region"]} == {"Toronto": 6, "North West": HIDDEN}


def test_a_filter_that_leaves_out_one_person_is_hidden(tiny, api, evaluator):
    """12 people in all, 11 at urban sites: 12 - 11 would be the dietitian at the rural site."""
    reach = api("reach", {"rurality": "urban"})
    assert reach["totals"]["people"] == HIDDEN
    assert {m["people"] for m in reach["months"]} == {HIDDEN}
    html = evaluator.get(url(tiny, "reach"), {"rurality": "urban"}).content.decode()
    assert kpis(html)["Unique participants"] == "&lt;5"
    assert "the filters leave out fewer than 5" in html


def test_two_filters_cannot_be_subtracted_from_one(tiny, api):
    """North West: 6 people; North West and urban: 5. Both shown, 6 - 5 would be d1. (North
    West alone is hidden too since the 1212 probe: its sessions of 5 leave out one person.)"""
    assert api("reach", {"region": "North West"})["totals"]["people"] == HIDDEN
    both = api("reach", {"region": "North West", "rurality": "urban"})
    assert both["totals"]["people"] == HIDDEN
    assert api("reach", {"profession": "family_physician"})["totals"]["people"] == 6
    # family physicians in Toronto (3) are too few anyway; in North West the same
    assert (
        api("reach", {"profession": "family_physician", "region": "Toronto"})["totals"]["people"]
        == HIDDEN
    )


def test_a_total_that_adds_up_over_sessions_is_hidden_beside_a_hidden_session(tiny, api):
    """Two date ranges one session apart would give that session's attendance back."""
    from tests.evaluation.smallcells.conftest import at
    from tests.factories import SessionFactory

    late = SessionFactory(
        program=tiny.program,
        series=tiny.cycle,
        starts_at=at(dt.date(2026, 2, 5)),
        ends_at=at(dt.date(2026, 2, 5), 14),
    )
    for key in ("f1", "f2"):
        Attendance.objects.create(
            session=late, user=tiny.people[key].user, computed_minutes=45, minutes=45
        )
    everything = api("sessions", {})
    assert everything["rows"][-1]["attendees"] == HIDDEN
    assert everything["rows"][-1]["minutes"] == HIDDEN
    totals = everything["totals"]
    assert (totals["person_sessions"], totals["hours"], totals["mean_attendees"]) == (HIDDEN,) * 3
    assert api("reach", {})["totals"]["person_sessions"] == HIDDEN
    january = api("sessions", {"date_to": "2026-01-31"})["totals"]
    assert january["person_sessions"] == 34 and january["hours"] == 34.6
    assert api("reach", {"date_to": "2026-01-31"})["totals"]["person_sessions"] == 34


def test_coordinators_still_see_every_figure(tiny, as_role):
    client = as_role(tiny.program, Role.COORDINATOR)
    tiles = kpis(client.get(url(tiny, "reach"), DIETITIAN).content.decode())
    assert tiles["Unique participants"] == "1" and tiles["Sites"] == "1"
    html = client.get(url(tiny, "survey_results", pk=tiny.survey.pk), DIETITIAN).content.decode()
    assert "6 responses" in html and "Dietitian comment" in html


def test_case_summary_counts_presenters_not_cases(tiny, evaluator):
    from echohub.cases.models import Case, CaseStatus

    presenter = tiny.people["d1"]
    for _ in range(6):
        Case.objects.create(
            program=tiny.program,
            presenter=presenter.user,
            presenter_profession="dietitian",
            region="North West",
            status=CaseStatus.SUBMITTED,
            title="x",
        )
    html = evaluator.get(f"/p/{tiny.program.slug}/cases/summary/").content.decode()
    table = html.split('id="prof-h"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="row">Dietitian</th><td>&lt; 5</td>' in table


# -- every filter combination -----------------------------------------------------------------


@pytest.mark.parametrize("dashboard", ["reach", "sessions", "cases", "surveys"])
def test_every_filter_combination_api_figures_stand_for_five_people(tiny, api, dashboard):
    problems = []
    for filters in COMBOS:
        problems += figure_problems(tiny, filters, dashboard, api(dashboard, filters))
    assert problems == []


PAGES = {
    "reach": "reach",
    "sessions_dashboard": "sessions",
    "cases_dashboard": "cases",
    "surveys_dashboard": "surveys",
}


def test_every_filter_combination_pages_and_downloads_show_no_small_count(tiny, evaluator):
    """On every page and in every chart's CSV, a count of people is 0 or 5 and more; the
    dietitian's 97 minutes and comment never appear where d1 could be singled out."""
    problems = []
    for filters in COMBOS:
        for name in PAGES:
            html = evaluator.get(url(tiny, name), filters).content.decode()
            assert ">97<" not in html
            for key in chart_keys(html):
                rows = csv_rows(
                    evaluator.get(url(tiny, name), {**filters, "format": "csv", "chart": key})
                )
                columns = [i for i, h in enumerate(rows[0]) if h in PEOPLE_COLUMNS]
                for row in rows[1:]:
                    for v in (row[i] for i in columns):
                        if v.isdigit() and 0 < int(v) < 5:
                            problems.append(f"{filters} {name} {key} {row}")
        kept = {k for k in tiny.respondents() if tiny.keep(k, filters)}
        wider = left_out(tiny, filters, tiny.respondents())
        shown = not small(kept) and not any(small(out) for out in wider) and kept
        html = evaluator.get(
            url(tiny, "survey_results", pk=tiny.survey.pk), filters
        ).content.decode()
        if not shown and "Dietitian comment" in html:
            problems.append(f"{filters}: comment shown for {sorted(kept)}")
    assert problems == []


# -- cost ---------------------------------------------------------------------------------------


def _queries(client: Any, path: str, params: dict[str, str]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("name", [*PAGES, "survey_results"])
def test_counting_people_costs_a_fixed_number_of_queries(tiny, evaluator, name):
    from tests.factories import SessionFactory

    kw = {"pk": tiny.survey.pk} if name == "survey_results" else {}
    path = url(tiny, name, **kw)
    params = {"series": str(tiny.cycle.pk), "region": "Toronto"}
    _queries(evaluator, path, params)  # warm caches
    few = _queries(evaluator, path, params)
    for _ in range(5):
        person = UserFactory(profession="family_physician")
        site = tiny.people["f1"].site
        MembershipFactory(program=tiny.program, user=person, role=Role.PARTICIPANT, site=site)
        for s in tiny.sessions:
            Attendance.objects.create(session=s, user=person, computed_minutes=50, minutes=50)
    start = tiny.sessions[-1].starts_at
    SessionFactory(program=tiny.program, series=tiny.cycle, starts_at=start.replace(day=29))
    assert _queries(evaluator, path, params) == few


def test_two_date_ranges_one_day_apart_do_not_give_one_persons_answer_back(tiny, evaluator, api):
    """Answers add up over days: ranges a day (or a month) apart would give back the answers
    of whoever answered in between. Whole months, and months of fewer than 5 left out."""
    survey = Survey.objects.create(program=tiny.program, kind="post_session", title="Later")
    q = Question.objects.create(survey=survey, code="q", kind="likert", text="Q", options=LIKERT)
    days = [(k, dt.date(2026, 1, 25)) for k in ("f1", "f2", "f3", "f4", "f5", "f6")]
    for key, day in [*days, ("n1", dt.date(2026, 1, 26))]:
        r = Response.objects.create(survey=survey, user=tiny.people[key].user, submitted_on=day)
        Answer.objects.create(response=r, question=q, number=4)
    page = url(tiny, "survey_results", pk=survey.pk)

    def rating_4(last_day: str) -> str:
        rows = csv_rows(evaluator.get(page, {"date_to": last_day, "format": "csv", "chart": "q-q"}))
        return rows[1][4]

    # dates are whole months for an evaluator: both ranges are January
    assert rating_4("2026-01-25") == rating_4("2026-01-26") == "7"
    html = evaluator.get(page, {"date_to": "2026-01-25"}).content.decode()
    assert "dates count here as whole months" in html
    # one person alone in February: that month does not count, in any range
    Response.objects.filter(survey=survey, user=tiny.people["n1"].user).update(
        submitted_on=dt.date(2026, 2, 3)
    )
    assert rating_4("2026-01-31") == rating_4("2026-02-28") == rating_4("") == "6"

    def listed(**dates: str) -> Any:
        return {r["title"]: r["n"] for r in api("surveys", dates)["rows"]}["Later"]

    assert listed(date_to="2026-01-31") == listed(date_to="2026-02-28") == listed() == 6
