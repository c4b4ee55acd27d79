"""Bilingual program content: the reader's language, else the other one with a marker
(echohub.core.bilingual, the tr filters, core.bilingual_forms)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from echohub.core import bilingual, bilingual_forms

READERS = ["en", "en-us", "fr", "fr-ca", "FR-CA", "de", ""]


def item(title: str = "", title_fr: str = "") -> SimpleNamespace:
    return SimpleNamespace(title=title, title_fr=title_fr)


def test_the_readers_language_is_chosen_when_both_exist() -> None:
    both = item("Opioid tapering", "Diminution progressive des opioïdes")
    assert bilingual.localized(both, "title", "fr-ca") == bilingual.Localized(
        "Diminution progressive des opioïdes", "fr", fell_back=False
    )
    assert bilingual.localized(both, "title", "en").text == "Opioid tapering"


def test_the_other_language_is_used_and_said_when_the_readers_is_missing() -> None:
    english_only = item("Opioid tapering")
    value = bilingual.localized(english_only, "title", "fr")
    assert (value.text, value.language, value.fell_back) == ("Opioid tapering", "en", True)
    with translation.override("fr"):
        assert bilingual.marker(value) == "(en anglais)"
    french_only = item("", "Sommeil et douleur")
    value = bilingual.localized(french_only, "title", "en")
    assert (value.language, value.fell_back) == ("fr", True)
    with translation.override("en"):
        assert bilingual.marker(value) == "(in French)"


def test_blank_text_counts_as_missing_and_nothing_gives_empty() -> None:
    assert bilingual.localized(item("  ", "Sommeil"), "title", "en").text == "Sommeil"
    nothing = bilingual.localized(item(), "title", "fr")
    assert (nothing.text, nothing.language, nothing.fell_back) == ("", "", False)
    assert not nothing and bilingual.marker(nothing) == ""


def test_mappings_and_the_active_language_work_too() -> None:
    label = {"label": "Work status", "label_fr": "Situation d’emploi"}
    with translation.override("fr"):
        assert bilingual.text(label, "label") == "Situation d’emploi"
    with translation.override("en"):
        assert bilingual.text(label, "label") == "Work status"


texts = st.one_of(st.just(""), st.just("   "), st.text(min_size=1, max_size=20))


@given(en=texts, fr=texts, reader=st.sampled_from(READERS))
def test_property_the_reader_gets_text_whenever_any_exists_and_the_marker_iff_it_fell_back(
    en: str, fr: str, reader: str
) -> None:
    value = bilingual.localized(item(en, fr), "title", reader)
    wanted = "fr" if reader.lower().startswith("fr") else "en"
    own = {"en": en, "fr": fr}[wanted]
    if en.strip() or fr.strip():
        assert value.text.strip(), "some text exists, so the reader gets some"
        assert value.text == {"en": en, "fr": fr}[value.language]
    else:
        assert value.text == "" and value.language == ""
    assert value.fell_back == (not own.strip() and bool(en.strip() or fr.strip()))
    with translation.override("fr" if wanted == "fr" else "en"):
        assert bool(bilingual.marker(value)) == value.fell_back


def render(source: str, **context: object) -> str:
    return Template("{% load echohub %}" + source).render(Context(context))


def test_tr_html_marks_fallback_text_with_its_language_and_a_visible_marker() -> None:
    with translation.override("fr"):
        html = render('{{ i|tr_html:"title" }}', i=item("Sleep <and> pain"))
    assert html == (
        '<span lang="en">Sleep &lt;and&gt; pain</span> <span class="lang-fallback">'
        "(en anglais)</span>"
    )
    with translation.override("fr"):
        assert render('{{ i|tr_html:"title" }}', i=item("Sleep", "Sommeil")) == "Sommeil"


def test_tr_block_keeps_paragraphs_and_tr_is_plain_text() -> None:
    program = SimpleNamespace(description="First.\n\nSecond & last.", description_fr="")
    with translation.override("fr-ca"):
        html = render('{{ p|tr_block:"description" }}', p=program)
        plain = render('{{ p|tr:"description" }}', p=program)
    assert html.startswith('<div lang="en"><p>First.</p>')
    assert "Second &amp; last." in html and html.endswith("(en anglais)</span>")
    assert plain == "First.\n\nSecond &amp; last."


@given(st.text(max_size=30), st.text(max_size=30))
def test_property_tr_html_never_lets_markup_through(en: str, fr: str) -> None:
    with translation.override("fr"):
        html = render('{{ i|tr_html:"title" }}', i=item(en, fr))
    stripped = html.replace('<span lang="en">', "").replace('<span lang="fr">', "")
    stripped = stripped.replace('<span class="lang-fallback">', "").replace("</span>", "")
    assert "<" not in stripped and ">" not in stripped


class Pair(forms.Form):
    title = forms.CharField(label="Title", max_length=10)
    title_fr = forms.CharField(label="Title (French)", max_length=10, required=False)
    other = forms.CharField(required=False)

    def __init__(self, *args: object, languages: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        bilingual_forms.adapt(self, languages, ["title"], ["title"])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        bilingual_forms.check_required(self, data)
        return data


def test_an_english_only_program_sees_one_required_field() -> None:
    form = Pair(languages=("en",))
    assert list(form.fields) == ["title", "other"] and form.fields["title"].required
    assert not Pair({"title": ""}, languages=("en",)).is_valid()


def test_a_french_only_program_sees_the_french_field_labelled_plainly() -> None:
    form = Pair({"title_fr": "Sommeil"}, languages=("fr",))
    assert list(form.fields) == ["title_fr", "other"]
    assert form.fields["title_fr"].label == "Title"
    assert form.fields["title_fr"].widget.attrs["lang"] == "fr-CA"
    assert form.is_valid(), form.errors


def test_a_bilingual_program_needs_one_language_and_keeps_each_length_limit() -> None:
    with translation.override("en"):
        form = Pair({"title": "", "title_fr": ""}, languages=("fr", "en"))
        assert list(form.fields)[:2] == ["title_fr", "title"]  # the default language first
        assert form.fields["title"].label == "Title (English)"
        assert form.fields["title_fr"].label == "Title (French)"
        assert not form.is_valid()
        assert "in English, in French or in both" in form.errors["title_fr"][0]
    assert Pair({"title_fr": "Sommeil"}, languages=("en", "fr")).is_valid()
    assert Pair({"title": "Sleep"}, languages=("en", "fr")).is_valid()
    too_long = Pair({"title": "x", "title_fr": "y" * 11}, languages=("en", "fr"))
    assert not too_long.is_valid() and "title_fr" in too_long.errors


@pytest.mark.parametrize(
    ("value", "languages", "bilingual_"),
    [("en", ("en",), False), ("fr", ("fr",), False), ("fr+en", ("fr", "en"), True)],
)
def test_a_programs_content_languages(value: str, languages: tuple[str, ...], bilingual_: bool):
    from echohub.programs.models import Program

    program = Program(slug="x", content_languages=value)
    assert program.languages == languages
    assert program.default_language == languages[0]
    assert program.is_bilingual is bilingual_
