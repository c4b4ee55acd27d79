"""State changes of sign-in security: the sign-in record, second factors, API token grants.

Each function takes keyword-only arguments and an explicit `actor`, runs in a transaction,
raises `DomainError` with a stable code, and writes an audit entry for a change a person made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from echohub.accounts.models import ApiToken, User
from echohub.core import audit
from echohub.core.errors import DomainError
from echohub.security import limits, policy
from echohub.security.models import (
    RecoveryCode,
    SignInEvent,
    SignInOutcome,
    TokenGrant,
    TokenScope,
    TotpDevice,
    WebAuthnCredential,
)

TOTP_ISSUER = "echohub"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read back from paper


# --- the sign-in record ---------------------------------------------------------------------


def record_sign_in(*, user: User, outcome: SignInOutcome, address: str, user_agent: str) -> None:
    """One line of the person's sign-in record (truncated address, browser family)."""
    SignInEvent.objects.create(
        user=user,
        outcome=outcome,
        address=policy.truncated_address(address),
        browser=policy.browser_family(user_agent),
    )


def prune_sign_in_record(*, days: int | None = None) -> int:
    """Delete sign-in record lines older than `days` (SIGNIN_RECORD_DAYS); returns how many."""
    keep = settings.SIGNIN_RECORD_DAYS if days is None else days
    deleted, _rows = SignInEvent.objects.filter(
        at__lt=timezone.now() - dt.timedelta(days=keep)
    ).delete()
    return deleted


def prune_security_records() -> tuple[int, int]:
    """The scheduled clean-up (send_reminders, hourly): rate counters that neither count nor
    lock any more, and sign-in record lines past SIGNIN_RECORD_DAYS. (counters, lines) deleted."""
    return limits.prune(), prune_sign_in_record()


# --- TOTP -----------------------------------------------------------------------------------


