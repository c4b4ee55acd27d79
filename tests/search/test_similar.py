"""Similar past cases: by features and text, with why; only what the user may open."""

from __future__ import annotations

import pytest

from echohub.cases.models import CaseStatus
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.search.similar import similar_cases
from tests.factories import ProgramFactory
from tests.search.conftest import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def past(program):
    return {
        "twin": make_case(
            program,
            title="Hydromorphone taper with insomnia",
            questions="How do we taper hydromorphone when sleep is this poor?",
            meds=[("hydromorphone", "16")],
            mme="128",
            scores=["peg", "phq9"],
            theme="opioid_tapering",
            age_band="50-59",
            mental_health="Depression, treated",
        ),
        "far": make_case(
            program,
            title="Migraine in a young teacher",
            questions="Which preventive should we try next?",
            theme="headache",
            age_band="18-29",
        ),
    }


def test_the_nearest_case_comes_first_with_reasons(program, make_member, past):
    presenter = make_member(program, Role.PARTICIPANT)
    draft = make_case(
        program,
        title="Tapering hydromorphone, poor sleep",
        questions="Slow taper of hydromorphone? She sleeps badly.",
        meds=[("Dilaudid", "12")],
        mme="96",
        scores=["peg"],
        theme="opioid_tapering",
        age_band="50-59",
        mental_health="Anxiety",
        status=CaseStatus.DRAFT,
        presenter=presenter,
    )
    found = similar_cases(presenter, draft)
    assert [s.case_id for s in found][:1] == [past["twin"].pk]
    why = " · ".join(found[0].why)
    assert "same MME band 90–199" in why
    assert "both on hydromorphone" in why
    assert "same theme" in why and "same age band 50–59" in why
    assert "both with mental-health concerns" in why
    assert "words in common" in why and "hydromorphone" in why
    assert past["far"].pk not in [s.case_id for s in found]


def test_never_the_case_itself_nor_one_the_user_cannot_open(program, make_member, past):
    expert = make_member(program, Role.EXPERT)
    found = similar_cases(expert, past["twin"])
    assert past["twin"].pk not in [s.case_id for s in found]
    other = ProgramFactory()
    hidden = make_case(
        other,
        title="Hydromorphone taper with insomnia too",
        meds=[("hydromorphone", "16")],
        mme="128",
        theme="opioid_tapering",
        age_band="50-59",
    )
    assert hidden.pk not in [s.case_id for s in similar_cases(expert, past["twin"])]
    evaluator = make_member(program, Role.EVALUATOR)
    assert similar_cases(evaluator, past["twin"]) == []


def test_the_panel_is_audited_as_case_reads(client, program, make_member, past):
    presenter = make_member(program, Role.PARTICIPANT)
    draft = make_case(
        program,
        title="Hydromorphone and sleep",
        meds=[("hydromorphone", "12")],
        mme="100",
        theme="opioid_tapering",
        status=CaseStatus.DRAFT,
        presenter=presenter,
    )
    client.force_login(presenter)
    response = client.get(
        f"/p/{program.slug}/search/similar/{draft.pk}/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Hydromorphone taper with insomnia" in response.content.decode()
    entry = AuditEntry.objects.get(action="case.list_read", actor=presenter)
    assert past["twin"].pk in entry.changes["ids"] and entry.changes["view"] == "search.similar"


def test_the_panel_is_for_the_presenter_and_the_hub_only(client, program, make_member, past):
    other_participant = make_member(program, Role.PARTICIPANT)
    draft = make_case(program, title="Someone's draft", status=CaseStatus.DRAFT)
    client.force_login(other_participant)
    assert client.get(f"/p/{program.slug}/search/similar/{draft.pk}/").status_code == 404
    expert = make_member(program, Role.EXPERT)
    client.force_login(expert)
    # a draft is the presenter's alone, even for the hub
    assert client.get(f"/p/{program.slug}/search/similar/{draft.pk}/").status_code == 404
    response = client.get(f"/p/{program.slug}/search/similar/{past['far'].pk}/")
    assert response.status_code == 200


def test_the_draft_words_searched_are_its_most_telling_ones(program):
    """A "more like this": how often a word is in the draft times how rare it is in general
    English and French; "including" and "about" give way to the clinical words, whatever their
    order, and no more than WORDS are searched."""
    from echohub.search.similar import WORDS, _rarity, case_words

    assert _rarity("pregabalin") >= _rarity("apnea") > _rarity("sleep") > _rarity("about")
    assert _rarity("sommeil") > _rarity("avec")  # French words are weighed too
    draft = make_case(
        program,
        title="Everything about it, discussed",
        questions="Including pregabalin and apnea: anything else?",
        status=CaseStatus.DRAFT,
    )
    words = case_words(draft)
    assert words[:2] == ["pregabalin", "apnea"] or words[:2] == ["apnea", "pregabalin"]
    assert words.index("pregabalin") < words.index("including")
    many = make_case(
        program,
        title=" ".join(f"word{chr(97 + i)}" for i in range(20)).replace("word", "quill"),
        status=CaseStatus.DRAFT,
    )
    assert len(case_words(many)) == WORDS
