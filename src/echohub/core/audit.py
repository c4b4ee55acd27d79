"""Write to the audit log. Services call `record` inside their transaction."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
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


def record_reads(
    *,
    actor: Any,
    action: str,
    object_type: str,
    ids: Iterable[Any],
    view: str,
    program: Program | int | None = None,
    by_program: Mapping[int | None, Iterable[Any]] | None = None,
) -> list[AuditEntry]:
    """One audit entry for one page (or API answer) that shows several objects, e.g. the case
    titles of a list or an agenda: `changes` holds the view's name and the ids shown, never
    their text. Nothing shown, nothing written.

    A page showing objects of several programs (the Django admin) passes `by_program` (program
    id -> ids) instead: one entry per program, so each program's audit page lists it. Either
    way it is a single INSERT, whatever the number of objects.
    """
    groups: dict[int | None, list[Any]] = {}
    if by_program is not None:
        for pid, values in by_program.items():
            groups.setdefault(pid, []).extend(values)
    else:
        pid = program.pk if isinstance(program, models.Model) else program
        groups[pid] = list(ids)
    who = actor if getattr(actor, "is_authenticated", False) else None
    entries = []
    for pid, values in groups.items():
        shown = sorted({_plain(v) for v in values}, key=lambda v: (str(type(v)), v))
        if not shown:
            continue
        entries.append(
            AuditEntry(
                actor=who,
                action=action,
                program_id=pid,
                object_type=object_type,
                object_id=str(shown[0]) if len(shown) == 1 else "",
                object_repr=f"{len(shown)} shown ({view})"[:200],
                changes={"view": view, "ids": shown},
            )
        )
    if not entries:
        return []
    return AuditEntry.objects.bulk_create(entries)
