"""fixes1 (1222): the web forms refuse an email whose domain only looks like another one (a
Cyrillic letter among Latin ones, full-width letters, the Punycode of such a domain), as the API
does: the public registration form and the coordinator's invitation form."""

from __future__ import annotations

import html

import pytest
from django.core.cache import cache

from echohub.accounts.models import Invitation
from echohub.programs.models import Registration, Role

pytestmark = pytest.mark.django_db

LOOKALIKES = [
    "member@ex\u0430mple.test",  # a Cyrillic "а" among Latin letters
    "member@\uff45xample.test",  # a full-width "ｅ"
    "member@xn--exmple-4nf.test",  # Punycode of a mixed-script label
]
REFUSED = "looks like another address"


def _registration(email: str) -> dict[str, str]:
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


@pytest.mark.parametrize("email", LOOKALIKES)
def test_the_registration_form_refuses_a_lookalike_domain_beside_the_field(client, program, email):
    cache.clear()
    response = client.post(f"/p/{program.slug}/register/", _registration(email))
    assert response.status_code == 400
    assert REFUSED in html.unescape(response.content.decode())
    assert not Registration.objects.exists()


def test_the_registration_form_still_takes_an_accented_domain(client, program):
    cache.clear()
    client.post(f"/p/{program.slug}/register/", _registration("ana@clinique-qu\u00e9bec.ca"))
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("email", LOOKALIKES)
def test_the_invitation_form_refuses_a_lookalike_domain(as_role, program, email):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        f"/p/{program.slug}/manage/people/invite/", {"email": email, "role": Role.PARTICIPANT}
    )
    assert response.status_code == 400
    assert REFUSED in html.unescape(response.content.decode())
    assert not Invitation.objects.exists()


def test_the_invitation_form_still_invites_a_plain_address(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    client.post(
        f"/p/{program.slug}/manage/people/invite/",
        {"email": "new@example.test", "role": Role.PARTICIPANT},
    )
    assert Invitation.objects.filter(email="new@example.test").count() == 1
