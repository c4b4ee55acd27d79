"""Forms for bilingual program content (echohub.core.bilingual).

A form declares its pairs (``title`` and ``title_fr``) and calls :func:`adapt` with the
program's content languages: an English-only program sees only ``title``, a French-only one
only ``title_fr`` (labelled plainly "Title"), a bilingual one both, its default language first,
labelled "Title (English)" / "Title (French)" with ``lang`` on each input. A required text needs
at least one of the program's languages (both inputs then carry ``required_pair``, which
core/form_fields.html marks with the required star and words for screen readers); each keeps
its own length limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from echohub.core.bilingual import SUFFIX

#: "Title (English)", "Title (French)": the label of each language's input.
IN_LANGUAGE = {"en": _("%(label)s (English)"), "fr": _("%(label)s (French)")}


def adapt(
    form: forms.BaseForm,
    languages: Sequence[str],
    pairs: Sequence[str],
    required: Sequence[str] = (),
) -> None:
    """Shape `form`'s `pairs` for `languages` (the program's, default first). Call from
    ``__init__``; call :func:`check_required` from ``clean``."""
    langs = [lang for lang in languages if lang in SUFFIX] or ["en"]
    form._bilingual_languages = tuple(langs)  # type: ignore[attr-defined]
    form._bilingual_required = tuple(required)  # type: ignore[attr-defined]
    order: list[str] = []
    for base in pairs:
        if base not in form.fields:
            continue
        label = str(form.fields[base].label or base.replace("_", " ").capitalize())
        help_text = form.fields[base].help_text
        for lang, suffix in SUFFIX.items():
            name = base + suffix
            field = form.fields.get(name)
            if field is None:
                continue
            if lang not in langs:
                del form.fields[name]
                continue
            field.required = False
            field.label = IN_LANGUAGE[lang] % {"label": label} if len(langs) > 1 else label
            field.help_text = help_text
            field.widget.attrs["lang"] = "fr-CA" if lang == "fr" else "en"
            if base in required and len(langs) == 1:
                field.required = True
            # Neither language alone is required in a bilingual program, but the pair is: the
            # form marks both inputs (core/form_fields.html) like its other required fields.
            field.required_pair = base in required and len(langs) > 1  # type: ignore[attr-defined]
        order.extend(base + SUFFIX[lang] for lang in langs if base + SUFFIX[lang] in form.fields)
    if order:
        rest = [n for n in form.fields if n not in order]
        first_pair = min((list(form.fields).index(n) for n in order if n in form.fields), default=0)
        names = rest[:first_pair] + order + rest[first_pair:]
        form.order_fields(names)


def check_required(form: forms.BaseForm, data: dict[str, Any]) -> None:
    """Add an error to each required pair with text in none of the program's languages."""
    langs: tuple[str, ...] = getattr(form, "_bilingual_languages", ("en",))
    if len(langs) < 2:
        return  # the single field is required by itself
    for base in getattr(form, "_bilingual_required", ()):
        names = [base + SUFFIX[lang] for lang in langs]
        if any(n in form.errors for n in names):
            continue
        if not any(str(data.get(n) or "").strip() for n in names):
            label = str(form.fields[names[0]].label) if names[0] in form.fields else base
            form.add_error(
                names[0],
                gettext("Give this in English, in French or in both (%(field)s).")
                % {"field": label},
            )
