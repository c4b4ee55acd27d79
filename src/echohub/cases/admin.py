from django.contrib import admin

from echohub.cases.models import (
    Case,
    CaseFormConfig,
    CaseMedication,
    CaseScore,
    FollowUp,
    PhiOverride,
    Recommendation,
)


class MedicationInline(admin.TabularInline):
    model = CaseMedication
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "presenter", "status", "updated_at"]
    list_filter = ["program", "status"]
    raw_id_fields = ["presenter", "session", "agenda_item", "site"]
    inlines = [MedicationInline]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["case", "discipline", "author", "version", "updated_at"]
    raw_id_fields = ["case", "author"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["case", "reported_by", "created_at"]
    raw_id_fields = ["case", "reported_by"]


@admin.register(PhiOverride)
class PhiOverrideAdmin(admin.ModelAdmin):
    list_display = ["case", "field", "kind", "actor", "at"]
    raw_id_fields = ["case", "actor"]


@admin.register(CaseMedication)
class CaseMedicationAdmin(admin.ModelAdmin):
    list_display = ["drug", "dose", "unit", "case"]
    raw_id_fields = ["case", "follow_up"]


@admin.register(CaseScore)
class CaseScoreAdmin(admin.ModelAdmin):
    list_display = ["instrument", "total", "case"]
    raw_id_fields = ["case", "follow_up"]


@admin.register(CaseFormConfig)
class CaseFormConfigAdmin(admin.ModelAdmin):
    """Edited on the program's case form page, which checks it; read-only here."""

    list_display = ["program", "updated_by", "updated_at"]
    readonly_fields = ["program", "fields", "sections", "questions", "updated_by"]
