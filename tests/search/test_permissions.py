"""Results respect permissions: every hit and every facet count comes from something the
searcher may open (the library's selectors), whatever the memberships, sharing and query."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.cases.models import CaseStatus
from echohub.library import selectors as lib
from echohub.library.models import LibrarySettings
from echohub.programs.models import Membership, Role
from echohub.search.models import SearchDocument
from echohub.search.services import search
from tests.factories import ProgramFactory, UserFactory
from tests.search.conftest import make_case, make_talk, make_tool

pytestmark = pytest.mark.django_db

WORDS = ["taper", "sleep", "naloxone", "hydromorphone", "fentanyl", "mood"]
ROLES = [Role.PROGRAM_ADMIN, Role.COORDINATOR, Role.EXPERT, Role.PARTICIPANT, Role.EVALUATOR]
STATUSES = [CaseStatus.PRESENTED, CaseStatus.RECOMMENDATIONS_SENT, CaseStatus.CLOSED]


def openable(user: Any) -> set[tuple[str, int]]:
    cases = set(lib.case_entries_for(user).values_list("pk", flat=True))
    out = {("talk", pk) for pk in lib.talks_for(user).values_list("pk", flat=True)}
    out |= {("tool", pk) for pk in lib.tools_for(user).values_list("pk", flat=True)}
    for kind, object_id, case_id in SearchDocument.objects.filter(
        kind__in=["case", "recommendation"]
    ).values_list("kind", "object_id", "case_id"):
        if case_id in cases:
            out.add((kind, object_id))
    return out


def assert_only_openable(user: Any, query: str, facets: dict[str, list[str]]) -> None:
    allowed = openable(user)
    allowed_docs = SearchDocument.objects.filter(
        pk__in=[
            pk
            for pk, kind, oid in SearchDocument.objects.values_list("pk", "kind", "object_id")
            if (kind, oid) in allowed
        ]
    )
    results = search(user, query, facets, per_page=100)
    for hit in results.hits:
        assert (hit.kind, hit.object_id) in allowed, (hit.kind, hit.title)
    assert results.count <= allowed_docs.count()
    # Every facet count is at most the number of openable rows with that value.
    for name, values in results.facets.items():
        for value in values:
            within = allowed_docs.filter(facets__name=name, facets__value=value.value).count()
            assert value.count <= within, (name, value.value, value.count, within)


@st.composite
def worlds(draw: Any) -> dict[str, Any]:
    return {
        "roles": draw(st.lists(st.sampled_from([*ROLES, None]), min_size=3, max_size=3)),
        "shared": draw(st.lists(st.booleans(), min_size=3, max_size=3)),
        "cases": draw(
            st.lists(
                st.tuples(st.integers(0, 2), st.sampled_from(STATUSES), st.sampled_from(WORDS)),
                max_size=6,
            )
        ),
        "talks": draw(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(WORDS)), max_size=4)),
        "tools": draw(st.lists(st.tuples(st.integers(-1, 2), st.sampled_from(WORDS)), max_size=3)),
        "query": draw(
            st.one_of(
                st.sampled_from([*WORDS, "taper or sleep", "-mood", '"poor sleep']),
                st.text(max_size=20),
            )
        ),
        "facet": draw(
            st.sampled_from(
                [{}, {"type": ["case"]}, {"type": ["talk", "tool"]}, {"drug": ["fentanyl"]}]
            )
        ),
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_every_hit_and_count_comes_from_what_the_user_may_open(world: dict[str, Any]) -> None:
    programs = [ProgramFactory() for _ in range(3)]
    for program, shared in zip(programs, world["shared"], strict=True):
        if shared:
            LibrarySettings.objects.create(program=program, share_with_deployment=True)
    user = UserFactory()
    for program, role in zip(programs, world["roles"], strict=True):
        if role:
            Membership.objects.create(program=program, user=user, role=role)
    for i, status, word in world["cases"]:
        make_case(
            programs[i],
            title=f"{word} case",
            status=status,
            questions=f"What about {word}?",
            meds=[(word, "10")] if word in ("fentanyl", "hydromorphone") else [],
            recommendations={"pharmacy": f"Advice on {word}."},
        )
    for i, word in world["talks"]:
        make_talk(programs[i], f"{word} talk", given_on=dt.date(2024, 1, 1))
    for i, word in world["tools"]:
        make_tool(programs[i] if i >= 0 else None, f"{word} tool")
    assert_only_openable(user, world["query"], world["facet"])
    # and an outsider sees nothing at all
    outsider = UserFactory()
    results = search(outsider, world["query"], world["facet"])
    assert results.count == 0 and not results.hits
    assert all(v.count == 0 for values in results.facets.values() for v in values)


def test_evaluators_find_talks_but_no_case_or_recommendation(program, make_member):
    make_case(program, title="Fentanyl patch", recommendations={"pharmacy": "Fentanyl advice"})
    make_talk(program, "Fentanyl basics")
    evaluator = make_member(program, Role.EVALUATOR)
    results = search(evaluator, "fentanyl")
    assert [h.kind for h in results.hits] == ["talk"]
    assert {f.value: f.count for f in results.facets["type"]} == {"talk": 1}


def test_another_programs_library_only_when_shared(program, make_member):
    other = ProgramFactory()
    make_talk(other, "Methadone induction")
    user = make_member(program, Role.PARTICIPANT)
    assert search(user, "methadone").count == 0
    LibrarySettings.objects.create(program=other, share_with_deployment=True)
    assert search(user, "methadone").count == 1


def test_a_purged_case_leaves_the_index(program, make_member):
    from echohub.privacy.models import PurgedCase
    from echohub.privacy.signals import cases_purged

    case = make_case(program, title="Ketamine trial", recommendations={"medicine": "Ketamine"})
    assert SearchDocument.objects.filter(case_id=case.pk).count() == 2
    PurgedCase.objects.create(case=case, years=10, purged_at=case.sent_at)
    cases_purged.send(sender=PurgedCase, case_ids=[case.pk])
    assert not SearchDocument.objects.filter(case_id=case.pk).exists()
    user = make_member(program, Role.EXPERT)
    assert search(user, "ketamine").count == 0


def test_a_case_that_leaves_the_library_leaves_the_index(program, make_member):
    """A save that moves a case out of the library statuses removes its rows."""
    case = make_case(program, title="Buprenorphine switch", recommendations={"pharmacy": "Bup"})
    assert SearchDocument.objects.filter(case_id=case.pk).count() == 2
    case.status = CaseStatus.PRESENTED
    case.save()
    assert not SearchDocument.objects.filter(case_id=case.pk).exists()
    user = make_member(program, Role.EXPERT)
    assert search(user, "buprenorphine").count == 0
    case.status = CaseStatus.CLOSED
    case.save()
    assert search(user, "buprenorphine").count == 2


def test_rows_left_behind_by_a_queryset_update_are_never_shown_or_counted(program, make_member):
    """Defence in depth: a status change that bypasses the save signal (a data fix with
    .update()) leaves the rows, yet the search neither shows, counts nor snippets them."""
    from echohub.cases.models import Case

    case = make_case(program, title="Gabapentin review", recommendations={"pharmacy": "Gaba"})
    kept = make_case(program, title="Gabapentin taper")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.PRESENTED)
    assert SearchDocument.objects.filter(case_id=case.pk).count() == 2  # left behind
    user = make_member(program, Role.EXPERT)
    results = search(user, "gabapentin", per_page=100)
    assert {h.case_id for h in results.hits} == {kept.pk}
    assert results.count == 1
    assert {f.value: f.count for f in results.facets["type"]} == {"case": 1}
    assert search(user, "review").count == 0
