"""Searching across English and French (search.glossary): a French reader's "sevrage" finds the
English talk on tapering, an English reader's "withdrawal" the French one on "sevrage"; the
page says which other-language words were searched; exclusions are never widened."""

from __future__ import annotations

import pytest

from echohub.programs.models import Role
from echohub.search.glossary import GLOSSARY_FILE, across_languages, glossary
from echohub.search.query import parse
from echohub.search.services import search
from tests.search.conftest import make_talk


def test_every_line_of_the_glossary_is_a_pair():
    lines = [
        line
        for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) > 100
    for line in lines:
        english, tab, french = line.partition("\t")
        assert tab and english.strip() and french.strip() and "\t" not in french, line
    assert "licence" in GLOSSARY_FILE.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize(
    ("typed", "also"),
    [
        ("sevrage", {"taper", "tapering", "withdrawal"}),
        ("Sevrage", {"taper", "withdrawal"}),
        ("anxiété", {"anxiety"}),
        ("anxiete", {"anxiety"}),
        ("opioïdes", {"opioids"}),
        ("insomnies", {"insomnia"}),  # a final s
        ("withdrawal", {"sevrage"}),
        ('"mal de dos"', {"back pain"}),
    ],
)
def test_known_words_are_also_searched_in_the_other_language(typed, also):
    query, added = across_languages(parse(typed))
    words = {" ".join(a) for a in added}
    assert also <= words, words
    assert query.groups[0][0] == parse(typed).groups[0][0]  # the typed word stays first


def test_unknown_words_exclusions_and_limits():
    query, added = across_languages(parse("zzyzx"))
    assert added == [] and query.groups == parse("zzyzx").groups
    query, added = across_languages(parse("taper -sevrage"))
    assert ("sevrage",) not in added and ("sevrage",) not in query.groups[0]
    assert query.excluded[0] == ("sevrage",) and ("taper",) not in query.excluded
    query, added = across_languages(parse("sleep -insomnia"))
    assert ("insomnie",) in query.excluded and ("sommeil",) in query.groups[0]
    many = " ".join(["sevrage"] * 40)
    query, _added = across_languages(parse(many))
    assert sum(len(g) for g in query.groups) <= 32
    assert across_languages(parse(""))[0].empty
    for key, others in glossary().items():
        assert key not in others, key


@pytest.mark.django_db
def test_a_french_search_finds_the_english_talk_and_says_so(client, program, make_member):
    make_talk(program, "Tapering opioids slowly", key_points="Reduce by 10% a month.")
    make_talk(program, "Sleep hygiene", key_points="Regular hours.")
    user = make_member(program, Role.PARTICIPANT)
    results = search(user, "sevrage")
    assert [h.title for h in results.hits] == ["Tapering opioids slowly"]
    assert "taper" in results.widened
    client.force_login(user)
    page = client.get(f"/p/{program.slug}/search/", {"q": "sevrage"}).content.decode()
    assert "Also searched in the other language: taper, tapering, withdrawal" in page
    assert "Tapering opioids slowly" in page


@pytest.mark.django_db
def test_an_english_search_finds_the_french_talk(program, make_member):
    make_talk(
        program,
        "Le sevrage des opioïdes en soins primaires",
        key_points="Réduire la dose de 10 % par mois avec le patient.",
    )
    user = make_member(program, Role.PARTICIPANT)
    titles = [h.title for h in search(user, "withdrawal").hits]
    assert titles == ["Le sevrage des opioïdes en soins primaires"]


@pytest.mark.django_db
def test_the_api_says_what_it_also_searched(client, program, make_member):
    from echohub.accounts.models import ApiToken

    make_talk(program, "Tapering opioids slowly")
    user = make_member(program, Role.PARTICIPANT)
    _token, raw = ApiToken.issue(user=user, name="tests")
    body = client.get("/api/v1/search", {"q": "sevrage"}, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert body["count"] == 1 and "withdrawal" in body["also_searched"]


@pytest.mark.django_db
def test_a_search_that_finds_enough_as_typed_is_not_widened_but_offers_it(
    client, program, make_member
):
    from echohub.search import services

    for n in range(services.WIDEN_BELOW):
        make_talk(program, f"Tapering plan {n}")
    make_talk(program, "Le sevrage en pratique")
    user = make_member(program, Role.PARTICIPANT)
    typed = search(user, "tapering")
    assert typed.count == services.WIDEN_BELOW and typed.widened == []
    assert "sevrage" in typed.could_widen
    assert "Le sevrage en pratique" not in [h.title for h in typed.hits]
    both = search(user, "tapering", both_languages=True)
    assert both.count == services.WIDEN_BELOW + 1 and "sevrage" in both.widened
    client.force_login(user)
    page = client.get(f"/p/{program.slug}/search/", {"q": "tapering"}).content.decode()
    assert "Search in the other language too (sevrage" in page and "both=1" in page
    page = client.get(f"/p/{program.slug}/search/", {"q": "tapering", "both": "1"})
    html = page.content.decode()
    assert "Le sevrage en pratique" in html and "Also searched in the other language" in html


@pytest.mark.django_db
def test_what_the_typed_words_found_comes_before_what_translations_found(program, make_member):
    """A French talk saying "sevrage" in its title three times would outrank an English one
    that says "taper" once; the reader typed "taper": their words' results come first."""
    make_talk(program, "Sevrage, sevrage et sevrage", key_points="Sevrage lent.")
    make_talk(program, "One taper", key_points="Notes.")
    user = make_member(program, Role.PARTICIPANT)
    assert [h.title for h in search(user, "taper").hits] == [
        "One taper",
        "Sevrage, sevrage et sevrage",
    ]
    assert search(user, "taper", both_languages=True).hits[0].title == "One taper"
