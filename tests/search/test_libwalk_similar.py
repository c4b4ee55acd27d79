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
