"""Probe 12-22: an erasure removes the person's passkeys too, not only their authenticator app.

Found: a person who registered a security key named after themselves ("Zephyrine's YubiKey")
and was then erased kept the key's row: its name (typed by them, so personal data), its
credential id and public key stayed in the database under the anonymised account, while the
TOTP device and recovery codes beside it were deleted.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from echohub.programs.models import Program, Role
from echohub.security.models import RecoveryCode, TotpDevice, WebAuthnCredential
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SURNAME = "Zephyrquist"


@pytest.fixture(autouse=True)
def _one_step(_protections_on: None, settings: Any) -> None:
    """The second step is another probe's matter: here the admin signs in with one."""
    settings.TWO_FACTOR_ENFORCED = False


@pytest.fixture
def admin(program: Program) -> Any:
    user = UserFactory()
    MembershipFactory(program=program, user=user, role=Role.PROGRAM_ADMIN)
    return user


@pytest.fixture
def person(program: Program) -> Any:
    user = UserFactory(first_name="Quill", last_name=SURNAME)
    MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    TotpDevice.objects.create(user=user, secret="JBSWY3DPEHPK3PXP", confirmed_at=timezone.now())
    RecoveryCode.objects.create(user=user, code_hash="b" * 64)
    WebAuthnCredential.objects.create(
        user=user, name=f"{SURNAME}'s YubiKey", credential_id="cred-1222", public_key=b"cose"
    )
    WebAuthnCredential.objects.create(
        user=user, name="Phone", credential_id="cred-1222-b", public_key=b"cose"
    )
    return user


def _page(program: Program, person: Any) -> str:
    return reverse("privacy:person", kwargs={"slug": program.slug, "pk": person.pk})


def test_the_preview_counts_the_passkeys_among_the_second_steps(
    client: Client, program: Program, admin: Any, person: Any
) -> None:
    client.force_login(admin)
    html = client.get(_page(program, person)).content.decode()
    # One authenticator app, one recovery code and two passkeys.
    assert "<td>Authenticator and recovery codes</td><td>4</td>" in html


def test_an_erased_person_keeps_no_passkey(
    client: Client, program: Program, admin: Any, person: Any
) -> None:
    client.force_login(admin)
    response = client.post(_page(program, person), {"confirmation": f"ERASE {person.pk}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:overview", kwargs={"slug": program.slug})
    assert not WebAuthnCredential.objects.filter(user=person).exists()
    assert not WebAuthnCredential.objects.filter(name__icontains=SURNAME).exists()
    assert not TotpDevice.objects.filter(user=person).exists()
    assert not RecoveryCode.objects.filter(user=person).exists()
