import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from echohub.core.models import AuditEntry
from echohub.programs.models import Membership, Registration, Role
from tests.factories import (
    HubFactory,
    HubMemberFactory,
    MembershipFactory,
    ProgramFactory,
    RegistrationFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MANAGERS = [Role.PROGRAM_ADMIN, Role.COORDINATOR]


def test_signed_out_home_lists_only_public_programs(client):
    ProgramFactory(name="Open Pain ECHO")
    ProgramFactory(name="Hidden Pilot", is_public=False)
    page = client.get("/").content.decode()
    assert "Open Pain ECHO" in page and "Hidden Pilot" not in page


def test_signed_out_home_has_an_empty_state(client):
    assert "No programs are open to the public yet" in client.get("/").content.decode()


def test_public_program_page_shows_hub_team_and_register_link(client, program):
    hub = HubFactory(program=program, name="Academic Pain Hub")
    HubMemberFactory(
        hub=hub, user=UserFactory(first_name="Priya", last_name="Raman"), hub_role="chair"
    )
    page = client.get(f"/p/{program.slug}/").content.decode()
    assert "Academic Pain Hub" in page and "Priya Raman" in page and "Chair" in page
    assert f"/p/{program.slug}/register/" in page


def test_private_program_is_404_for_outsiders_and_visible_to_members(client, as_role):
    private = ProgramFactory(is_public=False)
    assert client.get(f"/p/{private.slug}/").status_code == 404
    as_role(private, None)
    assert client.get(f"/p/{private.slug}/").status_code == 404
    as_role(private, Role.PARTICIPANT)
    assert client.get(f"/p/{private.slug}/").status_code == 200


def registration_post(site=None, **overrides):
    data = {
        "first_name": "Ana",
        "last_name": "Lopes",
        "email": "ana@example.test",
        "profession": "registered_nurse",
        "licence_number": "RN-1",
        "site": site.pk if site else "",
        "new_site_name": "" if site else "Lakeview Station",
        "region": "North West",
        "new_site_kind": "" if site else "nursing_station",
        "new_site_rurality": "" if site else "remote",
        "consent_research": "on",
    }
    data.update(overrides)
    return data


def test_registration_form_creates_a_pending_registration(client, program):
    site = SiteFactory(program=program)
    response = client.post(f"/p/{program.slug}/register/", registration_post(site))
    assert response.status_code == 302 and response["Location"].endswith("/register/thanks/")
    reg = Registration.objects.get()
    assert (reg.site, reg.status, reg.consent_research) == (site, "pending", True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"profession": "astronaut"}, "Select a valid choice"),
        ({"new_site_name": ""}, "Choose your site, or name a new one"),
        ({"region": ""}, "Give the region of your new site"),
        ({"licence_number": ""}, "This field is required"),
    ],
)
def test_bad_registrations_show_errors_and_keep_what_was_typed(client, program, overrides, message):
    response = client.post(f"/p/{program.slug}/register/", registration_post(**overrides))
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert 'value="Lopes"' in page  # nothing typed is lost
    assert not Registration.objects.exists()


def test_duplicate_registration_gets_the_thanks_page_and_the_holder_an_email(
    client, program, mailoutbox, django_capture_on_commit_callbacks
):
    # Probe 1219: signed out, this used to say "already waiting for review" on the form (400),
    # which told anyone the address had registered. Now the answer is the new registration's
    # and the holder is told by email (see test_registration_enumeration_1219.py).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/p/{program.slug}/register/", registration_post())
        response = client.post(f"/p/{program.slug}/register/", registration_post())
    assert response.status_code == 302 and response["Location"].endswith("/register/thanks/")
    assert Registration.objects.count() == 1
    assert "waiting for review" in mailoutbox[-1].subject


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.PROGRAM_ADMIN, 200),
        (Role.EXPERT, 403),
        (Role.PARTICIPANT, 403),
        (None, 404),
    ],
)
def test_registrations_screen_roles(as_role, program, role, status):
    client = as_role(program, role)
    RegistrationFactory(program=program, first_name="Waiting")
    response = client.get(f"/p/{program.slug}/manage/registrations/")
    assert response.status_code == status
    assert ("Waiting" in response.content.decode()) == (status == 200)


