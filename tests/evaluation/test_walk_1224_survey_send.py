"""What the walk of round 1224 found on a post-session survey: "Send now for a session" named
no count of the people one click emails, and nobody could read the email before it left. Each
session in the menu now says how many people it would email (its own question asks with that
number), the count is what is then sent, and the page shows the email as it will be written."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from echohub.attendance.models import Attendance
from echohub.evaluation.models import SurveyInvitation
from echohub.programs.models import Role
from tests.factories import (
    MembershipFactory,
    QuestionFactory,
    SessionFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _option(html: str, session_pk: int) -> tuple[str, str]:
    """The <option> of a session: its attributes and its label."""
    found = re.search(rf'<option value="{session_pk}"([^>]*)>([^<]*)</option>', html)
    assert found, html
    return unescape(found.group(1)), unescape(found.group(2))


@pytest.fixture
def setting(program: Any) -> dict[str, Any]:
    survey = SurveyFactory(program=program, kind="post_session", status="open", title="Invented")
    QuestionFactory(survey=survey)
    people = [UserFactory(first_name=f"Invented{n}") for n in range(4)]
    for user in people:
        MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    end = timezone.now() - dt.timedelta(hours=2)
    attended = SessionFactory(
        program=program,
        title="Invented taper talk",
        starts_at=end - dt.timedelta(hours=2),
        ends_at=end,
    )
    unrecorded = SessionFactory(
        program=program,
        title="Invented sleep talk",
        starts_at=end - dt.timedelta(days=7),
        ends_at=end - dt.timedelta(days=7) + dt.timedelta(hours=2),
    )
    for user in people[:3]:
        Attendance.objects.create(session=attended, user=user, computed_minutes=60, minutes=60)
    SurveyInvitation.objects.create(
        survey=survey, session=attended, user=people[0], token_hash="a" * 64
    )
    return {"survey": survey, "attended": attended, "unrecorded": unrecorded, "people": people}


def _page(client: Any, program: Any, survey: Any) -> str:
    url = reverse("evaluation:survey", kwargs={"slug": program.slug, "pk": survey.pk})
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_each_session_says_how_many_people_it_would_email(
    program: Any, as_role: Any, setting: dict[str, Any], mailoutbox: Any
) -> None:
    client = as_role(program, Role.COORDINATOR)
    html = _page(client, program, setting["survey"])
    # Three attendees recorded, one already invited: two to email.
    attrs, label = _option(html, setting["attended"].pk)
    assert "· 2 to email ·" in label and "Invented taper talk" in label
    assert 'data-count="2"' in attrs
    assert "to 2 people of this session not yet invited?" in attrs
    # No attendance recorded: the program's active participants (four; the coordinator is not).
    attrs, label = _option(html, setting["unrecorded"].pk)
    assert "· 4 to email ·" in label
    assert mailoutbox == [], "reading the page emails nobody"


def test_the_count_shown_is_what_is_sent(
    program: Any,
    as_role: Any,
    setting: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    mailoutbox: Any,
) -> None:
    client = as_role(program, Role.COORDINATOR)
    survey = setting["survey"]
    send = reverse("evaluation:survey_send", kwargs={"slug": program.slug, "pk": survey.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send, {"session": setting["attended"].pk}, follow=True)
    assert "2 invitations sent" in response.content.decode()
    assert len(mailoutbox) == 2
    html = _page(client, program, survey)
    attrs, label = _option(html, setting["attended"].pk)
    assert "everyone invited" in label
    assert "data-confirm" not in attrs


def test_the_email_can_be_read_before_sending(
    program: Any, as_role: Any, setting: dict[str, Any]
) -> None:
    client = as_role(program, Role.COORDINATOR)
    html = _page(client, program, setting["survey"])
    preview = re.search(r'<details class="survey-email">(.*?)</details>', html, flags=re.S)
    assert preview, "a preview of the email on the survey page"
    text = preview.group(1)
    assert "Preview the email" in text
    assert "Your feedback: Invented" in text
    # Written for the newest session offered, to a stand-in: no one's real name or link.
    assert 'Thank you for joining "Invented taper talk"' in text
    assert "Hello (their first name)," in text
    assert not any(f"Invented{n}" in text for n in range(4))
    assert "/s/their-personal-link/" in text


def test_a_survey_for_all_participants_shows_its_email_too(program: Any, as_role: Any) -> None:
    survey = SurveyFactory(program=program, kind="pre", status="open", title="Invented pre")
    QuestionFactory(survey=survey)
    client = as_role(program, Role.COORDINATOR)
    html = _page(client, program, survey)
    assert '<details class="survey-email">' in html
    assert "asks for your feedback" in html


def test_a_closed_survey_shows_no_email_to_send(program: Any, as_role: Any) -> None:
    survey = SurveyFactory(program=program, kind="pre", status="closed")
    QuestionFactory(survey=survey)
    client = as_role(program, Role.COORDINATOR)
    assert "survey-email" not in _page(client, program, survey)


def test_the_menu_counts_in_a_fixed_number_of_queries(
    program: Any, as_role: Any, setting: dict[str, Any]
) -> None:
    """The counts take the same queries at 2 sessions as at 10 (no N+1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_role(program, Role.COORDINATOR)
    url = reverse("evaluation:survey", kwargs={"slug": program.slug, "pk": setting["survey"].pk})
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    end = timezone.now() - dt.timedelta(days=20)
    for n in range(8):
        SessionFactory(
            program=program,
            starts_at=end - dt.timedelta(days=n, hours=2),
            ends_at=end - dt.timedelta(days=n),
        )
    with CaptureQueriesContext(connection) as many:
        html = unescape(client.get(url).content.decode())
    assert html.count("to email ·") == 10
    assert len(many) == len(few)


def test_the_response_rates_read_as_cards_on_a_phone(
    program: Any, as_role: Any, setting: dict[str, Any]
) -> None:
    """At 390 px in French the rates table squeezed a session's name to a word a line: a
    table.stack now, each figure naming its column, the total row too."""
    client = as_role(program, Role.COORDINATOR)
    html = _page(client, program, setting["survey"])
    table = re.search(r'<table[^>]*aria-labelledby="rates-h"[^>]*>.*?</table>', html, re.S)
    assert table and table.group(0).startswith('<table class="stack"')
    cells = re.findall(r"<td([^>]*)>", table.group(0))
    assert cells and all('class="stack-head"' in c or "data-label=" in c for c in cells)
    for label in ("Invited", "Answered", "Rate"):
        assert table.group(0).count(f'data-label="{label}"') >= 2  # a session and the total


def test_the_french_line_of_the_email_keeps_its_guillemets_together(
    program: Any, as_role: Any, setting: dict[str, Any]
) -> None:
    """The preview showed "« Français" on one line and "»." on the next: the invitation's
    French line has no-break spaces before ':' and inside « » (OQLF)."""
    client = as_role(program, Role.COORDINATOR)
    html = _page(client, program, setting["survey"])
    assert (
        "Version française\u00a0: ouvrez le lien, puis choisissez «\u00a0Français\u00a0»." in html
    )


def test_the_response_rates_name_each_session_in_the_readers_language(
    program: Any, as_role: Any, setting: dict[str, Any]
) -> None:
    """The rates table gave every session its English title on a French page (walk 1224)."""
    session = setting["attended"]
    session.title_fr = "Causerie inventée sur le sevrage"
    session.save(update_fields=["title_fr"])
    client = as_role(program, Role.COORDINATOR)
    url = reverse("evaluation:survey", kwargs={"slug": program.slug, "pk": setting["survey"].pk})
    french = unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    rates = french[french.index("<table") :]
    assert "Causerie inventée sur le sevrage" in rates
    assert "Invented taper talk" not in rates.split("</table>")[0]
    english = unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Invented taper talk" in english[english.index("<table") :].split("</table>")[0]
