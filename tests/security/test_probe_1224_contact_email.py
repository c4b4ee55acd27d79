"""Probe 12-24: a program's contact address whose domain only looks like another one.

Probes 12-22 and 12-23 made registrations, accounts and invitations refuse an email whose domain
passes for another one ("exаmple.test" with a Cyrillic "а", full-width letters, their Punycode).
`Program.contact_email` was left: a program admin (or a stolen admin session) could set it to a
look-alike of the hub's real address, and the public program page ("Questions: ..."), the
join-problem page, the refusal page and the registration-declined email then send everyone who
writes to the program to whoever owns the look-alike domain. Now the settings page, the service
behind it and the Django admin refuse it with the same message; a domain in one script passes.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from echohub.core.errors import DomainError
from echohub.core.limits import LOOKALIKE_EMAIL_MESSAGE
from echohub.programs import services
from echohub.programs.models import Program, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REAL = "hub-office@example.test"
LOOKALIKES = [
    "hub-office@ex\u0430mple.test",  # a Cyrillic a among Latin letters
    "hub-office@\uff45xample.test",  # a full-width e
    "hub-office@xn--exmple-4nf.test",  # the first one's Punycode
]


@pytest.fixture(autouse=True)
def _one_step(settings: Any) -> None:
    """The second sign-in step is another probe's matter."""
    settings.TWO_FACTOR_ENFORCED = False


def _form(**changes: str) -> dict[str, str]:
    data = {
        "content_languages": "en",
        "name": "Chronic Pain & Opioid Stewardship",
        "summary": "",
        "description": "",
        "audience": "",
        "how_to_join": "",
        "time_zone": "America/Toronto",
        "contact_email": REAL,
        "video_provider": "jitsi",
        "is_public": "on",
        "registration_open": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("email", LOOKALIKES)
def test_the_settings_page_refuses_a_lookalike_contact_address(as_role, program, email):
    program.contact_email = REAL
    program.save()
    client = as_role(program, Role.PROGRAM_ADMIN)
    url = reverse("programs:settings", kwargs={"slug": program.slug})
    response = client.post(url, _form(contact_email=email))
    assert response.status_code == 400
    assert str(LOOKALIKE_EMAIL_MESSAGE) in response.content.decode()
    program.refresh_from_db()
    assert program.contact_email == REAL
    public = Client().get(reverse("programs:detail", kwargs={"slug": program.slug}))
    assert email not in public.content.decode()


@pytest.mark.parametrize("email", LOOKALIKES)
def test_the_service_refuses_a_lookalike_contact_address(program, email):
    admin = UserFactory()
    with pytest.raises(DomainError) as err:
        services.save_program_settings(actor=admin, program=program, contact_email=email)
    assert err.value.field == "contact_email"
    program.refresh_from_db()
    assert program.contact_email != email


def test_a_contact_address_in_one_script_is_kept(as_role, program):
    client = as_role(program, Role.PROGRAM_ADMIN)
    url = reverse("programs:settings", kwargs={"slug": program.slug})
    for email in ("hub-office@пример.test", "hub-office@example.test"):
        response = client.post(url, _form(contact_email=email))
        assert response.status_code == 302, response.content.decode()[:2000]
        program.refresh_from_db()
        assert program.contact_email == email


@pytest.mark.parametrize("email", LOOKALIKES)
def test_the_admin_refuses_a_lookalike_contact_address(email):
    root = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    program = Program.objects.create(name="Wound Care ECHO", slug="wound-care", contact_email=REAL)
    page = client.get(f"/admin/programs/program/{program.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    data.update(
        {
            "contact_email": email,
            "hubs-TOTAL_FORMS": "0",
            "hubs-INITIAL_FORMS": "0",
            "hubs-MIN_NUM_FORMS": "0",
            "hubs-MAX_NUM_FORMS": "1000",
        }
    )
    response = client.post(f"/admin/programs/program/{program.pk}/change/", data)
    assert str(LOOKALIKE_EMAIL_MESSAGE) in response.content.decode()
    program.refresh_from_db()
    assert program.contact_email == REAL


def _admin_change(client: Client, url: str, **changes: Any) -> Any:
    """POST the admin's change form as it stands, with `changes`."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        data[name] = "on" if value is True else value
    for name in ("created_at", "decided_at"):  # split date/time widgets, when shown
        data.pop(name, None)
    data.update(changes)
    return client.post(url, data)


@pytest.mark.parametrize("email", LOOKALIKES)
def test_the_admin_does_not_change_a_registration_to_a_lookalike_address(email):
    """A registration approved from the admin becomes an account under its email: the admin's
    registration form refuses a look-alike as the public form does (probe 12-22)."""
    from echohub.programs.models import Registration
    from tests.factories import RegistrationFactory

    root = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    registration: Registration = RegistrationFactory(email="applicant@example.test")
    url = f"/admin/programs/registration/{registration.pk}/change/"
    response = _admin_change(client, url, email=email)
    assert str(LOOKALIKE_EMAIL_MESSAGE) in response.content.decode()
    registration.refresh_from_db()
    assert registration.email == "applicant@example.test"
