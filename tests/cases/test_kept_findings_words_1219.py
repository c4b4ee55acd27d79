"""The privacy reviewer sees which words each kept finding is about (hubweek4: the review said
"The presenter kept these findings: Name — Fictional name used in teaching", and a new
coordinator had to hunt the case text for the name). The override keeps only a keyed hash of
the words; the page reads them again from the case, which the reviewer is reading anyway."""

import re

import pytest

from echohub.cases import services
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _submit_with_a_kept_name(draft, presenter):
    services.save_draft(
        actor=presenter, case=draft, data={"social_context": "Her daughter Mary Smith drives her."}
    )
    with pytest.raises(services.PhiFound) as err:
        services.submit_case(actor=presenter, case=draft)
    for f in err.value.findings:
        services.override_finding(
            actor=presenter,
            case=draft,
            field=f.field,
            kind=f.kind,
            text_hash=f.text_hash,
            reason="Fictional name used in teaching",
        )
    services.submit_case(actor=presenter, case=draft)
    return draft


def test_the_reviewer_sees_the_kept_words_their_field_and_the_reason(
    as_role, program, draft, presenter
):
    case = _submit_with_a_kept_name(draft, presenter)
    page = as_role(program, Role.COORDINATOR).get(f"/p/{program.slug}/cases/{case.pk}/")
    html = page.content.decode()
    kept = html.split("The presenter kept these findings:", 1)[1].split("</ul>", 1)[0]
    assert re.search(r'<mark class="phi phi-overridden">Mary Smith</mark> \([^)]+\)', kept), kept
    assert "Fictional name used in teaching" in kept


def test_the_presenter_and_others_see_no_kept_list(as_role, program, draft, presenter):
    case = _submit_with_a_kept_name(draft, presenter)
    for role in (Role.PARTICIPANT, Role.EXPERT):
        html = as_role(program, role).get(f"/p/{program.slug}/cases/{case.pk}/").content.decode()
        assert "The presenter kept these findings:" not in html
