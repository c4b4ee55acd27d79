"""A person's erasure: a preview, a typed confirmation, personal data gone everywhere, the
records accreditors need and the aggregates kept. And deactivation, which removes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from echohub.accounts.models import ApiToken, Invitation, User
from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch
from echohub.cases.models import Case
from echohub.core.audit import record
from echohub.core.models import AuditEntry
from echohub.credits import services as credits
from echohub.credits.models import Certificate
from echohub.joining.models import CalendarFeed, JoinToken
from echohub.privacy.models import ErasedPerson, ErasureRequest
from echohub.programs.models import Membership, Role
from echohub.security.models import RecoveryCode, SignInEvent, TotpDevice
from tests.conftest import PASSWORD
from tests.credits.conftest import rule_data
from tests.factories import (
    HubFactory,
    HubMemberFactory,
    MembershipFactory,
    ProgramFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)
from tests.privacy.conftest import TEXT, make_case

pytestmark = pytest.mark.django_db

EMAIL = "quillon.zephyrine@example.test"
FIRST, LAST = "Quillonbury", "Zephyrine"
LICENCE = "CPSO 998877"
BIO = "Rural family physician in Quillonbury Falls"
SECRETS = [EMAIL, FIRST, LAST, LICENCE, "998877", BIO]


@pytest.fixture
def admin(program) -> Any:
    user = UserFactory(first_name="Ada", last_name="Admin")
    MembershipFactory(program=program, user=user, role=Role.PROGRAM_ADMIN)
    return user


@pytest.fixture
def person(program, expert, admin) -> Any:
    """A participant with personal data in every place the system keeps some."""
    user = UserFactory(
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
        licence_number=LICENCE,
        credentials="MD CCFP",
    )
    MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    RegistrationFactory(
        program=program,
        user=user,
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
        licence_number=LICENCE,
        new_site_name="Zephyrine Family Clinic",
        status="approved",
    )
    Invitation.make(email=EMAIL, program=program, role=Role.PARTICIPANT, invited_by=admin)
    SignInEvent.objects.create(user=user, outcome="success", address="192.0.2.0/24")
    ApiToken.issue(user=user, name="laptop")
    TotpDevice.objects.create(user=user, secret="JBSWY3DPEHPK3PXP", confirmed_at=timezone.now())
    RecoveryCode.objects.create(user=user, code_hash="a" * 64)
    CalendarFeed.objects.create(user=user)
    HubMemberFactory(hub=HubFactory(program=program), user=user, bio=BIO)
    # Attendance: a report row naming them, their minutes, a certificate 7 years ago and one now.
    rule = credits.create_rule(actor=admin, program=program, data=rule_data())
    for when in (timezone.now() - dt.timedelta(days=7 * 365 + 2), timezone.now()):
        with time_machine.travel(when, tick=False):
            session = SessionFactory(
                program=program,
                starts_at=when - dt.timedelta(hours=2),
                ends_at=when - dt.timedelta(minutes=30),
            )
            JoinToken.objects.create(session=session, user=user)
            batch = ImportBatch.objects.create(session=session, source="manual", uploaded_by=admin)
            AttendanceRow.objects.create(
                session=session,
                batch=batch,
                row_number=1,
                fingerprint=f"fp{session.pk}",
                source="manual",
                name=f"{FIRST} {LAST}",
                email=EMAIL,
                duration_minutes=90,
                user=user,
                status="matched",
            )
            Attendance.objects.create(session=session, user=user, computed_minutes=90, minutes=90)
            credits.issue_certificate(actor=admin, rule=rule, user=user, session=session)
    make_case(program, user, expert, closed=timezone.now() - dt.timedelta(days=40))
    # Email jobs carry the address: one sent, one waiting.
    for status in ("SUCCESSFUL", "READY"):
        DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [[EMAIL], "Subject", "t.txt", {}, "en"], "kwargs": {}},
            task_path="echohub.core.mail.send_templated_email_task",
            backend_name="default",
            run_after=timezone.now(),
        )
    # The audit log and the admin's history name them.
    record(actor=admin, action="person.roles_changed", obj=user, program=program)
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        change_message=f"Changed email to {EMAIL}",
    )
    return user


def url(program, person, name="privacy:person") -> str:
    return reverse(name, kwargs={"slug": program.slug, "pk": person.pk})


def signed_in(client, user) -> Any:
    client.force_login(user)
    return client


def dump_holding(secret: str) -> set[str]:
    """The models of every row of the whole database whose data contains `secret`."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    found = set()
    for row in json.loads(out.getvalue()):
        if secret.lower() in json.dumps(row, ensure_ascii=False).lower():
            found.add(row["model"])
    return found


