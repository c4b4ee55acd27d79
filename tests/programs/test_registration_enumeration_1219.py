"""Probe 1219: signed out, the registration form and API told anyone whether an address was
already a participant of the program or had a registration waiting (a 400 page / a 409 with
`already_member` or `duplicate_registration`), so addresses could be tested one by one. Now the
submitter gets the same answer whatever the address (like a password reset) and the address's
holder is told by email; a signed-in person registering their own address is still told."""

from __future__ import annotations

import difflib
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import IntegrityError
from django.test import Client

from echohub.programs import services
from echohub.programs.models import Program, Registration, Role
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

NEW = "new.person@example.test"
WAITING = "waiting@example.test"
MEMBER = "member@example.test"
# Headers a submitter could tell the answers apart by (Set-Cookie by cookie name below).
HEADERS = ("Location", "Content-Type", "Cache-Control", "Retry-After", "Content-Language")


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


@pytest.fixture
def known(program: Program, make_member: Any) -> None:
    RegistrationFactory(program=program, email=WAITING, language="fr")
    make_member(program, Role.PARTICIPANT, email=MEMBER)


def form(email: str) -> dict[str, str]:
    return {
        "first_name": "Ana",
        "last_name": "Lopes",
        "email": email,
        "profession": "registered_nurse",
        "licence_number": "RN-1",
        "site": "",
        "new_site_name": "Lakeview Station",
        "region": "North West",
        "new_site_kind": "nursing_station",
        "new_site_rurality": "remote",
        "consent_research": "on",
    }


def _shape(response: Any) -> tuple[Any, ...]:
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    body = re.sub(r'"X-CSRFToken": "[^"]*"', "", body)
    body = re.sub(r'name="csrf-token" content="[^"]*"', "", body)
    return (
        response.status_code,
        tuple((name, response.headers.get(name)) for name in HEADERS),
        tuple(sorted(response.cookies)),
        body,
    )


def _same(one: Any, other: Any) -> None:
    """Assert two answers are equal, showing a page's differing lines if they are not."""
    pages = [str(x) for x in (one, other)]
    diff = "\n".join(difflib.unified_diff(*(p.split("\\n") for p in pages), lineterm="", n=0))
    assert one == other, diff


def _web(program: Program, email: str) -> tuple[Any, ...]:
    client = Client()  # a fresh visitor each time
    client.get(f"/p/{program.slug}/register/")
    posted = client.post(f"/p/{program.slug}/register/", form(email))
    landed = client.get(posted["Location"]) if posted.status_code == 302 else posted
    return _shape(posted), _shape(landed)


def _api(program: Program, email: str) -> tuple[Any, ...]:
    body = {**form(email), "consent_research": True}
    response = Client().post(
        f"/api/v1/programs/{program.slug}/registrations", body, content_type="application/json"
    )
    return _shape(response), response.json()


@pytest.mark.parametrize("via", [_web, _api], ids=["web", "api"])
def test_signed_out_the_answer_is_the_same_whatever_the_address(
    program: Program, known: None, via: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        new = via(program, NEW)
        waiting = via(program, WAITING)
        member = via(program, MEMBER)
    _same(waiting, new)
    _same(member, new)
    # Only the new address made a registration; the others were not touched.
    assert sorted(Registration.objects.values_list("email", flat=True)) == sorted([NEW, WAITING])


def test_the_api_receipt_has_the_same_keys_and_no_id(
    program: Program, known: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        (status, *_), body = _api(program, MEMBER)
    assert status == 201
    assert set(body) == {"status", "program", "message"} and body["status"] == "pending"


@pytest.mark.parametrize("via", [_web, _api], ids=["web", "api"])
def test_the_holder_is_told_by_email(
    program: Program,
    known: None,
    via: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        via(program, MEMBER.upper())
    (mail,) = mailoutbox
    assert mail.to == [MEMBER]
    assert "already registered" in mail.subject and "/accounts/login/" in mail.body
    assert "Ana" not in mail.body  # nothing the submitter typed reaches the holder
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        via(program, WAITING)
    (mail,) = mailoutbox
    assert mail.to == [WAITING]
    # In the waiting registration's language (French), not the submitter's.
    assert mail.subject.startswith("Votre inscription") and "Ana" not in mail.subject
    assert "Ana" not in mail.body


def test_the_race_on_the_pending_index_ends_the_same_way(
    program: Program,
    monkeypatch: pytest.MonkeyPatch,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    def collide(**fields: Any) -> None:
        raise IntegrityError("duplicate key value violates unique constraint")

    with django_capture_on_commit_callbacks(execute=True):
        new = _web(program, NEW)
        monkeypatch.setattr(services.Registration.objects, "create", collide)
        raced = _web(program, "raced@example.test")
    _same(raced, new)
    assert [m.to for m in mailoutbox] == [[NEW], ["raced@example.test"]]


def test_the_notices_are_limited_per_email_like_registrations(
    program: Program, known: None, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_FORMS_MAX_PER_HOUR_PER_EMAIL = 2
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_web(program, MEMBER)[0][0] for _ in range(3)]
    assert answers == [302, 302, 429]


def test_a_signed_in_person_registering_themselves_is_told_directly(
    client: Client, program: Program, make_member: Any
) -> None:
    member = make_member(program, Role.PARTICIPANT, email="self@example.test")
    client.force_login(member)
    response = client.post(f"/p/{program.slug}/register/", form("someone@example.test"))
    assert response.status_code == 400
    assert "already registered in this program" in response.content.decode()
