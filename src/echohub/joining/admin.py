from django.contrib import admin

from echohub.joining.models import (
    CalendarFeed,
    JoinEvent,
    JoinToken,
    ProviderIncident,
    ProviderRegistration,
    ReminderLog,
)


@admin.register(JoinToken)
class JoinTokenAdmin(admin.ModelAdmin):
    list_display = ["session", "user", "created_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["session", "user"]


@admin.register(JoinEvent)
class JoinEventAdmin(admin.ModelAdmin):
    list_display = ["session", "user", "at", "provider", "outcome"]
    list_filter = ["provider", "outcome"]
    raw_id_fields = ["session", "user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at", "last_fetched_at"]
    raw_id_fields = ["user"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["session", "user", "kind", "sequence", "sent_at"]
    raw_id_fields = ["session", "user"]


@admin.register(ProviderIncident)
class ProviderIncidentAdmin(admin.ModelAdmin):
    list_display = ["session", "provider", "code", "at", "resolved_at"]
    list_filter = ["provider", "code"]


@admin.register(ProviderRegistration)
class ProviderRegistrationAdmin(admin.ModelAdmin):
    list_display = ["provider", "meeting_ref", "user", "external_id", "created_at"]
    raw_id_fields = ["user"]
