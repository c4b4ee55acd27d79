import datetime as dt
import io

import pytest

from echohub.cases import services
from echohub.cases.models import Case
from echohub.core.errors import DomainError, PermissionDenied
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
        actor=coordinator, case=draft, discipline="pharmacy", text="Slow taper, see plan."
    )
    draft.refresh_from_db()
    draft.coordinator = coordinator
    return draft


def test_attach_taper_plan_stores_the_schedule_from_the_current_mme(
    scheduled, program, make_member
):
    expert = make_member(program, Role.EXPERT)
    case = services.attach_taper_plan(
        actor=expert, case=scheduled, rule="cdc2022-long-term", start_date=START
    )
    plan = Case.objects.get(pk=case.pk).taper_plan
    assert plan["start_mme_per_day"] == 120 and plan["rule"]["key"] == "cdc2022-long-term"
    # Oxycodone 10 mg four times a day + a 25 mcg/h patch: the first step lowers one oxycodone
    # dose by 5 mg (120 -> 112.5 MME/day); the next smaller cut (10 mg) would be below 108.
    assert plan["steps"][0]["date"] == "2026-12-01" and plan["steps"][1]["mme_per_day"] == 112.5
    first = {(d["drug"], d["dose"], d["times_per_day"]) for d in plan["steps"][1]["doses"]}
    assert first == {("oxycodone", 10, 3), ("oxycodone", 5, 1), ("fentanyl", 25, None)}
    assert plan["follow_ups"][0] == "2027-01-01"
    entry = AuditEntry.objects.filter(action="case.taper_plan_attached").get()
    assert entry.actor_id == expert.pk


def test_attach_taper_plan_refuses_a_faster_rate_than_the_rule(scheduled, program, make_member):
    expert = make_member(program, Role.EXPERT)
    with pytest.raises(DomainError) as err:
        services.attach_taper_plan(
            actor=expert, case=scheduled, rule="hhs2019", percent=50, start_date=START
        )
    assert err.value.code == "invalid_taper" and err.value.field == "percent"
    assert Case.objects.get(pk=scheduled.pk).taper_plan == {}


def test_attach_taper_plan_by_a_participant_is_refused(scheduled, presenter):
    with pytest.raises(PermissionDenied):
        services.attach_taper_plan(
            actor=presenter, case=scheduled, rule="cdc2022-long-term", start_date=START
        )


def test_taper_plan_on_a_draft_is_refused(draft, program, make_member):
    with pytest.raises(DomainError) as err:
        services.attach_taper_plan(
            actor=make_member(program, Role.EXPERT),
            case=draft,
            rule="cdc2022-long-term",
            start_date=START,
        )
    assert err.value.code == "case_not_open"


def _post(client, program, case, do):
    return client.post(
        f"/p/{program.slug}/cases/{case.pk}/taper/",
        {
            "rule": "nougg2010",
            "interval": "2-weeks",
            "duration": "short-term",
            "start_date": "2026-12-01",
            "do": do,
        },
    )


def test_expert_previews_then_attaches_through_the_case_page(as_role, program, scheduled):
    client = as_role(program, Role.EXPERT)
    page = client.get(f"/p/{program.slug}/cases/{scheduled.pk}/").content.decode()
    assert 'id="taper-h"' in page
    preview = _post(client, program, scheduled, "preview")
    assert preview.status_code == 200 and "Follow-up reminders" in preview.content.decode()
    assert "15 Dec 2026" in preview.content.decode()  # step dates in the reader's format
    assert Case.objects.get(pk=scheduled.pk).taper_plan == {}  # a preview changes nothing
    attached = _post(client, program, scheduled, "attach")
    assert attached.status_code == 302
    assert Case.objects.get(pk=scheduled.pk).taper_plan["interval"] == "2-weeks"
    page = client.get(f"/p/{program.slug}/cases/{scheduled.pk}/").content.decode()
    assert "Remove the taper plan" in page and "15 Dec 2026" in page


def test_presenter_sees_the_plan_but_cannot_attach_one(client, program, presenter, scheduled):
    client.force_login(presenter)
    page = client.get(f"/p/{program.slug}/cases/{scheduled.pk}/").content.decode()
    assert 'id="taper-h"' not in page
    assert _post(client, program, scheduled, "attach").status_code == 403
    assert Case.objects.get(pk=scheduled.pk).taper_plan == {}


def test_outsider_gets_404_on_taper(as_role, program, scheduled):
    client = as_role(program, None)
    assert _post(client, program, scheduled, "attach").status_code == 404


def test_letter_and_email_carry_the_schedule(
    client,
    program,
    presenter,
    scheduled,
    make_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from pypdf import PdfReader

    services.attach_taper_plan(
        actor=make_member(program, Role.EXPERT),
        case=scheduled,
        rule="cdc2022-long-term",
        start_date=START,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_recommendations(actor=scheduled.coordinator, case=scheduled)
    body = next(m.body for m in mailoutbox if "Recommendations for case" in m.subject)
    assert "Taper plan" in body and "1 Jan 2027: oxycodone 10 mg, 3 times a day" in body
    assert "= 112.5 MME/day" in body
    assert "naloxone" in body and "incomplete cross-tolerance" in body
    client.force_login(presenter)
    response = client.get(f"/p/{program.slug}/cases/{scheduled.pk}/letter.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Taper plan" in text and "1 Jan 2027" in text and "112.5" in text
    assert "Follow-up reminders" in text
    flat = " ".join(text.split())
    assert "naloxone" in flat and "suicide" in flat and "incomplete cross-tolerance" in flat


def test_the_api_carries_the_attached_plan_with_its_cautions(
    client, program, presenter, scheduled, make_member
):
    services.attach_taper_plan(
        actor=make_member(program, Role.EXPERT),
        case=scheduled,
        rule="cdc2022-long-term",
        start_date=START,
    )
    client.force_login(presenter)
    data = client.get(f"/api/v1/programs/{program.slug}/cases/{scheduled.pk}").json()
    plan = data["taper_plan"]
    assert plan["steps"][1]["mme_per_day"] == 112.5
    assert any("naloxone" in line for line in plan["safety"])
    assert "incomplete cross-tolerance" in plan["caveat"]
