"""A refused follow-up says why inside its own form, not only in the banner at the top of a
long case page (the walk of round 1222: a PEG total typed without its items was refused with
the message at the top, the form and what was typed far below)."""

from __future__ import annotations

import re

import pytest

from echohub.cases import services
from echohub.programs.models import Role
from tests.cases.test_walk_1222_schedule_help import _sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(program, presenter, draft, upcoming_session, make_member):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    approved = services.review_case(actor=coordinator, case=draft, approve=True)
    case, _ = _sent(program, (approved, coordinator), upcoming_session, make_member)
    return case


def _follow_up_form(html: str) -> str:
    form = re.search(r'<form method="post" action="[^"]*/follow_up/">(.*?)</form>', html, re.S)
    assert form, "no follow-up form"
    return form.group(1)


def test_a_refused_score_is_explained_in_the_follow_up_form(client, program, presenter, sent):
    client.force_login(presenter)
    response = client.post(
        f"/p/{program.slug}/cases/{sent.pk}/follow_up/",
        {
            "what_changed": "Slower taper, sleeping better.",
            "score-TOTAL_FORMS": "1",
            "score-INITIAL_FORMS": "0",
            "score-0-instrument": "peg",
            "score-0-total": "5",
            "med-TOTAL_FORMS": "0",
            "med-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    form = _follow_up_form(response.content.decode())
    assert 'role="alert"' in form and "scored exactly" in form
    assert "Slower taper, sleeping better." in form  # nothing typed is lost


def test_an_empty_follow_up_says_what_to_write_under_the_box(client, program, presenter, sent):
    client.force_login(presenter)
    response = client.post(
        f"/p/{program.slug}/cases/{sent.pk}/follow_up/",
        {
            "what_changed": "  ",
            "score-TOTAL_FORMS": "0",
            "score-INITIAL_FORMS": "0",
            "med-TOTAL_FORMS": "0",
            "med-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    form = _follow_up_form(response.content.decode())
    assert "Say what changed." in form or "This field is required." in form
