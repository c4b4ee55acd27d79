import datetime as dt

import pytest
import time_machine

from echohub.cases import services
from echohub.cases.models import Case, CaseStatus
from echohub.cases.queries import case_summary
from echohub.programs.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(draft, presenter, program, make_member, upcoming_session):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    services.save_recommendation(
        actor=coordinator, case=draft, discipline="pharmacy", text="Secret advice text."
    )
    with time_machine.travel(upcoming_session.ends_at + dt.timedelta(hours=30), tick=False):
        services.send_recommendations(actor=coordinator, case=draft)
    services.add_follow_up(
        actor=presenter,
        case=draft,
        what_changed="Down to 30 mg a day.",
        medications=[{"drug": "oxycodone", "dose": "7.5", "unit": "mg", "times_per_day": "4"}],
        scores=[],
    )
    services.close_case(
        actor=presenter,
        case=draft,
        advice_followed="some",
        plan_changed=True,
        referral_avoided=True,
    )
    draft.refresh_from_db()
    return draft


def _pharmacists(program, presenter, n):
    for _ in range(n):  # n different pharmacists: the small-cell rule counts people
        Case.objects.create(
            program=program,
            presenter=UserFactory(profession="pharmacist"),
            presenter_profession="pharmacist",
            region="South",
            status=CaseStatus.SUBMITTED,
            title="Other case",
        )


def test_summary_counts_and_outcomes(closed_case, program, presenter):
    _pharmacists(program, presenter, 5)
    Case.objects.create(program=program, presenter=presenter, title="A draft")  # not counted
    summary = case_summary(program)
    assert summary["total"] == 6  # six presenters
    counts = {row["label"]: row["n"] for row in summary["by_status"]}
    # the closed case is one presenter's: hidden; and the 5 submitted too, else 6 - 5 gives it
    assert counts["Closed"] is None and counts["Submitted for privacy review"] is None
    professions = {row["label"]: row["n"] for row in summary["by_profession"]}
    # 1 presenter: hidden; and the 5 pharmacists too, else 6 - 5 would give the hidden one
    assert professions == {"Family physician": None, "Pharmacist": None}
    regions = {row["label"]: row["n"] for row in summary["by_region"]}
    assert regions == {"North East": None, "South": None}
    # one presenter's case behind the outcomes: none of them is shown (small-cell rule)
    assert summary["median_hours_to_recommendations"] is None and summary["hours_hidden"]
    assert summary["closeout"]["hidden"] and summary["closeout"]["closed"] is None
    assert summary["closeout"]["advice"] == {"all": None, "some": None, "none": None}
    assert summary["mean_mme_change"] is None and summary["mme_hidden"]


def test_summary_query_count_does_not_grow(
    closed_case, program, presenter, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        case_summary(program)
    _pharmacists(program, presenter, 20)
    with django_assert_max_num_queries(6):
        case_summary(program)


def test_evaluator_sees_figures_without_case_text_or_names(as_role, program, closed_case):
    client = as_role(program, Role.EVALUATOR)
    response = client.get(f"/p/{program.slug}/cases/summary/")
    page = response.content.decode()
    assert response.status_code == 200 and "Cases in figures" in page
    # Whole hours without ".0", the count of cases agreeing with its noun (walk 1211).
    # One presenter's case: its hours and MME change stand for that person, so they are hidden.
    assert "30 hours after the session" not in page and "-75" not in page
    assert "Median time to recommendations" in page and "&lt; 5" in page
    for secret in (closed_case.title, "Secret advice text", "Lopes", closed_case.number):
        assert secret not in page
    assert client.get(f"/p/{program.slug}/cases/{closed_case.pk}/").status_code in (403, 404)
    assert client.get(f"/p/{program.slug}/cases/{closed_case.pk}/letter.pdf").status_code in (
        403,
        404,
    )


def test_hub_expert_sees_the_summary(as_role, program, closed_case):
    client = as_role(program, Role.EXPERT)
    assert "Cases in figures" in client.get(f"/p/{program.slug}/cases/summary/").content.decode()


def test_participant_gets_403_and_outsider_404_on_summary(as_role, program, closed_case):
    assert (
        as_role(program, Role.PARTICIPANT).get(f"/p/{program.slug}/cases/summary/").status_code
        == 403
    )
    assert as_role(program, None).get(f"/p/{program.slug}/cases/summary/").status_code == 404


def test_summary_of_an_empty_program(as_role, program):
    client = as_role(program, Role.EVALUATOR)
    page = client.get(f"/p/{program.slug}/cases/summary/").content.decode()
    assert "By status (0 cases)" in page and "—" in page
