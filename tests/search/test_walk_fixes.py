"""Defects found by the browser walk: every hit links somewhere, same-titled cases are told
apart, one vocabulary for professions, themes and free tags kept apart, NOT and OU read as
operators the same way on both databases, and French readers see French labels."""

from __future__ import annotations

import pytest
from django.utils import translation

from echohub.library.models import Tag
from echohub.programs.models import Role
from echohub.search.query import parse
from echohub.search.services import search
from tests.factories import UserFactory
from tests.search.conftest import make_case, make_talk, make_tool

pytestmark = pytest.mark.django_db


def test_every_tool_hit_links_to_what_it_is(program, make_member):
    make_tool(program, "Taper calculator online", url="https://example.test/calc")
    make_tool(program, "Taper leaflet")  # no link, no file: the library's Tools tab
    make_tool(None, "Taper guide national", url="https://example.test/guide")
    user = make_member(program, Role.PARTICIPANT)
    hits = {h.title: h.url for h in search(user, "taper", here=program.slug).hits}
    assert hits["Taper calculator online"] == "https://example.test/calc"
    assert hits["Taper guide national"] == "https://example.test/guide"
    assert hits["Taper leaflet"] == f"/p/{program.slug}/library/?tab=tools"
    assert all(hits.values())


def test_two_cases_of_one_title_are_told_apart_on_the_page(client, program, make_member):
    first = make_case(program, title="Man in his 50s asking to taper")
    second = make_case(program, title="Man in his 50s asking to taper")
    client.force_login(make_member(program, Role.PARTICIPANT))
    html = client.get(f"/p/{program.slug}/search/", {"q": "taper"}).content.decode()
    assert f"Case #{first.pk}" in html and f"Case #{second.pk}" in html


def test_the_profession_facet_has_one_vocabulary(program, make_member):
    pharmacist = UserFactory(profession="pharmacist")
    make_talk(program, "Naloxone kits in the pharmacy", presenter=pharmacist)
    make_case(program, title="Naloxone at discharge", recommendations={"pharmacy": "Naloxone"})
    user = make_member(program, Role.EXPERT)
    results = search(user, "naloxone")
    professions = {f.value: (f.label, f.count) for f in results.facets["profession"]}
    assert professions == {"pharmacy": ("Pharmacy", 2)}
    narrowed = search(user, "naloxone", {"profession": ["pharmacy"]})
    assert {h.kind for h in narrowed.hits} == {"talk", "recommendation"}


def test_themes_and_free_tags_are_separate_facets(program, make_member):
    talk = make_talk(program, "Tapering in practice", theme="opioid_tapering")
    tool = make_tool(program, "Tapering chart", theme="opioid_tapering")
    talk.tags.add(Tag.objects.create(name="MME"))
    tool.tags.add(Tag.objects.get_or_create(name="mme")[0])
    user = make_member(program, Role.PARTICIPANT)
    results = search(user, "tapering")
    assert {f.value for f in results.facets["theme"]} == {"opioid_tapering"}
    assert {f.value: f.count for f in results.facets["tag"]} == {"mme": 2}
    assert search(user, "tapering", {"tag": ["mme"]}).count == 2
    assert search(user, "tapering", {"tag": ["other"]}).count == 0
    assert all(h.themes == ["opioid_tapering"] for h in results.hits)


def test_not_and_ou_are_operators():
    a, b = parse("taper NOT sleep"), parse("taper -sleep")
    assert (a.groups, a.excluded) == (b.groups, b.excluded) == ([[("taper",)]], [("sleep",)])
    assert parse("taper not sleep").excluded == [("sleep",)]
    assert parse("taper OU sevrage").groups == parse("taper or sevrage").groups
    assert parse("NOT").empty and parse("taper NOT").excluded == []


def test_not_never_gives_more_than_without_it(program, make_member):
    make_talk(program, "Taper and sleep", learning_objectives="Sleep during a taper.")
    make_talk(program, "Taper plans", learning_objectives="Slow reductions.")
    make_talk(program, "Sleep hygiene", learning_objectives="Insomnia.")
    user = make_member(program, Role.PARTICIPANT)
    taper = search(user, "taper")
    excluded = search(user, "taper NOT sleep")
    assert taper.count == 2
    assert [h.title for h in excluded.hits] == ["Taper plans"]
    assert search(user, "sleep OU plans").count == 3


def test_french_reader_sees_french_discipline_and_program_names(program, make_member):
    program.name_fr = "Douleur chronique"
    program.save()
    make_case(program, title="Fentanyl patch", recommendations={"pharmacy": "Fentanyl advice"})
    user = make_member(program, Role.EXPERT)
    with translation.override("fr"):
        results = search(user, "fentanyl")
        titles = {h.kind: h.title for h in results.hits}
        # French typography: a space (no-break, once the catalogue says so) before the colon.
        assert titles["recommendation"].replace("\u00a0", " ") == "Pharmacie : Fentanyl patch"
        assert {h.program_name for h in results.hits} == {"Douleur chronique"}
        assert [f.label for f in results.facets["program"]] == ["Douleur chronique"]
    with translation.override("en"):
        titles = {h.kind: h.title for h in search(user, "fentanyl").hits}
        assert titles["recommendation"] == "Pharmacy: Fentanyl patch"
