"""Registrations: public submission, review, approval and decline."""

from __future__ import annotations

from typing import Any

import pytest

from echohub.accounts.models import User
from echohub.core.models import AuditEntry
from echohub.programs.models import Membership, Program, Registration, Role, Site
from tests.factories import MembershipFactory, ProgramFactory, RegistrationFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pain() -> Program:
    return ProgramFactory(slug="pain", name="Chronic Pain ECHO")


def registration_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "email": "Ana.Lopes@Example.test",
        "first_name": "Ana",
        "last_name": "Lopes",
        "profession": "registered_nurse",
        "licence_number": "RN-1",
        "new_site_name": "Lakeview Station",
        "region": "North West",
        "consent_research": True,
    }
    body.update(overrides)
    return body


def test_anyone_may_register_without_a_token(
    pain: Program,
    api_as: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(None).post("/programs/pain/registrations", registration_body())
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending" and response.json()["program"] == "pain"
    registration = Registration.objects.get()
    assert registration.email == "ana.lopes@example.test"
    assert registration.new_site_name == "Lakeview Station" and registration.consent_research
    entry = AuditEntry.objects.get(action="registration.submitted")
    assert entry.actor is None and entry.program == pain
    assert [m.to for m in mailoutbox] == [["ana.lopes@example.test"]]


def test_register_at_a_listed_site(pain: Program, api_as: Any) -> None:
    site = SiteFactory(program=pain, region="North East")
    response = api_as(None).post(
        "/programs/pain/registrations", registration_body(site_id=site.pk, new_site_name="")
    )
    assert response.status_code == 201
    registration = Registration.objects.get()
    assert registration.site == site and registration.region == "North East"


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"new_site_name": ""}, 400, "site_required"),
        ({"region": ""}, 400, "region_required"),
        ({"site_id": "foreign"}, 400, "invalid_site"),
        ({"site_id": "inactive"}, 400, "invalid_site"),
        ({"email": "ana@"}, 422, "invalid"),
        ({"profession": "wizard"}, 422, "invalid"),
        ({"licence_number": ""}, 422, "invalid"),
        ({"first_name": "x" * 101}, 422, "invalid"),
    ],
)
def test_bad_registrations_are_refused(
    pain: Program, api_as: Any, overrides: dict[str, Any], status: int, code: str
) -> None:
    if overrides.get("site_id") == "foreign":
        overrides = {"site_id": SiteFactory().pk, "new_site_name": ""}
    elif overrides.get("site_id") == "inactive":
        overrides = {"site_id": SiteFactory(program=pain, is_active=False).pk, "new_site_name": ""}
    response = api_as(None).post("/programs/pain/registrations", registration_body(**overrides))
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert not Registration.objects.exists()


def test_closed_private_and_duplicate_registrations(pain: Program, api_as: Any) -> None:
    anon = api_as(None)
    ProgramFactory(slug="closed", registration_open=False)
    closed = anon.post("/programs/closed/registrations", registration_body())
    assert closed.status_code == 400 and closed.json()["code"] == "registration_closed"
    ProgramFactory(slug="pilot", is_public=False)
    assert anon.post("/programs/pilot/registrations", registration_body()).status_code == 404
    first = anon.post("/programs/pain/registrations", registration_body())
    assert first.status_code == 201
    # Probe 1219: a duplicate and a participant's address used to get 409 `duplicate_registration`
    # / `already_member`, which told anyone the address was known. Now they get the new
    # registration's answer (the holder is emailed; test_registration_enumeration_1219.py).
    again = anon.post(
        "/programs/pain/registrations", registration_body(email="ANA.LOPES@example.test")
    )
    assert (again.status_code, again.json()) == (201, first.json())
    member = MembershipFactory(program=pain, role=Role.PARTICIPANT).user
    known = anon.post("/programs/pain/registrations", registration_body(email=member.email))
    assert (known.status_code, known.json()) == (201, first.json())
    assert Registration.objects.count() == 1


def test_registration_options_are_public(pain: Program, api_as: Any) -> None:
    site = SiteFactory(program=pain, name="Lakeview FHT")
    SiteFactory(program=pain, name="Closed", is_active=False)
    body = api_as(None).get("/programs/pain/registration-options").json()
    assert body["registration_open"] is True
    assert body["sites"] == [{"id": site.pk, "name": "Lakeview FHT", "region": site.region}]
    assert {"value": "pharmacist", "label": "Pharmacist"} in body["professions"]
    ProgramFactory(slug="pilot", is_public=False)
    assert api_as(None).get("/programs/pilot/registration-options").status_code == 404


