from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from echohub.cases.models import (
    Case,
    CaseFormConfig,
    CaseMedication,
    CaseScore,
    FollowUp,
    PhiOverride,
    Recommendation,
)
from echohub.core import audit
from echohub.scheduling.models import FollowUpRequest


class AuditedCaseContent(admin.ModelAdmin):
    """Admin pages show case content: the list writes one `case.list_read` entry per program
    with the cases of the page, and an object's page a `case.read` of its case."""

    case_field = "case"  # how a row reaches its case ("" for the Case itself)

    def _case_id(self, obj: Any) -> int | None:
        return obj.pk if not self.case_field else getattr(obj, f"{self.case_field}_id", None)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        cl = getattr(response, "context_data", {}).get("cl")
        if cl is None:  # a redirect (bad filter) or an action's confirmation page
            return response
        rows = list(cl.result_list)
        case_ids = {i for i in (self._case_id(r) for r in rows) if i is not None}
        programs = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "program_id"))
        by_program: dict[int | None, list[int]] = {}
        for case_id in sorted(case_ids):
            by_program.setdefault(programs.get(case_id), []).append(case_id)
        audit.record_reads(
            actor=request.user,
            action="case.list_read",
            object_type=Case._meta.label_lower,
            ids=(),
            view=f"admin.{self.model._meta.model_name}.list",
            by_program=by_program,
        )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        case_id = self._case_id(original) if original is not None else None
        if case_id is None or request.method != "GET":
            return response
        case = Case.objects.select_related("program").filter(pk=case_id).first()
        if case is not None:
            audit.record(
                actor=request.user,
                action="case.read",
                obj=case,
                program=case.program,
                changes={"view": f"admin.{self.model._meta.model_name}.change"},
            )
        return response


class MedicationInline(admin.TabularInline):
    model = CaseMedication
    extra = 0


@admin.register(Case)
class CaseAdmin(AuditedCaseContent):
    case_field = ""
    list_display = ["__str__", "program", "presenter", "status", "updated_at"]
    list_filter = ["program", "status"]
    raw_id_fields = ["presenter", "session", "agenda_item", "site"]
    inlines = [MedicationInline]


@admin.register(Recommendation)
class RecommendationAdmin(AuditedCaseContent):
    list_display = ["case", "discipline", "author", "version", "updated_at"]
    raw_id_fields = ["case", "author"]


@admin.register(FollowUp)
class FollowUpAdmin(AuditedCaseContent):
    list_display = ["case", "reported_by", "created_at"]
    raw_id_fields = ["case", "reported_by"]


@admin.register(FollowUpRequest)
class FollowUpRequestAdmin(AuditedCaseContent):
    """A presenter's request for a follow-up slot (a scheduling model about a case)."""

    list_display = ["case", "requested_by", "created_at", "answered_at"]
    raw_id_fields = ["case", "requested_by", "slot"]


@admin.register(PhiOverride)
class PhiOverrideAdmin(AuditedCaseContent):
    list_display = ["case", "field", "kind", "actor", "at"]
    raw_id_fields = ["case", "actor"]


@admin.register(CaseMedication)
class CaseMedicationAdmin(AuditedCaseContent):
    list_display = ["drug", "dose", "unit", "case"]
    raw_id_fields = ["case", "follow_up"]


@admin.register(CaseScore)
class CaseScoreAdmin(AuditedCaseContent):
    list_display = ["instrument", "total", "case"]
    raw_id_fields = ["case", "follow_up"]


@admin.register(CaseFormConfig)
class CaseFormConfigAdmin(admin.ModelAdmin):
    """Edited on the program's case form page, which checks it; read-only here."""

    list_display = ["program", "updated_by", "updated_at"]
    readonly_fields = ["program", "fields", "sections", "questions", "updated_by"]
