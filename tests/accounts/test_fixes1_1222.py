"""fixes1 (1222): an approved person who never opened the approval email (an active account
with no password yet) gets a link from "Forgot your password?" that serves as a first sign-in;
inactive and erased accounts still get nothing, and the page answers the same either way."""

from __future__ import annotations

import datetime as dt
import html
import re

import pyotp
import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from echohub.accounts.models import User
from echohub.privacy.models import ErasedPerson
from echohub.programs.models import Role
from echohub.security import services as security_services
from echohub.security.models import RecoveryCode, TotpDevice
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


def _ask(client, capture, email: str) -> str:
    with capture(execute=True):
        response = client.post(RESET, {"email": email}, follow=True)
    return response.content.decode()


def test_an_active_account_without_a_password_gets_a_first_sign_in_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    # As approving a registration makes it: active, no password (create_user without one).
    person = User.objects.create_user(email="approved@example.test", first_name="Ada")
    assert person.is_active and not person.has_usable_password()

    _ask(client, django_capture_on_commit_callbacks, "Approved@Example.test")

    [mail] = mailoutbox
    assert mail.to == ["approved@example.test"]
    assert mail.subject == "Choose your echohub password"
    assert "no password yet" in mail.body and "for the first time" in mail.body
    assert "reset the password" not in mail.body
    link = re.search(r"(/accounts/password/reset/\S+/)", mail.body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "my very first phrase", "new_password2": "my very first phrase"}
    )
    person.refresh_from_db()
    assert person.check_password("my very first phrase")
    assert client.login(email="approved@example.test", password="my very first phrase")


def test_an_account_with_a_password_still_gets_the_reset_wording(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="has-one@example.test")
    _ask(client, django_capture_on_commit_callbacks, "has-one@example.test")
    [mail] = mailoutbox
    assert mail.subject == "Reset your echohub password"
    assert "choose a new password" in mail.body and "first time" not in mail.body


def test_inactive_and_erased_accounts_without_a_password_get_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.create_user(email="left@example.test", is_active=False)
    erased = User.objects.create_user(email="erased@example.test")
    ErasedPerson.objects.create(user=erased, erased_at=timezone.now())
    for email in ("left@example.test", "erased@example.test"):
        _ask(client, django_capture_on_commit_callbacks, email)
    assert mailoutbox == []


def test_the_page_answers_the_same_for_a_passwordless_account_and_an_unknown_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.create_user(email="approved@example.test")
    known = _ask(client, django_capture_on_commit_callbacks, "approved@example.test")
    unknown = _ask(client, django_capture_on_commit_callbacks, "nobody@example.test")
    strip = lambda page: re.sub(r"[A-Za-z0-9]{64}", "", page)  # noqa: E731
    assert strip(known) == strip(unknown)
    assert len(mailoutbox) == 1


def test_the_reset_page_tells_a_first_timer_the_link_works_for_them_too(client, db):
    page = client.get(RESET).content.decode()
    assert "Never chose a password" in page


# The second step's lockout: it holds for recovery codes too (another door to guess at
# otherwise), so its message no longer says "or use a recovery code"; it says how long to wait.

T0 = dt.datetime(2031, 3, 4, 15, 0, 7, tzinfo=dt.UTC)


def _coordinator_with_app_and_codes() -> tuple[User, pyotp.TOTP, list[str]]:
    program = ProgramFactory(slug="pain")
    user = UserFactory(email="coord@example.test")
    MembershipFactory(program=program, user=user, role=Role.COORDINATOR)
    secret = pyotp.random_base32()
    TotpDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    return user, pyotp.TOTP(secret), security_services.new_recovery_codes(user)


def test_a_locked_second_step_refuses_a_recovery_code_and_says_so_and_for_how_long():
    cache.clear()
    user, _totp, codes = _coordinator_with_app_and_codes()
    client = Client(REMOTE_ADDR="198.51.100.7")
    with time_machine.travel(T0, tick=False):
        client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
        for n in range(5):
            client.post("/accounts/security/verify/", {"code": f"00000{n}"})
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False):
        locked = client.post("/accounts/security/verify/", {"code": codes[0]})
    page = html.unescape(locked.content.decode())
    assert locked.status_code == 400
    assert "or use a recovery code" not in page
    assert "Wait 10 minutes and try again: until then no code is accepted, recovery codes" in page
    assert not RecoveryCode.objects.filter(user=user, used_at__isnull=False).exists()
    with time_machine.travel(T0 + dt.timedelta(minutes=14, seconds=30), tick=False):
        last = client.post("/accounts/security/verify/", {"code": codes[0]})
    assert "Wait 1 minute and try" in html.unescape(last.content.decode())
    with time_machine.travel(T0 + dt.timedelta(minutes=16), tick=False):
        ok = client.post("/accounts/security/verify/", {"code": codes[0]})
    assert ok.status_code == 302
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1


def test_the_no_password_message_points_to_the_reset_link_not_to_a_new_invitation(db):
    message = security_services.no_password_message()
    assert "if it has expired, with “Forgot your password?”" in message
    assert "send it again" not in message


# The time-zone picker: Canada first, then the other zones named by a North American family
# together, then the rest by region; no old names (backward links) listed, though still taken.


def _picker(page: str) -> list[tuple[str, list[tuple[str, str]]]]:
    select = re.search(r'<select name="time_zone".*?</select>', page, re.S).group(0)
    return [
        (html.unescape(label), re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', body))
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    ]


def test_the_picker_lists_no_old_zone_names_and_keeps_named_zones_together(client):
    client.force_login(UserFactory(language="en", time_zone="America/Toronto"))
    groups = _picker(client.get("/accounts/profile/").content.decode())
    keys = [key for _label, options in groups for key, _name in options]
    for old in (
        "America/Godthab",
        "America/Argentina/ComodRivadavia",
        "US/Eastern",
        "Canada/Eastern",
    ):
        assert old not in keys
    assert "America/Nuuk" in keys and len(keys) == len(set(keys))
    assert groups[0][0] == "Canada" and groups[1][0] == "Other North American time zones"
    assert ("America/New_York", "Eastern time (New York)") in groups[1][1]
    assert all(name.endswith(")") and " time (" in name for _k, name in groups[1][1])
    for _label, options in groups[2:]:  # by region: places, no family among them
        assert not [name for _k, name in options if " time (" in name]
    americas = dict(groups[2][1])
    assert americas["America/Araguaina"] == "Araguaina"


def test_an_old_zone_name_is_still_accepted_and_stays_selected(client):
    user = UserFactory(language="fr", time_zone="America/Toronto")
    client.force_login(user)
    data = {"first_name": "Ana", "last_name": "Roy", "language": "fr"}
    saved = client.post("/accounts/profile/", {**data, "time_zone": "America/Godthab"})
    assert saved.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "America/Godthab"
    page = client.get("/accounts/profile/").content.decode()
    assert re.search(r'<option value="America/Godthab" selected>', page)