def test_the_fixture_puts_the_personal_data_in_many_places(person):
    assert len(dump_holding(EMAIL)) >= 5
    assert {"accounts.user", "programs.registration", "attendance.attendancerow"} <= dump_holding(
        LAST
    )


def test_preview_lists_counts_and_changes_nothing(client, program, admin, person):
    page = signed_in(client, admin).get(url(program, person))
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview.removed["registrations"] == 1
    assert preview.removed["sign_in_records"] == 1
    assert preview.removed["api_tokens"] == 1
    assert preview.removed["attendance_report_rows"] == 2
    assert preview.removed["old_certificate_names"] == 1
    assert preview.removed["email_jobs"] == 2
    assert preview.kept == {
        "attendance": 2,
        "certificates": 1,
        "cases_presented": 1,
        "memberships": 1,
        "community_posts": 0,
        "mentoring_questions": 0,
        "mentoring_time": 0,
    }
    html = page.content.decode()
    assert f"ERASE {person.pk}" in html and "cannot be undone" in html
    person.refresh_from_db()
    assert person.email == EMAIL and person.is_active
    assert not ErasedPerson.objects.exists()


def test_erasure_removes_every_personal_field_and_keeps_accreditors_records(
    client, program, admin, person
):
    case = Case.objects.get(presenter=person)
    recent_cert = Certificate.objects.filter(user=person).order_by("-issued_at").first()
    response = signed_in(client, admin).post(
        url(program, person), {"confirmation": f"ERASE {person.pk}"}
    )
    assert response.status_code == 302

    person.refresh_from_db()
    assert person.full_name == f"Former participant #{person.pk}"
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert person.licence_number == person.credentials == ""
    assert not person.is_active and not person.has_usable_password()
    assert person.profession == "family_physician"  # dashboards count by profession
    # Nowhere in the database any more, but on the certificate accreditors may still check.
    assert dump_holding(EMAIL) == set()
    for secret in (FIRST, LAST, LICENCE):
        assert dump_holding(secret) == {"credits.certificate"}, secret
    assert dump_holding(BIO) == set() and dump_holding("Zephyrine Family Clinic") == set()
    holding = [c for c in Certificate.objects.filter(user=person) if LAST in json.dumps(c.facts)]
    assert holding == [recent_cert]
    # Gone: sign-in records, tokens, second factor, links.
    for model in (SignInEvent, ApiToken, TotpDevice, RecoveryCode, CalendarFeed, JoinToken):
        assert not model.objects.filter(user=person).exists(), model
    assert not Invitation.objects.filter(email__iexact=EMAIL).exists()
    # Kept: attendance, both certificates, the case with its de-identified content.
    assert Attendance.objects.filter(user=person).count() == 2
    assert Certificate.objects.filter(user=person).count() == 2
    case.refresh_from_db()
    assert case.questions == TEXT and case.presenter == person
    assert not Membership.objects.filter(user=person, is_active=True).exists()
    # Audited with counts only; the person can no longer sign in.
    entry = AuditEntry.objects.get(action="person.erased")
    assert entry.actor == admin and entry.changes["sign_in_records"] == 1
    assert entry.object_repr == f"Former participant #{person.pk}"
    assert not client.login(email=EMAIL, password=PASSWORD)


@pytest.mark.parametrize("typed", ["", "erase", "ERASE 0", "yes"])
def test_erasure_needs_the_typed_confirmation(client, program, admin, person, typed):
    response = signed_in(client, admin).post(url(program, person), {"confirmation": typed})
    assert response.status_code == 400
    assert "confirmation" in response.context["form"].errors
    person.refresh_from_db()
    assert person.email == EMAIL and not ErasedPerson.objects.exists()


def test_a_second_erasure_is_refused(client, program, admin, person):
    c = signed_in(client, admin)
    c.post(url(program, person), {"confirmation": f"ERASE {person.pk}"})
    page = c.get(url(program, person))
    assert "already been erased" in page.content.decode()
    assert AuditEntry.objects.filter(action="person.erased").count() == 1


@pytest.mark.parametrize(("role", "status"), [(Role.COORDINATOR, 403), (Role.PARTICIPANT, 403)])
def test_members_who_are_not_admins_are_refused(client, program, person, make_member, role, status):
    c = signed_in(client, make_member(program, role))
    assert c.get(url(program, person)).status_code == status
    assert c.post(url(program, person), {"confirmation": f"ERASE {person.pk}"}).status_code == 403
    person.refresh_from_db()
    assert person.email == EMAIL


def test_a_coordinator_of_another_program_gets_404(client, person, make_member, program):
    other = ProgramFactory()
    c = signed_in(client, make_member(other, Role.PROGRAM_ADMIN))
    assert c.get(url(program, person)).status_code == 404
    # Nor through their own program's address, since the person is not a member of it.
    assert c.post(url(other, person), {"confirmation": f"ERASE {person.pk}"}).status_code == 404
    person.refresh_from_db()
    assert person.email == EMAIL


