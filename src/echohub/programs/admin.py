from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from echohub.core import bilingual
from echohub.core.errors import DomainError
from echohub.core.limits import LONG_TEXT_MAX, cap_text, check_email_lookalike
from echohub.programs import services
from echohub.programs.models import (
    Announcement,
    AnnouncementRecipient,
    Hub,
    HubMember,
    Membership,
    Program,
    Region,
    Registration,
    Site,
)


class RegionAdminForm(forms.ModelForm):
    merge_into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_(
            "Moves every site and registration of this region to the region chosen here, "
            "then removes this one (e.g. a spelling kept from free text)."
        ),
    )

    class Meta:
        model = Region
        fields = ["name", "position", "is_active", "needs_review"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["merge_into"]
        assert isinstance(field, forms.ModelChoiceField)
        if self.instance.pk:
            field.queryset = Region.objects.exclude(pk=self.instance.pk)
        else:
            del self.fields["merge_into"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None or not data.get("merge_into"):
            try:
                services.check_region_name(name=data.get("name", ""), region=self.instance)
            except DomainError as err:
                self.add_error("name", err.message)
        return data


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """The deployment's managed list of regions. Changes go through programs.services, so a
    rename reaches every site that uses the region and each change is audit-logged."""

    form = RegionAdminForm
    list_display = ["name", "position", "is_active", "needs_review", "site_count"]
    list_editable = ["position"]
    list_filter = ["needs_review", "is_active"]
    search_fields = ["name"]

    @admin.display(description=_("sites"))
    def site_count(self, obj: Region) -> int:
        return Site.objects.filter(region=obj.name).count()

    def save_model(self, request: HttpRequest, obj: Region, form: Any, change: bool) -> None:
        into = form.cleaned_data.get("merge_into")
        if change and into is not None:
            original = Region.objects.get(pk=obj.pk)
            moved = services.merge_region(actor=request.user, region=original, into=into)
            messages.info(
                request,
                _("%(name)s was merged into %(into)s (%(n)d sites moved).")
                % {"name": original.name, "into": into.name, "n": moved},
            )
            return
        fields = {f: form.cleaned_data[f] for f in RegionAdminForm.Meta.fields}
        region = Region.objects.get(pk=obj.pk) if change else None
        saved = services.save_region(actor=request.user, region=region, **fields)
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Region | None = None) -> bool:
        # A region in use is merged into another, never deleted from under its sites.
        if obj is not None and services.region_in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Region]) -> None:
        for region in queryset:
            if services.region_in_use(region):
                messages.error(
                    request,
                    _("%(name)s is used by sites; merge it into another region instead.")
                    % {"name": region.name},
                )
            else:
                services.delete_region(actor=request.user, region=region)

    def delete_model(self, request: HttpRequest, obj: Region) -> None:
        services.delete_region(actor=request.user, region=obj)


class HubInline(admin.TabularInline):
    model = Hub
    extra = 0


class ProgramAdminForm(forms.ModelForm):
    """The name in at least one of the program's content languages."""

    class Meta:
        model = Program
        exclude: list[str] = []  # the admin's own fieldsets decide what shows

    def clean_contact_email(self) -> str:
        # Shown on the public page and in emails: never a look-alike domain (probe 12-24).
        value = str(self.cleaned_data.get("contact_email") or "")
        if value:
            check_email_lookalike(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        languages = tuple(str(data.get("content_languages") or "en").split("+"))
        if bilingual.missing(data, ("name",), languages):
            self.add_error(
                "name_fr" if languages[0] == "fr" else "name",
                _("Give the program a name in its language (or in both)."),
            )
        return data


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = ProgramAdminForm
    list_display = ["name", "name_fr", "slug", "content_languages", "time_zone", "is_public"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ["name", "slug"]
    inlines = [HubInline]


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "institution"]
    list_filter = ["program"]


@admin.register(HubMember)
class HubMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "hub", "hub_role", "discipline", "is_active"]
    list_filter = ["hub__program", "hub_role", "discipline"]
    autocomplete_fields = ["user"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "kind", "region", "rurality", "is_active"]
    list_filter = ["program", "kind", "rurality", "region"]
    search_fields = ["name", "region"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "role", "site", "is_active"]
    list_filter = ["program", "role", "is_active"]
    search_fields = ["user__email", "user__last_name"]
    autocomplete_fields = ["user", "site"]


class RegistrationAdminForm(forms.ModelForm):
    """An approved registration becomes an account under its email: never a look-alike domain
    (as the public form, probe 12-24)."""

    class Meta:
        model = Registration
        exclude: list[str] = []

    def clean_email(self) -> str:
        value = str(self.cleaned_data.get("email") or "")
        check_email_lookalike(value)
        return value


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    form = RegistrationAdminForm
    list_display = ["email", "first_name", "last_name", "program", "status", "created_at"]
    list_filter = ["program", "status", "profession"]
    search_fields = ["email", "last_name", "licence_number"]


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Announcements are sent through the program's pages (preview, count, identifier check);
    the admin only shows the record."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Announcement)
class AnnouncementAdmin(_ReadOnlyAdmin):
    list_display = ["subject", "program", "author", "recipient_count", "sent_at"]
    list_filter = ["program"]
    date_hierarchy = "sent_at"


@admin.register(AnnouncementRecipient)
class AnnouncementRecipientAdmin(_ReadOnlyAdmin):
    list_display = ["announcement", "user", "sent_at"]
    list_select_related = ["announcement", "user"]


# Ceilings (core.limits), also told to the browser.
cap_text(RegistrationAdminForm.base_fields, 2000, "decision_note")  # as DecisionForm's note
cap_text(
    ProgramAdminForm.base_fields,
    LONG_TEXT_MAX,
    *(
        f"{name}{suffix}"
        for name in ("description", "audience", "how_to_join")
        for suffix in ("", "_fr")
    ),
)
