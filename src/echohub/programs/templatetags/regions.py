"""`{% load regions %}`: a region's name in the reader's language (`models.region_label`)."""

from __future__ import annotations

from typing import Any

from django import template

from echohub.programs.models import region_label

register = template.Library()


@register.filter(name="region")
def region(name: Any) -> str:
    """`{{ site.region|region }}`: "Nord-Est" for North East in French; "" for no region."""
    return region_label(str(name)) if name else ""
