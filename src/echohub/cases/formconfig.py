"""A program's case form: which optional fields and sections are shown, which are required at
submission, their labels and help, and extra questions of the program's own.

The chronic pain template (the form as shipped) is the default: a program without a stored
`CaseFormConfig` uses it, and "reset" deletes the stored one. Hiding a field never deletes what
cases already hold: a hidden field that holds text is still shown to its presenter (so it can be
read, corrected or cleared) and on the case page, and is still scanned for identifiers. The
short title, the questions for the hub, the attestation, the patient's agreement and the
identifier check cannot be switched off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from echohub.cases.models import Case, CaseFormConfig
from echohub.core import bilingual
from echohub.core.errors import DomainError
from echohub.programs.models import Program

#: Always shown and required (the hub needs a title and the presenter's questions).
LOCKED = ("title", "questions")
#: The fields a program may show or hide, require, relabel and explain, in form order.
CONFIGURABLE = (
    "theme",
    "age_band",
    "sex_gender",
    "pain_locations",
    "pain_duration",
    "pain_type",
    "working_diagnoses",
    "function",
    "work_status",
    "treatments_pharmacological",
    "treatments_physical",
    "treatments_psychological",
    "treatments_interventional",
    "mental_health",
    "substance_use",
    "social_context",
    "patient_goals",
)
#: Required at submission in the chronic pain template.
DEFAULT_REQUIRED = frozenset({"age_band", "sex_gender"})
SECTIONS = {
    "medications": gettext_lazy("Current medications (with MME/day)"),
    "scores": gettext_lazy("Instrument scores"),
}
QUESTION_KINDS = ("text", "choice")
MAX_QUESTIONS = 20
MAX_CHOICES = 30
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
LABEL_MAX, HELP_MAX, CHOICE_MAX, ANSWER_MAX = 200, 300, 100, 5000


def default_label(name: str) -> str:
    """The template's label of a Case field."""
    model_field = Case._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return str(model_field.verbose_name)


@dataclass(frozen=True)
class FieldSetting:
    name: str
    shown: bool
    required: bool
    label: str  # "" : the field's own label
    help: str  # "" : the field's own help
    # The same in French (a bilingual program's; see echohub.core.bilingual).
    label_fr: str = ""
    help_fr: str = ""


@dataclass(frozen=True)
class Question:
    """An extra question. `label`/`help` English, `label_fr`/`help_fr` French (either may be
    empty when the other is given); `choices_fr` are the French names of `choices`, by
    position (the stored answer is the choice, whichever language it was picked in)."""

    name: str
    label: str
    kind: str
    choices: tuple[str, ...]
    required: bool
    help: str
    label_fr: str = ""
    help_fr: str = ""
    choices_fr: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The form field and identifier-check field of the answer."""
        return f"extra_{self.name}"

    def display_label(self, language: str | None = None) -> str:
        """The question in the reader's language, else the other one (marked)."""
        return _marked(bilingual.localized(self, "label", language), language) or self.name

    def display_help(self, language: str | None = None) -> str:
        return bilingual.text(self, "help", language)

    def display_choices(self, language: str | None = None) -> list[tuple[str, str]]:
        """(stored value, label in the reader's language) for each choice."""
        french = bilingual.content_language(language) == "fr"
        out = []
        for i, choice in enumerate(self.choices):
            fr = self.choices_fr[i] if i < len(self.choices_fr) else ""
            out.append((choice, (fr or choice) if french else (choice or fr)))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "label_fr": self.label_fr,
            "kind": self.kind,
            "choices": list(self.choices),
            "choices_fr": list(self.choices_fr),
            "required": self.required,
            "help": self.help,
            "help_fr": self.help_fr,
        }


def _marked(value: bilingual.Localized, language: str | None = None) -> str:
    """Plain text with the fallback marker after it (form labels cannot hold markup)."""
    marker = bilingual.marker(value, language)
    return f"{value.text} {marker}" if marker else value.text


