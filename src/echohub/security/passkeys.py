"""Passkeys and security keys (WebAuthn) as a second sign-in step, with py_webauthn.

Two ceremonies, each in two calls. Registration (the security page, or the first set-up of a
person whose role needs a second step): `registration_options` then `register`. Authentication
(the second sign-in step): `authentication_options` then `authenticate`. Each options call puts
a fresh random challenge in the person's session with an expiry (WEBAUTHN_CHALLENGE_SECONDS); the
verify call takes it out, so a challenge answers once, whatever the outcome.

The relying party id is the site's domain (`rp_id`), the origins accepted come from the settings
or the request's own origin when it sits on that domain (`expected_origins`): an answer made for
another site, another challenge, an unknown key or a signature counter that went backwards is
refused in words, and refusals count toward the same lockout as wrong codes.
"""

from __future__ import annotations

import ipaddress
import json
import re
import time
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from echohub.accounts.models import User
from echohub.core import audit
from echohub.core.errors import DomainError
from echohub.security import limits, policy
from echohub.security.models import RecoveryCode, WebAuthnCredential
from echohub.security.services import confirm_password

_CREDENTIAL_ID = re.compile(r"[A-Za-z0-9_-]{1,1364}")

RP_NAME = "echohub"
MAX_PASSKEYS = 10
NAME_MAX = 60
SESSION_REGISTER = "security.webauthn.register"
SESSION_AUTHENTICATE = "security.webauthn.authenticate"

Session = MutableMapping[str, Any]
_TRANSPORTS = {t.value for t in AuthenticatorTransport}


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def rp_id() -> str:
    """WEBAUTHN_RP_ID, else the first ALLOWED_HOSTS name that is a domain (not '*', not an
    address: WebAuthn ties a passkey to a domain), else 'localhost'."""
    if settings.WEBAUTHN_RP_ID:
        return str(settings.WEBAUTHN_RP_ID).strip().lower()
    for host in settings.ALLOWED_HOSTS:
        name = host.strip().lstrip(".").rsplit(":", 1)[0].lower()
        if name and "*" not in name and not _is_ip(name):
            return name
    return "localhost"


def expected_origins(request_origin: str) -> list[str]:
    """WEBAUTHN_ORIGINS when set; else the origin the request came to (Django already checked
    its host against ALLOWED_HOSTS) when it is the RP domain or under it; else https://<rp id>."""
    if settings.WEBAUTHN_ORIGINS:
        return [str(o).rstrip("/") for o in settings.WEBAUTHN_ORIGINS]
    rp = rp_id()
    host = (urlsplit(request_origin).hostname or "").lower()
    if host == rp or host.endswith("." + rp):
        return [request_origin.rstrip("/")]
    return [f"https://{rp}"]


def _user_handle(user: User) -> bytes:
    """An opaque id for the person on the authenticator: no email, no database id."""
    return salted_hmac("echohub.security.webauthn.user", str(user.pk)).digest()


def _put_challenge(session: Session, key: str, challenge: bytes) -> None:
    session[key] = {
        "challenge": bytes_to_base64url(challenge),
        "expires": time.time() + settings.WEBAUTHN_CHALLENGE_SECONDS,
    }


def _take_challenge(session: Session, key: str) -> bytes:
    saved = session.pop(key, None)
    if not isinstance(saved, dict) or float(saved.get("expires", 0)) < time.time():
        raise DomainError(
            "challenge_expired",
            _("This request took too long or was already used. Try again."),
        )
    return base64url_to_bytes(str(saved["challenge"]))


