"""The retention rule: case content past N years after close-out is removed, the rest stays."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from echohub.cases.models import (
    CLINICAL_TEXT_FIELDS,
    Case,
    CaseMedication,
    CaseScore,
    FollowUp,
    PhiOverride,
    Recommendation,
)
from echohub.cases.queries import case_summary
from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.evaluation import dashboards
from echohub.privacy import retention
from echohub.privacy.models import PurgedCase, RetentionPolicy
from echohub.programs.models import Role
from tests.factories import ProgramFactory
from tests.privacy.conftest import TEXT, make_case

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
OLD = dt.datetime(2015, 1, 10, 12, 0, tzinfo=UTC)  # closed almost 12 years before NOW
RECENT = dt.datetime(2020, 6, 1, 12, 0, tzinfo=UTC)  # closed 6.5 years before NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_case(program, presenter, expert) -> Case:
    return make_case(program, presenter, expert, closed=OLD)


@pytest.fixture
def recent_case(program, presenter, expert) -> Case:
    return make_case(program, presenter, expert, closed=RECENT)


def figures(program) -> Any:
    """What the dashboards and the case summary show of the program's cases."""
    return json.dumps(
        [dashboards.cases(program, dashboards.Filters()), case_summary(program)],
        default=str,
        sort_keys=True,
    )


def test_dry_run_counts_what_the_real_run_removes_and_changes_nothing(old_case, recent_case):
    dry = retention.purge_cases(now=NOW, dry_run=True)
    assert [(r.slug, r.years) for r in dry] == [(old_case.program.slug, 10)]
    assert dry[0].counts == {
        "cases": 1,
        "recommendations": 1,
        "follow_ups": 1,
        "medications": 1,
        "scores": 2,
        "overrides": 1,
        "certificate_names": 0,
    }
    old_case.refresh_from_db()
    assert old_case.questions == TEXT
    assert not PurgedCase.objects.exists()
    assert not AuditEntry.objects.filter(action="retention.purge").exists()

    real = retention.purge_cases(now=NOW)
    assert [r.counts for r in real] == [r.counts for r in dry]
    assert retention.purge_cases(now=NOW, dry_run=True) == []  # nothing left to do
    assert retention.purge_cases(now=NOW) == []


def test_purge_removes_content_and_keeps_the_case_its_dates_and_figures(
    program, old_case, recent_case
):
    before = figures(program)
    closed_at, theme, mme = old_case.closed_at, old_case.theme, old_case.mme_total
    retention.purge_cases(now=NOW)

    case = Case.objects.get(pk=old_case.pk)
    assert case.title == "Removed under the retention rule on 2026-12-04"
    for name in [*CLINICAL_TEXT_FIELDS[1:], *retention.OTHER_TEXT_FIELDS]:
        assert getattr(case, name) == "", name
    assert case.taper_plan == {} and case.extra == {}
    assert (case.closed_at, case.theme, case.mme_total) == (closed_at, theme, mme)
    assert (case.advice_followed, case.plan_changed, case.referral_avoided) == ("all", True, True)
    assert not CaseMedication.objects.filter(case=case).exists()
    assert not PhiOverride.objects.filter(case=case).exists()
    assert list(Recommendation.objects.filter(case=case).values_list("text", flat=True)) == [
        "Removed under the retention rule on 2026-12-04"
    ]
    assert FollowUp.objects.get(case=case).what_changed.startswith("Removed under")
    assert FollowUp.objects.get(case=case).mme_total == 60
    scores = CaseScore.objects.filter(case=case).order_by("total")
    assert [(s.instrument, s.total, s.items) for s in scores] == [
        ("peg", 5, []),
        ("peg", 7, []),
    ]
    # The recent case is untouched; the dashboards' figures are the same.
    recent = Case.objects.get(pk=recent_case.pk)
    assert recent.questions == TEXT and recent.medications.count() == 1
    assert figures(program) == before


def test_audit_entry_holds_counts_only(program, old_case):
    retention.purge_cases(now=NOW)
    entry = AuditEntry.objects.get(action="retention.purge")
    assert entry.program == program and entry.actor is None
    assert entry.changes == {
        "years": 10,
        "cases": 1,
        "recommendations": 1,
        "follow_ups": 1,
        "medications": 1,
        "scores": 2,
        "overrides": 1,
        "certificate_names": 0,
    }
    assert "oxycodone" not in json.dumps(entry.changes) and TEXT not in entry.object_repr


