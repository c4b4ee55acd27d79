"""Receivers that keep the index current when talks, tools, cases, recommendations and
follow-ups are saved or deleted, and when cases are purged. They only route to
`indexing` (the rules of what is indexed live there). A draft's many autosaves cost nothing:
a case outside the library statuses costs one indexed existence check (its rows are removed
when it has left the library)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from echohub.cases.models import Case, FollowUp, Recommendation
from echohub.search import indexing
from echohub.search.models import SearchDocument


def _case_saved(sender: Any, instance: Case, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    if instance.status in indexing.library_statuses():
        indexing.index_case(instance.pk)
    elif SearchDocument.objects.filter(case_id=instance.pk).exists():
        # It left the library (an admin edit, a data fix, a withdrawal): its rows go.
        indexing.forget_cases([instance.pk])


def _case_deleted(sender: Any, instance: Case, **kwargs: Any) -> None:
    indexing.forget_cases([instance.pk])


def _part_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A recommendation or follow-up: reindex its case when the case is in the library."""
    if raw:
        return
    case = instance._state.fields_cache.get("case")
    statuses = indexing.library_statuses()
    if case is not None:
        in_library = case.status in statuses
    else:
        in_library = Case.objects.filter(pk=instance.case_id, status__in=statuses).exists()
    if in_library:
        indexing.index_case(instance.case_id)


def _talk_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index_talk(instance.pk)


def _tool_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index_tool(instance.pk)


def _tags_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from echohub.library.models import Talk, Tool

    if isinstance(instance, Talk):
        indexing.index_talk(instance.pk)
    elif isinstance(instance, Tool):
        indexing.index_tool(instance.pk)


def _purged(sender: Any, case_ids: list[int], **kwargs: Any) -> None:
    indexing.forget_cases(case_ids)


def connect() -> None:
    from echohub.library.models import Talk, Tool

    uid = "echohub.search"
    post_save.connect(_case_saved, sender=Case, dispatch_uid=f"{uid}.case_saved")
    post_delete.connect(_case_deleted, sender=Case, dispatch_uid=f"{uid}.case_deleted")
    for model in (Recommendation, FollowUp):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.s")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.d")
    post_save.connect(_talk_changed, sender=Talk, dispatch_uid=f"{uid}.talk_saved")
    post_delete.connect(_talk_changed, sender=Talk, dispatch_uid=f"{uid}.talk_deleted")
    post_save.connect(_tool_changed, sender=Tool, dispatch_uid=f"{uid}.tool_saved")
    post_delete.connect(_tool_changed, sender=Tool, dispatch_uid=f"{uid}.tool_deleted")
    m2m_changed.connect(_tags_changed, sender=Talk.tags.through, dispatch_uid=f"{uid}.talk_tags")
    m2m_changed.connect(_tags_changed, sender=Tool.tags.through, dispatch_uid=f"{uid}.tool_tags")
    try:
        from echohub.privacy.signals import cases_purged
    except ImportError:  # the purge's signal is not there yet: reindex sweeps instead
        return
    cases_purged.connect(_purged, dispatch_uid=f"{uid}.purged")
