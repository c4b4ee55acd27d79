"""A refused follow-up comes back with what was typed: its scores too (only its text did; the
score rows came back empty, so a presenter retyped them after, say, removing an identifier)."""

import pytest

from echohub.cases import services
from echohub.cases.models import FollowUp
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def test_a_refused_follow_up_keeps_its_score_rows(
    client, program, presenter, draft, upcoming_session, make_member
):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    services.save_recommendation(
        actor=coordinator, case=draft, discipline="pharmacy", text="Reduce by 10% a month."
    )
    services.send_recommendations(actor=coordinator, case=draft, summary="Slow taper.")
    client.force_login(presenter)
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/follow_up/",
        {
            "what_changed": "Seen again; her health card is 1234-567-897.",
            "med-TOTAL_FORMS": "0",
            "med-INITIAL_FORMS": "0",
            "score-TOTAL_FORMS": "1",
            "score-INITIAL_FORMS": "0",
            "score-0-instrument": "peg",
            "score-0-items": "4, 3, 5",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="4, 3, 5"' in page
    assert "Seen again" in page
    assert not FollowUp.objects.filter(case=draft).exists()