def _normalise_code(code: str) -> str:
    """Letters and digits only, lower-case; full-width and superscript forms read as the ASCII
    the app shows (NFKC)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", code) if ch.isalnum()).lower()


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.email, issuer_name=TOTP_ISSUER
    )


@transaction.atomic
def start_totp_enrolment(*, actor: User) -> TotpDevice:
    """A new secret for `actor`'s authenticator app (unconfirmed until a code is typed).

    A confirmed device is replaced only through `disable_totp` first, so a stolen session cannot
    silently move the second factor to another phone."""
    device = TotpDevice.objects.filter(user=actor).first()
    if device is not None and device.confirmed_at is not None:
        raise DomainError("already_enrolled", _("An authenticator app is already set up."))
    if device is None:
        device = TotpDevice.objects.create(user=actor, secret=pyotp.random_base32())
    return device


def _matching_step(device: TotpDevice, code: str, now: dt.datetime) -> int | None:
    """The time step whose code this is (this step or one either side, for clock drift)."""
    digits = _normalise_code(code)
    # isdigit() alone lets Arabic-Indic or circled digits through, which compare_digest
    # refuses with TypeError (a 500 before probe 1221): 0-9 only.
    if len(digits) != 6 or not (digits.isascii() and digits.isdigit()):
        return None
    totp = pyotp.TOTP(device.secret)
    step = totp.timecode(now)
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.generate_otp(candidate), digits):
            return candidate
    return None


def _check_totp(device: TotpDevice, code: str) -> bool:
    """Accept a code once: a step at or before the last accepted one is refused (replay)."""
    step = _matching_step(device, code, timezone.now())
    if step is None or step <= device.last_step:
        return False
    updated = TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step)
    device.last_step = step
    return updated == 1


def locked_error(seconds: int) -> DomainError:
    """The second step is locked for `seconds` more. Kept locked for every kind of proof (a
    recovery code or a passkey too: letting them through would leave another door to guess
    at), so the words say to wait, and for how long, not to use a recovery code."""
    minutes = max(1, -(-seconds // 60))
    return DomainError(
        "too_many_attempts",
        ngettext(
            "Too many wrong codes. Wait %(minutes)d minute and try again: until then no code "
            "is accepted, recovery codes and passkeys included.",
            "Too many wrong codes. Wait %(minutes)d minutes and try again: until then no code "
            "is accepted, recovery codes and passkeys included.",
            minutes,
        )
        % {"minutes": minutes},
        field="code",
    )


def confirm_totp(*, actor: User, code: str) -> list[str]:
    """Finish enrolment with a first code; returns new recovery codes (shown once).

    Wrong codes count toward the same lockout as at sign-in (counted outside the transaction,
    which a refusal rolls back)."""
    rule = policy.second_factor()
    if wait := limits.locked_for(rule, str(actor.pk)):
        raise locked_error(wait)
    try:
        return _confirm_totp(actor, code)
    except DomainError as err:
        if err.code == "wrong_code":
            limits.record(rule, str(actor.pk))
        raise


@transaction.atomic
def _confirm_totp(actor: User, code: str) -> list[str]:
    device = TotpDevice.objects.select_for_update().filter(user=actor).first()
    if device is None:
        raise DomainError("not_enrolling", _("Start the set-up again."))
    if device.confirmed_at is not None:
        raise DomainError("already_enrolled", _("An authenticator app is already set up."))
    if not _check_totp(device, code):
        raise DomainError(
            "wrong_code",
            _("That code did not match. Type the 6 digits your app shows now."),
            field="code",
        )
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    audit.record(actor=actor, action="two_factor.enrolled", obj=actor)
    return new_recovery_codes(actor)


def _hash_code(code: str) -> str:
    return hashlib.sha256(_normalise_code(code).encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _i in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _j in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=_hash_code(c)) for c in codes]
    )
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, actor: User) -> list[str]:
    if not policy.has_second_factor(actor):
        raise DomainError("not_enrolled", _("Set up an authenticator app or a passkey first."))
    codes = new_recovery_codes(actor)
    audit.record(actor=actor, action="two_factor.recovery_codes_renewed", obj=actor)
    return codes


def unused_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def verify_second_factor(*, actor: User, code: str) -> SignInOutcome:
    """Check a code from the authenticator app, or a recovery code (used up once accepted).

    Wrong codes count toward a lockout per account, like passwords (counted outside the
    transaction, which a refusal rolls back)."""
    rule = policy.second_factor()
    if wait := limits.locked_for(rule, str(actor.pk)):
        raise locked_error(wait)
    outcome = _accept_code(actor, code)
    if outcome is None:
        limits.record(rule, str(actor.pk))
        raise DomainError(
            "wrong_code",
            _("That code did not match. Type the 6 digits your app shows now, or a recovery code."),
            field="code",
        )
    limits.clear(rule, str(actor.pk))
    return outcome


@transaction.atomic
def _accept_code(actor: User, code: str) -> SignInOutcome | None:
    device = (
        TotpDevice.objects.select_for_update()
        .filter(user=actor, confirmed_at__isnull=False)
        .first()
    )
    if device is None and not WebAuthnCredential.objects.filter(user=actor).exists():
        raise DomainError("not_enrolled", _("Set up an authenticator app first."))
    if device is not None and _check_totp(device, code):
        return SignInOutcome.SECOND_FACTOR_OK
    used = RecoveryCode.objects.filter(
        user=actor, code_hash=_hash_code(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        audit.record(actor=actor, action="two_factor.recovery_code_used", obj=actor)
        return SignInOutcome.RECOVERY_CODE
    return None


def disable_totp(*, actor: User, code: str) -> None:
    """Remove the authenticator app (with a current code). Refused where the role requires a
    second step and no passkey stays to give it; recovery codes go when no factor is left."""
    first, _privileged = policy.assess(actor)
    has_passkey = WebAuthnCredential.objects.filter(user=actor).exists()
    if policy.is_privileged(actor) and first is not policy.SecondFactor.DEMO and not has_passkey:
        raise DomainError(
            "required",
            _("Your role needs a second sign-in step, so it cannot be turned off."),
        )
    verify_second_factor(actor=actor, code=code)  # wrong codes count toward the lockout
    with transaction.atomic():
        TotpDevice.objects.filter(user=actor).delete()
        if not has_passkey:
            RecoveryCode.objects.filter(user=actor).delete()
        audit.record(actor=actor, action="two_factor.disabled", obj=actor)


# --- re-authentication ----------------------------------------------------------------------


def no_password_message() -> str:
    # "Forgot your password?" emails active accounts with no password too (its link is then a
    # first sign-in); a coordinator cannot invite again someone who already has the role.
    return _(
        "Your account has no password yet, and this asks for it. Set one with the link in your "
        "invitation email or, if it has expired, with “Forgot your password?” on the sign-in "
        "page (its link also sets a first password), then try again."
    )


def confirm_password(*, actor: User, password: str) -> None:
    """The account's password typed again before a lasting change (a passkey removed, an API
    token made), so a stolen session cookie alone cannot make one.

    Wrong passwords count toward the account's sign-in lockout, and a locked account is
    refused here as at sign-in: a stolen session cannot try passwords without end.

    An account with no password of its own (made by an approved registration before its
    invitation set one, or switched off by an administrator) has nothing to confirm with: it is
    refused, saying how to set one, and nothing is counted (a stolen session of such an account
    got a token without typing anything before)."""
    if not actor.has_usable_password():
        raise DomainError("no_password", no_password_message(), field="password")
    by_account = policy.signin_account()
    wait = limits.locked_for(by_account, actor.email)
    if wait:
        raise DomainError(
            "too_many_attempts",
            _("Too many wrong passwords. Wait %(minutes)d minutes and try again.")
            % {"minutes": max(1, -(-wait // 60))},
            field="password",
        )
    if not password or not actor.check_password(password):
        limits.record(by_account, actor.email)
        raise DomainError(
            "wrong_password", _("That is not your password. Type it again."), field="password"
        )


# --- API tokens -----------------------------------------------------------------------------


@transaction.atomic
def issue_api_token(
    *, actor: User | None, user: User, name: str, scope: str, days: int
) -> tuple[ApiToken, str]:
    """A token for `user` that may `scope` (read / write) for `days` days; the key shown once."""
    if scope not in TokenScope.values:
        raise DomainError("invalid_scope", _("Choose read only or read and write."), field="scope")
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise DomainError(
            "invalid_expiry",
            _("A token lasts 1 to %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS},
            field="days",
        )
    token, raw = ApiToken.issue(user=user, name=name)
    TokenGrant.objects.create(
        token=token, scope=scope, expires_at=timezone.now() + dt.timedelta(days=days)
    )
    audit.record(
        actor=actor, action="api_token.created", obj=token, changes={"scope": scope, "days": days}
    )
    return token, raw


def find_api_token(raw: str) -> ApiToken | None:
    """The live token with this key, its person and its grant, in one query."""
    return (
        ApiToken.objects.select_related("user", "grant")
        .filter(
            key_hash=hashlib.sha256(raw.encode()).hexdigest(),
            revoked_at__isnull=True,
            user__is_active=True,
        )
        .first()
    )


def _grant(token: ApiToken) -> TokenGrant | None:
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(token, "grant", None)


def token_expires_at(token: ApiToken) -> dt.datetime | None:
    """When the token stops working; None for a token made without a grant (see TokenGrant)."""
    grant = _grant(token)
    return grant.expires_at if grant is not None else None


def token_scope(token: ApiToken) -> str:
    grant = _grant(token)
    return grant.scope if grant is not None else TokenScope.WRITE


@transaction.atomic
def after_password_reset(*, user: User) -> int:
    """A reset password means the old one may be known: revoke every API token, lift the
    account's sign-in lockout. Returns how many tokens were revoked."""
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    limits.clear(policy.signin_account(), user.email)
    audit.record(
        actor=user, action="password.reset", obj=user, changes={"api_tokens_revoked": revoked}
    )
    return revoked