def test_registrations_screen_requires_sign_in(client, program):
    response = client.get(f"/p/{program.slug}/manage/registrations/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_coordinator_approves_and_declines_from_the_list(
    as_role, program, mailoutbox, django_capture_on_commit_callbacks
):
    client = as_role(program, Role.COORDINATOR)
    a, b = RegistrationFactory(program=program), RegistrationFactory(program=program)
    with django_capture_on_commit_callbacks(execute=True):
        r1 = client.post(f"/p/{program.slug}/manage/registrations/{a.pk}/approve/")
        r2 = client.post(
            f"/p/{program.slug}/manage/registrations/{b.pk}/decline/", {"note": "Full this cycle"}
        )
    assert r1.status_code == r2.status_code == 302
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, b.status) == ("approved", "declined")
    assert Membership.objects.filter(
        program=program, user__email=a.email, role="participant"
    ).exists()
    assert "Full this cycle" in next(m for m in mailoutbox if m.to == [b.email]).body
    assert (
        client.get(
            f"/p/{program.slug}/manage/registrations/{a.pk}/frobnicate/", follow=False
        ).status_code
        == 405
    )
    assert (
        client.post(f"/p/{program.slug}/manage/registrations/{a.pk}/frobnicate/").status_code == 404
    )


def test_participant_cannot_approve(as_role, program):
    client = as_role(program, Role.PARTICIPANT)
    reg = RegistrationFactory(program=program)
    assert (
        client.post(f"/p/{program.slug}/manage/registrations/{reg.pk}/approve/").status_code == 403
    )
    reg.refresh_from_db()
    assert reg.status == "pending"


