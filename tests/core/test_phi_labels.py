"""Identifier findings are shown in the reader's words and language: a label per kind (never the
code such as HEALTH_NUMBER) and the reason, in English and Canadian French."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from echohub.core.phi_check import KIND_LABELS, KIND_REASONS, check_fields, highlight
from phi.core import PLAIN_REASONS


def test_every_kind_the_scanner_reports_has_a_label_and_a_reason() -> None:
    assert set(KIND_LABELS) == set(PLAIN_REASONS) == set(KIND_REASONS)
    with translation.override("en"):
        # The English reason is the scanner's own plain words.
        assert {k: str(v) for k, v in KIND_REASONS.items()} == PLAIN_REASONS


@pytest.mark.parametrize("kind", sorted(PLAIN_REASONS))
def test_each_label_and_reason_is_translated(kind: str) -> None:
    with translation.override("en"):
        en = (str(KIND_LABELS[kind]), str(KIND_REASONS[kind]))
    with translation.override("fr"):
        fr = (str(KIND_LABELS[kind]), str(KIND_REASONS[kind]))
    assert fr[1] != en[1], f"{kind}: the reason is not translated"
    assert fr[0] and "_" not in fr[0] and "_" not in en[0]


def test_findings_and_their_marks_speak_the_readers_language() -> None:
    text = "Seen with her son on 14 March 1961; call 416-555-0199."
    with translation.override("fr"):
        found = check_fields({"story": text})
        kinds = {f.kind for f in found}
        assert {"DATE", "PHONE"} <= kinds
        phone = next(f for f in found if f.kind == "PHONE")
        assert phone.label == "téléphone" and "téléphone" in phone.reason
        marked = str(highlight(text, found))
        assert '<span class="phi-kind">téléphone</span>' in marked
        assert "PHONE" not in marked and "looks like" not in marked
    with translation.override("en"):
        assert phone.label == "phone"  # the label follows the language it is read in
        assert "PHONE" not in str(highlight(text, check_fields({"story": text})))


def test_the_template_filter_names_a_stored_kind() -> None:
    template = Template("{% load echohub %}{{ kind|phi_label }}")
    with translation.override("fr"):
        assert template.render(Context({"kind": "HEALTH_NUMBER"})) == "carte santé"
        assert template.render(Context({"kind": "SOMETHING_NEW"})) == "SOMETHING_NEW"
