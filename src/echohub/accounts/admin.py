from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from echohub.accounts.models import ApiToken, Invitation, User
from echohub.core.limits import PASSWORD_MAX, cap_text, check_email_lookalike


class _LowerCaseEmail:
    """Emails are stored lower-case, as every other path of the app stores them; the model's
    constraint then refuses an address another account has in other capitals. A domain that
    only looks like another one is refused, as at registration (probe 12-23)."""

    cleaned_data: dict[str, object]

    def clean_email(self) -> str:
        email = str(self.cleaned_data.get("email") or "").strip().lower()
        check_email_lookalike(email)
        return email


# The admin builds each form for User with the fieldsets' fields (ModelAdmin.get_form).
class PersonCreationForm(_LowerCaseEmail, AdminUserCreationForm):
    pass


# Django's admin passwords have no ceiling; echohub's forms all do (a megabyte to hash).
cap_text(PersonCreationForm.base_fields, PASSWORD_MAX, "password1", "password2")


class PersonChangeForm(_LowerCaseEmail, UserChangeForm):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = PersonCreationForm
    form = PersonChangeForm
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "profession", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "profession"]
    search_fields = ["email", "first_name", "last_name", "licence_number"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Person"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "credentials",
                    "profession",
                    "licence_number",
                    "time_zone",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        """Deleting a person would delete their attendance and certificates, which accreditors
        require for 6 years (Mainpro+). People are deactivated or erased instead, from their
        page in the program (privacy app), which keeps those records."""
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "prefix"]
    search_fields = ["name", "user__email"]


class InvitationForm(_LowerCaseEmail, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = [
            "email",
            "program",
            "role",
            "invited_by",
            "expires_at",
            "accepted_at",
            "accepted_by",
        ]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    form = InvitationForm
    list_display = ["email", "program", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "program"]
    readonly_fields = ["token_hash"]
    search_fields = ["email"]
