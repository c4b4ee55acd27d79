"""Taper plans on the case page: the whole regimen with the strengths on each medication row,
refusals in words, and the cautions on the page (issue 11)."""

import datetime as dt

import pytest

from echohub.cases import services
from echohub.cases.models import Case
from echohub.core.errors import DomainError
from echohub.programs.models import Role
from tests.cases.conftest import CLEAN

pytestmark = pytest.mark.django_db

START = dt.date(2026, 12, 1)


@pytest.fixture
def make_scheduled(draft, presenter, program, make_member, upcoming_session):
    coordinator = make_member(program, Role.COORDINATOR)

    def make(meds):
        services.save_draft(actor=presenter, case=draft, data=CLEAN, medications=meds)
        # Some rows are uncounted on purpose: the presenter confirmed the partial total.
        services.submit_case(actor=presenter, case=draft, count_confirmed=True)
        services.review_case(actor=coordinator, case=draft, approve=True)
        services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
        draft.refresh_from_db()
        return draft

    return make


def _post(client, program, case, do="preview", **fields):
    data = {"rule": "cdc2022-long-term", "duration": "long-term", "start_date": "2026-12-01"}
    data.update({k: str(v) for k, v in fields.items()}, do=do)
    return client.post(f"/p/{program.slug}/cases/{case.pk}/taper/", data)


def test_the_preview_uses_the_strengths_on_the_medication_row(as_role, program, make_scheduled):
    case = make_scheduled(
        [
            {
                "drug": "oxycodone",
                "dose": "60",
                "unit": "mg",
                "times_per_day": "2",
                "strengths": "10, 20",
            }
        ]
    )
    assert case.medications.get().strengths == "10, 20"
    client = as_role(program, Role.EXPERT)
    html = _post(client, program, case).content.decode()
    # 120 mg/day in 10 mg tablets: 60 + 50 mg (110 mg/day), never 100 mg in the first month.
    assert "oxycodone 60 mg, once a day" in html and "oxycodone 50 mg, once a day" in html
    assert "Before and during any taper" in html and "naloxone" in html
    assert "incomplete cross-tolerance" in html
    assert Case.objects.get(pk=case.pk).taper_plan == {}


def test_methadone_is_refused_on_the_page_and_cannot_be_attached(
    as_role, program, make_scheduled, make_member
):
    case = make_scheduled(
        [
            {"drug": "methadone", "dose": "30", "unit": "mg", "times_per_day": "1"},
            {"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "2"},
        ]
    )
    client = as_role(program, Role.EXPERT)
    html = _post(client, program, case).content.decode()
    assert "No automatic plan" in html and "specialist advice" in html
    response = _post(client, program, case, do="attach")
    assert "specialist advice" in response.content.decode()
    assert Case.objects.get(pk=case.pk).taper_plan == {}
    with pytest.raises(DomainError) as err:
        services.attach_taper_plan(
            actor=make_member(program, Role.EXPERT),
            case=case,
            rule="cdc2022-long-term",
            start_date=START,
        )
    assert err.value.code == "taper_refused"


def test_oud_purpose_is_saved_and_refused(as_role, program, make_scheduled):
    case = make_scheduled(
        [
            {
                "drug": "buprenorphine",
                "formulation": "sublingual",
                "dose": "8",
                "unit": "mg",
                "times_per_day": "1",
                "purpose": "oud",
            },
            {"drug": "morphine", "dose": "30", "unit": "mg", "times_per_day": "2"},
        ]
    )
    assert case.medications.filter(purpose="oud").count() == 1
    html = _post(as_role(program, Role.EXPERT), program, case).content.decode()
    assert "opioid use disorder" in html and "No automatic plan" in html


def test_a_rapid_rule_for_long_term_use_is_refused_in_words(as_role, program, make_scheduled):
    case = make_scheduled([{"drug": "morphine", "dose": "100", "unit": "mg", "times_per_day": "2"}])
    client = as_role(program, Role.EXPERT)
    html = _post(client, program, case, rule="cdc2022-acute").content.decode()
    assert "No automatic plan" in html and "too fast for long-term use" in html
    ok = _post(client, program, case, rule="cdc2022-acute", duration="short-term")
    assert "No automatic plan" not in ok.content.decode()


def test_a_combination_in_mg_shows_not_computed_and_a_partial_total_is_marked(
    as_role, program, make_scheduled
):
    case = make_scheduled(
        [
            {"drug": "Percocet", "dose": "5", "unit": "mg", "times_per_day": "4"},
            {"drug": "morphine", "dose": "10", "unit": "mg", "times_per_day": "2"},
        ]
    )
    html = as_role(program, Role.EXPERT).get(case.get_absolute_url()).content.decode()
    assert "partial total" in html
    assert "× 1" in html and "(cdc2022)" in html  # each row's factor and table


def test_only_a_combination_in_mg_is_not_computed_never_zero(as_role, program, make_scheduled):
    case = make_scheduled([{"drug": "Percocet", "dose": "5", "unit": "mg", "times_per_day": "4"}])
    html = as_role(program, Role.EXPERT).get(case.get_absolute_url()).content.decode()
    assert "Total: not computed" in html and "Total: 0 MME/day" not in html


def test_tablets_of_a_combination_are_counted(as_role, program, make_scheduled):
    case = make_scheduled(
        [{"drug": "Tylenol No. 3", "dose": "2", "unit": "tablet", "frequency": "max 4 a day"}]
    )
    html = as_role(program, Role.EXPERT).get(case.get_absolute_url()).content.decode()
    assert "Total: 36 MME/day" in html and "confirm" in html


def test_bad_strengths_are_refused_with_the_row_named(presenter, draft):
    with pytest.raises(DomainError) as err:
        services.save_draft(
            actor=presenter,
            case=draft,
            data=CLEAN,
            medications=[
                {
                    "drug": "oxycodone",
                    "dose": "10",
                    "unit": "mg",
                    "times_per_day": "2",
                    "strengths": "10, ten",
                }
            ],
        )
    assert "row 1" in err.value.message.casefold()
