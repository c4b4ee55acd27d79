"""Bilingual program content: one text in English and French, read in the reader's language.

A program chooses the languages of its own content (`Program.content_languages`: English only,
French only, or both with one of them first). Each translatable text is a pair of fields, the
English in ``<field>`` and the French in ``<field>_fr`` (the pattern survey questions already
used: ``Question.text`` / ``text_fr``), or in JSON a pair of keys ``label`` / ``label_fr``.
:func:`localized` picks the reader's language and falls back to the other one, and says so, so
that a page can mark the fallback text with its ``lang`` and a visible "(in English)".

Plain Python: no query, no model import (any object with the attributes, or a mapping, works).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: The languages program content can be written in; the first is the one stored in ``field``.
CONTENT_LANGUAGES = ("en", "fr")
#: The column or key suffix of each language ("" for the base field).
SUFFIX = {"en": "", "fr": "_fr"}
#: What the marker says after a text shown in another language than the reader's.
FALLBACK_MARKER = {"en": _("(in English)"), "fr": _("(in French)")}
LANGUAGE_NAMES = {"en": _("English"), "fr": _("French")}


def content_language(language: str | None = None) -> str:
    """The content language closest to `language` (default: the active one): "fr" for any
    French ("fr", "fr-ca"), "en" for everything else."""
    language = (language if language is not None else get_language()) or "en"
    return "fr" if language.lower().startswith("fr") else "en"


def field_name(field: str, language: str) -> str:
    """The attribute or key holding `field` in `language` ("title", "fr" -> "title_fr")."""
    return field + SUFFIX[content_language(language)]


@dataclass(frozen=True)
class Localized:
    """A text as the reader gets it: in `language` ("" when there is none in any language),
    `fell_back` when that is not the reader's."""

    text: str
    language: str
    fell_back: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def _get(obj: Any, key: str) -> str:
    value = obj.get(key, "") if isinstance(obj, Mapping) else getattr(obj, key, "")
    return str(value) if value else ""


def pick(texts: Mapping[str, str], language: str | None = None) -> Localized:
    """The text of `texts` ({language: text}) in the reader's language, else the first other
    language that has one (in CONTENT_LANGUAGES order)."""
    wanted = content_language(language)
    order = [wanted, *(lang for lang in CONTENT_LANGUAGES if lang != wanted)]
    for lang in order:
        text = texts.get(lang) or ""
        if text.strip():
            return Localized(text, lang, fell_back=lang != wanted)
    return Localized("", "", fell_back=False)


def localized(obj: Any, field: str, language: str | None = None) -> Localized:
    """`obj`'s `field` (English in ``field``, French in ``field_fr``; attributes or mapping
    keys) in `language` (default: the active language), falling back to the other language."""
    return pick({lang: _get(obj, field + SUFFIX[lang]) for lang in CONTENT_LANGUAGES}, language)


def text(obj: Any, field: str, language: str | None = None) -> str:
    """Just the text of :func:`localized` (for plain-text places: subjects, ICS, CSV)."""
    return localized(obj, field, language).text


def marker(value: Localized, language: str | None = None) -> str:
    """The visible marker of a fallback text ("" when none), in `language` (the reader's;
    default: the active language)."""
    if not value.fell_back:
        return ""
    if language is None:
        return str(FALLBACK_MARKER[value.language])
    with translation.override(language):
        return str(FALLBACK_MARKER[value.language])


def missing(obj: Any, fields: tuple[str, ...], languages: tuple[str, ...]) -> list[str]:
    """The `fields` that have text in none of `languages` (a program's required fields need
    at least one of its languages)."""
    return [f for f in fields if not any(_get(obj, f + SUFFIX[lang]).strip() for lang in languages)]
