"""The translation check of `make lint` (echohub.core.i18n_lint and `check_translations`),
on temporary fixtures: each rule catches what it is for and lets the rest through."""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from echohub.core.i18n_lint import (
    check_tree,
    compile_mo,
    format_po,
    parse_po,
    python_problems,
    template_problems,
)

HEADER = textwrap.dedent(
    """\
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\\n"
    """
)


def _po(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def _compile(po: Path) -> None:
    po.with_suffix(".mo").write_bytes(compile_mo(parse_po(po.read_text("utf-8"))))


GOOD = """\
    msgid "Sign in"
    msgstr "Se connecter"

    msgid "%(n)s session"
    msgid_plural "%(n)s sessions"
    msgstr[0] "%(n)s séance"
    msgstr[1] "%(n)s séances"
"""


def _kinds(problems) -> list[str]:
    return sorted(p.kind for p in problems)


# --- catalogues ---------------------------------------------------------------------------------


def test_a_complete_catalogue_passes(tmp_path):
    po = _po(tmp_path, GOOD)
    _compile(po)
    assert check_tree(tmp_path, run_makemessages=False) == []


def test_an_untranslated_entry_is_caught(tmp_path):
    po = _po(tmp_path, GOOD + '\nmsgid "Sign out"\nmsgstr ""\n')
    _compile(po)
    problems = check_tree(tmp_path, run_makemessages=False)
    assert [(p.kind, p.text) for p in problems] == [("untranslated", "Sign out")]
    assert problems[0].line == 14


def test_a_plural_with_one_form_missing_is_untranslated(tmp_path):
    po = _po(
        tmp_path,
        'msgid "%(n)s case"\nmsgid_plural "%(n)s cases"\nmsgstr[0] "%(n)s cas"\nmsgstr[1] ""\n',
    )
    _compile(po)
    assert _kinds(check_tree(tmp_path, run_makemessages=False)) == ["untranslated"]


def test_a_fuzzy_entry_is_caught_even_when_it_has_text(tmp_path):
    po = _po(tmp_path, GOOD + '\n#, fuzzy\nmsgid "Sign out"\nmsgstr "Se connecter"\n')
    _compile(po)
    problems = check_tree(tmp_path, run_makemessages=False)
    assert [(p.kind, p.text) for p in problems] == [("fuzzy", "Sign out")]


def test_a_missing_or_stale_mo_is_caught(tmp_path):
    po = _po(tmp_path, GOOD)
    assert _kinds(check_tree(tmp_path, run_makemessages=False)) == ["not compiled"]
    _compile(po)
    po.write_text(po.read_text().replace("Se connecter", "Ouvrir une session"), "utf-8")
    (problem,) = check_tree(tmp_path, run_makemessages=False)
    assert problem.kind.startswith("out of date with its .po") and "Sign in" in problem.text


def test_no_catalogue_at_all_is_caught(tmp_path):
    assert _kinds(check_tree(tmp_path, run_makemessages=False)) == ["no catalogue"]


def test_po_files_read_and_write_back_unchanged():
    text = HEADER + textwrap.dedent(
        """
        #: a.py b.html
        #, python-format
        msgid "Hello %(name)s,\\n"
        "two lines \\"quoted\\""
        msgstr ""
        "Bonjour %(name)s,\\n"
        "deux lignes « citées »"
        """
    )
    entries = parse_po(text)
    assert entries[1].msgid == 'Hello %(name)s,\ntwo lines "quoted"'
    assert entries[1].flags == {"python-format"}
    again = parse_po(format_po(entries))
    assert [(e.msgid, e.msgstr, e.flags) for e in again] == [
        (e.msgid, e.msgstr, e.flags) for e in entries
    ]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (make lint does)")
def test_a_catalogue_out_of_date_with_the_sources_is_caught(tmp_path):
    templates = tmp_path / "app" / "templates" / "app"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text(
        '{% load i18n %}<p>{% translate "Sign in" %}</p><p>{% translate "New words" %}</p>'
    )
    po = _po(tmp_path, GOOD)
    _compile(po)
    problems = check_tree(tmp_path, run_makemessages=True)
    assert ("missing (run makemessages)", "New words") in [(p.kind, p.text) for p in problems]
    assert ("no longer in the sources (run makemessages)", "%(n)s session") in [
        (p.kind, p.text) for p in problems
    ]
    assert "New words" not in po.read_text()  # a dry run: the tree is untouched


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="compares with GNU msgfmt")
def test_the_plain_python_compiler_matches_gnu_msgfmt(tmp_path):
    po = _po(tmp_path, GOOD + '\n#, fuzzy\nmsgid "Sign out"\nmsgstr "Quitter"\n')
    gnu = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "-o", str(gnu), str(po)], check=True)  # noqa: S603, S607
    ours = gettext.GNUTranslations(io.BytesIO(compile_mo(parse_po(po.read_text("utf-8")))))
    theirs = gettext.GNUTranslations(gnu.open("rb"))
    assert ours._catalog == theirs._catalog  # type: ignore[attr-defined]
    assert ours.ngettext("%(n)s session", "%(n)s sessions", 2) == "%(n)s séances"
    assert ours.gettext("Sign out") == "Sign out"  # fuzzy: left out


def test_the_command_compiles_without_gettext(tmp_path):
    po = _po(tmp_path, GOOD)
    call_command("check_translations", root=tmp_path, compile=True, no_makemessages=True)
    assert po.with_suffix(".mo").exists()


# --- templates -----------------------------------------------------------------------------------


