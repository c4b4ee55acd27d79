"""What the library walk (libwalk) found: a French draft ("fibromyalgie", "sommeil") found the
English past case on fibromyalgia and sleep only through a word both happened to share
("options"), and said so; the similar-cases panel now reads the draft's words in both languages,
through the library's glossary, as the search page does."""

from __future__ import annotations

import pytest

from echohub.cases.models import CaseStatus
from echohub.programs.models import Role
from echohub.search.similar import similar_cases
from tests.search.conftest import make_case

pytestmark = pytest.mark.django_db


def test_a_french_draft_finds_the_english_past_case_by_its_words(program, make_member):
    past = make_case(
        program,
        title="Fibromyalgia with poor sleep",
        questions="What non-drug treatments could help her sleep?",
        theme="headache",
        age_band="18-29",
    )
    make_case(
        program,
        title="Knee osteoarthritis in a farmer",
        questions="Which exercise programme suits him?",
        theme="headache",
        age_band="18-29",
    )
    presenter = make_member(program, Role.PARTICIPANT)
    draft = make_case(
        program,
        title="Fibromyalgie et sommeil difficile",
        questions="Que proposer pour le sommeil?",
        status=CaseStatus.DRAFT,
        presenter=presenter,
    )
    found = similar_cases(presenter, draft)
    assert found and found[0].case_id == past.pk
    why = " · ".join(found[0].why)
    assert "sommeil (sleep)" in why and "fibromyalgie (fibromyalgia)" in why


def test_past_cases_with_the_same_title_are_told_apart_by_their_number(
    client, program, make_member
):
    """The demo's library holds several past cases under one title: the panel listed them
    alike, three links with the same words and nothing to tell which is which."""
    twins = [
        make_case(
            program,
            title="Fibromyalgia with poor sleep",
            questions="What could help her sleep?",
            theme="fibromyalgia",
        )
        for _ in range(2)
    ]
    presenter = make_member(program, Role.PARTICIPANT)
    draft = make_case(
        program,
        title="Fibromyalgia and sleep",
        theme="fibromyalgia",
        status=CaseStatus.DRAFT,
        presenter=presenter,
    )
    client.force_login(presenter)
    html = client.get(f"/p/{program.slug}/search/similar/{draft.pk}/").content.decode()
    assert html.count("Fibromyalgia with poor sleep</a>") == 2
    for twin in twins:
        assert f"Case #{twin.pk}</span>" in html