@dataclass(frozen=True)
class FormConfig:
    fields: dict[str, FieldSetting]
    sections: dict[str, bool]
    questions: tuple[Question, ...] = ()
    is_default: bool = True

    def shown(self, name: str) -> bool:
        return name in LOCKED or (name in self.fields and self.fields[name].shown)

    def required(self) -> list[str]:
        """The model fields required at submission, in form order."""
        return [
            "title",
            *(n for n in CONFIGURABLE if self.fields[n].shown and self.fields[n].required),
            "questions",
        ]

    def label(self, name: str, language: str | None = None) -> str:
        """The program's label in the reader's language (else its other one, marked), else
        the template's label (translated)."""
        setting = self.fields.get(name)
        if setting:
            text = _marked(bilingual.localized(setting, "label", language), language)
            if text:
                return text
        return default_label(name)

    def help(self, name: str, language: str | None = None) -> str:
        setting = self.fields.get(name)
        return bilingual.text(setting, "help", language) if setting else ""

    def question(self, name: str) -> Question | None:
        return next((q for q in self.questions if q.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "is_default": self.is_default,
            "fields": [
                {
                    "name": s.name,
                    "shown": s.shown,
                    "required": s.required,
                    "label": s.label,
                    "label_fr": s.label_fr,
                    "help": s.help,
                    "help_fr": s.help_fr,
                    "default_label": default_label(s.name),
                }
                for s in self.fields.values()
            ],
            "sections": dict(self.sections),
            "questions": [q.to_dict() for q in self.questions],
        }


def default_config() -> FormConfig:
    return FormConfig(
        fields={
            n: FieldSetting(n, shown=True, required=n in DEFAULT_REQUIRED, label="", help="")
            for n in CONFIGURABLE
        },
        sections=dict.fromkeys(SECTIONS, True),
    )


def config_of(program: Program) -> FormConfig:
    """The program's case form (one query), the chronic pain template when none is stored."""
    stored = CaseFormConfig.objects.filter(program=program).first()
    if stored is None:
        return default_config()
    return from_stored(stored.fields, stored.sections, stored.questions)


def from_stored(
    fields: dict[str, Any], sections: dict[str, Any], questions: list[Any]
) -> FormConfig:
    """Read stored JSON leniently: a field added to the template later takes its default."""
    base = default_config()
    out = {}
    for name, default in base.fields.items():
        raw = fields.get(name) or {}
        out[name] = FieldSetting(
            name,
            shown=bool(raw.get("shown", default.shown)),
            required=bool(raw.get("required", default.required)) and bool(raw.get("shown", True)),
            label=str(raw.get("label") or ""),
            help=str(raw.get("help") or ""),
            label_fr=str(raw.get("label_fr") or ""),
            help_fr=str(raw.get("help_fr") or ""),
        )
    qs = tuple(
        Question(
            name=str(q["name"]),
            label=str(q.get("label") or ("" if q.get("label_fr") else q["name"])),
            kind=str(q.get("kind") or "text"),
            choices=tuple(str(c) for c in q.get("choices") or ()),
            required=bool(q.get("required")),
            help=str(q.get("help") or ""),
            label_fr=str(q.get("label_fr") or ""),
            help_fr=str(q.get("help_fr") or ""),
            choices_fr=tuple(str(c) for c in q.get("choices_fr") or ()),
        )
        for q in questions
        if isinstance(q, dict) and q.get("name")
    )
    return FormConfig(
        fields=out,
        sections={k: bool(sections.get(k, True)) for k in SECTIONS},
        questions=qs,
        is_default=False,
    )


def validate(
    fields: dict[str, dict[str, Any]],
    sections: dict[str, Any],
    questions: list[dict[str, Any]],
) -> FormConfig:
    """Check a configuration as sent (web form or API) and return it; DomainError otherwise.
    Field errors name `<field>` or `question-<n>` (1-based) so forms can place them."""
    unknown = set(fields) - set(CONFIGURABLE)
    if unknown:
        raise DomainError(
            "invalid_field",
            _("These fields cannot be configured: %(f)s.") % {"f": ", ".join(sorted(unknown))},
        )
    settings = {}
    base = default_config()
    for name in CONFIGURABLE:
        raw = fields.get(name, {})
        shown = bool(raw.get("shown", base.fields[name].shown))
        required = bool(raw.get("required", base.fields[name].required))
        label = str(raw.get("label") or "").strip()
        help_text = str(raw.get("help") or "").strip()
        label_fr = str(raw.get("label_fr") or "").strip()
        help_fr = str(raw.get("help_fr") or "").strip()
        if required and not shown:
            raise DomainError(
                "required_hidden",
                _("“%(f)s” is required but hidden: show it or make it optional.")
                % {"f": label or label_fr or default_label(name)},
                field=name,
            )
        if (
            max(len(label), len(label_fr)) > LABEL_MAX
            or max(len(help_text), len(help_fr)) > HELP_MAX
        ):
            raise DomainError(
                "too_long",
                _("Labels are at most %(l)d characters, help texts %(h)d.")
                % {"l": LABEL_MAX, "h": HELP_MAX},
                field=name,
            )
        settings[name] = FieldSetting(
            name, shown, required, label, help_text, label_fr=label_fr, help_fr=help_fr
        )
    if set(sections) - set(SECTIONS):
        raise DomainError("invalid_section", _("Unknown form section."))
    if len(questions) > MAX_QUESTIONS:
        raise DomainError(
            "too_many_questions",
            _("At most %(n)d extra questions.") % {"n": MAX_QUESTIONS},
        )
    reserved = {f.name for f in Case._meta.get_fields()}
    seen: set[str] = set()
    parsed = []
    for i, q in enumerate(questions, start=1):
        where = f"question-{i}"
        name = str(q.get("name") or "").strip().lower()
        label = str(q.get("label") or "").strip()
        label_fr = str(q.get("label_fr") or "").strip()
        kind = str(q.get("kind") or "text")
        if not NAME_RE.match(name):
            raise DomainError(
                "invalid_question_name",
                _(
                    "Question %(i)d: the name is 1 to 32 lower-case letters, digits or _, "
                    "starting with a letter."
                )
                % {"i": i},
                field=where,
            )
        if name in seen or name in reserved:
            raise DomainError(
                "duplicate_question",
                _("Question %(i)d: another question or field is already named “%(n)s”.")
                % {"i": i, "n": name},
                field=where,
            )
        seen.add(name)
        # The question in English, in French or both.
        if not (label or label_fr) or max(len(label), len(label_fr)) > LABEL_MAX:
            raise DomainError(
                "question_label_required",
                _("Question %(i)d: give the question (at most %(l)d characters).")
                % {"i": i, "l": LABEL_MAX},
                field=where,
            )
        if kind not in QUESTION_KINDS:
            raise DomainError(
                "invalid_question_kind", _("Question %(i)d: unknown kind.") % {"i": i}, field=where
            )
        raw_choices = q.get("choices") or []
        if isinstance(raw_choices, str):
            raw_choices = raw_choices.splitlines()
        choices = tuple(dict.fromkeys(str(c).strip() for c in raw_choices if str(c).strip()))
        if kind == "choice" and len(choices) < 2:
            raise DomainError(
                "choices_required",
                _("Question %(i)d: a choice question needs at least two choices.") % {"i": i},
                field=where,
            )
        raw_fr = q.get("choices_fr") or []
        if isinstance(raw_fr, str):
            raw_fr = raw_fr.splitlines()
        choices_fr = tuple(str(c).strip() for c in raw_fr)
        while choices_fr and not choices_fr[-1]:
            choices_fr = choices_fr[:-1]
        if kind == "choice" and len(choices_fr) > len(choices):
            raise DomainError(
                "choices_fr_mismatch",
                _("Question %(i)d: give the French choices in the same order, one per choice.")
                % {"i": i},
                field=where,
            )
        if (
            len(choices) > MAX_CHOICES
            or any(len(c) > CHOICE_MAX for c in choices)
            or any(len(c) > CHOICE_MAX for c in choices_fr)
        ):
            raise DomainError(
                "too_many_choices",
                _("Question %(i)d: at most %(n)d choices of %(l)d characters.")
                % {"i": i, "n": MAX_CHOICES, "l": CHOICE_MAX},
                field=where,
            )
        parsed.append(
            Question(
                name=name,
                label=label,
                kind=kind,
                choices=choices if kind == "choice" else (),
                required=bool(q.get("required")),
                help=str(q.get("help") or "").strip()[:HELP_MAX],
                label_fr=label_fr,
                help_fr=str(q.get("help_fr") or "").strip()[:HELP_MAX],
                choices_fr=choices_fr if kind == "choice" else (),
            )
        )
    return FormConfig(
        fields=settings,
        sections={k: bool(sections.get(k, True)) for k in SECTIONS},
        questions=tuple(parsed),
        is_default=False,
    )


def to_stored(config: FormConfig) -> tuple[dict[str, Any], dict[str, bool], list[Any]]:
    fields = {
        s.name: {
            "shown": s.shown,
            "required": s.required,
            "label": s.label,
            "help": s.help,
            **({"label_fr": s.label_fr} if s.label_fr else {}),
            **({"help_fr": s.help_fr} if s.help_fr else {}),
        }
        for s in config.fields.values()
    }
    return fields, dict(config.sections), [q.to_dict() for q in config.questions]
