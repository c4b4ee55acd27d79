"""Stored MME/day (Case.mme_total, FollowUp.mme_total), its data migration, and the case theme
(picked by the presenter, corrected at privacy review, listed and filtered)."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from echohub.cases import services
from echohub.cases.models import Case, CaseMedication, CaseStatus, FollowUp
from echohub.cases.queries import case_summary
from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from tests.cases.conftest import CLEAN
from tests.cases.test_case_views import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("echohub.cases.migrations.0004_fill_stored_mme")


# --- Stored MME ---------------------------------------------------------------------------------


def test_save_draft_stores_the_total_mme(draft):
    # oxycodone 10 mg x4 = 60, fentanyl 25 mcg/h = 60 (CDC 2022)
    assert Case.objects.get(pk=draft.pk).mme_total == Decimal(120)


def test_stored_total_follows_new_rows_and_table_and_is_none_when_nothing_converts(
    draft, presenter
):
    services.save_draft(
        actor=presenter,
        case=draft,
        data={},
        medications=[{"drug": "morphine", "dose": "15", "unit": "mg", "times_per_day": "3"}],
    )
    assert Case.objects.get(pk=draft.pk).mme_total == Decimal(45)
    services.save_draft(
        actor=presenter,
        case=draft,
        data={},
        medications=[{"drug": "gabapentin", "dose": "300", "unit": "mg", "times_per_day": "3"}],
    )
    assert Case.objects.get(pk=draft.pk).mme_total is None
    services.save_draft(actor=presenter, case=draft, data={}, medications=[])
    assert Case.objects.get(pk=draft.pk).mme_total is None


def test_changing_the_table_alone_recomputes_the_stored_total(draft, presenter):
    services.save_draft(
        actor=presenter,
        case=draft,
        data={},
        medications=[{"drug": "tramadol", "dose": "50", "unit": "mg", "times_per_day": "4"}],
    )
    cdc2022 = Case.objects.get(pk=draft.pk).mme_total
    services.save_draft(actor=presenter, case=draft, data={"mme_table": "cdc-analytic"})
    analytic = Case.objects.get(pk=draft.pk).mme_total
    assert cdc2022 == Decimal(40) and analytic == Decimal(20)  # factor 0.2 vs 0.1
    services.save_draft(actor=presenter, case=draft, data={"mme_table": "cdc2016"})
    assert Case.objects.get(pk=draft.pk).mme_total is None  # no tramadol factor in CDC 2016


def test_saving_text_only_keeps_the_stored_total(draft, presenter):
    services.save_draft(actor=presenter, case=draft, data={"title": "A new title"})
    assert Case.objects.get(pk=draft.pk).mme_total == Decimal(120)


@pytest.fixture
def sent_case(draft, presenter, program, make_member, upcoming_session):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    services.save_recommendation(
        actor=coordinator, case=draft, discipline="pharmacy", text="Slow taper."
    )
    with time_machine.travel(upcoming_session.ends_at + dt.timedelta(hours=3), tick=False):
        services.send_recommendations(actor=coordinator, case=draft)
    draft.refresh_from_db()
    return draft


def test_add_follow_up_stores_its_total(sent_case, presenter):
    follow_up = services.add_follow_up(
        actor=presenter,
        case=sent_case,
        what_changed="Down to 30 mg a day.",
        medications=[{"drug": "oxycodone", "dose": "7.5", "unit": "mg", "times_per_day": "4"}],
        scores=[],
    )
    assert FollowUp.objects.get(pk=follow_up.pk).mme_total == Decimal(45)
    empty = services.add_follow_up(
        actor=presenter, case=sent_case, what_changed="Stopped.", medications=[], scores=[]
    )
    assert FollowUp.objects.get(pk=empty.pk).mme_total is None


def test_data_migration_fills_existing_cases_and_follow_ups(sent_case, presenter, program):
    follow_up = FollowUp.objects.create(case=sent_case, reported_by=presenter, what_changed="x")
    CaseMedication.objects.create(
        case=sent_case,
        follow_up=follow_up,
        drug="hydromorphone",
        dose=Decimal(2),
        unit="mg",
        times_per_day=Decimal(3),
    )
    unconvertible = Case.objects.create(program=program, presenter=presenter, title="No opioid")
    CaseMedication.objects.create(
        case=unconvertible, drug="gabapentin", dose=Decimal(300), unit="mg", times_per_day=3
    )
    bare = Case.objects.create(program=program, presenter=presenter, title="No rows")
    Case.objects.update(mme_total=None)
    FollowUp.objects.update(mme_total=None)

    migration.fill_stored_mme(apps, None)

    assert Case.objects.get(pk=sent_case.pk).mme_total == Decimal(120)
    assert FollowUp.objects.get(pk=follow_up.pk).mme_total == Decimal(30)  # 6 mg x 5
    assert Case.objects.get(pk=unconvertible.pk).mme_total is None
    assert Case.objects.get(pk=bare.pk).mme_total is None
    migration.fill_stored_mme(apps, None)  # idempotent
    assert Case.objects.get(pk=sent_case.pk).mme_total == Decimal(120)


def test_summary_reads_the_stored_totals_not_the_rows(sent_case, presenter, program):
    first = FollowUp.objects.create(
        case=sent_case, reported_by=presenter, what_changed="a", mme_total=Decimal(100)
    )
    FollowUp.objects.create(
        case=sent_case, reported_by=presenter, what_changed="b", mme_total=Decimal("80.5")
    )
    FollowUp.objects.create(  # a later follow-up with nothing that converts: skipped
        case=sent_case, reported_by=presenter, what_changed="c", mme_total=None
    )
    assert first.pk
    for _ in range(4):  # four more presenters, unchanged: the figure stands for five people
        other = Case.objects.create(
            program=program,
            presenter=UserFactory(),
            status=CaseStatus.FOLLOWED_UP,
            title="Other case",
            mme_total=Decimal(100),
        )
        FollowUp.objects.create(
            case=other, reported_by=other.presenter, what_changed="d", mme_total=Decimal(100)
        )
    summary = case_summary(program)
    assert summary["mme_cases"] == 5 and summary["mean_mme_change"] == Decimal("-7.9")
    Case.objects.filter(pk=sent_case.pk).update(mme_total=None)
    summary = case_summary(program)  # four presenters left: hidden (small-cell rule)
    assert summary["mme_cases"] is None and summary["mme_hidden"]


# --- Theme --------------------------------------------------------------------------------------


def test_presenter_picks_the_theme_in_the_form(client, program, presenter, draft):
    client.force_login(presenter)
    page = client.get(f"/p/{program.slug}/cases/{draft.pk}/edit/").content.decode()
    assert 'name="theme"' in page and "Low back pain" in page
    client.post(
        f"/p/{program.slug}/cases/{draft.pk}/edit/",
        form_data(theme="low_back", version=str(draft.version)),
    )
    assert Case.objects.get(pk=draft.pk).theme == "low_back"


def test_unknown_theme_is_refused(draft, presenter):
    with pytest.raises(DomainError) as err:
        services.save_draft(actor=presenter, case=draft, data={"theme": "astrology"})
    assert err.value.code == "invalid_theme" and err.value.field == "theme"


def test_coordinator_corrects_the_theme_at_privacy_review(as_role, program, presenter, draft):
    services.save_draft(actor=presenter, case=draft, data={"theme": "low_back"})
    services.submit_case(actor=presenter, case=draft)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/cases/{draft.pk}/").content.decode()
    assert 'name="theme"' in page and "Low back pain" in page
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/review/",
        {"decision": "approve", "theme": "high_dose"},
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=draft.pk)
    assert case.status == CaseStatus.APPROVED and case.theme == "high_dose"
    entry = AuditEntry.objects.get(action="case.approved")
    assert entry.changes == {"theme": ["low_back", "high_dose"]}
    page = client.get(f"/p/{program.slug}/cases/{draft.pk}/").content.decode()
    assert "High-dose opioids / safety" in page


def _submitted(program, presenter, n, theme):
    for i in range(n):
        Case.objects.create(
            program=program,
            presenter=presenter,
            status=CaseStatus.SUBMITTED,
            title=f"{theme} case {i}",
            theme=theme,
            mme_total=Decimal("67.5"),
        )


def test_case_list_shows_theme_and_stored_mme_and_filters_by_theme(as_role, program, presenter):
    _submitted(program, presenter, 2, "headache")
    _submitted(program, presenter, 1, "low_back")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/cases/").content.decode()
    assert "headache case 0" in page and "low_back case 0" in page and "67.5" in page
    filtered = client.get(f"/p/{program.slug}/cases/?theme=headache").content.decode()
    assert "headache case 1" in filtered and "low_back case 0" not in filtered
    assert 'value="headache" selected' in filtered


def test_case_list_query_count_is_pinned(as_role, program, presenter):
    client = as_role(program, Role.COORDINATOR)
    _submitted(program, presenter, 1, "headache")
    client.get(f"/p/{program.slug}/cases/")  # warm the session
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/p/{program.slug}/cases/").status_code == 200
    _submitted(program, presenter, 20, "low_back")
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/p/{program.slug}/cases/").status_code == 200
    assert len(one) == len(many)


def test_theme_and_stored_mme_through_the_api(api_for, program, presenter, draft):
    api = api_for(presenter)
    response = api.patch(
        f"/programs/{program.slug}/cases/{draft.pk}",
        {"version": draft.version, "theme": "neuropathic"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["theme"] == "neuropathic" and response.json()["mme_total"] == 120
    refused = api.patch(
        f"/programs/{program.slug}/cases/{draft.pk}", {"version": draft.version + 1, "theme": "x"}
    )
    assert refused.status_code in (400, 422)
    listed = api.get(f"/programs/{program.slug}/cases", theme="neuropathic").json()
    assert [c["id"] for c in listed["items"]] == [draft.pk]
    assert api.get(f"/programs/{program.slug}/cases", theme="headache").json()["items"] == []
    detail = api.get(f"/programs/{program.slug}/cases/{draft.pk}").json()
    assert detail["theme"] == "neuropathic" and detail["mme_total"] == 120
    assert CLEAN["title"] == detail["title"]
