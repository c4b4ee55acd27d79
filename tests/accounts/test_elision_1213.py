"""French elision where a name is put into a sentence (« message d’Aisha », « en tant
qu’expert »), made after the name is in, and only for the word just before it."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from echohub.accounts.elision import elide


@pytest.mark.parametrize(
    ("sentence", "inserted", "expected"),
    [
        ("message de Aisha Khan", "Aisha Khan", "message d’Aisha Khan"),
        ("en tant que expert.", "expert", "en tant qu’expert."),
        ("De Émile", "Émile", "D’Émile"),
        ("Un mentor de\u00a0Ottawa", "Ottawa", "Un mentor d’Ottawa"),
        ("message de Hélène", "Hélène", "message de Hélène"),  # h: cannot tell if silent
        ("message de Bruno", "Bruno", "message de Bruno"),
        ("ide de Ana", "Ana", "ide d’Ana"),  # "ide" is not "de"
        ("message de Ana, de Ottawa", "Ana", "message d’Ana, de Ottawa"),  # only before the name
        ("", "Ana", ""),
        ("message de ", "", "message de "),
    ],
)
def test_elision_in_french(sentence: str, inserted: str, expected: str) -> None:
    assert elide(sentence, inserted, "fr-ca") == expected


def test_english_is_left_alone() -> None:
    assert elide("message de Aisha", "Aisha", "en") == "message de Aisha"


def test_the_filter_keeps_escaping_and_elides_an_escaped_name() -> None:
    template = Template(
        "{% load i18n elision %}{% with who=name %}{% blocktranslate asvar said %}"
        "message by {{ who }}{% endblocktranslate %}{{ said|elide:who }}{% endwith %}"
    )
    with translation.override("fr"):
        html = template.render(Context({"name": "Ana <b>&"}))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert html == "message d’Ana &lt;b&gt;&amp;"
