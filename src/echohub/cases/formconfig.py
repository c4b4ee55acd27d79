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


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    kind: str
    choices: tuple[str, ...]
    required: bool
    help: str

    @property
    def key(self) -> str:
        """The form field and identifier-check field of the answer."""
        return f"extra_{self.name}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "kind": self.kind,
            "choices": list(self.choices),
            "required": self.required,
            "help": self.help,
        }


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

    def label(self, name: str) -> str:
        setting = self.fields.get(name)
        if setting and setting.label:
            return setting.label
        return default_label(name)

    def help(self, name: str) -> str:
        setting = self.fields.get(name)
        return setting.help if setting else ""

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
                    "help": s.help,
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
        )
    qs = tuple(
        Question(
            name=str(q["name"]),
            label=str(q.get("label") or q["name"]),
            kind=str(q.get("kind") or "text"),
            choices=tuple(str(c) for c in q.get("choices") or ()),
            required=bool(q.get("required")),
            help=str(q.get("help") or ""),
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
        if required and not shown:
            raise DomainError(
                "required_hidden",
                _("“%(f)s” is required but hidden: show it or make it optional.")
                % {"f": label or default_label(name)},
                field=name,
            )
        if len(label) > LABEL_MAX or len(help_text) > HELP_MAX:
            raise DomainError(
                "too_long",
                _("Labels are at most %(l)d characters, help texts %(h)d.")
                % {"l": LABEL_MAX, "h": HELP_MAX},
                field=name,
            )
        settings[name] = FieldSetting(name, shown, required, label, help_text)
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
        if not label or len(label) > LABEL_MAX:
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
        if len(choices) > MAX_CHOICES or any(len(c) > CHOICE_MAX for c in choices):
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
        s.name: {"shown": s.shown, "required": s.required, "label": s.label, "help": s.help}
        for s in config.fields.values()
    }
    return fields, dict(config.sections), [q.to_dict() for q in config.questions]
