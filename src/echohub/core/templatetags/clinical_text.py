"""`{% load clinical_text %}`: the clinical package's text in the reader's language
(see echohub/core/clinical_text.py)."""

from __future__ import annotations

from typing import Any

from django import template

from echohub.core import clinical_text

register = template.Library()


@register.filter
def localized_plan(plan: Any) -> Any:
    """`{% with plan=plan|localized_plan %}`: a stored taper plan with its text translated."""
    return clinical_text.localized_plan(plan)


@register.filter
def localized_mme(result: Any) -> Any:
    """`{% with mme=mme|localized_mme %}`: an MME result with its cautions translated."""
    return clinical_text.localized_mme(result)
