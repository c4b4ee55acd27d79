"""What the issue lists for the participant's live page and the end of the session, read
through the pages: the agenda with its current item and the talk's slides, the case being
discussed (its summary, registered members only, never the fuller presentation), the join
button (while the session is on the calendar), and the end list (drafts to finish, questions,
presenters to thank)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from echohub.live import services
from echohub.programs.models import Role
from echohub.scheduling.models import Resource

pytestmark = pytest.mark.django_db

SLIDES = "https://slides.example.test/tapering.pdf"


def url(name, session, **kw):
    return reverse(f"live:{name}", kwargs={"slug": session.program.slug, "pk": session.pk, **kw})


def test_live_page_shows_agenda_slides_case_summary_and_join_button(
    as_role, session, items, case, coordinator
):
    Resource.objects.create(agenda_item=items[0], title="Tapering slides", url=SLIDES)
    services.start_session(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)  # the case's item is current
    client = as_role(session.program, Role.PARTICIPANT)
    html = client.get(url("page", session)).content.decode()
    assert "data-live-now>Now: <strong>Case: low back pain" in html
    assert f'href="{SLIDES}"' in html and "Tapering slides" in html
    assert "Chronic low back pain on high-dose opioids" in html  # the summary
    assert "How should we approach a slow taper?" in html  # the presenter's questions
    assert "Walks 10 minutes" not in html  # the fuller presentation is the console's
    assert "Join the video meeting" in html and "/join/" in html
    assert 'id="ask"' in html  # the question box


def test_an_evaluator_gets_the_agenda_and_slides_but_no_case(
    as_role, session, items, case, coordinator
):
    Resource.objects.create(agenda_item=items[0], title="Tapering slides", url=SLIDES)
    services.start_session(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)
    client = as_role(session.program, Role.EVALUATOR)
    html = client.get(url("page", session)).content.decode()
    assert f'href="{SLIDES}"' in html
    assert "How should we approach a slow taper?" not in html
    assert "Cases are shown to the program's registered participants" in html


def test_a_cancelled_session_has_no_join_button(as_role, session):
    session.status = "cancelled"
    session.save(update_fields=["status"])
    html = as_role(session.program, Role.PARTICIPANT).get(url("page", session)).content.decode()
    assert "Join the video meeting" not in html


def test_the_end_lists_drafts_questions_and_presenters_to_thank(
    client, session, case, coordinator, participant, presenter
):
    services.start_session(actor=coordinator, session=session)
    services.save_draft(
        actor=coordinator,
        session=session,
        case=case,
        discipline="pharmacy",
        text="Taper 10 % a month",
        version=0,
    )
    services.ask_question(actor=participant, session=session, text="What about sleep?")
    client.force_login(coordinator)
    before = client.get(url("console", session), {"part": "end"}).content.decode()
    assert "what is left to do appears here" in before
    services.end_session(actor=coordinator, session=session)
    html = client.get(url("console", session), {"part": "end"}).content.decode()
    assert "Recommendations to finish for 2026-001" in html
    assert "1 question still waiting" in html
    assert "Thank Ana Lopes for presenting" in html


def test_the_join_link_before_the_meeting_opens_leads_to_the_live_page(
    client, session, participant
):
    import datetime as dt

    from echohub.joining.services import join_token_for

    session.starts_at += dt.timedelta(days=2)
    session.ends_at += dt.timedelta(days=2)
    session.save(update_fields=["starts_at", "ends_at"])
    token = join_token_for(session=session, user=participant).token
    response = client.get(reverse("joining:join", kwargs={"token": token}))
    html = response.content.decode()
    assert response.status_code == 200  # "a little early": the page says when it opens
    assert f'href="{url("page", session)}"' in html
    assert "see the agenda and ask the hub a question" in html
