"""`{% load attendance_text %}`: the engine's import warnings in the reader's language."""

from __future__ import annotations

from django import template

from echohub.attendance.import_text import import_warning as _import_warning
from echohub.attendance.import_text import review_reason as _review_reason

register = template.Library()


@register.filter
def import_warning(value: str) -> str:
    """`{{ w|import_warning }}` (see attendance/import_text.py)."""
    return _import_warning(str(value))


@register.filter
def review_reason(value: str) -> str:
    """`{{ row.reason|review_reason }}` (see attendance/import_text.py)."""
    return _review_reason(str(value))
