"""Emails go in the recipient's language (a coordinator writing to many people sends each their
own), else the program's default language for mail about a program, else LANGUAGE_CODE, never
the sender's; API error messages and calendar files follow the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from echohub.accounts.models import ApiToken, User
from echohub.core.mail import fallback_language, mail_language, queue_email
from echohub.programs import announcements
from echohub.programs import services as program_services
from echohub.programs.models import Registration, Role
from echohub.programs.tasks import send_announcement_email
from echohub.scheduling import services as scheduling
from echohub.security import services as security
from tests.factories import AgendaItemFactory, ProgramFactory, SessionFactory, UserFactory

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
    assert sent[french.email].subject == "Annulée\u00a0: Session 12"
    assert "est annulée." in sent[french.email].body
    assert sent[english.email].subject == "Cancelled: Session 12"
    assert "is cancelled." in sent[english.email].body and "annulée" not in sent[english.email].body
    # No preference: the program's default language, English for this program, although the
    # coordinator worked in French (a French program: see the test below).
    assert program.default_language == "en"
    assert sent[unset.email].subject == "Cancelled: Session 12"
    assert "is cancelled." in sent[unset.email].body


@pytest.fixture
def french_program():
    """A program whose content is French first: its default language is French."""
    return ProgramFactory(
        slug="douleur",
        name="Chronic pain",
        name_fr="Douleur chronique",
        content_languages="fr+en",
        registration_open=True,
        is_public=True,
    )


def test_a_french_programs_cancellation_reaches_people_without_a_preference_in_french(
    french_program, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = make_member(french_program, Role.COORDINATOR, language="en")
    unset = make_member(french_program, Role.PARTICIPANT, language="")
    english = make_member(french_program, Role.PARTICIPANT, language="en")
    session = SessionFactory(
        program=french_program,
        title="Session 12",
        title_fr="Séance 12",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
    )
    with (
        time_machine.travel(START - dt.timedelta(days=2), tick=False),
        translation.override("en"),  # the coordinator works in English
        django_capture_on_commit_callbacks(execute=True),
    ):
        scheduling.cancel_session(actor=coordinator, session=session, reason="Holiday")
    sent = {m.to[0]: m for m in mailoutbox}
    assert sent[unset.email].subject == "Annulée\u00a0: Séance 12"
    assert "est annulée." in sent[unset.email].body and "is cancelled" not in sent[unset.email].body
    assert sent[english.email].subject == "Cancelled: Session 12"
    assert "is cancelled." in sent[english.email].body


def test_an_invitation_from_an_english_coordinator_of_a_french_program_is_in_french(
    french_program, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = make_member(french_program, Role.COORDINATOR, language="en")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        program_services.invite_person(
            actor=coordinator,
            program=french_program,
            email="nouvelle@example.test",  # nobody has this address yet: no preference
            role=Role.PARTICIPANT,
            first_name="Léa",
        )
        english = UserFactory(email="anglo@example.test", language="en")
        program_services.invite_person(
            actor=coordinator, program=french_program, email=english.email, role=Role.EXPERT
        )
    sent = {m.to[0]: m for m in mailoutbox}
    message = sent["nouvelle@example.test"]
    assert message.subject == "Vous êtes invité à Douleur chronique"
    assert "Bonjour Léa," in message.body and "Hello" not in message.body
    # A person who chose English gets English, the program named in English.
    assert sent["anglo@example.test"].subject == "You are invited to Chronic pain"


def test_an_announcement_of_a_french_program_reaches_people_without_a_preference_in_french(
    french_program, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    unset = make_member(french_program, Role.PARTICIPANT, language="")
    english = make_member(french_program, Role.PARTICIPANT, language="en")
    draft = announcements.Draft(
        subject="Session moved",
        body="Thursday's session starts at 14:00.",
        subject_fr="Séance déplacée",
        body_fr="La séance de jeudi commence à 14 h.",
        audience=announcements.Audience(),
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=False):
        sent = announcements.send_announcement(actor=None, program=french_program, draft=draft)
    with translation.override("en"):  # the job runner's own language does not matter either
        for recipient in sent.recipients.all():
            send_announcement_email.call(recipient.pk)
    by_person = {m.to[0]: m for m in mailoutbox}
    assert by_person[unset.email].subject == "[Douleur chronique] Séance déplacée"
    assert "commence à 14 h" in by_person[unset.email].body
    assert by_person[english.email].subject == "[Chronic pain] Session moved"


@pytest.mark.parametrize(
    ("accept", "subject"),
    [
        (None, "Nous avons reçu votre inscription à Douleur chronique"),
        ("de", "Nous avons reçu votre inscription à Douleur chronique"),
        ("en", "We received your registration for Chronic pain"),
    ],
)
def test_a_registrants_email_follows_the_page_they_registered_on(
    client, french_program, mailoutbox, django_capture_on_commit_callbacks, accept, subject
):
    """The registrant is the recipient: the language of their registration page is theirs
    (English when their browser asked for it, else the program's French)."""
    site = french_program.sites.create(name="Clinique du Nord", region="Nord")
    headers = {} if accept is None else {"HTTP_ACCEPT_LANGUAGE": accept}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/p/{french_program.slug}/register/",
            {
                "email": "inscrite@example.test",
                "first_name": "Léa",
                "last_name": "Roy",
                "profession": "family_physician",
                "licence_number": "12345",
                "site": site.pk,
            },
            **headers,
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    (message,) = mailoutbox
    assert message.subject == subject


@pytest.fixture
def english_first_program():
    """A bilingual program whose default language is English."""
    return ProgramFactory(
        slug="pain",
        name="Chronic pain",
        name_fr="Douleur chronique",
        content_languages="en+fr",
        registration_open=True,
        is_public=True,
    )


def _register(client, program, accept: str, email: str = "inscrite@example.test") -> Registration:
    site = program.sites.create(name="Clinique du Nord", region="Nord")
    response = client.post(
        f"/p/{program.slug}/register/",
        {
            "email": email,
            "first_name": "Léa",
            "last_name": "Roy",
            "profession": "family_physician",
            "licence_number": "12345",
            "site": site.pk,
        },
        HTTP_ACCEPT_LANGUAGE=accept,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Registration.objects.get(program=program, email=email)


def test_a_registration_in_french_is_approved_in_french_with_a_french_account(
    client, english_first_program, mailoutbox, django_capture_on_commit_callbacks
):
    assert english_first_program.default_language == "en"
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(client, english_first_program, "fr")
    assert registration.language == "fr"
    assert mailoutbox[0].subject == "Nous avons reçu votre inscription à Douleur chronique"
    # The coordinator decides in English: the registrant still reads French.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        program_services.approve_registration(actor=None, registration=registration)
    welcome = mailoutbox[1]
    assert welcome.to == ["inscrite@example.test"]
    assert welcome.subject == "Bienvenue dans Douleur chronique"
    assert "Welcome" not in welcome.body
    registration.refresh_from_db()
    assert registration.user is not None and registration.user.language == "fr"
    assert mail_language(registration.user.email, program=english_first_program) == "fr"


def test_a_registration_in_french_is_declined_in_french(
    client, english_first_program, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(client, english_first_program, "fr")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        program_services.decline_registration(actor=None, registration=registration)
    assert mailoutbox[-1].subject == "Votre inscription à Douleur chronique"
    assert not User.objects.filter(email="inscrite@example.test").exists()


def test_a_registration_in_english_on_a_french_program_stays_english(
    client, french_program, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(client, french_program, "en")
    assert registration.language == "en"
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        program_services.approve_registration(actor=None, registration=registration)
    assert mailoutbox[-1].subject == "Welcome to Chronic pain"
    assert User.objects.get(email="inscrite@example.test").language == "en"


def test_an_existing_accounts_own_language_wins_over_the_registrations(
    client, english_first_program, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="inscrite@example.test", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(client, english_first_program, "fr")
    with django_capture_on_commit_callbacks(execute=True):
        program_services.approve_registration(actor=None, registration=registration)
    assert mailoutbox[-1].subject == "Welcome to Chronic pain"
    assert User.objects.get(email="inscrite@example.test").language == "en"  # not overwritten


def test_mail_about_no_program_is_in_the_default_language_not_the_senders(
    mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        queue_email(
            to="personne@example.test",
            subject=translation.gettext_noop("Welcome to %(program)s"),
            subject_values={"program": "echohub"},
            template="accounts/email/password_reset.txt",
            context={"protocol": "https", "domain": "echohub.invalid", "uid": "x", "token": "y"},
        )
    (message,) = mailoutbox
    assert message.subject == "Welcome to echohub"


def test_mail_language_order_is_own_then_known_then_program_then_default(french_program, program):
    person = UserFactory(email="Choisi@Example.test", language="en")
    unset = UserFactory(email="rien@example.test", language="")
    assert mail_language(person, program=french_program, known="fr") == "en"
    assert mail_language("choisi@example.test", program=french_program) == "en"  # by address
    assert mail_language(unset, program=french_program, known="en") == "en"
    assert mail_language(unset, program=french_program) == "fr"
    assert mail_language("nobody@example.test", program=french_program) == "fr"
    assert mail_language(unset, program=program) == "en"
    with translation.override("fr"):  # the sender's language is never taken
        assert mail_language(unset) == "en" == mail_language("nobody@example.test")
    # Anything unsupported is skipped, never used.
    unset.language = "de"
    assert mail_language(unset, known="xx", program=french_program) == "fr"
    assert fallback_language(known="de") == "en"


def test_every_module_that_sends_email_takes_its_language_from_mail_language():
    """One function decides an email's language: each module that hands a message to Django's
    mail (send_mail, EmailMessage) renders it in mail_language's answer."""
    import ast
    from pathlib import Path

    import echohub

    root = Path(echohub.__file__).parent
    senders = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or path.name == "mail_backends.py":
            continue
        tree = ast.parse(path.read_text())
        sends = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "django.core.mail"
            and {a.name for a in node.names} & {"send_mail", "EmailMessage", "send_mass_mail"}
            for node in ast.walk(tree)
        )
        if sends:
            senders.append(path.relative_to(root).as_posix())
            names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
            assert "mail_language" in names, f"{path} sends email without mail_language"
    assert {"core/mail.py", "programs/tasks.py", "community/tasks.py", "accounts/tasks.py"} <= set(
        senders
    )


def test_every_queued_email_names_the_program_it_is_about():
    """A recipient who chose no language gets a program's mail in the program's language, so
    each queue_email call says which program (``program=``, or a ``program`` in its context)."""
    import ast
    from pathlib import Path

    import echohub

    root = Path(echohub.__file__).parent
    calls = 0
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "queue_email"
            ):
                continue
            calls += 1
            kwargs = {k.arg: k.value for k in node.keywords}
            context = kwargs.get("context")
            keys = (
                {k.value for k in context.keys if isinstance(k, ast.Constant)}
                if isinstance(context, ast.Dict)
                else set()
            )
            where = f"{path.relative_to(root)}:{node.lineno}"
            assert "program" in kwargs or "program" in keys, where
    assert calls >= 13  # every email path of the project (see core.mail)


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


def test_a_token_callers_profile_language_comes_before_accept_language(
    client, program, make_member
):
    """Issue 14's order for every endpoint called with a token: the profile's language, then
    Accept-Language."""
    person = make_member(program, Role.PARTICIPANT, language="fr")
    _token, raw = ApiToken.issue(user=person, name="tests")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    missing = "/api/v1/programs/no-such-program"
    french = {"code": "not_found", "message": "Introuvable.", "field": None}
    response = client.get(missing, **auth)  # no Accept-Language
    assert response.status_code == 404 and response.json() == french
    assert response["Content-Language"] == "fr"
    response = client.get(missing, HTTP_ACCEPT_LANGUAGE="en", **auth)
    assert response.json() == french
    # A refusal of the token itself is in the person's language too.
    _token, read_only = security.issue_api_token(
        actor=None, user=person, name="read", scope="read", days=30
    )
    response = client.post(
        f"/api/v1/programs/{program.slug}/series",
        data={},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_AUTHORIZATION=f"Bearer {read_only}",
    )
    assert response.status_code == 403 and response.json()["code"] == "token_read_only"
    assert response.json()["message"].startswith("Ce jeton d’API ne permet que la lecture.")
    # No profile language: Accept-Language decides, and the next call is not left in French.
    person.language = ""
    person.save(update_fields=["language"])
    assert client.get(missing, **auth).json()["message"] == "Not found."
    response = client.get(missing, HTTP_ACCEPT_LANGUAGE="fr", **auth)
    assert response.json() == french
    person.language = "en"
    person.save(update_fields=["language"])
    assert client.get(missing, HTTP_ACCEPT_LANGUAGE="fr", **auth).json()["message"] == "Not found."


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
    # French typography: a no-break space before the colon of "%(kind)s: %(title)s"
    assert (
        "Ordre du jour\u00a0:" in unfolded and "Présentation didactique\u00a0: Tapering" in unfolded
    )
    assert "X-WR-CALNAME:Séances echohub" in unfolded
    person.language = "en"
    person.save()
    body = client.get(f"/calendar/{feed.token}.ics").content.decode().replace("\r\n ", "")
    assert "Agenda:" in body and "Ordre du jour" not in body
