from django.contrib import admin

from echohub.programs.models import Hub, HubMember, Membership, Program, Registration, Site


class HubInline(admin.TabularInline):
    model = Hub
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone", "is_public", "registration_open"]
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


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "program", "status", "created_at"]
    list_filter = ["program", "status", "profession"]
    search_fields = ["email", "last_name", "licence_number"]
