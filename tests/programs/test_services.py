import pytest

from echohub.accounts.models import Invitation, User
from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.programs import services
from echohub.programs.models import Membership, Registration, Role, Site
from tests.factories import RegistrationFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def submit(program, **overrides):
    fields = dict(
        program=program,
        email="Nurse@Example.test",
        first_name=" Ana ",
        last_name="Lopes",
        profession="registered_nurse",
        licence_number="RN123",
        site=None,
        new_site_name="Lakeview Nursing Station",
        region="North West",
        consent_research=True,
    )
    fields.update(overrides)
    return services.submit_registration(**fields)


def test_submit_registration_creates_a_pending_request_and_emails_after_commit(
    program, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reg = submit(program)
    assert (reg.status, reg.email, reg.first_name) == ("pending", "nurse@example.test", "Ana")
    assert [m.to for m in mailoutbox] == [["nurse@example.test"]]
    assert program.name in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("setup", "overrides", "code"),
    [
        ("closed", {}, "registration_closed"),
        (None, {"new_site_name": ""}, "site_required"),
        (None, {"region": ""}, "region_required"),
        ("foreign_site", {}, "invalid_site"),
    ],
)
def test_invalid_registrations_are_refused(program, setup, overrides, code):
    if setup == "closed":
        program.registration_open = False
        program.save()
    if setup == "foreign_site":
        overrides = {"site": SiteFactory()}
    with pytest.raises(DomainError) as err:
        submit(program, **overrides)
    assert err.value.code == code
    assert not Registration.objects.exists()


def test_duplicate_pending_registration_is_refused_case_insensitively(program):
    submit(program)
    with pytest.raises(DomainError) as err:
        submit(program, email="NURSE@example.test")
    assert err.value.code == "duplicate_registration"
    assert Registration.objects.count() == 1


def test_registering_when_already_a_participant_is_refused(program, make_member):
    member = make_member(program, Role.PARTICIPANT)
    with pytest.raises(DomainError) as err:
        submit(program, email=member.email)
    assert err.value.code == "already_member"


def test_approve_creates_account_site_membership_and_invitation_email(
    program, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = UserFactory()
    reg = submit(program)
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.approve_registration(
            actor=coordinator, registration=reg, note="Welcome aboard"
        )
    user = User.objects.get(email="nurse@example.test")
    assert not user.has_usable_password()
    assert (membership.user, membership.role, membership.consent_research) == (
        user,
        "participant",
        True,
    )
    assert membership.site == Site.objects.get(program=program, name="Lakeview Nursing Station")
    assert membership.site.region == "North West"
    reg.refresh_from_db()
    assert (reg.status, reg.decided_by, reg.user) == ("approved", coordinator, user)
    [mail] = mailoutbox
    assert "Welcome aboard" in mail.body and "/accounts/invitation/" in mail.body
    assert Invitation.objects.get(email=user.email).role == Role.PARTICIPANT
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"registration.submitted", "registration.approved", "site.created"} <= actions


def test_approving_an_existing_account_links_it_without_an_invitation(
    program, mailoutbox, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="known@example.test")
    reg = RegistrationFactory(program=program, email="known@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_registration(actor=None, registration=reg)
    assert Membership.objects.get(user=existing, program=program).role == "participant"
    assert not Invitation.objects.exists()
    assert "/accounts/login/" in mailoutbox[0].body


def test_a_decided_registration_cannot_be_decided_again(program):
    reg = RegistrationFactory(program=program)
    services.decline_registration(actor=None, registration=reg, note="Outside our region")
    with pytest.raises(DomainError) as err:
        services.approve_registration(actor=None, registration=reg)
    assert err.value.code == "registration_decided"
    assert not Membership.objects.exists()


def test_declined_person_may_apply_again(program):
    reg = submit(program)
    services.decline_registration(actor=None, registration=reg)
    assert submit(program).status == "pending"


def test_invitation_accept_creates_account_with_password_and_role(program):
    inv = services.invite_person(
        actor=None, program=program, email="Expert@Example.test", role=Role.EXPERT
    )
    user = services.accept_invitation(
        invitation=inv, first_name="Dana", last_name="Moreau", password="s3cure-pass-phrase"
    )
    assert user.check_password("s3cure-pass-phrase") and user.email == "expert@example.test"
    assert Membership.objects.get(user=user, program=program).role == Role.EXPERT
    with pytest.raises(DomainError) as err:
        services.accept_invitation(invitation=inv, password="another-pass-phrase")
    assert err.value.code == "invitation_invalid"


def test_set_roles_keeps_history_protects_last_admin_and_admin_grants(program, make_member):
    admin = make_member(program, Role.PROGRAM_ADMIN)
    coordinator = make_member(program, Role.COORDINATOR)
    person = make_member(program, Role.PARTICIPANT)
    services.set_roles(actor=coordinator, program=program, user=person, roles={Role.EXPERT})
    rows = dict(Membership.objects.filter(user=person).values_list("role", "is_active"))
    assert rows == {"participant": False, "expert": True}  # deactivated, not deleted
    with pytest.raises(DomainError) as err:
        services.set_roles(
            actor=coordinator, program=program, user=person, roles={Role.PROGRAM_ADMIN}
        )
    assert err.value.code == "permission_denied"
    with pytest.raises(DomainError) as err:
        services.set_roles(actor=admin, program=program, user=admin, roles={Role.PARTICIPANT})
    assert err.value.code == "last_admin"
    entry = AuditEntry.objects.filter(action="roles.changed").first()
    assert entry.changes == {"roles": [["participant"], ["expert"]]}


def test_save_site_refuses_duplicate_names_and_logs_changes(program):
    site = services.save_site(
        actor=None,
        program=program,
        name="Riverside CHC",
        region="East",
        kind="chc",
        rurality="urban",
    )
    with pytest.raises(DomainError) as err:
        services.save_site(actor=None, program=program, name="riverside chc", region="East")
    assert err.value.code == "duplicate_site"
    services.save_site(
        actor=None, program=program, site=site, name="Riverside CHC", region="Central"
    )
    entry = AuditEntry.objects.get(action="site.updated")
    assert entry.changes == {"region": ["East", "Central"]}


def test_coordinator_cannot_invite_a_program_admin(program, make_member):
    coordinator = make_member(program, Role.COORDINATOR)
    with pytest.raises(DomainError) as err:
        services.invite_person(
            actor=coordinator, program=program, email="x@example.test", role=Role.PROGRAM_ADMIN
        )
    assert (err.value.code, err.value.status) == ("permission_denied", 403)
    assert not Invitation.objects.exists()
    admin = make_member(program, Role.PROGRAM_ADMIN)
    services.invite_person(
        actor=admin, program=program, email="x@example.test", role=Role.PROGRAM_ADMIN
    )


def test_approving_reuses_a_site_named_in_another_case(program):
    existing = SiteFactory(program=program, name="Lakeview Nursing Station")
    reg = submit(program, new_site_name="lakeview nursing station")
    membership = services.approve_registration(actor=None, registration=reg)
    assert membership.site == existing and Site.objects.filter(program=program).count() == 1


def test_private_programs_take_no_registrations(program):
    program.is_public = False
    program.save()
    with pytest.raises(DomainError) as err:
        submit(program)
    assert err.value.code == "registration_closed"