def test_nothing_is_purged_before_the_years_have_passed(old_case):
    with time_machine.travel(dt.datetime(2025, 1, 10, 11, 0, tzinfo=UTC), tick=False):
        assert retention.purge_cases() == []
    with time_machine.travel(dt.datetime(2025, 1, 10, 13, 0, tzinfo=UTC), tick=False):
        assert [r.counts["cases"] for r in retention.purge_cases()] == [1]


def test_a_program_rule_shorter_than_the_default_applies_to_that_program_only(
    program, presenter, expert, old_case, recent_case
):
    RetentionPolicy.objects.create(program=program, case_content_years=5)
    other = ProgramFactory()
    other_case = make_case(other, presenter, expert, closed=RECENT)
    result = retention.purge_cases(now=NOW)
    assert [(r.slug, r.years, r.counts["cases"]) for r in result] == [(program.slug, 5, 2)]
    assert Case.objects.get(pk=other_case.pk).questions == TEXT


def test_a_case_never_closed_counts_from_its_last_change(program, presenter, expert):
    with time_machine.travel(OLD, tick=False):
        draft = Case.objects.create(program=program, presenter=presenter, questions=TEXT)
    with time_machine.travel(dt.datetime(2024, 1, 1, tzinfo=UTC), tick=False):
        Case.objects.create(program=program, presenter=presenter, questions=TEXT)
    assert [r.counts["cases"] for r in retention.purge_cases(now=NOW)] == [1]
    assert Case.objects.get(pk=draft.pk).questions == ""


def test_purge_command_dry_run_then_real_run(program, old_case):
    out = io.StringIO()
    call_command("purge", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"{program.slug}\tcases\t1\t(would remove; rule: 10 years)" in text
    assert f"{program.slug}\tmedications\t1\t" in text
    assert "1 case(s) would remove in 1 program(s)" in text
    assert Case.objects.get(pk=old_case.pk).questions == TEXT

    out = io.StringIO()
    call_command("purge", stdout=out)
    assert "1 case(s) removed in 1 program(s)" in out.getvalue()
    assert Case.objects.get(pk=old_case.pk).questions == ""


def test_send_reminders_runs_the_purge(old_case):
    call_command("send_reminders", stdout=io.StringIO())
    assert PurgedCase.objects.filter(case=old_case).exists()


# --- the program's setting page --------------------------------------------------------------


def test_admin_sets_the_rule_and_it_is_audited(program, as_role):
    client = as_role(program, Role.PROGRAM_ADMIN)
    url = reverse("privacy:overview", kwargs={"slug": program.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert "kept 10 years after a case is closed" in page.content.decode()
    response = client.post(url, {"case_content_years": "7"})
    assert response.status_code == 302
    assert RetentionPolicy.objects.get(program=program).case_content_years == 7
    entry = AuditEntry.objects.get(action="retention.policy_changed")
    assert entry.changes == {"case_content_years": [10, 7]}


@pytest.mark.parametrize("value", ["0", "51", "ten", ""])
def test_a_bad_number_of_years_is_refused(program, as_role, value):
    client = as_role(program, Role.PROGRAM_ADMIN)
    url = reverse("privacy:overview", kwargs={"slug": program.slug})
    response = client.post(url, {"case_content_years": value})
    assert response.status_code == 200
    assert response.context["form"].errors["case_content_years"]
    assert not RetentionPolicy.objects.exists()


@pytest.mark.parametrize("years", [0, 51])
def test_the_service_refuses_a_number_of_years_out_of_range(program, years):
    with pytest.raises(DomainError) as err:
        retention.set_case_content_years(actor=None, program=program, years=years)
    assert err.value.code == "bad_years" and err.value.field == "case_content_years"
    assert not RetentionPolicy.objects.exists()


@pytest.mark.parametrize(("role", "status"), [(Role.COORDINATOR, 403), (None, 404)])
def test_others_cannot_change_the_rule(program, as_role, role, status):
    client = as_role(program, role)
    url = reverse("privacy:overview", kwargs={"slug": program.slug})
    assert client.post(url, {"case_content_years": "1"}).status_code == status
    assert not RetentionPolicy.objects.exists()
