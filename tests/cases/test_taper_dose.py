"""The taper form asks for the starting daily dose and the strength available, so each step is
a dose that can be dispensed; impossible values are refused at their field, nothing typed lost."""

import datetime as dt
import io

import pytest

from echohub.cases import services
from echohub.cases.models import Case
from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db

START = dt.date(2026, 12, 1)


@pytest.fixture
def scheduled(draft, presenter, program, make_member, upcoming_session):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    services.save_recommendation(
        actor=coordinator, case=draft, discipline="pharmacy", text="Slow oxycodone taper."
    )
    draft.refresh_from_db()
    draft.coordinator = coordinator
    return draft


def _post(client, program, case, do="preview", **fields):
    data = {"rule": "cdc2022-long-term", "start_date": "2026-12-01", "do": do}
    data.update({k: str(v) for k, v in fields.items()})
    return client.post(f"/p/{program.slug}/cases/{case.pk}/taper/", data)


def test_preview_shows_the_rounded_daily_doses(as_role, program, scheduled):
    client = as_role(program, Role.EXPERT)
    page = client.get(f"/p/{program.slug}/cases/{scheduled.pk}/").content.decode()
    assert 'name="start_daily_dose"' in page and 'name="strength"' in page
    response = _post(client, program, scheduled, start_daily_dose=40, dose_unit="mg", strength=5)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Daily dose (mg)" in html and "whole units of 5 mg" in html
    # 40 mg x 90 % = 36 -> 35 mg (5 mg tablets); MME/day follows: 120 x 35/40 = 105
    assert "<td>35</td><td>105</td>" in html
    assert Case.objects.get(pk=scheduled.pk).taper_plan == {}


def test_attach_stores_the_strength_and_the_letter_lists_the_doses(
    client, as_role, program, presenter, scheduled, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    expert = as_role(program, Role.EXPERT)
    response = _post(
        expert, program, scheduled, do="attach", start_daily_dose=40, dose_unit="mg", strength=5
    )
    assert response.status_code == 302
    plan = Case.objects.get(pk=scheduled.pk).taper_plan
    assert plan["dose_step"] == 5 and plan["dose_unit"] == "mg"
    assert [s["daily_dose"] for s in plan["steps"][:4]] == [40, 35, 30, 25]
    assert AuditEntry.objects.get(action="case.taper_plan_attached").changes["dose_step"] == 5
    with django_capture_on_commit_callbacks(execute=True):
        services.send_recommendations(actor=scheduled.coordinator, case=scheduled)
    client.force_login(presenter)
    pdf = client.get(f"/p/{program.slug}/cases/{scheduled.pk}/letter.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    assert "Daily dose (mg)" in flat and "whole units of 5 mg" in flat


def test_a_strength_that_does_not_divide_the_dose_is_refused_at_its_field(
    as_role, program, scheduled
):
    client = as_role(program, Role.EXPERT)
    response = _post(
        client, program, scheduled, do="attach", start_daily_dose=45, dose_unit="mg", strength=10
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "cannot be made of 10 mg units (40 mg or 50 mg can)" in html
    assert 'id="id_strength_error"' in html or 'class="error"' in html
    assert 'value="45"' in html and 'value="10"' in html  # nothing typed is lost
    assert Case.objects.get(pk=scheduled.pk).taper_plan == {}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_daily_dose": 0, "strength": 5}, "The starting dose must be greater than zero."),
        ({"start_daily_dose": 40, "strength": -5}, "The strength must be greater than zero."),
        ({"strength": 5}, "Give the starting daily dose that the strength divides."),
        ({"start_daily_dose": 5, "strength": 10}, "larger than the starting daily dose"),
        ({"start_daily_dose": "lots", "strength": 5}, "Enter a number."),
    ],
)
def test_impossible_values_are_refused_with_a_clear_message(
    as_role, program, scheduled, fields, message
):
    client = as_role(program, Role.EXPERT)
    response = _post(client, program, scheduled, do="attach", dose_unit="mg", **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Case.objects.get(pk=scheduled.pk).taper_plan == {}


def test_service_names_the_field_of_the_refusal(scheduled, program, make_member):
    with pytest.raises(DomainError) as err:
        services.build_taper_plan(
            case=scheduled,
            rule="cdc2022-long-term",
            start_date=START,
            start_daily_dose=45,
            dose_unit="mg",
            strength=10,
        )
    assert err.value.field == "strength"
    with pytest.raises(DomainError) as err:
        services.build_taper_plan(
            case=scheduled, rule="cdc2022-long-term", start_date=START, start_daily_dose=40
        )
    assert err.value.field == "dose_unit"
