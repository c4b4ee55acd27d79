"""What the library walk (libwalk) found: a one-letter slip ("buprenorphne") found nothing and
the page only said to check the spelling. A search that finds nothing now offers the corrected
words, from the glossary and the drug names only, and only when they find something the reader
may open."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from echohub.search import spelling
from tests.factories import ProgramFactory
from tests.search.conftest import make_case

pytestmark = pytest.mark.django_db


def _search(client, program, **params):
    return client.get(f"/p/{program.slug}/search/", params).content.decode()


def test_a_typo_that_finds_nothing_offers_the_word_that_does(client, program, make_member, library):
    client.force_login(make_member(program, Role.PARTICIPANT))
    html = _search(client, program, q="hydromorphne")
    assert "No results" in html
    assert "Did you mean:" in html
    assert '<a href="?q=hydromorphone">hydromorphone</a>' in html
    followed = _search(client, program, q="hydromorphone")
    assert "Hydromorphone at 120 MME with poor sleep" in followed
    assert "Did you mean:" not in followed


def test_french_typo_is_corrected_with_its_accents(client, program, make_member, library):
    assert spelling.suggest("opiodes") == "opioïdes"
    assert spelling.suggest("douleur chronque") == "douleur chronique"


def test_no_suggestion_for_nonsense_syntax_or_results(client, program, make_member, library):
    client.force_login(make_member(program, Role.PARTICIPANT))
    assert "Did you mean:" not in _search(client, program, q="zzzqqq")
    assert "Did you mean:" not in _search(client, program, q="tapering")  # it finds results
    assert spelling.suggest('"hydromorphne"') is None  # a phrase is left as typed
    assert spelling.suggest("taper -hydromorphne") is None


def test_a_suggestion_that_finds_only_what_the_reader_may_not_open_is_not_offered(
    client, program, make_member, library
):
    other = ProgramFactory(slug="other-program")
    make_case(other, title="Methadone and QT", questions="Methadone dose with a long QT?")
    client.force_login(make_member(program, Role.PARTICIPANT))
    assert spelling.suggest("methadne") == "methadone"
    html = _search(client, program, q="methadne")
    assert "No results" in html and "Did you mean:" not in html
    assert "methadone" not in html.split('id="search-results"', 1)[1].lower()
