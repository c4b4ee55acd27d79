"""Scheduling a case shows each session's date and free case slots; sending the
recommendations follows the rule the program names (the hub chair, the coordinators, any
expert; admins always), and the case page says who sends, by name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from echohub.cases import senders, services
from echohub.cases.models import Case, CaseFormConfig, CaseStatus
from echohub.core.errors import DomainError, PermissionDenied
from echohub.core.models import AuditEntry
from echohub.programs.models import HubRole, Role
from echohub.scheduling.models import AgendaItem
from tests.factories import HubFactory, HubMemberFactory, SessionFactory

pytestmark = pytest.mark.django_db


def detail(program, case):
    return f"/p/{program.slug}/cases/{case.pk}/"


@pytest.fixture
def team(program, make_member):
    coordinator = make_member(program, Role.COORDINATOR, first_name="Cora", last_name="Ord")
    chair = make_member(program, Role.EXPERT, first_name="Chidi", last_name="Chair")
    HubMemberFactory(hub=HubFactory(program=program), user=chair, hub_role=HubRole.CHAIR)
    expert = make_member(program, Role.EXPERT, first_name="Eve", last_name="Expert")
    admin = make_member(program, Role.PROGRAM_ADMIN, first_name="Ada", last_name="Admin")
    return {"coordinator": coordinator, "chair": chair, "expert": expert, "admin": admin}


@pytest.fixture
def approved(draft, presenter, team):
    services.submit_case(actor=presenter, case=draft)
    return services.review_case(actor=team["coordinator"], case=draft, approve=True)


@pytest.fixture
def ready(approved, team, upcoming_session):
    """Scheduled, with a recommendation written: ready to send."""
    case = services.schedule_case(
        actor=team["coordinator"], case=approved, session=upcoming_session
    )
    services.save_recommendation(
        actor=team["expert"], case=case, discipline="pharmacy", text="Slow taper."
    )
    return Case.objects.get(pk=case.pk)


def set_rule(program, rule):
    CaseFormConfig.objects.update_or_create(
        program=program, defaults={"recommendations_sender": rule}
    )


# --- scheduling -----------------------------------------------------------------------------


def test_schedule_lists_dates_and_free_slots_and_names_the_full_sessions(
    client, program, approved, team, upcoming_session
):
    start = timezone.now() + dt.timedelta(days=14)
    full = SessionFactory(
        program=program, title="Full one", starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    AgendaItem.objects.create(session=full, kind="case", title="Case", position=1)
    other = Case.objects.create(program=program, presenter=approved.presenter, title="x")
    Case.objects.filter(pk=other.pk).update(agenda_item=AgendaItem.objects.get(session=full))
    gone = timezone.now() - dt.timedelta(days=3)
    past = SessionFactory(
        program=program, title="Long gone", starts_at=gone, ends_at=gone + dt.timedelta(hours=2)
    )
    AgendaItem.objects.create(session=past, kind="case", title="Case", position=1)
    AgendaItem.objects.create(session=upcoming_session, kind="case", title="Case 2", position=3)
    client.force_login(team["coordinator"])
    html = client.get(detail(program, approved)).content.decode()
    schedule = html.split("<h2>Schedule</h2>")[1].split("</section>")[0]
    when = timezone.localtime(upcoming_session.starts_at)
    option = f"{when:%a} {when.day} {when:%b %Y, %H:%M} · {upcoming_session.title}"
    # "free case slots: 2 of 2": French had "place(s) de cas libre(s)" (walk 1211).
    assert option in schedule and "free case slots: 2 of 2" in schedule
    assert "Full one" not in schedule.split("</select>")[0]  # not offered
    assert "Full (no free case slot):" in schedule and "Full one" in schedule
    assert "Long gone" not in schedule


def test_schedule_without_any_free_slot_says_what_to_do(client, program, approved, team):
    client.force_login(team["coordinator"])
    html = client.get(detail(program, approved)).content.decode()
    assert "No upcoming session has a free case slot" in html


# --- who sends ------------------------------------------------------------------------------


def test_the_page_states_who_sends_by_name(client, program, ready, team):
    client.force_login(team["expert"])
    html = client.get(detail(program, ready)).content.decode()
    sending = html.split('id="send-h"')[1].split("</section>")[0]
    assert "The hub chair and the coordinators" in sending
    assert "Chidi Chair (hub chair)" in sending and "Cora Ord" in sending
    assert "Ada Admin" in sending  # admins can always send
    assert "Eve Expert" not in sending
    assert "<form" not in sending and "one of the people above sends them" in sending


@pytest.mark.parametrize(
    ("rule", "who", "allowed"),
    [
        ("chair_coordinators", "chair", True),
        ("chair_coordinators", "coordinator", True),
        ("chair_coordinators", "expert", False),
        ("chair", "chair", True),
        ("chair", "coordinator", False),
        ("coordinators", "chair", False),
        ("coordinators", "coordinator", True),
        ("experts", "expert", True),
        ("chair", "admin", True),
    ],
)
def test_sending_follows_the_programs_rule(client, program, ready, team, rule, who, allowed):
    set_rule(program, rule)
    client.force_login(team[who])
    html = client.get(detail(program, ready)).content.decode()
    sending = html.split('id="send-h"')[1].split("</section>")[0]
    assert ("Send recommendations</button>" in sending) is allowed
    response = client.post(f"/p/{program.slug}/cases/{ready.pk}/send/", {"summary": ""})
    ready.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and ready.status == CaseStatus.RECOMMENDATIONS_SENT
    else:
        assert response.status_code == 403 and ready.status == CaseStatus.SCHEDULED


def test_the_service_enforces_the_rule_for_every_caller(program, ready, team):
    set_rule(program, "chair")
    with pytest.raises(PermissionDenied) as refused:
        services.send_recommendations(actor=team["coordinator"], case=ready)
    assert "the hub chair only" in str(refused.value.message)
    services.send_recommendations(actor=team["chair"], case=ready)
    assert Case.objects.get(pk=ready.pk).status == CaseStatus.RECOMMENDATIONS_SENT


def test_a_chair_who_left_the_program_cannot_send(program, ready, team):
    team["chair"].memberships.update(is_active=False)
    assert not senders.may_send(team["chair"], program)
    assert team["chair"] not in senders.senders(program)["chairs"]


def test_a_program_without_a_chair_says_so(client, program, ready, team):
    team["chair"].hub_memberships.all().delete()
    client.force_login(team["coordinator"])
    html = client.get(detail(program, ready)).content.decode()
    assert "No hub of this program has a chair named yet." in html


@pytest.mark.parametrize(("role", "status"), [(Role.PARTICIPANT, 403), (None, 404)])
def test_participants_and_outsiders_cannot_send(as_role, program, ready, role, status):
    client = as_role(program, role)
    response = client.post(f"/p/{program.slug}/cases/{ready.pk}/send/", {"summary": ""})
    assert response.status_code == status
    assert Case.objects.get(pk=ready.pk).status == CaseStatus.SCHEDULED


# --- naming who sends -------------------------------------------------------------------------


def test_a_coordinator_names_who_sends_on_the_case_form_settings(client, program, team):
    client.force_login(team["coordinator"])
    page = client.get(f"/p/{program.slug}/cases/form/").content.decode()
    assert "Sending the recommendations" in page and 'value="chair_coordinators" ' in page
    response = client.post(f"/p/{program.slug}/cases/form/sender/", {"sender": "chair"})
    assert response.status_code == 302 and response["Location"].endswith("#sender")
    assert senders.sender_rule(program) == "chair"
    entry = AuditEntry.objects.get(action="cases.recommendations_sender_set")
    assert entry.actor == team["coordinator"]
    assert entry.changes == {"recommendations_sender": ["chair_coordinators", "chair"]}
    page = client.get(response["Location"]).content.decode()
    assert "Saved: The hub chair only send the recommendations." in page


def test_a_bad_choice_changes_nothing(client, program, team):
    client.force_login(team["coordinator"])
    response = client.post(f"/p/{program.slug}/cases/form/sender/", {"sender": "anyone"})
    assert response.status_code == 302
    assert senders.sender_rule(program) == senders.DEFAULT
    page = client.get(f"/p/{program.slug}/cases/form/").content.decode()
    assert "Choose who sends the recommendations." in page
    with pytest.raises(DomainError):
        services.set_recommendations_sender(
            actor=team["coordinator"], program=program, sender="anyone"
        )


@pytest.mark.parametrize(("role", "status"), [(Role.EXPERT, 403), (None, 404)])
def test_only_coordinators_and_admins_name_who_sends(as_role, program, role, status):
    client = as_role(program, role)
    response = client.post(f"/p/{program.slug}/cases/form/sender/", {"sender": "experts"})
    assert response.status_code == status
    assert senders.sender_rule(program) == senders.DEFAULT


# --- the taper schedule has the page's width ----------------------------------------------------


def test_taper_form_sits_below_the_two_columns(client, program, ready, team):
    client.force_login(team["expert"])
    html = client.get(detail(program, ready)).content.decode()
    assert html.index("</aside>") < html.index('id="taper-h"')
