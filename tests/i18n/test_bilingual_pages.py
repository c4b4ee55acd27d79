"""Bilingual program content where people read it: pages in English and French through the
test client, announcement emails in each recipient's language, the API, certificates, the
case form and the editing forms (issue 14)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from echohub.attendance.models import Attendance
from echohub.cases import formconfig
from echohub.cases import services as case_services
from echohub.credits import services as credit_services
from echohub.programs import announcements
from echohub.programs.models import Announcement, Program, Role
from echohub.programs.tasks import send_announcement_email
from echohub.scheduling.models import AgendaItem, Session
from tests.api.conftest import Api
from tests.credits.conftest import rule_data
from tests.factories import AgendaItemFactory, MembershipFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en-CA,en;q=0.9"}


@pytest.fixture
def program(db: None) -> Program:
    return Program.objects.create(
        slug="douleur",
        name="Chronic Pain & Opioid Stewardship",
        name_fr="Douleur chronique et gestion des opioïdes",
        summary="Weekly telementoring.",
        summary_fr="Télémentorat hebdomadaire.",
        description="Case-based learning.",
        description_fr="Apprentissage fondé sur des cas.",
        how_to_join="Register.",  # no French: the French reader sees this, marked
        content_languages="en+fr",
    )


@pytest.fixture
def session(program: Program) -> Session:
    start = timezone.now() + dt.timedelta(days=3)
    session = SessionFactory(
        program=program,
        title="Session 4",
        title_fr="Séance 4",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
    )
    AgendaItemFactory(
        session=session,
        title="Opioid tapering: when and how",
        title_fr="La diminution progressive des opioïdes : quand et comment",
        notes="Slides are linked.",
        notes_fr="Les diapositives sont liées.",
        position=1,
    )
    AgendaItemFactory(session=session, title="Pain and sleep", title_fr="", position=2)
    return session


def page(client: Any, url: str, headers: dict[str, str]) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_public_program_page_is_in_the_readers_language_with_a_marked_fallback(
    client: Any, program: Program
) -> None:
    html = page(client, "/p/douleur/", FR)
    assert "<h1>Douleur chronique et gestion des opioïdes</h1>" in html
    assert "Télémentorat hebdomadaire." in html and "Apprentissage fondé sur des cas." in html
    assert '<div lang="en"><p>Register.</p></div> <span class="lang-fallback">(en anglais)' in (
        html
    )
    assert "Chronic Pain &amp; Opioid Stewardship" not in html
    html = page(client, "/p/douleur/", EN)
    assert "<h1>Chronic Pain &amp; Opioid Stewardship</h1>" in html
    assert "Douleur chronique" not in html and "lang-fallback" not in html


def test_the_program_list_and_home_page_show_the_french_name(client: Any, program: Program) -> None:
    assert "Douleur chronique et gestion des opioïdes" in page(client, "/programs/", FR)
    assert "Télémentorat hebdomadaire." in page(client, "/", FR)


def test_a_session_page_shows_its_agenda_in_the_readers_language(
    client: Any, program: Program, session: Session, make_member: Any
) -> None:
    client.force_login(make_member(program, Role.PARTICIPANT))
    url = f"/p/douleur/sessions/{session.pk}/"
    html = page(client, url, FR)
    assert "Séance 4" in html
    assert "La diminution progressive des opioïdes : quand et comment" in html
    assert "Les diapositives sont liées." in html
    # the item with no French: in English, in a lang="en" span, with the marker
    assert '<span lang="en">Pain and sleep</span> <span class="lang-fallback">(en anglais)' in html
    html = page(client, url, EN)
    assert "Opioid tapering: when and how" in html and "Pain and sleep" in html
    assert "La diminution" not in html and "(in French)" not in html
    listing = page(client, "/p/douleur/sessions/", FR)
    assert "Séance 4" in listing


def test_an_english_reader_sees_french_only_text_marked_in_french(
    client: Any, program: Program, session: Session, make_member: Any
) -> None:
    AgendaItemFactory(session=session, title="", title_fr="Sommeil et douleur", position=3)
    client.force_login(make_member(program, Role.PARTICIPANT, language="en"))
    html = page(client, f"/p/douleur/sessions/{session.pk}/", EN)
    assert '<span lang="fr">Sommeil et douleur</span> <span class="lang-fallback">(in French)' in (
        html
    )


def test_the_calendar_file_summary_is_in_the_readers_language(
    client: Any, program: Program, session: Session, make_member: Any
) -> None:
    client.force_login(make_member(program, Role.PARTICIPANT))
    url = reverse("joining_session:session_ics", kwargs={"slug": "douleur", "pk": session.pk})
    response = client.get(url, **FR)
    assert response.status_code == 200
    body = response.content.decode().replace("\r\n ", "")
    # French typography: a no-break space before the colon (walk 9).
    assert "SUMMARY:Douleur chronique et gestion des opioïdes\u00a0: Séance 4" in body
    assert "La diminution progressive des opioïdes" in body


def test_an_announcement_goes_to_each_recipient_in_their_language(
    program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    anglo = UserFactory(email="anglo@example.test", language="en")
    franco = UserFactory(email="franco@example.test", language="fr")
    for user in (anglo, franco):
        MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    draft = announcements.Draft(
        subject="Session moved",
        body="Thursday's session starts at 14:00.",
        subject_fr="Séance déplacée",
        body_fr="La séance de jeudi commence à 14 h.",
        audience=announcements.Audience(),
    )
    with django_capture_on_commit_callbacks(execute=False):
        sent = announcements.send_announcement(actor=None, program=program, draft=draft)
    for recipient in sent.recipients.all():
        send_announcement_email.call(recipient.pk)
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person["anglo@example.test"].subject == (
        "[Chronic Pain & Opioid Stewardship] Session moved"
    )
    assert "starts at 14:00" in by_person["anglo@example.test"].body
    assert by_person["franco@example.test"].subject == (
        "[Douleur chronique et gestion des opioïdes] Séance déplacée"
    )
    french = by_person["franco@example.test"].body
    assert "commence à 14 h" in french and "starts at" not in french
    assert "(en anglais)" not in french


def test_an_english_only_announcement_reaches_a_french_reader_marked(program: Program) -> None:
    franco = UserFactory(email="franco@example.test", language="fr")
    MembershipFactory(program=program, user=franco, role=Role.PARTICIPANT)
    draft = announcements.Draft(
        subject="Session moved", body="It starts at 14:00.", audience=announcements.Audience()
    )
    sent = announcements.send_announcement(actor=None, program=program, draft=draft)
    send_announcement_email.call(sent.recipients.get().pk)
    assert mail.outbox[0].subject == "[Douleur chronique et gestion des opioïdes] Session moved"
    assert mail.outbox[0].body.startswith("(en anglais)\n\nIt starts at 14:00.")


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"subject": "", "body": ""}, "subject_required", "subject"),
        ({"subject_fr": "Objet", "body_fr": ""}, "body_required", "body_fr"),
        ({"subject": "Hi", "body": "Text", "body_fr": "Texte"}, "subject_required", "subject_fr"),
        ({"subject": "Hi", "body": "Text", "subject_fr": "x" * 201, "body_fr": "y"}, None, None),
    ],
)
def test_bad_bilingual_announcements_are_refused_in_place(
    program: Program, fields: dict[str, str], code: str | None, field: str | None
) -> None:
    MembershipFactory(program=program, role=Role.PARTICIPANT)
    base = {"subject": "", "body": "", "subject_fr": "", "body_fr": ""}
    draft = announcements.Draft(**{**base, **fields}, audience=announcements.Audience())
    with pytest.raises(announcements.DomainError) as refused:
        announcements.check_draft(program=program, draft=draft)
    if code is None:
        assert refused.value.code == "subject_too_long"
        assert refused.value.field == "subject_fr"
    else:
        assert (refused.value.code, refused.value.field) == (code, field)
    assert not Announcement.objects.exists()


def test_the_announcement_form_of_a_bilingual_program_has_both_languages(
    client: Any, program: Program, make_member: Any
) -> None:
    client.force_login(make_member(program, Role.COORDINATOR, language="en"))
    html = page(client, "/p/douleur/announcements/new/", EN)
    assert "Subject (English)" in html and "Subject (French)" in html
    assert 'name="body_fr"' in html and 'lang="fr-CA"' in html
    program.content_languages = "en"
    program.save()
    html = page(client, "/p/douleur/announcements/new/", EN)
    assert 'name="subject_fr"' not in html and "Subject (English)" not in html


def test_the_agenda_item_form_saves_a_french_only_topic_and_refuses_none(
    client: Any, program: Program, session: Session, make_member: Any
) -> None:
    client.force_login(make_member(program, Role.COORDINATOR, language="en"))
    url = reverse("scheduling:agenda_new", kwargs={"slug": "douleur", "pk": session.pk})
    data = {"kind": "didactic", "title": "", "title_fr": "", "duration_minutes": 20}
    refused = client.post(url, data, **EN)
    assert refused.status_code == 400
    assert "in English, in French or in both" in refused.content.decode()
    ok = client.post(url, {**data, "title_fr": "Le sommeil"}, **EN)
    assert ok.status_code in (200, 302)
    item = AgendaItem.objects.get(session=session, title_fr="Le sommeil")
    assert item.title == ""


def test_the_api_exposes_and_accepts_both_languages(
    client: Any, program: Program, session: Session, make_member: Any
) -> None:
    api = Api(client, make_member(program, Role.COORDINATOR))
    detail = api.get(f"/programs/douleur/sessions/{session.pk}").json()
    assert (detail["title"], detail["title_fr"]) == ("Session 4", "Séance 4")
    didactic = detail["agenda"][0]
    assert didactic["title_fr"].startswith("La diminution") and didactic["notes_fr"]
    created = api.post(
        f"/programs/douleur/sessions/{session.pk}/agenda",
        {"kind": "didactic", "title_fr": "Le sommeil", "notes_fr": "Diapositives"},
    )
    assert created.status_code == 201, created.content
    assert (created.json()["title"], created.json()["title_fr"]) == ("", "Le sommeil")
    refused = api.post(
        f"/programs/douleur/sessions/{session.pk}/agenda", {"kind": "didactic", "title": " "}
    )
    assert refused.status_code == 400 and refused.json()["code"] == "title_required"
    program_out = api.get("/programs/douleur").json()
    assert program_out["name_fr"] == "Douleur chronique et gestion des opioïdes"
    assert program_out["content_languages"] == "en+fr"


def test_a_certificate_prints_the_statement_in_the_persons_language(
    program: Program, make_member: Any
) -> None:
    coordinator = make_member(program, Role.COORDINATOR)
    rule = credit_services.create_rule(
        actor=coordinator,
        program=program,
        data=rule_data(
            accreditation_statement="Certified for Mainpro+ credits.",
            accreditation_statement_fr="Certifié pour des crédits Mainpro+.",
        ),
    )
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)
    session = SessionFactory(
        program=program,
        title="Session 1",
        title_fr="Séance 1",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
    )
    facts = {}
    for lang in ("en", "fr"):
        person = make_member(program, Role.PARTICIPANT, language=lang)
        Attendance.objects.create(session=session, user=person, computed_minutes=90, minutes=90)
        cert = credit_services.issue_certificate(
            actor=coordinator, rule=rule, user=person, session=session
        )
        facts[lang] = cert.facts
    assert facts["en"]["statement"] == "Certified for Mainpro+ credits."
    assert facts["fr"]["statement"] == "Certifié pour des crédits Mainpro+."
    assert facts["fr"]["activity_title"] == "Douleur chronique et gestion des opioïdes: Séance 1"


def test_a_rule_needs_a_statement_in_one_language(program: Program, make_member: Any) -> None:
    coordinator = make_member(program, Role.COORDINATOR)
    french_only = credit_services.create_rule(
        actor=coordinator,
        program=program,
        data=rule_data(accreditation_statement="", accreditation_statement_fr="Certifié."),
    )
    assert french_only.accreditation_statement_fr == "Certifié."
    with pytest.raises(credit_services.CreditRefused) as refused:
        credit_services.create_rule(
            actor=coordinator,
            program=program,
            data=rule_data(accreditation_statement=" ", accreditation_statement_fr=""),
        )
    assert refused.value.code == "accreditation_statement_required"


def test_case_form_labels_and_questions_follow_the_reader(
    client: Any, program: Program, make_member: Any
) -> None:
    coordinator = make_member(program, Role.COORDINATOR)
    case_services.save_form_config(
        actor=coordinator,
        program=program,
        fields={"work_status": {"shown": True, "label": "Job", "label_fr": "Emploi"}},
        sections={},
        questions=[
            {
                "name": "sleep",
                "label": "Hours of sleep",
                "label_fr": "Heures de sommeil",
                "kind": "choice",
                "choices": ["Under 5", "5 or more"],
                "choices_fr": ["Moins de 5", "5 ou plus"],
            },
            {"name": "goal", "label": "Patient's goal", "kind": "text"},
        ],
    )
    config = formconfig.config_of(program)
    assert config.label("work_status", "fr") == "Emploi"
    assert config.question("goal").display_label("fr") == "Patient's goal (en anglais)"  # type: ignore[union-attr]
    client.force_login(make_member(program, Role.PARTICIPANT, language="fr"))
    html = client.post("/p/douleur/cases/new/", follow=True, **FR).content.decode()
    assert "Emploi" in html and "Heures de sommeil" in html
    assert '<option value="Under 5">Moins de 5</option>' in html
    with pytest.raises(formconfig.DomainError) as refused:
        formconfig.validate(
            {},
            {},
            [{"name": "q", "label": "Q", "kind": "choice", "choices": ["a", "b"],
              "choices_fr": ["x", "y", "z"]}],
        )  # fmt: skip
    assert refused.value.code == "choices_fr_mismatch"


def test_an_invitation_subject_names_the_program_in_the_recipients_language(
    program: Program, make_member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from echohub.programs import services as program_services

    UserFactory(email="franco@example.test", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        program_services.invite_person(
            actor=make_member(program, Role.COORDINATOR),
            program=program,
            email="franco@example.test",
            role=Role.PARTICIPANT,
        )
    assert "Douleur chronique et gestion des opioïdes" in mail.outbox[-1].subject
