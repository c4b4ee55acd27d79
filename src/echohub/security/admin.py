"""Admin: reset a person's second factor, lift a lockout, read sign-in records. Secrets and
code hashes are never shown."""

from __future__ import annotations

from django.contrib import admin

from echohub.security.models import RateCounter, SignInEvent, TotpDevice, WebAuthnCredential


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """Deleting a person's device makes them set up the app again at their next sign-in."""

    list_display = ("user", "created_at", "confirmed_at")
    search_fields = ("user__email",)
    fields = ("user", "created_at", "confirmed_at")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(WebAuthnCredential)
class WebAuthnCredentialAdmin(admin.ModelAdmin):
    """Deleting a person's passkeys (all of them, and their app) makes them set up a second
    step again at their next sign-in. Public keys are not shown."""

    list_display = ("user", "name", "created_at", "last_used_at")
    search_fields = ("user__email", "name")
    fields = ("user", "name", "created_at", "last_used_at", "sign_count")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "outcome", "address", "browser")
    list_filter = ("outcome",)
    search_fields = ("user__email",)
    list_select_related = ("user",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(RateCounter)
class RateCounterAdmin(admin.ModelAdmin):
    """Keys are hashes; deleting a locked row lifts that lockout."""

    list_display = ("scope", "key", "count", "window_start", "locked_until")
    list_filter = ("scope",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
