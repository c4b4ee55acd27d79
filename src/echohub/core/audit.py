"""Write to the audit log. Services call `record` inside their transaction."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from django.db import models

from echohub.core.models import AuditEntry

if TYPE_CHECKING:
    from echohub.programs.models import Program


def _plain(value: Any) -> Any:
    """A JSON-safe, stable form of a field value (enums as their value, objects as their pk)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def diff(obj: models.Model, fields: list[str], before: dict[str, Any]) -> dict[str, Any]:
    """Changed fields between a `snapshot` taken earlier and the object now."""
    after = snapshot(obj, fields)
    return {f: [before.get(f), after[f]] for f in fields if before.get(f) != after[f]}


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: _plain(getattr(obj, f)) for f in fields}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    program: Program | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        program=program,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes={k: _plain(v) for k, v in (changes or {}).items()},
    )