def test_anonymous_is_sent_to_sign_in(client, program, person):
    response = client.post(url(program, person), {"confirmation": f"ERASE {person.pk}"})
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    person.refresh_from_db()
    assert person.email == EMAIL


def test_a_person_in_a_program_the_admin_does_not_run_needs_a_deployment_admin(
    client, program, admin, person
):
    MembershipFactory(program=ProgramFactory(), user=person, role=Role.PARTICIPANT)
    c = signed_in(client, admin)
    page = c.get(url(program, person))
    assert page.status_code == 403
    assert "programs you do not administer" in page.content.decode()
    c.post(url(program, person), {"confirmation": f"ERASE {person.pk}"})
    person.refresh_from_db()
    assert person.email == EMAIL
    superuser = UserFactory(is_superuser=True, is_staff=True)
    response = signed_in(client, superuser).post(
        url(program, person), {"confirmation": f"ERASE {person.pk}"}
    )
    assert response.status_code == 302
    assert ErasedPerson.objects.filter(user=person, erased_by=superuser).exists()


def test_an_admin_cannot_erase_themselves(client, program, admin):
    page = signed_in(client, admin).post(url(program, admin), {"confirmation": f"ERASE {admin.pk}"})
    assert page.status_code == 403
    admin.refresh_from_db()
    assert admin.is_active


# --- deactivation ------------------------------------------------------------------------------


def test_deactivation_closes_the_account_and_keeps_every_record(client, program, admin, person):
    token = ApiToken.objects.get(user=person)
    response = signed_in(client, admin).post(url(program, person, "privacy:deactivate"))
    assert response.status_code == 302
    person.refresh_from_db()
    token.refresh_from_db()
    assert not person.is_active and token.revoked_at is not None
    assert person.email == EMAIL  # nothing removed
    assert Attendance.objects.filter(user=person).count() == 2
    assert Certificate.objects.filter(user=person).count() == 2
    entry = AuditEntry.objects.get(action="person.deactivated")
    assert entry.changes == {"is_active": [True, False], "tokens_revoked": 1}
    assert not client.login(email=EMAIL, password=PASSWORD)
    # Reopened by an admin.
    signed_in(client, admin).post(url(program, person, "privacy:reactivate"))
    person.refresh_from_db()
    assert person.is_active
    assert AuditEntry.objects.filter(action="person.reactivated").exists()


def test_deactivating_twice_says_so(client, program, admin, person):
    c = signed_in(client, admin)
    c.post(url(program, person, "privacy:deactivate"))
    response = c.post(url(program, person, "privacy:deactivate"), follow=True)
    assert "already deactivated" in response.content.decode()
    assert AuditEntry.objects.filter(action="person.deactivated").count() == 1


def test_an_erased_account_cannot_be_reopened(client, program, admin, person):
    c = signed_in(client, admin)
    c.post(url(program, person), {"confirmation": f"ERASE {person.pk}"})
    c.post(url(program, person, "privacy:reactivate"))
    person.refresh_from_db()
    assert not person.is_active


@pytest.mark.parametrize(("role", "status"), [(Role.COORDINATOR, 403), (None, 404)])
def test_others_cannot_deactivate(client, program, person, as_role, role, status):
    c = as_role(program, role)
    assert c.post(url(program, person, "privacy:deactivate")).status_code == status
    person.refresh_from_db()
    assert person.is_active


def test_deactivate_is_post_only(client, program, admin, person):
    assert (
        signed_in(client, admin).get(url(program, person, "privacy:deactivate")).status_code == 405
    )


# --- a person's own request, confirmed by an admin ---------------------------------------------

ME = "privacy_me:request"


def test_a_person_asks_and_an_admin_sees_the_request_and_erases(client, program, admin, person):
    c = signed_in(client, person)
    page = c.get(reverse(ME))
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    assert c.post(reverse(ME), {"action": "request"}).status_code == 302
    request = ErasureRequest.objects.get(user=person)
    assert request.status == "pending"
    assert AuditEntry.objects.filter(action="person.erasure_requested", actor=person).exists()
    # Asking again is refused with a message, not a second row.
    response = c.post(reverse(ME), {"action": "request"}, follow=True)
    assert "already asked" in response.content.decode()
    assert ErasureRequest.objects.filter(user=person).count() == 1
    # The admin sees it on the program's privacy page and on the person's erasure page.
    a = signed_in(client, admin)
    overview = a.get(reverse("privacy:overview", kwargs={"slug": program.slug}))
    assert f"{FIRST} {LAST}" in overview.content.decode()
    assert "asked for their data to be erased" in a.get(url(program, person)).content.decode()
    a.post(url(program, person), {"confirmation": f"ERASE {person.pk}"})
    request.refresh_from_db()
    assert request.status == "erased" and request.closed_at is not None
    overview = a.get(reverse("privacy:overview", kwargs={"slug": program.slug}))
    assert "Nobody is waiting for an erasure" in overview.content.decode()


