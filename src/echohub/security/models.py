"""Sign-in protections: rate-limit counters, the sign-in record, second factors, token grants."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """How often something happened for one key (a hashed email or address) in one window.

    The database store of `security.limits` (the default; Redis is used instead when set). One
    row per (scope, key): `count` events since `window_start`; `locked_until` set once the count
    reached the limit. Keys are SHA-256 hashes: no email or address is stored here.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="ratecounter_unique_key")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}… {self.count}"


class SignInOutcome(models.TextChoices):
    SUCCESS = "success", _("Signed in")
    WRONG_PASSWORD = "wrong_password", _("Wrong password")
    LOCKED = "locked", _("Refused: too many attempts")
    SECOND_FACTOR_OK = "second_factor_ok", _("Second step passed")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Wrong second-step code")
    RECOVERY_CODE = "recovery_code", _("Signed in with a recovery code")
    PASSKEY = "passkey", _("Second step passed with a passkey")
    PASSKEY_FAILED = "passkey_failed", _("Passkey refused")


class SignInEvent(models.Model):
    """One sign-in or failure on a person's account, shown to that person on their security page.

    The address is truncated (IPv4 /24, IPv6 /48) and the browser reduced to its family, so the
    record tells a person "was this me?" without keeping a precise address or fingerprint.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_events"
    )
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=24, choices=SignInOutcome.choices)
    address = models.CharField(_("address (truncated)"), max_length=48, blank=True)
    browser = models.CharField(_("browser"), max_length=40, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.outcome} {self.at:%Y-%m-%d %H:%M}"

    @property
    def succeeded(self) -> bool:
        return self.outcome in {
            SignInOutcome.SUCCESS,
            SignInOutcome.SECOND_FACTOR_OK,
            SignInOutcome.RECOVERY_CODE,
            SignInOutcome.PASSKEY,
        }


class TotpDevice(models.Model):
    """A person's authenticator app (RFC 6238, 30-second steps, 6 digits).

    `confirmed_at` is empty while the person is enrolling (the secret was shown, no code typed
    yet). `last_step` is the time step of the last accepted code: a code is never accepted twice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"TOTP for {self.user_id}"


class WebAuthnCredential(models.Model):
    """A security key or passkey (WebAuthn) a person registered as a second factor.

    `credential_id` is the authenticator's id for it (base64url); `public_key` its COSE public key;
    `sign_count` the last signature counter seen: an authenticator that counts must show a larger
    one each time, else the key may have been cloned and the sign-in is refused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webauthn_credentials"
    )
    name = models.CharField(_("name"), max_length=60)
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    sign_count = models.BigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id})"


class RecoveryCode(models.Model):
    """A single-use code for when the authenticator is lost. Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"])]

    def __str__(self) -> str:
        return f"recovery code {self.pk} of {self.user_id}"


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class TokenGrant(models.Model):
    """What an API token may do and until when.

    Every token the product makes gets one (`services.issue_api_token`, used by the profile page
    and `echohub api_token`; tests/security checks no other code calls `ApiToken.issue`), and
    migration 0002 gave one to tokens made before grants existed. A token without a grant (only
    test code makes them) reads and writes without an expiry, as every token did before."""

    token = models.OneToOneField(
        "accounts.ApiToken", on_delete=models.CASCADE, primary_key=True, related_name="grant"
    )
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices)
    expires_at = models.DateTimeField(_("expires"))

    def __str__(self) -> str:
        return f"{self.token_id} {self.scope} until {self.expires_at:%Y-%m-%d}"
