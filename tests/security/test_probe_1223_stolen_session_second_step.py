"""Probe 12-23: what a session cookie alone (a computer left signed in, a cookie stolen) does
to the second sign-in step. Removing a passkey asks for the password again, turning the app off
asks for a code, and a confirmed app is never replaced (security.services says why: "a stolen
session cannot silently move the second factor to another phone"). Three doors stay open:

- new recovery codes are made with the session alone: whoever holds it leaves with ten codes
  that pass the second step (the owner's codes stop working: they learn it at their next
  sign-in, when theirs are refused);
- a person with no second step yet (a participant) gets one chosen by whoever holds the
  session: an authenticator app set up on their phone, or their passkey. The owner signs in
  next time with their password and is asked for a code they do not have (the recovery codes
  were shown to the other person only): locked out of their own account until an
  administrator resets it;
- a passkey is added beside the owner's app with the session alone.

Closed (probe 1223): the three ask for the password again ("Confirm your password",
`security.views.confirm`) unless it was typed in this session in the last
`middleware.RECENT_PASSWORD_SECONDS` (signing in counts); wrong passwords there count toward
the account's lockout. The tests at the end show the way through for the owner.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pyotp
import pytest
import time_machine

from echohub.programs.models import Role
from echohub.security.models import RecoveryCode, TotpDevice, WebAuthnCredential
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.security.authenticator import SoftAuthenticator
from tests.security.conftest import address_client, enrol

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2031, 3, 4, 15, 0, 7, tzinfo=dt.UTC)
LATER = T0 + dt.timedelta(hours=2)  # well after signing in; the session still alive


def member(role: str, email: str):
    program = ProgramFactory(slug="pain")
    user = UserFactory(email=email)
    MembershipFactory(program=program, user=user, role=role)
    return user


def _keep_alive(client) -> None:
    """The owner working on: the session stays in use (no idle sign-out)."""
    for hours in (0.5, 1, 1.5):
        with time_machine.travel(T0 + dt.timedelta(hours=hours), tick=False):
            assert client.get("/accounts/profile/").status_code == 200


def test_the_session_alone_makes_no_new_recovery_codes(sign_in):
    user = member(Role.COORDINATOR, "coord@example.test")
    totp = enrol(user)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "coord@example.test")
        assert client.post("/accounts/security/verify/", {"code": totp.now()}).status_code == 302
    _keep_alive(client)
    with time_machine.travel(LATER, tick=False):
        taken = client.post("/accounts/security/recovery-codes/")  # no password, no code
    codes = re.findall(r"<code>([a-z2-9-]{14})</code>", taken.content.decode())
    assert codes == []
    assert not RecoveryCode.objects.filter(user=user).exists()


def test_the_session_alone_sets_up_no_app_for_its_owner(sign_in):
    user = member(Role.PARTICIPANT, "part@example.test")
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        assert sign_in(client, "part@example.test").status_code == 302
    _keep_alive(client)
    with time_machine.travel(LATER, tick=False):
        shown = client.get("/accounts/security/setup/")
        assert shown.status_code == 302 and "/accounts/security/confirm/" in shown["Location"]
        assert client.get("/accounts/security/setup/qr.svg").status_code == 404
        device = TotpDevice.objects.filter(user=user).first()  # no secret was made or shown
        assert device is None
        client.post("/accounts/security/setup/", {"code": "123456"})
    assert not TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()
    owner = address_client("203.0.113.9")
    with time_machine.travel(LATER + dt.timedelta(days=1), tick=False):
        response = sign_in(owner, "part@example.test")
    assert not response["Location"].startswith("/accounts/security/verify/")


def test_the_session_alone_adds_no_passkey(sign_in):
    user = member(Role.PARTICIPANT, "part@example.test")
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        assert sign_in(client, "part@example.test", HTTP_HOST="testserver").status_code == 302
    _keep_alive(client)
    key = SoftAuthenticator(rp_id="testserver", origin="http://testserver")
    with time_machine.travel(LATER, tick=False):
        options = client.post("/accounts/security/passkeys/options/")
        assert options.status_code == 403 and options.json()["code"] == "password_needed"
        made = key.create({"challenge": "AAAA", "rp": {"id": "testserver"}, "user": {"id": "AA"}})
        added = client.post(
            "/accounts/security/passkeys/add/",
            {"name": "Not theirs", "credential": json.dumps(made), "from": "page"},
        )
        assert added.status_code == 302 and "/accounts/security/confirm/" in added["Location"]
    assert not WebAuthnCredential.objects.filter(user=user).exists()


def test_the_doors_already_closed_stay_closed(sign_in):
    """What the session alone could not do before this probe, and still cannot."""
    user = member(Role.PARTICIPANT, "part@example.test")
    totp = enrol(user)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "part@example.test")
        assert client.post("/accounts/security/verify/", {"code": totp.now()}).status_code == 302
    _keep_alive(client)
    with time_machine.travel(LATER, tick=False):
        old_secret = TotpDevice.objects.get(user=user).secret
        client.get("/accounts/security/setup/")  # a confirmed app is not replaced
        client.post("/accounts/security/disable/", {"code": "000000"})  # a wrong code
    device = TotpDevice.objects.get(user=user)
    assert device.secret == old_secret and device.confirmed_at is not None


def test_the_owner_confirms_the_password_and_goes_on(sign_in):
    """Two hours after signing in, the owner asks for new codes: "Confirm your password", then
    back to the security page, where the same button now gives the codes."""
    user = member(Role.COORDINATOR, "coord@example.test")
    totp = enrol(user)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "coord@example.test")
        assert client.post("/accounts/security/verify/", {"code": totp.now()}).status_code == 302
    _keep_alive(client)
    with time_machine.travel(LATER, tick=False):
        asked = client.post("/accounts/security/recovery-codes/")
        assert asked.status_code == 302
        assert asked["Location"].startswith("/accounts/security/confirm/?next=")
        page = client.get(asked["Location"])
        assert page.status_code == 200
        assert "Confirm your password" in page.content.decode()
        wrong = client.post(
            "/accounts/security/confirm/",
            {"password": "not it", "next": "/accounts/security/"},
        )
        assert wrong.status_code == 400
        assert "That is not your password" in wrong.content.decode()
        right = client.post(
            "/accounts/security/confirm/",
            {"password": PASSWORD, "next": "/accounts/security/"},
        )
        assert right.status_code == 302 and right["Location"] == "/accounts/security/"
        taken = client.post("/accounts/security/recovery-codes/")
    codes = re.findall(r"<code>([a-z2-9-]{14})</code>", taken.content.decode())
    assert len(codes) == 10
    with time_machine.travel(LATER + dt.timedelta(minutes=16), tick=False):
        again = client.post("/accounts/security/recovery-codes/")  # the minutes are over
    assert again.status_code == 302 and "/confirm/" in again["Location"]


def test_right_after_signing_in_no_password_is_asked(sign_in):
    """A participant signing in and setting up the app at once is not asked twice."""
    user = member(Role.PARTICIPANT, "part@example.test")
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        assert sign_in(client, "part@example.test").status_code == 302
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False):
        assert client.get("/accounts/security/setup/").status_code == 200
        device = TotpDevice.objects.get(user=user)
        done = client.post("/accounts/security/setup/", {"code": pyotp.TOTP(device.secret).now()})
    assert done.status_code == 200
    assert TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def test_the_confirm_page_goes_back_only_to_this_site(sign_in):
    member(Role.PARTICIPANT, "part@example.test")
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "part@example.test")
        done = client.post(
            "/accounts/security/confirm/",
            {"password": PASSWORD, "next": "https://evil.example/steal"},
        )
    assert done.status_code == 302
    assert done["Location"].startswith("/")


def test_wrong_passwords_on_the_confirm_page_lock_the_account(sign_in):
    """The confirm page is no way around the sign-in lockout (5 wrong passwords here)."""
    member(Role.PARTICIPANT, "part@example.test")
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "part@example.test")
    with time_machine.travel(LATER, tick=False):
        for _ in range(5):
            client.post("/accounts/security/confirm/", {"password": "guess", "next": "/"})
        locked = client.post("/accounts/security/confirm/", {"password": PASSWORD, "next": "/"})
    assert locked.status_code == 400
    assert "Too many wrong passwords" in locked.content.decode()


def test_the_passkey_options_send_the_browser_to_confirm(sign_in):
    member(Role.PARTICIPANT, "part@example.test")
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "part@example.test", HTTP_HOST="testserver")
    _keep_alive(client)
    with time_machine.travel(LATER, tick=False):
        answer = client.post("/accounts/security/passkeys/options/", {"from": "setup"})
    assert answer.status_code == 403
    body = answer.json()
    assert body["code"] == "password_needed"
    assert body["location"] == "/accounts/security/confirm/?next=%2Faccounts%2Fsecurity%2Fsetup%2F"
