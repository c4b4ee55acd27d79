"""Django admin for surveys (superusers). Tokens are never shown: only their hashes exist."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from echohub.evaluation.models import (
    Answer,
    FrozenFacts,
    FrozenSite,
    Question,
    Response,
    Section,
    Study,
    Survey,
    SurveyInvitation,
)


class SectionInline(admin.TabularInline[Section, Survey]):
    model = Section
    extra = 0


class QuestionInline(admin.StackedInline[Question, Survey]):
    model = Question
    extra = 0
    fields = [
        "section",
        "position",
        "code",
        "kind",
        "text",
        "text_fr",
        "required",
        "options",
        "rows",
    ]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ["title", "program", "kind", "status", "anonymous", "created_at"]
    list_filter = ["kind", "status", "anonymous"]
    search_fields = ["title", "program__name"]
    raw_id_fields = ["program", "series", "pre_survey", "created_by"]
    inlines = [SectionInline, QuestionInline]


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin[SurveyInvitation]):
    list_display = ["survey", "session", "user", "sent_at", "responded"]
    list_filter = ["responded"]
    raw_id_fields = ["survey", "session", "user"]
    exclude = ["token_hash"]


class AnswerInline(admin.TabularInline[Answer, Response]):
    model = Answer
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin[Response]):
    list_display = ["pk", "survey", "session", "submitted_on", "language"]
    raw_id_fields = ["survey", "session", "user"]
    inlines = [AnswerInline]


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin[Study]):
    list_display = ["name", "program", "created_at"]
    raw_id_fields = ["program", "created_by"]
    exclude = ["key"]


@admin.register(FrozenFacts)
class FrozenFactsAdmin(admin.ModelAdmin[FrozenFacts]):
    """Read only: changing a person's frozen facts would move them between evaluators'
    figures of months already shown (probe 1222)."""

    list_display = ["program", "user", "profession", "region", "rurality", "frozen_at"]
    raw_id_fields = ["program", "user"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(FrozenSite)
class FrozenSiteAdmin(admin.ModelAdmin[FrozenSite]):
    """Read only, like `FrozenFactsAdmin`."""

    list_display = ["program", "site_id_then", "region", "rurality", "frozen_at"]
    raw_id_fields = ["program"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