def _template(source: str, name: str = "page.html") -> list[tuple[int, str]]:
    return [(p.line, p.text) for p in template_problems(Path(name), textwrap.dedent(source))]


def test_an_unmarked_template_string_is_caught_with_its_line():
    found = _template(
        """\
        {% load i18n %}<h1>{% translate "Your cases" %}</h1>
        <p>
          Nothing here yet.
        </p>
        <a href="{% url 'home' %}" title="Back home">{{ label }}</a>
        <input placeholder="{% translate 'Search' %}" aria-label="Search cases">
        """
    )
    assert found == [
        (3, "Nothing here yet."),
        (5, 'title="Back home"'),
        (6, 'aria-label="Search cases"'),
    ]


def test_marked_text_variables_punctuation_numbers_and_code_pass():
    found = _template(
        """\
        {% load i18n %}{% blocktranslate with n=count trimmed %}
          {{ n }} cases in all
        {% endblocktranslate %}
        <p>{{ case.title }} · {{ n }} / 42 — (3,5 %) *</p>
        <span class="brand">echo<span>hub</span></span> <code>Authorization: Bearer …</code>
        {% comment %}A note for developers, not people.{% endcomment %}
        {# another note #}<td>{{ total }} mg, {{ rate }} mcg/h</td>
        <button data-confirm="{% translate 'Delete it?' %}">{% translate "Delete" %}</button>
        <p lang="fr">Français</p>{# notranslate #}
        """
    )
    assert found == []


def test_text_email_templates_are_read_line_by_line():
    found = _template(
        """\
        {% load i18n %}{% blocktranslate %}Hello {{ name }},{% endblocktranslate %}

        {{ SITE_URL }}{{ path }}
        See you at the session.
        """,
        name="email.txt",
    )
    assert found == [(4, "See you at the session.")]


# --- Python --------------------------------------------------------------------------------------


def test_obvious_unmarked_python_strings_are_caught():
    source = textwrap.dedent(
        """\
        from django import forms
        from django.contrib import messages
        from django.db import models
        from django.utils.translation import gettext_lazy as _

        class Kind(models.TextChoices):
            CLINIC = "clinic", "Clinic or practice"
            HOSPITAL = "hospital", _("Hospital")

        class F(forms.Form):
            name = forms.CharField(label="Your name", help_text=_("As on your licence."))
            when = forms.DateField(error_messages={"required": "Give a date."})
            size = forms.ChoiceField(choices=[("s", "Small"), ("l", _("Large"))])

        def view(request):
            messages.success(request, f"Saved {request.user}.")
            raise DomainError("bad_thing", "That cannot be done.", field="name")

        def ok():
            log.error("Not for people.")  # a log line, not a flash message
            return DomainError("bad_thing", _("That cannot be done.")), {"label": "key"}

        EXPORT = dict(label="Pseudonymous id")  # notranslate: a research data dictionary
        """
    )
    found = [(p.line, p.text) for p in python_problems(Path("m.py"), source)]
    assert sorted(found) == [
        (7, "Clinic or practice"),
        (11, "Your name"),
        (12, "Give a date."),
        (13, "Small"),
        (16, "Saved ."),
        (17, "That cannot be done."),
    ]


def test_the_message_of_a_coded_error_must_be_marked():
    source = textwrap.dedent(
        """\
        from django.utils.translation import gettext as _
        from echohub.attendance.errors import gettext_noop

        HINT = "Export the report again."

        def parse(value, error):
            raise AttendanceError("bad_time", f"join time not understood: {value!r}", row=2)
            raise AttendanceRefused("wrong_meeting", "The analytics are for another meeting.")
            raise ProviderError("provider_refused", "Zoom refused the report. " + HINT)
            raise AttendanceError("bad_time", gettext_noop("join time not understood"))
            raise AttendanceRefused("empty_file", _("The file is empty."), field="file")
            raise ValueError("bad value for a developer")
            raise KeyError("missing key")
            raise SomeError(code, "not a literal code: left alone")
            raise AttendanceRefused(
                "bad_payload",
                "payload.object.id is missing.",  # notranslate: returned to the platform
            )
        """
    )
    found = [(p.line, p.text) for p in python_problems(Path("m.py"), source)]
    assert sorted(found) == [
        (7, "join time not understood: "),
        (8, "The analytics are for another meeting."),
        (9, "Zoom refused the report. "),
    ]


# --- the command ---------------------------------------------------------------------------------


def test_the_command_fails_on_problems_and_passes_when_clean(tmp_path, capsys):
    po = _po(tmp_path, GOOD + '\nmsgid "Sign out"\nmsgstr ""\n')
    _compile(po)
    templates = tmp_path / "app" / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text("<p>Unmarked words</p>")
    with pytest.raises(CommandError, match="2 translation problem"):
        call_command("check_translations", root=tmp_path, no_makemessages=True)
    err = capsys.readouterr().err
    assert "untranslated: Sign out" in err and "not marked in template: Unmarked words" in err
    (templates / "page.html").write_text("{% load i18n %}<p>{% translate 'Sign in' %}</p>")
    po.write_text(po.read_text().replace('msgid "Sign out"\nmsgstr ""\n', ""), "utf-8")
    _compile(po)
    call_command("check_translations", root=tmp_path, no_makemessages=True)
    assert "every message translated" in capsys.readouterr().out


def test_the_shipped_templates_python_and_catalogue_pass():
    """The real tree, without the makemessages dry run (make lint runs that one)."""
    root = Path(__file__).resolve().parents[2] / "src" / "echohub"
    problems = check_tree(root, run_makemessages=False)
    assert problems == [], "\\n".join(map(str, problems))
