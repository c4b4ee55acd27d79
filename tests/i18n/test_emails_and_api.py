"""Emails go in the recipient's language (a coordinator writing to many people sends each their
own); API error messages and calendar files follow the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from echohub.accounts.models import ApiToken
from echohub.core.mail import queue_email
from echohub.programs.models import Role
from echohub.scheduling import services as scheduling
from tests.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)


def test_a_cancellation_reaches_each_person_in_their_own_language(
    program, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    french = make_member(program, Role.PARTICIPANT, language="fr")
    english = make_member(program, Role.EXPERT, language="en")
    unset = make_member(program, Role.PARTICIPANT, language="")
    session = SessionFactory(
        program=program, title="Session 12", starts_at=START, ends_at=START + dt.timedelta(hours=2)
    )
    with (
        time_machine.travel(START - dt.timedelta(days=2), tick=False),
        translation.override("fr"),  # the coordinator works in French
        django_capture_on_commit_callbacks(execute=True),
    ):
        scheduling.cancel_session(actor=None, session=session, reason="Jour férié")
    sent = {m.to[0]: m for m in mailoutbox}
    assert sent[french.email].subject == "Annulée : Session 12"
    assert "est annulée." in sent[french.email].body
    assert sent[english.email].subject == "Cancelled: Session 12"
    assert "is cancelled." in sent[english.email].body and "annulée" not in sent[english.email].body
    # no preference: the program's default language (notices are sent in it)
    assert sent[unset.email].subject == "Cancelled: Session 12"


def test_an_email_to_a_french_preferring_person_queued_in_english_is_in_french(
    program, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    person = make_member(program, Role.PARTICIPANT, language="fr")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        queue_email(
            to=person.email.upper(),  # addresses match whatever their case
            subject=translation.gettext_noop("Welcome to %(program)s"),
            subject_values={"program": program.name},
            template="accounts/email/password_reset.txt",
            context={"protocol": "https", "domain": "echohub.invalid", "uid": "x", "token": "y"},
        )
    (message,) = mailoutbox
    assert message.subject == f"Bienvenue dans {program.name}"
    assert "Quelqu’un a demandé la réinitialisation" in message.body


def test_a_finished_subject_is_sent_as_it_is(
    program, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            to="someone@example.org",
            subject="Already made: 100% sure",
            template="accounts/email/password_reset.txt",
            context={"protocol": "https", "domain": "echohub.invalid", "uid": "x", "token": "y"},
        )
    assert mailoutbox[0].subject == "Already made: 100% sure"


def test_api_errors_follow_accept_language(client, program, make_member):
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["message"].startswith("Authentification requise")
    _token, raw = ApiToken.issue(user=make_member(program, Role.PARTICIPANT), name="tests")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.get("/api/v1/programs/no-such-program", HTTP_ACCEPT_LANGUAGE="fr", **auth)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Introuvable.", "field": None}
    response = client.get("/api/v1/programs/no-such-program", **auth)
    assert response.json()["message"] == "Not found."


def test_a_domain_error_message_from_the_api_is_in_french(client, program, make_member):
    _token, raw = ApiToken.issue(user=make_member(program, Role.COORDINATOR), name="tests")
    response = client.post(
        f"/api/v1/programs/{program.slug}/series",
        data={
            "title": "Cycle",
            "frequency": "weekly",
            "weekday": 3,
            "first_date": "2027-01-07",
            "start_time": "12:30",
            "duration_minutes": 60,
            "time_zone": "America/Toronto",
            "last_date": "2027-01-01",
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "end_before_start",
        "message": "La dernière date est antérieure à la première date.",
        "field": "last_date",
    }


def test_a_calendar_feed_is_in_its_owners_language(client, program, make_member):
    from echohub.joining.models import CalendarFeed

    person = make_member(program, Role.PARTICIPANT, language="fr")
    session = SessionFactory(program=program, title="Session 12")
    AgendaItemFactory(session=session, kind="didactic", title="Tapering", position=1)
    feed = CalendarFeed.objects.create(user=person)
    body = client.get(f"/calendar/{feed.token}.ics", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    unfolded = body.replace("\r\n ", "")
    assert "Ordre du jour :" in unfolded and "Présentation didactique : Tapering" in unfolded
    assert "X-WR-CALNAME:Séances echohub" in unfolded
    person.language = "en"
    person.save()
    body = client.get(f"/calendar/{feed.token}.ics").content.decode().replace("\r\n ", "")
    assert "Agenda:" in body and "Ordre du jour" not in body
