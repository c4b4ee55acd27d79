from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def local_date(value: Any, name: str = "date") -> str:
    """`{{ value|local_date:"datetime" }}`: a date or time in a named format of the reader's
    language ("4 déc. 2026, 12 h 30" in French); the names are `echohub.formats.NAMED_FORMATS`.
    """
    import datetime as dt

    from django.template import defaultfilters
    from django.utils import formats

    from echohub.formats import NAMED_FORMATS

    if value in (None, ""):
        return ""
    try:
        setting = NAMED_FORMATS[name]
    except KeyError:
        raise ValueError(
            f"Unknown date format name {name!r}: one of {sorted(NAMED_FORMATS)}"
        ) from None
    fmt = str(formats.get_format(setting))
    if isinstance(value, dt.time):
        return defaultfilters.time(value, fmt)
    return defaultfilters.date(value, fmt)


@register.filter
def item(mapping: Any, key: str) -> Any:
    """`{{ mapping|item:key }}`: a dict lookup by a variable key (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


def _readable(value: Any) -> str:
    """One audited value as people read it: times in the viewer's zone, yes/no, a dash."""
    import datetime as dt

    from django.utils import formats, timezone
    from django.utils.dateparse import parse_datetime
    from django.utils.translation import gettext

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, dt.UTC)
            local = timezone.localtime(moment)
            return formats.date_format(local, "DAY_DATETIME_TZ_FORMAT")
    if isinstance(value, list | tuple):
        return ", ".join(_readable(v) for v in value) or "—"
    return str(value)


@register.filter
def audit_change(value: Any) -> str:
    """An audit entry's change: ``[before, after]`` reads "before → after"."""
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{_readable(value[0])} → {_readable(value[1])}"
    return _readable(value)