def _as_dict(credential: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(credential, dict):
        return credential
    try:
        data = json.loads(credential)
    except (TypeError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise _refused()
    return data


def _refused() -> DomainError:
    return DomainError(
        "passkey_refused",
        _(
            "Your passkey or security key's answer could not be accepted (it was made for "
            "another site or another request, or the key may have been copied). Try again."
        ),
    )


def _descriptor(row: WebAuthnCredential) -> PublicKeyCredentialDescriptor:
    transports = [AuthenticatorTransport(t) for t in row.transports if t in _TRANSPORTS]
    return PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(row.credential_id), transports=transports or None
    )


# --- registration ---------------------------------------------------------------------------


def registration_options(*, actor: User, session: Session) -> str:
    """The options for `navigator.credentials.create` (JSON); the challenge stays in `session`."""
    existing = list(WebAuthnCredential.objects.filter(user=actor))
    if len(existing) >= MAX_PASSKEYS:
        raise DomainError(
            "too_many", _("You have %(n)d passkeys; remove one first.") % {"n": len(existing)}
        )
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=RP_NAME,
        user_id=_user_handle(actor),
        user_name=actor.email,
        user_display_name=actor.full_name or actor.email,
        exclude_credentials=[_descriptor(c) for c in existing],
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    _put_challenge(session, SESSION_REGISTER, options.challenge)
    return options_to_json(options)


def register(
    *, actor: User, session: Session, credential: str | dict[str, Any], name: str, origin: str
) -> list[str] | None:
    """Check the authenticator's answer and keep the new passkey under `name`.

    Returns new recovery codes (shown once) when this is the person's first second factor,
    else None."""
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX:
        raise DomainError(
            "invalid_name",
            _("Give the passkey a name of 1 to %(max)d characters, such as “Work laptop”.")
            % {"max": NAME_MAX},
            field="name",
        )
    challenge = _take_challenge(session, SESSION_REGISTER)
    data = _as_dict(credential)
    try:
        verified = verify_registration_response(
            credential=data,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=expected_origins(origin),
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as err:
        raise _refused() from err
    response = data.get("response")
    raw_transports = response.get("transports") if isinstance(response, dict) else None
    transports = [t for t in raw_transports or [] if isinstance(t, str) and t in _TRANSPORTS]
    credential_id = bytes_to_base64url(verified.credential_id)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one enrolment at a time
        if WebAuthnCredential.objects.filter(credential_id=credential_id).exists():
            raise DomainError("already_registered", _("This passkey is already registered."))
        if WebAuthnCredential.objects.filter(user=actor).count() >= MAX_PASSKEYS:
            raise DomainError("too_many", _("You have too many passkeys; remove one first."))
        first = not policy.has_second_factor(actor)
        row = WebAuthnCredential.objects.create(
            user=actor,
            name=name,
            credential_id=credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=transports,
        )
        audit.record(actor=actor, action="passkey.added", obj=row, changes={"name": name})
        if first:
            from echohub.security.services import new_recovery_codes

            return new_recovery_codes(actor)
    return None


# --- authentication -------------------------------------------------------------------------


def authentication_options(*, user: User, session: Session) -> str:
    """Options for `navigator.credentials.get`, limited to this person's passkeys (JSON)."""
    rows = list(WebAuthnCredential.objects.filter(user=user))
    if not rows:
        raise DomainError("not_enrolled", _("You have no passkey on this account."))
    options = generate_authentication_options(
        rp_id=rp_id(),
        allow_credentials=[_descriptor(c) for c in rows],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _put_challenge(session, SESSION_AUTHENTICATE, options.challenge)
    return options_to_json(options)


def authenticate(
    *, actor: User, session: Session, credential: str | dict[str, Any], origin: str
) -> WebAuthnCredential:
    """Check a passkey's answer to the sign-in challenge; the passkey used.

    Refusals count toward the second-step lockout (outside the transaction a refusal rolls
    back); a success clears it."""
    from echohub.security.services import locked_error

    rule = policy.second_factor()
    if wait := limits.locked_for(rule, str(actor.pk)):
        raise locked_error(wait)
    try:
        row = _authenticate(actor, session, credential, origin)
    except DomainError:
        limits.record(rule, str(actor.pk))
        raise
    limits.clear(rule, str(actor.pk))
    return row


@transaction.atomic
def _authenticate(
    actor: User, session: Session, credential: str | dict[str, Any], origin: str
) -> WebAuthnCredential:
    challenge = _take_challenge(session, SESSION_AUTHENTICATE)
    data = _as_dict(credential)
    credential_id = data.get("rawId") or data.get("id")
    # A credential id is base64url (WebAuthn Level 2, section 5.1: at most 1,023 bytes, so at most
    # 1,364 characters); anything else (a number, NUL bytes, which PostgreSQL refuses in text)
    # is no passkey of this account, and never reaches the database.
    row = (
        WebAuthnCredential.objects.select_for_update()
        .filter(user=actor, credential_id=credential_id)
        .first()
        if isinstance(credential_id, str) and _CREDENTIAL_ID.fullmatch(credential_id)
        else None
    )
    if row is None:
        raise DomainError(
            "unknown_passkey",
            _("This passkey is not registered on your account. Use another one, or a code."),
        )
    try:
        verified = verify_authentication_response(
            credential=data,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=expected_origins(origin),
            credential_public_key=bytes(row.public_key),
            credential_current_sign_count=row.sign_count,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as err:
        raise _refused() from err
    row.sign_count = verified.new_sign_count
    row.last_used_at = timezone.now()
    row.save(update_fields=["sign_count", "last_used_at"])
    return row


# --- removal --------------------------------------------------------------------------------


def remove(*, actor: User, credential_pk: int, password: str) -> None:
    """Remove one of `actor`'s passkeys after their password (re-authentication).

    Refused where the role needs a second step and this is the last one. Wrong passwords count
    toward the account's sign-in lockout."""
    confirm_password(actor=actor, password=password)
    with transaction.atomic():
        row = (
            WebAuthnCredential.objects.select_for_update()
            .filter(user=actor, pk=credential_pk)
            .first()
        )
        if row is None:
            raise DomainError("not_found", _("This passkey was already removed."))
        state, privileged = policy.assess(actor)
        others = WebAuthnCredential.objects.filter(user=actor).exclude(pk=row.pk).exists()
        last = not others and not policy.has_totp(actor)
        if privileged and state is not policy.SecondFactor.DEMO and last:
            raise DomainError(
                "required",
                _(
                    "Your role needs a second sign-in step and this is your last one: add "
                    "another passkey or an authenticator app first."
                ),
            )
        row.delete()
        if not policy.has_second_factor(actor):
            RecoveryCode.objects.filter(user=actor).delete()
        audit.record(actor=actor, action="passkey.removed", obj=actor, changes={"name": row.name})
