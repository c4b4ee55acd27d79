"""The search API takes the search page's facets (theme, tag, drug, MME band, instrument,
presenter profession, year, program, type), repeatable, validated (an unknown value is a 422
naming the field, never a 500), and answers what the page shows: same ids, same order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from echohub.library.models import Tag
from echohub.programs.models import Role
from tests.api.conftest import Api
from tests.factories import ProgramFactory, UserFactory
from tests.search.conftest import make_case, make_talk, make_tool

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(program: Any) -> dict[str, Any]:
    """A library with something in every facet: two years, three MME bands, two drugs, two
    instruments, themes and tags, presenters of two professions, a shared-library tool."""
    pharmacist = UserFactory(profession="pharmacist")
    nurse = UserFactory(profession="registered_nurse")
    taper = make_talk(
        program,
        "Tapering hydromorphone slowly",
        learning_objectives="Plan an opioid taper with the patient.",
        theme="opioid_tapering",
        presenter=pharmacist,
        given_on=dt.date(2024, 5, 2),
    )
    taper.tags.add(Tag.objects.create(name="Deprescribing"))
    sleep = make_talk(
        program,
        "Opioid tapering and sleep",
        learning_objectives="Sleep during an opioid taper.",
        theme="mental_health",
        presenter=nurse,
        given_on=dt.date(2025, 3, 1),
    )
    sleep.tags.add(Tag.objects.create(name="sleep"))
    tool = make_tool(program, "Opioid tapering calculator", theme="opioid_tapering")
    tool.tags.add(Tag.objects.get(name="Deprescribing"))
    cases = [
        make_case(
            program,
            title="Opioid taper at 120 MME",
            questions="How fast can we taper the opioid?",
            meds=[("hydromorphone", "12")],
            mme="120",
            scores=["peg", "phq9"],
            theme="opioid_tapering",
            recommendations={"pharmacy": "Taper the opioid by 10% every two weeks."},
        ),
        make_case(
            program,
            title="Opioid taper at 40 MME with low mood",
            questions="Opioid taper while depressed?",
            meds=[("morphine", "20")],
            mme="40",
            scores=["phq9"],
            theme="mental_health",
            recommendations={"psychology": "Opioid taper with weekly check-ins."},
        ),
        make_case(
            program,
            title="Opioid taper at 250 MME",
            questions="A high opioid dose to taper.",
            meds=[("hydromorphone", "60"), ("morphine", "30")],
            mme="250",
            scores=["peg"],
            theme="high_dose",
        ),
    ]
    return {"talks": [taper, sleep], "tool": tool, "cases": cases}


def _page(client: Any, program: Any, query: list[tuple[str, str]]) -> Any:
    response = client.get(f"/p/{program.slug}/search/", query)
    assert response.status_code == 200
    return response.context["results"]


FILTERS: list[list[tuple[str, str]]] = [
    [],
    [("type", "case")],
    [("type", "talk"), ("type", "tool")],
    [("theme", "opioid_tapering")],
    [("theme", "opioid_tapering"), ("theme", "mental_health"), ("type", "case")],
    [("tag", "deprescribing")],
    [("drug", "hydromorphone")],
    [("drug", "morphine"), ("drug", "hydromorphone"), ("mme", "200+")],
    [("mme", "90-199"), ("mme", "1-49")],
    [("instrument", "phq9")],
    [("instrument", "peg"), ("theme", "high_dose")],
    [("profession", "pharmacy")],
    [("profession", "nursing"), ("profession", "psychology")],
    [("year", "2024")],
    [("year", str(dt.date.today().year)), ("year", "2025"), ("type", "talk")],
    [("program", "chronic-pain")],
    [("program", "chronic-pain"), ("type", "recommendation")],
    [("drug", "nothing-like-this")],  # a well-formed value nothing has: empty on both
]


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EVALUATOR])
def test_the_api_answers_what_the_page_shows_for_the_same_filters(
    client: Any, program: Any, make_member: Any, shelf: Any, role: str
) -> None:
    user = make_member(program, role)
    api = Api(client, user)
    client.force_login(user)
    for filters in FILTERS:
        page = _page(client, program, [("q", "opioid taper"), *filters])
        query: dict[str, list[str]] = {"q": ["opioid taper"]}
        for name, value in filters:
            query.setdefault(name, []).append(value)
        for path in ("/search", f"/programs/{program.slug}/search"):
            body = api.get(path, **query).json()
            assert [(r["type"], r["id"]) for r in body["results"]] == [
                (h.kind, h.object_id) for h in page.hits
            ], (path, filters)
            assert body["count"] == page.count, filters
            assert {
                name: {(v["value"], v["count"], v["selected"]) for v in values}
                for name, values in body["facets"].items()
            } == {
                name: {(v.value, v.count, v.selected) for v in values}
                for name, values in page.facets.items()
            }, filters
        if role == Role.EVALUATOR:  # evaluators never find cases, by page or API
            assert not {h.kind for h in page.hits} & {"case", "recommendation"}
    # The filters do filter (the comparison above is not between two empty answers).
    narrowed = api.get("/search", q="opioid taper", drug="hydromorphone", mme="200+").json()
    if role == Role.PARTICIPANT:
        assert [(r["type"], r["id"]) for r in narrowed["results"]] == [
            ("case", shelf["cases"][2].pk)
        ]
        tagged = api.get("/search", q="opioid taper", tag="deprescribing").json()
        assert {(r["type"], r["id"]) for r in tagged["results"]} == {
            ("talk", shelf["talks"][0].pk),
            ("tool", shelf["tool"].pk),
        }
    years = api.get("/search", q="opioid taper", year="2024").json()
    assert [(r["type"], r["id"]) for r in years["results"]] == [("talk", shelf["talks"][0].pk)]


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("type", "video", "Unknown type value “video”: use one of talk, tool, case"),
        ("theme", "sleep", "Unknown theme value “sleep”"),
        ("mme", "120", "use one of 0, 1-49, 50-89, 90-199, 200+"),
        ("profession", "pharmacist", "Unknown profession value “pharmacist”"),
        ("drug", "Hydromorphone", "Not a drug: “Hydromorphone”"),
        ("drug", "a|b", "Not a drug"),
        ("tag", "x" * 65, "Not a tag"),
        ("tag", "Énergie", "Not a tag"),
        ("tag", "sleep\tlate", "Not a tag"),
        ("drug", "morphine\n", "Not a drug"),
        ("year", "2024\n", "Not a year"),
        ("instrument", "PEG", "Not an instrument: “PEG”"),
        ("instrument", "p" * 31, "Not an instrument"),
        ("year", "24", "Not a year: “24”"),
        ("year", "2024; drop table", "Not a year"),
        ("program", "no such program", "Not a program slug"),
    ],
)
def test_an_unknown_facet_value_is_a_422_naming_it(
    client: Any, program: Any, make_member: Any, name: str, value: str, says: str
) -> None:
    api = Api(client, make_member(program, Role.PARTICIPANT))
    for path in ("/search", f"/programs/{program.slug}/search"):
        response = api.get(path, q="taper", **{name: ["", value]})
        assert response.status_code == 422, (name, value)
        body = response.json()
        assert body["code"] == "invalid" and body["field"] == name
        assert says in body["errors"][0]["msg"]


def test_too_many_values_unreadable_programs_and_blanks(
    client: Any, program: Any, make_member: Any, shelf: Any
) -> None:
    user = make_member(program, Role.PARTICIPANT)
    api = Api(client, user)
    many = api.get("/search", q="taper", drug=[f"drug{i}" for i in range(21)])
    assert many.status_code == 422 and many.json()["field"] == "drug"
    assert "At most 20 values of “drug”, not 21." in many.json()["errors"][0]["msg"]
    # Repeats count once (as on the page): 25 copies of one value are one value.
    assert api.get("/search", q="taper", drug=["morphine"] * 25).status_code == 200
    # A program that does not exist and one the caller may not read get the same 422.
    ProgramFactory(slug="elsewhere")
    answers = [api.get("/search", q="taper", program=slug) for slug in ("elsewhere", "nowhere")]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json()["field"] == "program"
    assert [a.json()["message"] for a in answers] == [
        "Unknown program “elsewhere”, or one whose library you may not read.",
        "Unknown program “nowhere”, or one whose library you may not read.",
    ]
    # Blank values are left out, as the page leaves them out.
    blank = api.get("/search", q="opioid taper", type=["", "talk"], year="").json()
    assert {r["type"] for r in blank["results"]} == {"talk"} and blank["count"] == 2
    # A query longer than the page reads is cut as the page cuts it, not refused.
    assert api.get("/search", q="taper " * 200).status_code == 200
    # Without words or filters: nothing, as on the page.
    assert api.get("/search").json() == {
        "count": 0,
        "page": 1,
        "pages": 0,
        "results": [],
        "facets": {},
        "also_searched": [],
        "since": None,
    }


def test_the_refusal_is_in_the_callers_language(
    client: Any, program: Any, make_member: Any
) -> None:
    api = Api(client, make_member(program, Role.PARTICIPANT, language="fr"))
    api.headers["HTTP_ACCEPT_LANGUAGE"] = "fr-CA,fr;q=0.9"
    body = api.get("/search", q="taper", mme="120").json()
    assert "Valeur inconnue" in body["errors"][0]["msg"], body
    body = api.get("/search", q="taper", program="nowhere").json()
    assert body["message"].startswith("Programme inconnu"), body


def test_the_schema_lists_every_facet_with_its_values(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/search", "/api/v1/programs/{slug}/search"):
        params = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert {"q", "page", "type", "theme", "tag", "drug", "mme", "instrument"} <= set(params)
        assert {"profession", "year", "program"} <= set(params)
        for name in ("type", "theme", "tag", "drug", "mme", "instrument", "profession", "year"):
            assert params[name]["schema"]["type"] == "array"
            assert params[name]["schema"]["maxItems"] == 20
        assert params["mme"]["schema"]["items"]["enum"] == ["0", "1-49", "50-89", "90-199", "200+"]
        assert "pharmacy" in params["profession"]["schema"]["items"]["enum"]
        assert "422" in schema["paths"][path]["get"]["responses"]
