"""The search page, the menu's search box and the API: same function, same rules."""

from __future__ import annotations

import pytest

from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from tests.api.conftest import Api
from tests.factories import ProgramFactory
from tests.search.conftest import make_talk

pytestmark = pytest.mark.django_db


def test_the_page_shows_results_facets_and_snippets(client, program, make_member, library):
    user = make_member(program, Role.PARTICIPANT)
    client.force_login(user)
    response = client.get(f"/p/{program.slug}/search/", {"q": "tapering"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tapering opioids slowly" in html and "<mark>" in html
    assert 'type="checkbox" name="type" value="talk"' in html
    # the case shown is audited as a case read (ids only)
    entry = AuditEntry.objects.get(action="case.list_read", actor=user)
    assert entry.changes == {"view": "search.page", "ids": [library["case"].pk]}


def test_the_htmx_request_gets_only_the_results(client, program, make_member, library):
    client.force_login(make_member(program, Role.PARTICIPANT))
    response = client.get(
        f"/p/{program.slug}/search/", {"q": "sleep", "type": "talk"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-results"') and "<h1>" not in html


def test_empty_state_says_what_to_try(client, program, make_member, library):
    client.force_login(make_member(program, Role.PARTICIPANT))
    html = client.get(f"/p/{program.slug}/search/", {"q": "zzzz qqqq"}).content.decode()
    assert "No results for “zzzz qqqq” — try fewer words." in html
    # one word: fewer words is no advice (a typo, say)
    html = client.get(f"/p/{program.slug}/search/", {"q": "tapr"}).content.decode()
    assert "No results for “tapr” — check the spelling, or try another word." in html
    assert "fewer words" not in html
    html = client.get(f"/p/{program.slug}/search/", {"q": "the of"}).content.decode()
    assert "only very common words" in html


def test_bad_input_is_never_an_error(client, program, make_member, library):
    client.force_login(make_member(program, Role.PARTICIPANT))
    for params in (
        {"q": '"' * 5000},
        {"q": "-", "page": "x"},
        {"q": "taper", "page": "-4"},
        {"q": "taper", "page": "99999999999999999999"},
        {"q": "taper", "year": "<script>", "mme": "' OR 1=1"},
        {"q": "taper", "year": "²"},  # a digit int() refuses
        {"q": "", "year": ["①", "2025"]},
    ):
        assert client.get(f"/p/{program.slug}/search/", params).status_code == 200
    assert client.get(f"/p/{program.slug}/search/", {"q": "a\x00b"}).status_code == 400


def test_outsiders_get_404_and_the_menu_has_a_search_box(client, program, make_member):
    client.force_login(make_member(ProgramFactory(), Role.PARTICIPANT))
    assert client.get(f"/p/{program.slug}/search/", {"q": "x"}).status_code == 404
    client.force_login(make_member(program, Role.PARTICIPANT))
    html = client.get(f"/p/{program.slug}/cases/").content.decode()
    assert 'id="subnav-q"' in html and f'action="/p/{program.slug}/search/"' in html


def test_api_search_shapes_and_rules(client, program, make_member, library):
    user = make_member(program, Role.PARTICIPANT)
    api = Api(client, user)
    body = api.get(f"/programs/{program.slug}/search", q="tapering").json()
    assert body["count"] >= 3
    first = body["results"][0]
    assert set(first) == {"type", "id", "title", "url", "snippet", "score", "program", "year"}
    assert first["title"] == "Tapering opioids slowly" and "<mark>" in first["snippet"]
    assert [r["score"] for r in body["results"]] == sorted(
        [r["score"] for r in body["results"]], reverse=True
    )
    only = api.get("/search", q="tapering", type="tool").json()
    assert [r["type"] for r in only["results"]] == ["tool"]
    assert {f["value"] for f in only["facets"]["type"]} >= {"talk", "tool", "case"}
    outsider = Api(client, make_member(ProgramFactory(), Role.PARTICIPANT))
    assert outsider.get(f"/programs/{program.slug}/search", q="tapering").status_code == 404
    assert outsider.get("/search", q="tapering").json()["count"] == 0
    assert Api(client, None).get("/search", q="x").status_code == 401


def test_api_similar_cases(client, program, make_member, library):
    expert = make_member(program, Role.EXPERT)
    other = make_talk(program, "unrelated")
    assert other
    from tests.search.conftest import make_case

    twin = make_case(
        program,
        title="Hydromorphone taper at 110 MME",
        meds=[("hydromorphone", "11")],
        mme="110",
        theme="opioid_tapering",
        age_band="50-59",
    )
    body = Api(client, expert).get(f"/cases/{library['case'].pk}/similar").json()
    assert body["results"][0]["id"] == twin.pk
    assert "both on hydromorphone" in body["results"][0]["why"]
    evaluator = make_member(program, Role.EVALUATOR)
    assert Api(client, evaluator).get(f"/cases/{twin.pk}/similar").status_code == 403
    outsider = make_member(ProgramFactory(), Role.EXPERT)
    assert Api(client, outsider).get(f"/cases/{twin.pk}/similar").status_code == 404
    assert Api(client, expert).get(f"/cases/{10**30}/similar").status_code in (404, 422)
    assert Api(client, expert).get("/search", q="taper", page=10**30).status_code in (200, 422)
