"""Probe 12-24 (emails): invitations had no limit.

Every other way a signed-in person makes echohub send email to many people or to one person
again and again has a cap (community posts, case drafts) or a confirmation with a count
(announcements, survey sends), and the public forms that email an address are rate-limited. An
invitation is an email to any address typed, from the deployment's own domain, with the
program's name: a coordinator's stolen API token (or session) sent one per call, without end,
to strangers (spam from a trusted domain) or to the same person (an inbox flooded with
"You are invited to ..."), each also a usable invitation row. Now one person sends at most
`INVITATIONS_PER_DAY` invitations in 24 hours, and one address is invited to a program at most
`INVITATIONS_PER_ADDRESS_PER_DAY` times in 24 hours; past either, the web form says so and the
API answers 429 `too_many`, and no email is queued.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from echohub.accounts.models import ApiToken, Invitation
from echohub.programs import services
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_step(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False


def _api(program: Any, make_member: Any) -> tuple[Client, dict[str, str]]:
    coordinator = make_member(program, Role.COORDINATOR)
    _token, raw = ApiToken.issue(user=coordinator, name="probe-1224")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _invite(client: Client, headers: dict[str, str], program: Any, email: str) -> Any:
    return client.post(
        f"/api/v1/programs/{program.slug}/invitations",
        json.dumps({"email": email, "role": "participant"}),
        content_type="application/json",
        **headers,
    )


def test_one_person_sends_at_most_the_daily_number_of_invitations(
    program: Any, make_member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "INVITATIONS_PER_DAY", 5, raising=False)
    client, headers = _api(program, make_member)
    answers = [
        _invite(client, headers, program, f"stranger{i}@example.test").status_code for i in range(7)
    ]
    assert answers == [201] * 5 + [429, 429], answers
    assert Invitation.objects.filter(program=program).count() == 5


def test_one_address_is_not_invited_again_and_again(program: Any, make_member: Any) -> None:
    client, headers = _api(program, make_member)
    cap = getattr(services, "INVITATIONS_PER_ADDRESS_PER_DAY", 3)
    answers = [
        _invite(client, headers, program, "same.person@example.test").status_code
        for _ in range(cap + 2)
    ]
    assert answers == [201] * cap + [429, 429], answers
    refused = _invite(client, headers, program, "Same.Person@example.test")
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many"
    assert Invitation.objects.filter(email="same.person@example.test").count() == cap
    # A second coordinator does not start the address's count again.
    other, other_headers = _api(program, make_member)
    assert _invite(other, other_headers, program, "same.person@example.test").status_code == 429


def test_the_web_form_says_so_and_queues_no_email(
    program: Any, make_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = make_member(program, Role.COORDINATOR)
    client = Client()
    client.force_login(coordinator)
    url = reverse("programs:invite", kwargs={"slug": program.slug})
    cap = getattr(services, "INVITATIONS_PER_ADDRESS_PER_DAY", 3)
    for _ in range(cap):
        sent = client.post(url, {"email": "again@example.test", "role": "participant"})
        assert sent.status_code == 302
    with django_capture_on_commit_callbacks() as queued:
        refused = client.post(url, {"email": "again@example.test", "role": "participant"})
    assert refused.status_code in (400, 429)
    assert "24 hours" in refused.content.decode()
    assert queued == []  # no email
    assert Invitation.objects.filter(email="again@example.test").count() == cap