def test_registration_of_another_program_is_404(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    foreign = RegistrationFactory()
    assert (
        client.post(f"/p/{program.slug}/manage/registrations/{foreign.pk}/approve/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.EXPERT, 200),
        (Role.PARTICIPANT, 403),
        (Role.EVALUATOR, 403),
        (None, 404),
    ],
)
def test_people_list_roles(as_role, program, role, status):
    assert as_role(program, role).get(f"/p/{program.slug}/manage/people/").status_code == status


def test_people_list_search_filter_and_constant_queries(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    site = SiteFactory(program=program)
    MembershipFactory(
        program=program, user=UserFactory(last_name="Tremblay", profession="pharmacist"), site=site
    )

    def count_queries(params=""):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/p/{program.slug}/manage/people/{params}")
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    few, _ = count_queries()
    for _i in range(30):
        MembershipFactory(program=program, site=site)
    many, page = count_queries()
    assert few == many
    assert "Page 1 of 2" in page
    _, page = count_queries("?q=tremb")
    assert "Tremblay" in page and "Last" not in page.split("<tbody>")[1]
    _, page = count_queries("?profession=pharmacist")
    assert "Tremblay" in page
    _, page = count_queries("?role=evaluator")
    assert "Nobody matches these filters" in page


def test_coordinator_changes_roles_on_the_person_page(as_role, program, make_member):
    client = as_role(program, Role.COORDINATOR)
    person = make_member(program, Role.PARTICIPANT)
    response = client.post(
        f"/p/{program.slug}/manage/people/{person.pk}/", {"roles": ["participant", "evaluator"]}
    )
    assert response.status_code == 302
    assert set(
        Membership.objects.filter(user=person, is_active=True).values_list("role", flat=True)
    ) == {"participant", "evaluator"}
    response = client.post(f"/p/{program.slug}/manage/people/{person.pk}/", {"roles": ["admin"]})
    assert response.status_code == 400 and "Only a program admin" in response.content.decode()


def test_expert_sees_a_person_but_cannot_change_roles(as_role, program, make_member):
    client = as_role(program, Role.EXPERT)
    person = make_member(program, Role.PARTICIPANT)
    assert client.get(f"/p/{program.slug}/manage/people/{person.pk}/").status_code == 200
    assert (
        client.post(
            f"/p/{program.slug}/manage/people/{person.pk}/", {"roles": ["evaluator"]}
        ).status_code
        == 403
    )


def test_person_outside_the_program_is_404(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    assert client.get(f"/p/{program.slug}/manage/people/{UserFactory().pk}/").status_code == 404


def test_invite_form_sends_an_invitation(
    as_role, program, mailoutbox, django_capture_on_commit_callbacks
):
    client = as_role(program, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/p/{program.slug}/manage/people/invite/",
            {"email": "new@example.test", "role": "expert"},
        )
    assert response.status_code == 302
    assert (
        mailoutbox[0].to == ["new@example.test"] and "/accounts/invitation/" in mailoutbox[0].body
    )
    bad = client.post(
        f"/p/{program.slug}/manage/people/invite/", {"email": "nope", "role": "expert"}
    )
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("role", "status"), [(Role.COORDINATOR, 302), (Role.EXPERT, 403), (None, 404)]
)
def test_site_create_roles(as_role, program, role, status):
    client = as_role(program, role)
    response = client.post(
        f"/p/{program.slug}/manage/sites/new/",
        {
            "name": "Bayview FHT",
            "kind": "fht",
            "region": "Central",
            "rurality": "suburban",
            "is_active": "on",
        },
    )
    assert response.status_code == status
    assert program.sites.filter(name="Bayview FHT").exists() == (status == 302)


def test_site_list_filters(as_role, program):
    client = as_role(program, Role.EXPERT)
    SiteFactory(program=program, name="Moose Station", rurality="remote")
    SiteFactory(program=program, name="Downtown CHC", rurality="urban")
    page = client.get(f"/p/{program.slug}/manage/sites/?rurality=remote").content.decode()
    assert "Moose Station" in page and "Downtown CHC" not in page


def test_hub_member_add_and_remove(as_role, program, make_member):
    client = as_role(program, Role.COORDINATOR)
    hub = HubFactory(program=program)
    person = make_member(program, Role.PARTICIPANT)
    response = client.post(
        f"/p/{program.slug}/hub/{hub.pk}/members/new/",
        {
            "user": person.pk,
            "hub_role": "facilitator",
            "discipline": "social_worker",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    member = hub.members.get()
    assert Membership.objects.filter(user=person, program=program, role="expert").exists()
    client.post(f"/p/{program.slug}/hub/{hub.pk}/members/{member.pk}/", {"remove": "1"})
    assert not hub.members.exists()
    assert AuditEntry.objects.filter(action="hub_member.removed").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.PROGRAM_ADMIN, 200), (Role.COORDINATOR, 403), (Role.EVALUATOR, 403), (None, 404)],
)
def test_audit_log_is_for_program_admins(as_role, program, role, status):
    client = as_role(program, role)
    SiteFactory(program=program)
    from echohub.programs import services

    services.save_site(actor=None, program=program, name="Audited Site", region="East")
    response = client.get(f"/p/{program.slug}/manage/audit/?action=site.")
    assert response.status_code == status
    if status == 200:
        assert "site.created" in response.content.decode()


def test_program_list_searches_and_paginates_and_home_stays_short(client, db):
    for i in range(30):
        ProgramFactory(name=f"Network program {i:02d}", summary="mentoring")
    ProgramFactory(name="Hidden", is_public=False)
    home = client.get("/").content.decode()
    assert home.count('class="card"') == 12 and "See all 30 programs" in home
    page = client.get("/programs/").content.decode()
    assert "Page 1 of 2" in page and "Hidden" not in page
    found = client.get("/programs/?q=program+07").content.decode()
    assert "Network program 07" in found and "Network program 08" not in found


def test_signed_in_home_lists_a_few_other_programs(client, program, make_member):
    for i in range(12):
        ProgramFactory(name=f"Elsewhere {i:02d}")
    client.force_login(make_member(program))
    page = client.get("/").content.decode()
    assert page.count("Elsewhere") == 8 and "See all programs" in page


def test_the_audit_log_shows_changes_in_words_and_local_time(as_role, program):
    import datetime as dt

    from django.utils import timezone

    from echohub.scheduling import services as scheduling
    from tests.factories import SessionFactory

    client = as_role(program, Role.PROGRAM_ADMIN)
    session = SessionFactory(program=program)
    start = (timezone.now() + dt.timedelta(days=30)).replace(
        hour=17, minute=30, second=0, microsecond=0
    )
    scheduling.reschedule_session(
        actor=None, session=session, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    html = client.get(f"/p/{program.slug}/manage/audit/?action=session.").content.decode()
    row = html.split("session.rescheduled")[1].split("</tr>")[0]
    assert "→" in row and "T17:30" not in row and "[" not in row
