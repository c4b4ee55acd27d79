from __future__ import annotations

from django import template
from django.utils.translation import get_language

from echohub.accounts.zones import zone_label as _zone_label
from echohub.accounts.zones import zone_name as _zone_name

register = template.Library()


@register.filter
def zone_name(key: str) -> str:
    """`{{ user.time_zone|zone_name }}`: "Eastern time (Toronto)" in the active language."""
    return _zone_name(str(key or ""), get_language() or "en")


@register.filter
def zone_label(key: str) -> str:
    """`{{ program.time_zone|zone_label }}`: "Eastern time (Toronto)", « Heure de l’Est
    (Toronto) » — the zone as the time-zone picker names it, to stand after a label."""
    return _zone_label(str(key or ""), get_language() or "en")
