"""Passkeys and security keys (WebAuthn) as the second sign-in step: real attestation and
assertion answers from a software authenticator (tests/security/authenticator.py) checked by
py_webauthn; bad answers (wrong challenge, origin, site, copied key, unknown key) refused in
words; the web flow for a coordinator; removal with the password; the relying party settings."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as h_settings
from hypothesis import strategies as st
from webauthn.helpers import base64url_to_bytes

from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.security import passkeys
from echohub.security.models import (
    RecoveryCode,
    SignInEvent,
    SignInOutcome,
    TotpDevice,
    WebAuthnCredential,
)
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ProgramFactory, UserFactory
from tests.security.authenticator import SoftAuthenticator
from tests.security.conftest import address_client, enrol

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"  # the Django test client's origin; ALLOWED_HOSTS' first name


def member(role: str = Role.COORDINATOR, email: str = "coord@example.test"):
    program = ProgramFactory(slug="pain")
    user = UserFactory(email=email)
    MembershipFactory(program=program, user=user, role=role)
    return user, program


def registered(user, name: str = "Laptop") -> tuple[SoftAuthenticator, dict[str, Any]]:
    """`user` with a passkey registered through the service; (its authenticator, a session)."""
    key = SoftAuthenticator(rp_id="testserver", origin=ORIGIN)
    session: dict[str, Any] = {}
    options = passkeys.registration_options(actor=user, session=session)
    passkeys.register(
        actor=user, session=session, credential=key.create(options), name=name, origin=ORIGIN
    )
    return key, session


# --- the services ---------------------------------------------------------------------------


def test_registration_checks_the_attestation_and_keeps_the_key():
    user, _program = member()
    key = SoftAuthenticator(rp_id="testserver", origin=ORIGIN)
    session: dict[str, Any] = {}
    options = json.loads(passkeys.registration_options(actor=user, session=session))
    assert options["rp"] == {"id": "testserver", "name": "echohub"}
    assert options["user"]["name"] == user.email
    handle = base64url_to_bytes(options["user"]["id"])  # opaque: an HMAC, not the id or email
    assert len(handle) == 20 and user.email.encode() not in handle
    assert passkeys.SESSION_REGISTER in session
    codes = passkeys.register(
        actor=user,
        session=session,
        credential=json.dumps(key.create(options)),
        name="  Work   laptop ",
        origin=ORIGIN,
    )
    assert codes is not None and len(codes) == 10  # the first second factor: recovery codes
    row = WebAuthnCredential.objects.get(user=user)
    assert row.name == "Work laptop"
    assert row.transports == ["internal"]
    assert row.sign_count == 0
    assert passkeys.SESSION_REGISTER not in session  # the challenge answered once
    assert AuditEntry.objects.filter(actor=user, action="passkey.added").count() == 1
    # A second key: no new recovery codes; the first is excluded from the new options.
    options = json.loads(passkeys.registration_options(actor=user, session=session))
    assert [c["id"] for c in options["excludeCredentials"]] == [row.credential_id]
    other = SoftAuthenticator(rp_id="testserver", origin=ORIGIN)
    assert (
        passkeys.register(
            actor=user,
            session=session,
            credential=other.create(options),
            name="Blue key",
            origin=ORIGIN,
        )
        is None
    )
    assert RecoveryCode.objects.filter(user=user).count() == 10


def test_the_same_key_is_not_registered_twice():
    user, _program = member()
    key, session = registered(user)
    options = passkeys.registration_options(actor=user, session=session)
    with pytest.raises(DomainError) as err:
        passkeys.register(
            actor=user,
            session=session,
            credential=key.create(options),
            name="Again",
            origin=ORIGIN,
        )
    assert err.value.code == "already_registered"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"origin": "https://evil.example"}, "another site's origin"),
        ({"rp_id": "evil.example"}, "another relying party"),
    ],
)
def test_registration_for_another_site_is_refused(change, why):
    user, _program = member()
    key = SoftAuthenticator(rp_id="testserver", origin=ORIGIN)
    session: dict[str, Any] = {}
    options = passkeys.registration_options(actor=user, session=session)
    with pytest.raises(DomainError) as err:
        passkeys.register(
            actor=user,
            session=session,
            credential=key.create(options, **change),
            name="K",
            origin=ORIGIN,
        )
    assert err.value.code == "passkey_refused", why
    assert "could not be accepted" in err.value.message
    assert not WebAuthnCredential.objects.exists()


def test_registration_without_a_challenge_or_with_a_bad_name_or_garbage_is_refused():
    user, _program = member()
    key = SoftAuthenticator(rp_id="testserver", origin=ORIGIN)
    with pytest.raises(DomainError) as err:  # no options asked first
        passkeys.register(
            actor=user,
            session={},
            credential=key.create({"challenge": "AAAA"}),
            name="K",
            origin=ORIGIN,
        )
    assert err.value.code == "challenge_expired"
    session: dict[str, Any] = {}
    options = passkeys.registration_options(actor=user, session=session)
    with pytest.raises(DomainError) as err:
        passkeys.register(
            actor=user,
            session=session,
            credential=key.create(options),
            name="x" * 61,
            origin=ORIGIN,
        )
    assert err.value.code == "invalid_name" and err.value.field == "name"
    for garbage in ("not json", "[]", json.dumps({"id": "x", "response": {}}), "\x00"):
        session = {}
        passkeys.registration_options(actor=user, session=session)
        with pytest.raises(DomainError) as err:
            passkeys.register(
                actor=user, session=session, credential=garbage, name="K", origin=ORIGIN
            )
        assert err.value.code == "passkey_refused", garbage


def test_authentication_checks_the_signature_and_counts_up():
    user, _program = member()
    key, session = registered(user)
    options = json.loads(passkeys.authentication_options(user=user, session=session))
    assert options["rpId"] == "testserver"
    assert [c["id"] for c in options["allowCredentials"]] == [
        WebAuthnCredential.objects.get().credential_id
    ]
    row = passkeys.authenticate(
        actor=user, session=session, credential=key.get(options), origin=ORIGIN
    )
    row.refresh_from_db()
    assert row.sign_count == 1 and row.last_used_at is not None
    assert passkeys.SESSION_AUTHENTICATE not in session


def refused(user, session, credential, code="passkey_refused") -> DomainError:
    with pytest.raises(DomainError) as err:
        passkeys.authenticate(actor=user, session=session, credential=credential, origin=ORIGIN)
    assert err.value.code == code
    return err.value


def test_an_answer_to_another_challenge_is_refused():
    user, _program = member()
    key, session = registered(user)
    old = passkeys.authentication_options(user=user, session=session)
    passkeys.authentication_options(user=user, session=session)  # a newer challenge replaces it
    refused(user, session, key.get(old))


def test_an_answer_used_twice_is_refused():
    user, _program = member()
    key, session = registered(user)
    options = passkeys.authentication_options(user=user, session=session)
    answer = key.get(options)
    passkeys.authenticate(actor=user, session=session, credential=answer, origin=ORIGIN)
    refused(user, session, answer, code="challenge_expired")


def test_an_expired_challenge_is_refused():
    user, _program = member()
    key, session = registered(user)
    options = passkeys.authentication_options(user=user, session=session)
    session[passkeys.SESSION_AUTHENTICATE]["expires"] = time.time() - 1
    err = refused(user, session, key.get(options), code="challenge_expired")
    assert "took too long" in err.message


def test_an_answer_made_on_another_site_is_refused():
    user, _program = member()
    key, session = registered(user)
    options = passkeys.authentication_options(user=user, session=session)
    refused(user, session, key.get(options, origin="https://echohub.evil.example"))


def test_a_signature_counter_that_does_not_go_up_is_refused():
    """A counter at or below the last one seen: the key may have been copied."""
    user, _program = member()
    key, session = registered(user)
    options = passkeys.authentication_options(user=user, session=session)
    passkeys.authenticate(
        actor=user, session=session, credential=key.get(options, sign_count=5), origin=ORIGIN
    )
    options = passkeys.authentication_options(user=user, session=session)
    refused(user, session, key.get(options, sign_count=5))
    assert WebAuthnCredential.objects.get().sign_count == 5


def test_a_signature_by_another_key_or_an_unknown_key_is_refused():
    user, _program = member()
    key, session = registered(user)
    impostor = SoftAuthenticator(
        rp_id="testserver", origin=ORIGIN, credential_id=key.credential_id
    )  # the right id, another private key
    refused(
        user, session, impostor.get(passkeys.authentication_options(user=user, session=session))
    )
    stranger = SoftAuthenticator(rp_id="testserver", origin=ORIGIN)
    err = refused(
        user,
        session,
        stranger.get(passkeys.authentication_options(user=user, session=session)),
        code="unknown_passkey",
    )
    assert "not registered on your account" in err.message
    # Someone else's registered key is unknown on this account too.
    other, _p = UserFactory(email="other@example.test"), None
    other_key, _s = registered(other)
    refused(
        user,
        session,
        other_key.get(passkeys.authentication_options(user=user, session=session)),
        code="unknown_passkey",
    )


@pytest.mark.parametrize(
    "credential_id", ["\x00", "ab\x00cd", 12, ["a"], "not base64url!", "a" * 1365]
)
def test_a_credential_id_that_is_no_base64url_is_unknown_without_a_query(credential_id):
    # PostgreSQL refuses NUL bytes in text: such an id must never reach the database (this
    # was a 500 on PostgreSQL, found by the property test below).
    user, _program = member()
    _key, session = registered(user)
    passkeys.authentication_options(user=user, session=session)
    answer = {"id": credential_id, "rawId": credential_id, "type": "public-key", "response": {}}
    with pytest.raises(DomainError) as err:
        passkeys._authenticate(user, session, json.dumps(answer), ORIGIN)
    assert err.value.code == "unknown_passkey"


def test_refused_answers_lead_to_the_second_step_lockout(settings):
    user, _program = member()
    key, session = registered(user)
    for _i in range(settings.SIGNIN_MAX_FAILURES):
        options = passkeys.authentication_options(user=user, session=session)
        with pytest.raises(DomainError):
            passkeys.authenticate(
                actor=user,
                session=session,
                credential=key.get(options, origin="https://x.example"),
                origin=ORIGIN,
            )
    options = passkeys.authentication_options(user=user, session=session)
    err = refused(user, session, key.get(options), code="too_many_attempts")
    assert "Wait 15 minutes" in err.message


def test_the_relying_party_comes_from_the_settings(settings):
    settings.WEBAUTHN_RP_ID = ""
    settings.WEBAUTHN_ORIGINS = []
    settings.ALLOWED_HOSTS = ["*", "10.0.0.5", ".echo.example.ca", "other.example"]
    assert passkeys.rp_id() == "echo.example.ca"
    assert passkeys.expected_origins("https://echo.example.ca") == ["https://echo.example.ca"]
    assert passkeys.expected_origins("https://app.echo.example.ca:8443") == [
        "https://app.echo.example.ca:8443"
    ]
    assert passkeys.expected_origins("https://other.example") == ["https://echo.example.ca"]
    settings.ALLOWED_HOSTS = ["*"]
    assert passkeys.rp_id() == "localhost"
    settings.WEBAUTHN_RP_ID = "Echo.Example.ca"
    settings.WEBAUTHN_ORIGINS = ["https://echo.example.ca/"]
    assert passkeys.rp_id() == "echo.example.ca"
    assert passkeys.expected_origins("https://anything.example") == ["https://echo.example.ca"]


def test_removal_needs_the_password_and_keeps_a_required_second_step(settings):
    user, _program = member()
    _key, _session = registered(user)
    row = WebAuthnCredential.objects.get()
    with pytest.raises(DomainError) as err:
        passkeys.remove(actor=user, credential_pk=row.pk, password="wrong")
    assert err.value.code == "wrong_password" and err.value.field == "password"
    with pytest.raises(DomainError) as err:  # the coordinator's last second step
        passkeys.remove(actor=user, credential_pk=row.pk, password=PASSWORD)
    assert err.value.code == "required"
    enrol(user)  # with an authenticator app too, the passkey may go
    passkeys.remove(actor=user, credential_pk=row.pk, password=PASSWORD)
    assert not WebAuthnCredential.objects.exists()
    assert RecoveryCode.objects.filter(user=user).count() == 10  # the app remains
    assert AuditEntry.objects.filter(action="passkey.removed").count() == 1


def test_a_participant_removing_the_last_passkey_loses_the_recovery_codes_too():
    user, _program = member(Role.PARTICIPANT, "fp@example.test")
    _key, _session = registered(user)
    row = WebAuthnCredential.objects.get()
    passkeys.remove(actor=user, credential_pk=row.pk, password=PASSWORD)
    assert not RecoveryCode.objects.filter(user=user).exists()
    with pytest.raises(DomainError) as err:
        passkeys.remove(actor=user, credential_pk=row.pk, password=PASSWORD)
    assert err.value.code == "not_found"


def test_wrong_passwords_at_removal_lead_to_the_sign_in_lockout(settings):
    user, _program = member(Role.PARTICIPANT, "fp@example.test")
    registered(user)
    row = WebAuthnCredential.objects.get()
    for _i in range(settings.SIGNIN_MAX_FAILURES):
        with pytest.raises(DomainError):
            passkeys.remove(actor=user, credential_pk=row.pk, password="guess")
    with pytest.raises(DomainError) as err:
        passkeys.remove(actor=user, credential_pk=row.pk, password=PASSWORD)
    assert err.value.code == "too_many_attempts"
    assert "Too many wrong passwords. Wait 15 minutes" in err.value.message
    assert WebAuthnCredential.objects.exists()


# --- the web flow ---------------------------------------------------------------------------


def options_from(client, url: str) -> str:
    response = client.post(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.content.decode()


def test_a_coordinator_with_a_passkey_passes_the_second_step_with_it(sign_in):
    user, program = member()
    key, _session = registered(user)
    client = address_client("198.51.100.7")
    response = sign_in(client, "coord@example.test", HTTP_HOST="testserver")
    assert response["Location"].startswith("/accounts/security/verify/")
    page = client.get("/accounts/security/verify/").content.decode()
    assert "Use my passkey" in page and 'src="/static/security/passkeys.js"' in page
    assert "Recovery code" in page  # no authenticator app: the code box takes recovery codes
    assert client.get(f"/p/{program.slug}/").status_code == 302  # not yet
    # A half-signed-in session may not add a passkey or an app.
    assert client.post("/accounts/security/passkeys/options/").status_code == 403
    assert client.get("/accounts/security/setup/")["Location"].startswith(
        "/accounts/security/verify/"
    )
    bad = client.post(
        "/accounts/security/verify/passkey/",
        {
            "credential": json.dumps(
                key.get(
                    options_from(client, "/accounts/security/verify/passkey/options/"),
                    origin="https://evil.example",
                )
            ),
            "next": f"/p/{program.slug}/",
        },
    )
    assert bad.status_code == 400 and "could not be accepted" in bad.content.decode()
    options = options_from(client, "/accounts/security/verify/passkey/options/")
    done = client.post(
        "/accounts/security/verify/passkey/",
        {"credential": json.dumps(key.get(options)), "next": f"/p/{program.slug}/"},
    )
    assert done.status_code == 302 and done["Location"] == f"/p/{program.slug}/"
    assert client.get(f"/p/{program.slug}/").status_code == 200
    outcomes = list(SignInEvent.objects.filter(user=user).values_list("outcome", flat=True))
    assert outcomes[:2] == [SignInOutcome.PASSKEY, SignInOutcome.PASSKEY_FAILED]
    page = client.get("/accounts/security/").content.decode()
    assert "Second step passed with a passkey" in page and "Passkey refused" in page
    assert "Laptop" in page and "last used" in page


def test_a_recovery_code_replaces_a_lost_passkey(sign_in):
    user, _program = member()
    key = SoftAuthenticator(rp_id="testserver", origin=ORIGIN)
    session: dict[str, Any] = {}
    codes = passkeys.register(
        actor=user,
        session=session,
        credential=key.create(passkeys.registration_options(actor=user, session=session)),
        name="Phone",
        origin=ORIGIN,
    )
    client = address_client("198.51.100.7")
    sign_in(client, "coord@example.test")
    done = client.post("/accounts/security/verify/", {"code": codes[0]})
    assert done.status_code == 302
    assert SignInEvent.objects.filter(user=user, outcome=SignInOutcome.RECOVERY_CODE).exists()


def test_a_coordinator_sets_up_a_passkey_instead_of_an_app(sign_in):
    user, program = member()
    client = address_client("198.51.100.7")
    assert sign_in(client, "coord@example.test")["Location"].startswith("/accounts/security/setup/")
    setup = client.get("/accounts/security/setup/").content.decode()
    assert "Or use a passkey or security key" in setup and 'data-passkey="register"' in setup
    key = SoftAuthenticator(rp_id="testserver", origin=ORIGIN)
    options = options_from(client, "/accounts/security/passkeys/options/")
    done = client.post(
        "/accounts/security/passkeys/add/",
        {
            "name": "Office key",
            "credential": json.dumps(key.create(options)),
            "from": "setup",
            "next": f"/p/{program.slug}/",
        },
    )
    assert done.status_code == 200
    assert "Your recovery codes" in done.content.decode()
    assert client.get(f"/p/{program.slug}/").status_code == 200  # verified by the new key
    assert WebAuthnCredential.objects.get(user=user).name == "Office key"


def test_the_security_page_adds_lists_and_removes_passkeys(sign_in):
    user, _program = member(Role.PARTICIPANT, "fp@example.test")
    client = address_client("198.51.100.7")
    sign_in(client, "fp@example.test")
    page = client.get("/accounts/security/").content.decode()
    assert "Passkeys and security keys" in page and "None yet." in page
    key = SoftAuthenticator(rp_id="testserver", origin=ORIGIN)
    # No answer in the form (JavaScript off): nothing kept, said in words.
    empty = client.post("/accounts/security/passkeys/add/", {"name": "K", "credential": ""})
    assert empty.status_code == 302
    options = options_from(client, "/accounts/security/passkeys/options/")
    added = client.post(
        "/accounts/security/passkeys/add/",
        {"name": "Blue key", "credential": json.dumps(key.create(options)), "from": "page"},
    )
    assert added.status_code == 200 and "Your recovery codes" in added.content.decode()
    row = WebAuthnCredential.objects.get(user=user)
    page = client.get("/accounts/security/").content.decode()
    assert "Blue key" in page and "never used yet" in page
    assert "Remove the passkey “Blue key”?" in page  # the confirmation question
    wrong = client.post(
        f"/accounts/security/passkeys/{row.pk}/remove/",
        {f"passkey-{row.pk}-password": "nope"},
        follow=True,
    )
    assert "That is not your password" in wrong.content.decode()
    client.post(
        f"/accounts/security/passkeys/{row.pk}/remove/", {f"passkey-{row.pk}-password": PASSWORD}
    )
    assert not WebAuthnCredential.objects.exists()
    # Someone else's passkey cannot be removed by guessing its number.
    other = UserFactory(email="other@example.test")
    registered(other)
    theirs = WebAuthnCredential.objects.get(user=other)
    client.post(
        f"/accounts/security/passkeys/{theirs.pk}/remove/",
        {f"passkey-{theirs.pk}-password": PASSWORD},
    )
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_a_privileged_person_may_remove_the_app_when_a_passkey_remains(sign_in):
    user, _program = member()
    registered(user)  # the first factor: recovery codes made
    totp = enrol(user)
    client = address_client("198.51.100.7")
    sign_in(client, "coord@example.test")
    client.post("/accounts/security/verify/", {"code": totp.now()})
    done = client.post(
        "/accounts/security/disable/", {"code": totp.at(time.time() + 30)}, follow=True
    )
    assert "The authenticator app was removed." in done.content.decode()
    assert not TotpDevice.objects.filter(user=user).exists()
    assert RecoveryCode.objects.filter(user=user).exists()  # the passkey still has them


# --- any answer at all is refused in words, never a server error ------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
_credential_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=20),
        "rawId": st.text(max_size=20),
        "type": st.sampled_from(["public-key", "x"]) | st.text(max_size=5),
        "response": st.dictionaries(
            st.sampled_from(
                [
                    "clientDataJSON",
                    "attestationObject",
                    "authenticatorData",
                    "signature",
                    "userHandle",
                    "transports",
                ]
            ),
            _json,
            max_size=5,
        ),
        "clientExtensionResults": _json,
    },
)


@h_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answer=_credential_like | _json)
def test_any_registration_answer_is_refused_in_words(answer):
    user = UserFactory.build(pk=1, email="h@example.test")
    session: dict[str, Any] = {}
    passkeys._put_challenge(session, passkeys.SESSION_REGISTER, b"0123456789abcdef")
    with pytest.raises(DomainError) as err:
        passkeys.register(
            actor=user, session=session, credential=json.dumps(answer), name="K", origin=ORIGIN
        )
    assert err.value.code == "passkey_refused"


@h_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answer=_credential_like | _json)
def test_any_sign_in_answer_is_refused_in_words(answer):
    user = _the_user()
    session: dict[str, Any] = {}
    passkeys._put_challenge(session, passkeys.SESSION_AUTHENTICATE, b"0123456789abcdef")
    with pytest.raises(DomainError) as err:
        passkeys._authenticate(user, session, json.dumps(answer), ORIGIN)
    assert err.value.code in {"passkey_refused", "unknown_passkey"}


def _the_user():
    from echohub.accounts.models import User

    return User.objects.get_or_create(email="hyp@example.test")[0]
