from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from echohub.accounts.elision import elide as _elide

register = template.Library()


@register.filter
def elide(sentence: Any, inserted: Any) -> str:
    """`{% blocktranslate with who=name asvar said %}message by {{ who }}{% endblocktranslate %}
    {{ said|elide:name }}`: « message d’Aisha » in French (« de » before a vowel elided)."""
    language = get_language() or "en"
    if isinstance(sentence, SafeData):  # escaped by blocktranslate: match the escaped name
        return mark_safe(_elide(str(sentence), str(conditional_escape(inserted)), language))  # noqa: S308 - both parts already escaped
    return _elide(str(sentence), str(inserted), language)
