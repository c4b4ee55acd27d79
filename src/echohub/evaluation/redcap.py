"""Data dictionaries for research exports: the plain one (data_dictionary.csv) and a
REDCap-compatible one (redcap_data_dictionary.csv, the 18 columns of REDCap's data dictionary
import).

REDCap rules applied here: field and form names are lowercase letters, digits and underscores,
start with a letter, at most 26 characters, unique in the project (a clash gets a numbered
suffix); the record id (``pid``) is the first field of the first form; choices are written
``code, Label | code, Label`` with codes made of letters, digits and underscores (a variable
whose codes do not fit is declared as text with its allowed values in the field note, so the
exported data still imports unchanged). Survey questions become fields: radio (single choice,
Likert), checkbox (multiple choice), text validated as a number (number), notes (free text),
and one radio per row sharing a matrix group (matrix).

No database access here: callers pass plain values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

REDCAP_COLUMNS = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]
DICTIONARY_COLUMNS = ["dataset", "variable", "label", "type", "allowed_values", "note"]

NAME_MAX = 26
_NAME_OK = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE_OK = re.compile(r"^[A-Za-z0-9_]+$")
_RESERVED_PREFIX = "redcap_"

# Variable types -> (REDCap field type, text validation)
_TYPES = {
    "text": ("text", ""),
    "integer": ("text", "integer"),
    "number": ("text", "number"),
    "date": ("text", "date_ymd"),
    "month": ("text", ""),
    "boolean": ("yesno", ""),
    "category": ("dropdown", ""),
    "notes": ("notes", ""),
}


@dataclass(frozen=True)
class Variable:
    """One column of a dataset. `type` is one of text, integer, number, date (YYYY-MM-DD),
    month (YYYY-MM), boolean (1 = yes, 0 = no, blank = not known), category (`choices`),
    notes (long free text)."""

    name: str
    label: str
    type: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class QuestionInfo:
    """What the dictionaries need to know of a survey question."""

    survey_id: int
    survey_title: str
    code: str
    kind: str
    text: str
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()
    rows: tuple[tuple[str, str], ...] = ()
    min_value: Any = None
    max_value: Any = None


@dataclass
class Names:
    """REDCap names handed out so far (field names and form names are separate spaces)."""

    used: set[str] = field(default_factory=set)

    def take(self, raw: str) -> str:
        name = redcap_name(raw)
        base, n = name, 2
        while name in self.used:
            suffix = f"_{n}"
            name = base[: NAME_MAX - len(suffix)].rstrip("_") + suffix
            n += 1
        self.used.add(name)
        return name


def redcap_name(raw: str) -> str:
    """A valid REDCap variable name made from `raw` (not yet made unique)."""
    name = re.sub(r"[^a-z0-9_]+", "_", raw.lower())
    name = re.sub(r"_+", "_", name).strip("_")
    if not name or not name[0].isalpha() or name.startswith(_RESERVED_PREFIX):
        name = f"v_{name}".rstrip("_")
    return name[:NAME_MAX].rstrip("_")


def is_valid_name(name: str) -> bool:
    return len(name) <= NAME_MAX and bool(_NAME_OK.match(name))


def _clean(text: str) -> str:
    """A label safe inside a REDCap choices cell (no pipes, no line breaks)."""
    return " ".join(str(text).replace("|", "/").split())


def choices_string(choices: Sequence[tuple[str, str]]) -> str:
    return " | ".join(f"{code}, {_clean(label)}" for code, label in choices)


def codes_fit(choices: Sequence[tuple[str, str]]) -> bool:
    return bool(choices) and all(_CODE_OK.match(code) for code, _label in choices)


def allowed_values(var: Variable) -> str:
    if var.choices:
        return "; ".join(f"{code} = {label}" for code, label in var.choices)
    return {
        "boolean": "1 = yes; 0 = no; blank = not known",
        "date": "YYYY-MM-DD",
        "month": "YYYY-MM",
        "integer": "whole number",
        "number": "number (decimal point)",
    }.get(var.type, "")


# The plain dictionary ----------------------------------------------------------------------


def dictionary_rows(
    datasets: Iterable[tuple[str, Sequence[Variable]]], questions: Iterable[QuestionInfo]
) -> Iterator[list[str]]:
    """Rows of data_dictionary.csv (after its header): each dataset's variables, then each
    survey question (the values `question_code` takes in survey_answers and free_text)."""
    for dataset, variables in datasets:
        for var in variables:
            yield [dataset, var.name, var.label, var.type, allowed_values(var), var.note]
    for q in questions:
        allowed = "; ".join(f"{v} = {label}" for v, label in q.options)
        if q.kind == "number":
            bounds = [str(b) for b in (q.min_value, q.max_value)]
            allowed = "number" + (f" from {bounds[0]} to {bounds[1]}" if any(bounds) else "")
        note = f"survey {q.survey_id}: {q.survey_title}"
        if q.rows:
            note += "; rows (row_key): " + "; ".join(f"{k} = {label}" for k, label in q.rows)
        yield [f"survey_{q.survey_id}", q.code, q.text, q.kind, allowed, note]


# The REDCap dictionary ---------------------------------------------------------------------


def _row(**cells: str) -> list[str]:
    keys = {
        "name": 0, "form": 1, "section": 2, "type": 3, "label": 4, "choices": 5, "note": 6,
        "validation": 7, "min": 8, "max": 9, "identifier": 10, "branching": 11,
        "required": 12, "alignment": 13, "number": 14, "matrix": 15, "ranking": 16,
        "annotation": 17,
    }  # fmt: skip
    row = [""] * len(REDCAP_COLUMNS)
    for key, value in cells.items():
        row[keys[key]] = value
    return row


def _variable_row(name: str, form: str, var: Variable, note: str) -> list[str]:
    ftype, validation = _TYPES.get(var.type, ("text", ""))
    choices = ""
    if var.type == "category":
        if codes_fit(var.choices):
            choices = choices_string(var.choices)
        else:
            ftype = "text"
            note = f"{note} Allowed: {allowed_values(var)}".strip()
    elif var.type == "month":
        note = f"{note} Format YYYY-MM.".strip()
    return _row(
        name=name, form=form, type=ftype, label=_clean(var.label), choices=choices,
        note=note, validation=validation,
    )  # fmt: skip


def redcap_rows(
    datasets: Sequence[tuple[str, Sequence[Variable]]], questions: Sequence[QuestionInfo]
) -> Iterator[list[str]]:
    """Rows of redcap_data_dictionary.csv (after its header). The first form, `participant`,
    holds the record id `pid`; each dataset is a form; each survey is a form of its questions.
    A dataset column whose name is already taken gets a new name; the field note and the
    annotation say which CSV column it describes."""
    fields, forms = Names(), Names()
    pid_form = forms.take("participant")
    fields.take("pid")
    yield _row(
        name="pid", form=pid_form, type="text", label="Pseudonymous participant id",  # notranslate
        note="Keyed hash per study (P- and 12 characters); never the account id.",
    )  # fmt: skip
    for dataset, variables in datasets:
        form = forms.take(dataset)
        for var in variables:
            if var.name == "pid":
                continue
            name = fields.take(var.name)
            note = "" if name == var.name else f"Column {var.name} of {dataset}."
            row = _variable_row(name, form, var, note)
            if name != var.name:
                row[17] = f"@CSV-COLUMN={dataset}.{var.name}"
            yield row
    for q in questions:
        yield from _question_rows(q, fields, forms)


def _question_rows(q: QuestionInfo, fields: Names, forms: Names) -> Iterator[list[str]]:
    form = f"survey_{q.survey_id}"  # always a valid name; one form per survey
    forms.used.add(form)
    label = _clean(q.text)
    required = "y" if q.required else ""
    base = f"s{q.survey_id}_{q.code}"
    annotation = f"@QUESTION-CODE={q.code}"
    if q.kind in ("likert", "single", "multiple"):
        ftype = "checkbox" if q.kind == "multiple" else "radio"
        if codes_fit(q.options):
            yield _row(
                name=fields.take(base), form=form, type=ftype, label=label,
                choices=choices_string(q.options), required=required, annotation=annotation,
            )  # fmt: skip
        else:
            allowed = "; ".join(f"{v} = {lab}" for v, lab in q.options)
            yield _row(
                name=fields.take(base), form=form, type="text", label=label,
                note=f"Allowed: {allowed}", required=required, annotation=annotation,
            )  # fmt: skip
    elif q.kind == "number":
        yield _row(
            name=fields.take(base), form=form, type="text", label=label, validation="number",
            min="" if q.min_value is None else str(q.min_value),
            max="" if q.max_value is None else str(q.max_value),
            required=required, annotation=annotation,
        )  # fmt: skip
    elif q.kind == "matrix":
        group = Names(set()).take(base)  # matrix group names follow the field-name rules
        fits = codes_fit(q.options)
        for i, (key, row_label) in enumerate(q.rows):
            yield _row(
                name=fields.take(f"{base}_{key}"), form=form, section=label if i == 0 else "",
                type="radio" if fits else "text", label=_clean(row_label),
                choices=choices_string(q.options) if fits else "", required=required,
                matrix=group if fits else "", annotation=f"{annotation} @ROW-KEY={key}",
            )  # fmt: skip
    else:  # free text
        yield _row(
            name=fields.take(base), form=form, type="notes", label=label, required=required,
            annotation=annotation,
        )  # fmt: skip
