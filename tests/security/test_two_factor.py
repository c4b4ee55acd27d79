"""The second sign-in step: required for privileged roles, optional for others; TOTP codes and
recovery codes; the demo exception only while DEBUG is on."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
import time_machine
from django.core.cache import cache

from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.security.models import RecoveryCode, SignInEvent, TotpDevice
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.security.conftest import address_client, enrol

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2031, 3, 4, 15, 0, 7, tzinfo=dt.UTC)


def member(role: str, email: str = "coord@example.test"):
    program = ProgramFactory(slug="pain")
    user = UserFactory(email=email)
    MembershipFactory(program=program, user=user, role=role)
    return user, program


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EXPERT, Role.PROGRAM_ADMIN])
def test_a_privileged_role_must_set_up_the_app_before_anything_else(role, sign_in):
    _user, program = member(role)
    client = address_client("198.51.100.7")
    response = sign_in(client, "coord@example.test")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/security/setup/?next=")
    for path in ("/", f"/p/{program.slug}/", "/accounts/profile/", "/admin/"):
        blocked = client.get(path)
        assert blocked.status_code == 302, path
        assert blocked["Location"].startswith("/accounts/security/setup/"), path
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
    htmx = client.get("/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == "/accounts/security/setup/"
    assert client.get("/accounts/security/setup/").status_code == 200


def test_a_superuser_needs_it_too(sign_in):
    UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client = address_client("198.51.100.7")
    assert sign_in(client, "root@example.test")["Location"].startswith("/accounts/security/setup/")
    assert client.get("/admin/")["Location"].startswith("/accounts/security/setup/")


def test_a_participant_signs_in_with_a_password_alone(sign_in):
    member(Role.PARTICIPANT, "fp@example.test")
    client = address_client("198.51.100.7")
    assert sign_in(client, "fp@example.test")["Location"] == "/"
    assert client.get("/").status_code == 200


def test_setting_up_the_app_shows_a_qr_code_then_recovery_codes_once(sign_in):
    user, program = member(Role.COORDINATOR)
    client = address_client("198.51.100.7")
    sign_in(client, "coord@example.test")
    page = client.get("/accounts/security/setup/").content.decode()
    assert '<img src="/accounts/security/setup/qr.svg"' in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None  # no inline script
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    totp = pyotp.TOTP(secret.replace(" ", ""))
    qr = client.get("/accounts/security/setup/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    wrong = client.post("/accounts/security/setup/", {"code": "000000"})
    assert wrong.status_code == 400 and "did not match" in wrong.content.decode()
    done = client.post(
        "/accounts/security/setup/", {"code": totp.now(), "next": f"/p/{program.slug}/"}
    )
    codes = re.findall(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert not any(c in h for c in codes for h in stored)  # only hashes are kept
    assert client.get(f"/p/{program.slug}/").status_code == 200
    assert client.get("/accounts/security/setup/qr.svg").status_code == 404  # never again
    assert "two_factor.enrolled" in AuditEntry.objects.values_list("action", flat=True)
    security_page = client.get("/accounts/security/").content.decode()
    assert "10 recovery codes left" in security_page
    assert not any(c in security_page for c in codes)


def test_an_enrolled_person_types_a_code_after_the_password():
    user, _program = member(Role.COORDINATOR)
    totp = enrol(user)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        response = client.post(
            "/accounts/login/?next=/p/pain/",
            {"username": "coord@example.test", "password": "correct horse battery"},
        )
        assert response["Location"] == "/accounts/security/verify/?next=%2Fp%2Fpain%2F"
        assert client.get("/p/pain/")["Location"].startswith("/accounts/security/verify/")
        refused = client.post("/accounts/security/verify/", {"code": "123456"})
        assert refused.status_code == 400 and "did not match" in refused.content.decode()
        ok = client.post("/accounts/security/verify/", {"code": totp.now(), "next": "/p/pain/"})
    assert ok["Location"] == "/p/pain/"
    assert client.get("/p/pain/").status_code == 200
    outcomes = list(
        SignInEvent.objects.filter(user=user)
        .order_by("-at", "-pk")
        .values_list("outcome", flat=True)
    )
    assert outcomes == ["second_factor_ok", "second_factor_failed", "success"]


def test_a_code_is_accepted_once_only(sign_in):
    user, _program = member(Role.COORDINATOR)
    totp = enrol(user)
    code = totp.at(T0)
    first, second = address_client("198.51.100.7"), address_client("203.0.113.9")
    with time_machine.travel(T0, tick=False):
        sign_in(first, "coord@example.test")
        assert first.post("/accounts/security/verify/", {"code": code}).status_code == 302
        sign_in(second, "coord@example.test")  # someone who saw the code over a shoulder
        replay = second.post("/accounts/security/verify/", {"code": code})
    assert replay.status_code == 400
    assert second.get("/")["Location"].startswith("/accounts/security/verify/")


def test_codes_from_the_step_before_and_after_are_accepted_but_not_older(sign_in):
    user, _program = member(Role.COORDINATOR)
    totp = enrol(user)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "coord@example.test")
        stale = totp.at(T0 - dt.timedelta(seconds=65))
        assert client.post("/accounts/security/verify/", {"code": stale}).status_code == 400
        drift = totp.at(T0 - dt.timedelta(seconds=30))
        assert client.post("/accounts/security/verify/", {"code": drift}).status_code == 302


def test_wrong_codes_lock_the_second_step(sign_in):
    user, _program = member(Role.COORDINATOR)
    totp = enrol(user)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "coord@example.test")
        for n in range(5):
            client.post("/accounts/security/verify/", {"code": f"00000{n}"})
        locked = client.post("/accounts/security/verify/", {"code": totp.now()})
    assert locked.status_code == 400 and "Too many wrong codes" in locked.content.decode()
    assert client.get("/")["Location"].startswith("/accounts/security/verify/")


def test_a_recovery_code_works_once(sign_in):
    user, _program = member(Role.COORDINATOR)
    totp = enrol(user)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "coord@example.test")
        client.post("/accounts/security/verify/", {"code": totp.now()})
        page = client.post("/accounts/security/recovery-codes/")
    codes = re.findall(r"<code>([a-z2-9-]{14})</code>", page.content.decode())
    assert len(codes) == 10
    client.post("/accounts/logout/")
    again = address_client("203.0.113.9")
    sign_in(again, "coord@example.test")
    used = again.post("/accounts/security/verify/", {"code": codes[3].upper()})
    assert used.status_code == 302
    follow = again.get(used["Location"])
    assert follow.status_code == 200
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1
    third = address_client("192.0.2.1")
    sign_in(third, "coord@example.test")
    assert third.post("/accounts/security/verify/", {"code": codes[3]}).status_code == 400
    assert "two_factor.recovery_code_used" in AuditEntry.objects.values_list("action", flat=True)


def test_new_recovery_codes_retire_the_old_ones(sign_in):
    user, _program = member(Role.COORDINATOR)
    totp = enrol(user)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "coord@example.test")
        client.post("/accounts/security/verify/", {"code": totp.now()})
        old = re.findall(
            r"<code>([a-z2-9-]{14})</code>",
            client.post("/accounts/security/recovery-codes/").content.decode(),
        )
        new = re.findall(
            r"<code>([a-z2-9-]{14})</code>",
            client.post("/accounts/security/recovery-codes/").content.decode(),
        )
    assert set(old).isdisjoint(new)
    other = address_client("203.0.113.9")
    sign_in(other, "coord@example.test")
    assert other.post("/accounts/security/verify/", {"code": old[0]}).status_code == 400
    assert other.post("/accounts/security/verify/", {"code": new[0]}).status_code == 302


def test_a_participant_may_turn_it_on_and_off_a_coordinator_may_not_turn_it_off(sign_in):
    fp = UserFactory(email="fp@example.test")
    totp = enrol(fp)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        assert sign_in(client, "fp@example.test")["Location"].startswith(
            "/accounts/security/verify/"
        )
        client.post("/accounts/security/verify/", {"code": totp.now()})
    with time_machine.travel(T0 + dt.timedelta(seconds=60), tick=False):
        client.post("/accounts/security/disable/", {"code": totp.now()})
    assert not TotpDevice.objects.filter(user=fp).exists()
    cache.clear()
    coord, _program = member(Role.COORDINATOR)
    ctotp = enrol(coord)
    c = address_client("203.0.113.9")
    with time_machine.travel(T0, tick=False):
        sign_in(c, "coord@example.test")
        c.post("/accounts/security/verify/", {"code": ctotp.now()})
    with time_machine.travel(T0 + dt.timedelta(seconds=60), tick=False):
        refused = c.post("/accounts/security/disable/", {"code": ctotp.now()}, follow=True)
    assert "cannot be turned off" in refused.content.decode()
    assert TotpDevice.objects.filter(user=coord).exists()


def test_a_role_given_while_signed_in_asks_for_the_second_step_soon_after(sign_in):
    fp = UserFactory(email="fp@example.test")
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "fp@example.test")
        assert client.get("/").status_code == 200
        MembershipFactory(user=fp, role=Role.EXPERT)
    with time_machine.travel(T0 + dt.timedelta(minutes=6), tick=False):
        assert client.get("/")["Location"].startswith("/accounts/security/setup/")


# --- the demo ---------------------------------------------------------------------------------


def test_demo_accounts_skip_the_second_step_only_while_debug_is_on(sign_in, settings):
    member(Role.COORDINATOR, "coordinator@example.org")  # the demo coordinator's email
    settings.DEBUG = True
    client = address_client("198.51.100.7")
    login_page = client.get("/accounts/login/").content.decode()
    assert "the demo accounts skip the second sign-in step" in login_page
    assert sign_in(client, "coordinator@example.org")["Location"] == "/"
    assert client.get("/p/pain/").status_code == 200
    settings.DEBUG = False
    cache.clear()
    other = address_client("203.0.113.9")
    assert "demo accounts skip" not in other.get("/accounts/login/").content.decode()
    assert sign_in(other, "coordinator@example.org")["Location"].startswith(
        "/accounts/security/setup/"
    )


def test_real_accounts_get_no_demo_exception_in_debug(sign_in, settings):
    member(Role.COORDINATOR, "coord@example.test")
    settings.DEBUG = True
    client = address_client("198.51.100.7")
    assert sign_in(client, "coord@example.test")["Location"].startswith("/accounts/security/setup/")


def test_the_verify_page_needs_sign_in(client):
    for path in ("/accounts/security/verify/", "/accounts/security/setup/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_next_never_leaves_the_site(sign_in):
    user, _program = member(Role.COORDINATOR)
    totp = enrol(user)
    client = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(client, "coord@example.test")
        response = client.post(
            "/accounts/security/verify/", {"code": totp.now(), "next": "https://evil.example/"}
        )
    assert response["Location"] == "/"


def test_an_admin_resets_a_lost_second_factor_without_seeing_the_secret(sign_in):
    root = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    root_totp = enrol(root)
    user, _program = member(Role.COORDINATOR)
    enrol(user)
    device = TotpDevice.objects.get(user=user)
    admin = address_client("198.51.100.7")
    with time_machine.travel(T0, tick=False):
        sign_in(admin, "root@example.test")
        admin.post("/accounts/security/verify/", {"code": root_totp.now()})
        listing = admin.get("/admin/security/totpdevice/").content.decode()
        detail = admin.get(f"/admin/security/totpdevice/{device.pk}/change/").content.decode()
        assert str(user) in listing
        assert device.secret not in listing + detail
        admin.post(f"/admin/security/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TotpDevice.objects.filter(user=user).exists()
    person = address_client("203.0.113.9")
    assert sign_in(person, "coord@example.test")["Location"].startswith("/accounts/security/setup/")
