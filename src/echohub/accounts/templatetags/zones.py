from __future__ import annotations

from django import template
from django.utils.translation import get_language

from echohub.accounts.zones import zone_name as _zone_name

register = template.Library()


@register.filter
def zone_name(key: str) -> str:
    """`{{ user.time_zone|zone_name }}`: "Eastern time (Toronto)" in the active language."""
    return _zone_name(str(key or ""), get_language() or "en")