def test_a_person_can_withdraw_their_request(client, person):
    c = signed_in(client, person)
    c.post(reverse(ME), {"action": "request"})
    c.post(reverse(ME), {"action": "withdraw"})
    assert ErasureRequest.objects.get(user=person).status == "withdrawn"
    response = c.post(reverse(ME), {"action": "withdraw"}, follow=True)
    assert "no erasure request waiting" in response.content.decode()
    person.refresh_from_db()
    assert person.email == EMAIL  # a request alone erases nothing


def test_an_admin_of_another_program_does_not_see_the_request(client, person, make_member):
    ErasureRequest.objects.create(user=person, requested_at=timezone.now())
    other = ProgramFactory()
    c = signed_in(client, make_member(other, Role.PROGRAM_ADMIN))
    overview = c.get(reverse("privacy:overview", kwargs={"slug": other.slug}))
    assert overview.status_code == 200 and LAST not in overview.content.decode()


def test_asking_needs_to_be_signed_in(client):
    response = client.post(reverse(ME), {"action": "request"})
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert not ErasureRequest.objects.exists()


def test_the_admin_sees_the_erasure_link_on_the_person_page(
    client, program, admin, person, make_member
):
    person_page = reverse("programs:person", kwargs={"slug": program.slug, "user_id": person.pk})
    assert url(program, person) in signed_in(client, admin).get(person_page).content.decode()
    coordinator = make_member(program, Role.COORDINATOR)
    assert (
        url(program, person) not in signed_in(client, coordinator).get(person_page).content.decode()
    )


def test_erasure_leaves_the_dashboards_figures_unchanged(program, admin, person):
    from echohub.cases.queries import case_summary
    from echohub.evaluation import dashboards
    from echohub.privacy import erasure

    def figures() -> str:
        f = dashboards.Filters()
        return json.dumps(
            [dashboards.reach(program, f), dashboards.cases(program, f), case_summary(program)],
            default=str,
            sort_keys=True,
        )

    before = figures()
    erasure.erase_person(
        actor=admin, person=person, program=program, confirmation=f"ERASE {person.pk}"
    )
    assert figures() == before


def test_an_open_session_of_the_erased_person_ends(client, program, admin, person):
    theirs = Client()
    theirs.force_login(person)
    assert theirs.get(reverse("accounts:profile")).status_code == 200
    signed_in(client, admin).post(url(program, person), {"confirmation": f"ERASE {person.pk}"})
    assert theirs.get(reverse("accounts:profile")).status_code == 302  # back to sign-in


def test_the_requests_list_has_a_fixed_number_of_queries(
    client, program, admin, django_assert_num_queries
):
    def asking(n: int) -> None:
        for _ in range(n):
            user = UserFactory()
            MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
            ErasureRequest.objects.create(user=user, requested_at=timezone.now())

    c = signed_in(client, admin)
    overview = reverse("privacy:overview", kwargs={"slug": program.slug})
    asking(1)
    c.get(overview)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one:
        assert len(c.get(overview).context["requests"]) == 1
    asking(5)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(c.get(overview).context["requests"]) == 6


def test_the_purge_removes_the_name_from_kept_certificates_once_the_years_pass(
    program, admin, person
):
    from echohub.privacy import erasure, retention

    erasure.erase_person(
        actor=admin, person=person, program=program, confirmation=f"ERASE {person.pk}"
    )
    recent = Certificate.objects.filter(user=person).order_by("-issued_at").first()
    assert recent is not None
    before_due = recent.issued_at + dt.timedelta(days=6 * 365 - 2)
    assert retention.purge_cases(now=before_due) == []
    assert dump_holding(LAST) == {"credits.certificate"}

    due = recent.issued_at + dt.timedelta(days=6 * 365 + 10)
    dry = retention.purge_cases(now=due, dry_run=True)
    assert [r.counts["certificate_names"] for r in dry] == [1]
    assert [r.counts for r in retention.purge_cases(now=due)] == [r.counts for r in dry]
    for secret in (FIRST, LAST, LICENCE):
        assert dump_holding(secret) == set(), secret
    recent.refresh_from_db()
    assert recent.facts["name"] == f"Former participant #{person.pk}"
    assert recent.facts["licence_number"] == "" and recent.number  # the record itself stays
    assert retention.purge_cases(now=due) == []
