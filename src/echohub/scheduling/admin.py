from django.contrib import admin

from echohub.scheduling.models import AgendaItem, ProgramBreak, Resource, Series, Session


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["presenter"]


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "program",
        "frequency",
        "interval",
        "first_date",
        "last_date",
        "count",
        "holiday_region",
    ]
    list_filter = ["program"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "starts_at", "ends_at", "status"]
    list_filter = ["program", "status"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "session", "presenter"]
    list_filter = ["kind", "session__program"]
    search_fields = ["title"]
    inlines = [ResourceInline]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "agenda_item"]
    search_fields = ["title", "url"]
    raw_id_fields = ["agenda_item"]


@admin.register(ProgramBreak)
class ProgramBreakAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "first_day", "last_day"]
    list_filter = ["program"]
    search_fields = ["title"]
