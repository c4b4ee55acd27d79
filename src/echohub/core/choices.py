"""The empty choice of a form's pickers in words, never Django's "---------".

Django starts a picker of a model's field with blank allowed, and every ModelChoiceField, with
"---------": on a page that reads as a rendering fault, in French too. :func:`name_blank_choices`
renames it after a form is built: "Choose…" where a choice is needed, "—" (the dash of the case
form's optional pickers) where none is. A field that names its empty choice itself keeps it.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

DJANGO_DASHES = "---------"


def name_blank_choices(form: forms.BaseForm) -> None:
    """Rename Django's "---------" in every picker of `form` (called at the end of __init__)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_DASHES:
                field.empty_label = _("Choose…") if field.required else "—"
        elif isinstance(field, forms.ChoiceField):
            choices: list[Any] = list(cast(Any, field.choices))
            if any(value == "" and label == DJANGO_DASHES for value, label in choices):
                label = _("Choose…") if field.required else "—"
                field.choices = [
                    (value, label if value == "" and text == DJANGO_DASHES else text)
                    for value, text in choices
                ]
