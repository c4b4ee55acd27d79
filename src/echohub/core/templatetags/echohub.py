from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


def unread_badge_html(n: int) -> SafeString | str:
    """The unread-count badge after a menu entry: the number shown (hidden from screen readers)
    and "(N unread notifications)" read instead; nothing when there are none. One markup for
    every app's badge (discussions, mentoring)."""
    from django.utils.html import format_html
    from django.utils.translation import ngettext

    if not n:
        return ""
    label = ngettext("%(n)d unread notification", "%(n)d unread notifications", n) % {"n": n}
    return format_html(
        ' <span class="badge" aria-hidden="true">{}</span>'
        '<span class="visually-hidden"> ({})</span>',
        n,
        label,
    )


@register.filter(expects_localtime=True)
def local_date(value: Any, name: str = "date") -> str:
    """`{{ value|local_date:"datetime" }}`: a date or time in a named format of the reader's
    language ("4 déc. 2026, 12 h 30" in French); the names are `echohub.formats.NAMED_FORMATS`.
    """
    import datetime as dt

    from django.template import defaultfilters
    from django.utils import formats

    from echohub.formats import NAMED_FORMATS, zone_in_language

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
    return zone_in_language(defaultfilters.date(value, fmt), value, setting)


@register.filter
def grouped(value: Any) -> Any:
    """`{{ n|grouped }}`: a number with its thousands grouped in the reader's language
    ("5 364" and "1 174,2" in French, "5,364" and "1,174.2" in English); anything else (a
    hidden small count "<5", "no data", None) as it is."""
    from decimal import Decimal

    from django.utils import formats

    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return formats.number_format(value, use_l10n=True, force_grouping=True)


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

    from echohub.formats import zone_in_language

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
            text = formats.date_format(local, "DAY_DATETIME_TZ_FORMAT")
            return zone_in_language(text, local, "DAY_DATETIME_TZ_FORMAT")
    if isinstance(value, list | tuple):
        return ", ".join(_readable(v) for v in value) or "—"
    return str(value)


@register.filter
def audit_change(value: Any) -> str:
    """An audit entry's change: ``[before, after]`` reads "before → after"."""
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{_readable(value[0])} → {_readable(value[1])}"
    return _readable(value)


# --- bilingual program content (echohub.core.bilingual) -----------------------------------


@register.filter
def tr(obj: Any, field: str) -> str:
    """`{{ program|tr:"name" }}`: the text in the reader's language, else the other one, as
    plain text (for <title>, attributes, options). Use `tr_html` where a marker can show."""
    from echohub.core import bilingual

    return bilingual.text(obj, field) if obj is not None else ""


def _marked(value: Any, body: SafeString, tag: str) -> SafeString:
    """`body` (already escaped) as is, or in a `lang` element with the fallback marker."""
    from django.utils.html import format_html

    from echohub.core import bilingual

    if not value.fell_back:
        return body
    return format_html(
        '<{} lang="{}">{}</{}> <span class="lang-fallback">{}</span>',
        tag,
        value.language,
        body,
        tag,
        bilingual.marker(value),
    )


@register.filter
def tr_html(obj: Any, field: str) -> SafeString:
    """`{{ item|tr_html:"title" }}`: the text in the reader's language; when only the other
    language has it, that text in a ``<span lang="en">`` followed by a visible "(in English)"
    (in the reader's language), so screen readers switch voice and everyone sees why."""
    from django.utils.html import escape

    from echohub.core import bilingual

    if obj is None:
        return SafeString("")
    value = bilingual.localized(obj, field)
    return _marked(value, escape(value.text), "span")


@register.filter
def written_in(text: Any, language: str) -> SafeString:
    """`{{ talk.key_points|written_in:talk.program.default_language }}`: a text with one field
    only (no French twin), written in `language` (its program's first content language), as
    `linebreaksbr` makes it; when that is not the reader's language, in a ``<span lang="..">``
    with the visible "(in English)", as `tr_html` marks a fallback."""
    from django.template.defaultfilters import linebreaksbr

    from echohub.core import bilingual

    body = SafeString(linebreaksbr(text or "", autoescape=True))
    written = bilingual.content_language(language)
    value = bilingual.Localized(
        str(text or ""), written, fell_back=written != bilingual.content_language()
    )
    return _marked(value, body, "span")


@register.filter
def tr_block(obj: Any, field: str) -> SafeString:
    """`{{ program|tr_block:"description" }}`: like `tr_html` for multi-line text (paragraphs
    as `linebreaks` makes them, in a ``<div lang="..">`` when it fell back)."""
    from django.template.defaultfilters import linebreaks_filter

    from echohub.core import bilingual

    if obj is None:
        return SafeString("")
    value = bilingual.localized(obj, field)
    return _marked(value, SafeString(linebreaks_filter(value.text, autoescape=True)), "div")


@register.filter
def phi_label(kind: str) -> str:
    """An identifier finding's kind code as a reader says it, in the active language."""
    from echohub.core.phi_check import kind_label

    return kind_label(str(kind))


@register.filter
def plural_count(value: Any) -> int:
    """`{% blocktranslate count c=hours|plural_count %}`: a whole number that picks the right
    plural form for a decimal quantity (``ngettext`` takes whole numbers only). English
    writes the singular for exactly 1 ("1 hour", "1.5 hours", "0.5 hours"); French for any
    quantity under 2 ("1,5 heure", OQLF). Not a number: the plural."""
    from decimal import Decimal, InvalidOperation

    from django.utils.translation import get_language

    try:
        number = abs(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return 2
    if (get_language() or "").startswith("fr"):
        return 1 if number < 2 else 2
    return 1 if number == 1 else 2