def test_review_list_filters_and_query_count(
    pain: Program, member_api: Any, count_queries: Any
) -> None:
    api = member_api(pain, Role.COORDINATOR)
    RegistrationFactory(program=pain, last_name="Pending", site=SiteFactory(program=pain))
    RegistrationFactory(program=pain, last_name="Declined", status="declined")
    RegistrationFactory(last_name="Elsewhere")
    body = api.get("/programs/pain/registrations").json()
    assert sorted(r["last_name"] for r in body["items"]) == ["Declined", "Pending"]
    pending = api.get("/programs/pain/registrations", status="pending").json()["items"]
    assert [r["last_name"] for r in pending] == ["Pending"]
    assert pending[0]["site"]["name"].startswith("Site") and pending[0]["created_at"].endswith(
        "+00:00"
    )
    assert api.get("/programs/pain/registrations", q="declin").json()["count"] == 1
    assert api.get("/programs/pain/registrations", status="maybe").status_code == 422
    one = count_queries(lambda: api.get("/programs/pain/registrations"))
    for _ in range(15):
        RegistrationFactory(program=pain, site=SiteFactory(program=pain))
    assert count_queries(lambda: api.get("/programs/pain/registrations")) == one


def test_approve_creates_the_participant_and_emails_them(
    pain: Program,
    member_api: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    registration = RegistrationFactory(
        program=pain, email="ana@example.test", new_site_name="Lakeview Station"
    )
    api = member_api(pain, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/programs/pain/registrations/{registration.pk}/approve", {"note": "Welcome!"}
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "approved" and body["decided_by_id"] == api.user.pk
    assert body["decided_at"].endswith("+00:00") and body["decision_note"] == "Welcome!"
    user = User.objects.get(email="ana@example.test")
    assert body["user_id"] == user.pk
    membership = Membership.objects.get(program=pain, user=user)
    assert membership.role == "participant" and membership.is_active
    assert membership.site == Site.objects.get(program=pain, name="Lakeview Station")
    entry = AuditEntry.objects.get(action="registration.approved")
    assert entry.actor == api.user and entry.changes["status"] == ["pending", "approved"]
    assert [m.to for m in mailoutbox] == [["ana@example.test"]]
    assert "Chronic Pain ECHO" in mailoutbox[0].subject
    again = api.post(f"/programs/pain/registrations/{registration.pk}/approve", {})
    assert again.status_code == 409 and again.json()["code"] == "registration_decided"


def test_decline_records_the_decision_and_emails(
    pain: Program,
    member_api: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    registration = RegistrationFactory(program=pain, email="bo@example.test")
    api = member_api(pain, Role.PROGRAM_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/programs/pain/registrations/{registration.pk}/decline", {"note": "Not in Ontario"}
        )
    assert response.status_code == 200 and response.json()["status"] == "declined"
    registration.refresh_from_db()
    assert registration.status == "declined" and registration.decided_by == api.user
    assert not User.objects.filter(email="bo@example.test").exists()
    assert AuditEntry.objects.filter(action="registration.declined").exists()
    assert [m.to for m in mailoutbox] == [["bo@example.test"]]
    approve = api.post(f"/programs/pain/registrations/{registration.pk}/approve", {})
    assert approve.status_code == 409


def test_another_programs_registration_is_404(pain: Program, member_api: Any) -> None:
    foreign = RegistrationFactory()
    api = member_api(pain, Role.COORDINATOR)
    assert api.get(f"/programs/pain/registrations/{foreign.pk}").status_code == 404
    assert api.post(f"/programs/pain/registrations/{foreign.pk}/approve", {}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "pending"


def test_public_registration_is_rate_limited_per_address(pain: Program, api_as: Any) -> None:
    from echohub.api.throttles import REGISTRATION_RATE

    limit = int(REGISTRATION_RATE.split("/")[0])
    anon = api_as(None)
    for i in range(limit):
        response = anon.post(
            "/programs/pain/registrations", registration_body(email=f"p{i}@x.test")
        )
        assert response.status_code == 201
    refused = anon.post("/programs/pain/registrations", registration_body(email="late@x.test"))
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert Registration.objects.count() == limit
    # A made-up X-Forwarded-For header does not open a new allowance.
    spoofed = anon.client.post(
        "/api/v1/programs/pain/registrations",
        registration_body(email="spoof@x.test"),
        content_type="application/json",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert spoofed.status_code == 429
