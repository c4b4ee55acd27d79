"""Every free-text input has a ceiling (issue 18: "limits on every field"): each string of every
API input (request bodies and query parameters, as the OpenAPI schema declares them) and each
text field of every Django form in echohub. The ceilings are core.limits constants; a form
refuses an overlong text in the same words as the services and the API."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms

import echohub
from echohub.core import limits

#: Strings that are not free text: a calendar value, an id, a file.
NOT_FREE_TEXT_FORMATS = {"date", "date-time", "time", "uuid", "binary", "duration"}


def _bounded_pattern(pattern: str) -> bool:
    """A pattern that matches the whole value and repeats nothing without a bound."""
    return (
        pattern.startswith("^")
        and pattern.endswith("$")
        and not any(mark in pattern for mark in ("*", "+", ",}"))
    )


def _unbounded_strings(
    schema: dict[str, Any], where: str, components: dict[str, Any]
) -> Iterator[str]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    alternatives = schema.get("anyOf") or schema.get("oneOf") or []
    numeric = any(a.get("type") in ("number", "integer") for a in alternatives)
    for alternative in [*alternatives, *schema.get("allOf", [])]:
        if numeric and alternative.get("type") == "string":
            continue  # a decimal given as text, validated as a number
        yield from _unbounded_strings(alternative, where, components)
    if (
        schema.get("type") == "string"
        and "maxLength" not in schema
        and "enum" not in schema
        and "const" not in schema
        and schema.get("format") not in NOT_FREE_TEXT_FORMATS
        and not _bounded_pattern(schema.get("pattern", ""))
    ):
        yield where
    if schema.get("type") == "array" and "items" in schema:
        yield from _unbounded_strings(schema["items"], f"{where}[]", components)
    for name, prop in (schema.get("properties") or {}).items():
        yield from _unbounded_strings(prop, f"{where}.{name}", components)


def api_offenders() -> list[str]:
    from echohub.api.api import api

    spec = api.get_openapi_schema()
    components = spec.get("components", {}).get("schemas", {})
    found: list[str] = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            here = f"{method.upper()} {path}"
            for param in operation.get("parameters", []):
                if param.get("in") != "path":  # path values are matched by the router
                    found += _unbounded_strings(
                        param.get("schema", {}), f"{here} ?{param['name']}", components
                    )
            for content in (operation.get("requestBody") or {}).get("content", {}).values():
                found += _unbounded_strings(content["schema"], f"{here} body", components)
    return sorted(set(found))


def echohub_forms() -> list[type[forms.BaseForm]]:
    classes: set[type[forms.BaseForm]] = set()
    for info in pkgutil.walk_packages(echohub.__path__, "echohub."):
        if any(part in info.name for part in ("migrations", "settings", "wsgi", "asgi")):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__.startswith("echohub."):
                classes.add(cls)
    return sorted(classes, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _fields(cls: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The form's fields as made for a page: an instance's when it can be made without
    arguments (fields set up in __init__ count too), else the class's."""
    try:
        return dict(cls().fields)
    except Exception:
        return dict(cls.base_fields)  # type: ignore[attr-defined]


def form_offenders() -> list[str]:
    found = []
    for cls in echohub_forms():
        for name, field in _fields(cls).items():
            if isinstance(field, forms.CharField) and field.max_length is None:
                found.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    return found


def test_the_walk_finds_the_api_inputs_and_the_forms():
    """The walks below see what they must (else an empty list would prove nothing)."""
    classes = {f"{c.__module__}.{c.__qualname__}" for c in echohub_forms()}
    assert {
        "echohub.cases.forms.CaseForm",
        "echohub.programs.forms.ProgramSettingsForm",
        "echohub.security.forms.SignInForm",
        "echohub.joining.views.VideoForm",
    } <= classes
    assert len(classes) > 40
    # An input without a ceiling is named, with its operation and path in the schema.
    schema = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"$ref": "#/x/B"}}}
    components = {"B": {"type": "array", "items": {"type": "string", "maxLength": 3}}}
    assert list(_unbounded_strings(schema, "POST /x body", components)) == ["POST /x body.a"]
    assert list(_unbounded_strings({"type": "string", "pattern": "^[a-z]+$"}, "q", {})) == ["q"]
    assert not list(_unbounded_strings({"type": "string", "pattern": "^[0-9]{4}$"}, "q", {}))


def test_every_free_text_input_of_the_api_has_a_maximum_length():
    offenders = api_offenders()
    assert not offenders, "API inputs without maxLength:\n" + "\n".join(offenders)


def test_every_text_field_of_every_form_has_a_maximum_length():
    offenders = form_offenders()
    assert not offenders, "form text fields without max_length:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    ("form", "field", "limit"),
    [
        ("echohub.cases.forms.SummaryForm", "text", limits.CASE_TEXT_MAX),
        ("echohub.scheduling.forms.SessionFilterForm", "q", limits.SEARCH_MAX),
        ("echohub.evaluation.export_views.StudyForm", "description", limits.LONG_TEXT_MAX),
    ],
)
def test_a_form_refuses_an_overlong_text_in_the_services_words(form, field, limit):
    module, name = form.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), name)
    data = {"name": "A study", field: "x" * limit}
    assert cls(data=data).is_valid()
    too_long = cls(data={**data, field: "é" * (limit + 1)})
    assert not too_long.is_valid()
    assert too_long.errors[field] == [limits.too_long_message(limit)]
    assert f'maxlength="{limit}"' in str(cls()[field])  # the browser is told too


@pytest.mark.django_db
def test_a_password_has_a_ceiling_too():
    from echohub.security.forms import SignInForm

    form = SignInForm(data={"username": "a@example.test", "password": "p" * 1025})
    assert not form.is_valid() and "password" in form.errors
    assert SignInForm().fields["password"].max_length == limits.PASSWORD_MAX
