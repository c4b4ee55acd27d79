from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from echohub.credits.models import Certificate, CertificateBatch, CreditAward, CreditRule


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records are kept: the admin shows them; services make every change."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CreditRule)
class CreditRuleAdmin(ReadOnlyAdmin):
    list_display = ["program", "credit_type", "version", "credits_per_hour", "active"]
    list_filter = ["credit_type", "active"]


@admin.register(CreditAward)
class CreditAwardAdmin(ReadOnlyAdmin):
    list_display = ["rule", "session", "user", "minutes", "eligible", "credits"]
    list_filter = ["eligible"]
    raw_id_fields = ["rule", "session", "user"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "program", "user", "scope", "credits", "issued_at", "superseded_at"]
    search_fields = ["number"]
    raw_id_fields = ["user", "session", "series", "rule", "batch"]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(ReadOnlyAdmin):
    list_display = ["program", "series", "rule", "status", "total", "done", "created_at"]
