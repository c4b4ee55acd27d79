"""What the French walk of hubweek4 found: "Cases at a glance" titled each case
"CP-2026-021: title" and the case page's sender line read "les coordonnateurs: Tomas ...",
English colons in French (Québec typography wants a no-break space before the colon)."""

import pytest

from echohub.cases import services
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(program, presenter, draft, upcoming_session, make_member):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    return draft


def test_french_colons_on_the_sessions_cases_and_the_sender_line(
    as_role, program, scheduled, upcoming_session
):
    client = as_role(program, Role.COORDINATOR)
    client.user.language = "fr"
    client.user.save()
    glance = client.get(
        f"/p/{program.slug}/sessions/{upcoming_session.pk}/cases/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert f"{scheduled.number}</a>\u00a0: {scheduled.title}" in glance
    page = client.get(
        f"/p/{program.slug}/cases/{scheduled.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    sender = page.split('class="sending"', 1)[1].split("</p>", 1)[0]
    assert "\u00a0:" in sender.split("</strong>", 1)[1].split("(", 1)[0]
