"""Follow-up requests around the hub's week: the case page leads the presenter to the request
page for that case and shows where the request stands; the coordinators are emailed when a
presenter asks (each in their language, with the case's number and no case text), the presenter
when a slot answers; the coordinator's to-do list counts the open requests with a link."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling import services
from echohub.scheduling.models import FollowUpRequest
from tests.factories import ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Shoulder pain after a fall on the ice"


def make_case(program: Any, presenter: Any, *, status: str = CaseStatus.RECOMMENDATIONS_SENT,
              title: str = SECRET_TITLE, number: str = "") -> Case:  # fmt: skip
    sent = status in (CaseStatus.RECOMMENDATIONS_SENT, CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED)
    return Case.objects.create(
        program=program,
        presenter=presenter,
        status=status,
        number=number or f"T-{Case.objects.count() + 1:03d}",
        title=title,
        questions="How fast may we taper?",
        sent_at=timezone.now() - dt.timedelta(days=3) if sent else None,
    )


@pytest.fixture
def presenter(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.PARTICIPANT)


@pytest.fixture
def coordinator(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.COORDINATOR)


@pytest.fixture
def session(program: Any) -> Any:
    start = timezone.now() + dt.timedelta(days=7)
    return SessionFactory(
        program=program,
        title="Week 14",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )


@pytest.fixture
def sent(program: Any, presenter: Any) -> Case:
    return make_case(program, presenter)


def follow_ups_url(program: Any) -> str:
    return f"/p/{program.slug}/sessions/follow-ups/"


def slot_card(page: str) -> str:
    assert 'id="follow-up-slot"' in page, "the case page has no follow-up slot card"
    return page.split('id="follow-up-slot"')[1].split("</section>")[0]


# --- the case page leads to the request page for that case ---------------------------------


def test_case_page_leads_the_presenter_to_a_request_for_that_case(client, program, presenter, sent):
    client.force_login(presenter)
    page = client.get(sent.get_absolute_url()).content.decode()
    card = slot_card(page)
    link = f"{follow_ups_url(program)}?case={sent.pk}#ask"
    assert link in card and "Ask for a follow-up slot" in card
    # The page it leads to names that case and asks with one press, nothing else to fill in.
    page = client.get(f"{follow_ups_url(program)}?case={sent.pk}").content.decode()
    ask = page.split('id="ask"')[1].split("</section>")[0]
    assert sent.number in ask and sent.title in ask
    assert f'name="case" value="{sent.pk}"' in ask and 'name="back" value="case"' in ask
    # Asked from there, the presenter lands back on the case page, which says it was asked for.
    response = client.post(follow_ups_url(program), {"case": sent.pk, "back": "case"})
    assert response.status_code == 302
    assert response["Location"] == sent.get_absolute_url() + "#follow-up-slot"
    page = client.get(sent.get_absolute_url()).content.decode()
    assert "Follow-up slot asked for: the coordinators are told" in page
    card = slot_card(page)
    assert "Asked for" in card and "You asked for a follow-up slot on" in card
    assert "See or withdraw the request" in card
    assert FollowUpRequest.objects.filter(case=sent, answered_at__isnull=True).count() == 1
    # Every read of the case page is audited as a case read.
    assert AuditEntry.objects.filter(action="case.read", object_id=str(sent.pk)).count() == 2


def test_case_page_shows_the_request_answered_by_a_slot(
    client, program, presenter, coordinator, session, sent
):
    services.ask_for_follow_up_slot(actor=presenter, program=program, case_id=sent.pk)
    services.save_agenda_item(
        actor=coordinator, session=session, kind="follow_up", title="", followed_case=sent.pk
    )
    client.force_login(presenter)
    card = slot_card(client.get(sent.get_absolute_url()).content.decode())
    assert "On an agenda" in card and "Week 14" in card
    assert session.get_absolute_url() in card and "Ask for a follow-up slot" not in card
    # The prefilled page says so too, with no second request offered.
    page = client.get(f"{follow_ups_url(program)}?case={sent.pk}").content.decode()
    ask = page.split('id="ask"')[1].split("</section>")[0]
    assert "already on the agenda of Week 14" in ask and 'name="case"' not in ask


def test_a_past_slot_leaves_the_answer_and_offers_a_new_request(
    client, program, presenter, coordinator, sent
):
    past = SessionFactory(
        program=program,
        title="Week 2",
        starts_at=timezone.now() - dt.timedelta(days=14),
        ends_at=timezone.now() - dt.timedelta(days=14) + dt.timedelta(hours=2),
    )
    services.ask_for_follow_up_slot(actor=presenter, program=program, case_id=sent.pk)
    services.save_agenda_item(
        actor=coordinator, session=past, kind="follow_up", title="", followed_case=sent.pk
    )
    client.force_login(presenter)
    card = slot_card(client.get(sent.get_absolute_url()).content.decode())
    assert "Your last request was answered on" in card and "Week 2" in card
    assert f"?case={sent.pk}#ask" in card


def test_the_coordinator_reads_the_open_request_on_the_case_page(
    client, program, presenter, coordinator, sent
):
    client.force_login(coordinator)
    page = client.get(sent.get_absolute_url()).content.decode()
    assert 'id="follow-up-slot"' not in page  # nothing asked: nothing to say
    services.ask_for_follow_up_slot(actor=presenter, program=program, case_id=sent.pk)
    card = slot_card(client.get(sent.get_absolute_url()).content.decode())
    assert "The presenter asked for a follow-up slot on" in card
    assert f'href="{follow_ups_url(program)}"' in card


@pytest.mark.parametrize("status", [CaseStatus.PRESENTED, CaseStatus.SCHEDULED])
def test_no_request_is_offered_before_the_recommendations_are_sent(
    client, program, presenter, status
):
    case = make_case(program, presenter, status=status)
    client.force_login(presenter)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="follow-up-slot"' not in page and "?case=" not in page


@pytest.mark.parametrize("value", ["abc", "0", "99999", "", "１２", "-3"])
def test_request_page_for_a_case_that_is_not_one_of_yours_says_so_without_naming_it(
    client, program, presenter, make_member, value
):
    other = make_case(program, make_member(program), title="Someone else's knee")
    make_case(program, presenter, title="My own case")
    client.force_login(presenter)
    for asked in (value, str(other.pk)):
        response = client.get(follow_ups_url(program), {"case": asked})
        page = response.content.decode()
        assert response.status_code == 200
        assert "That case is not one of your cases whose recommendations were sent" in page
        assert 'id="ask"' not in page and other.title not in page.replace("&#x27;", "'")
        assert "My own case" in page  # the list below still lets them choose


def test_a_refused_request_from_the_case_page_stays_on_the_request_page(
    client, program, presenter, make_member
):
    other = make_case(program, make_member(program))
    client.force_login(presenter)
    response = client.post(follow_ups_url(program), {"case": other.pk, "back": "case"})
    assert response["Location"] == follow_ups_url(program)  # never the other's case page
    page = client.get(response["Location"]).content.decode()
    assert "only for a case you presented" in page
    assert not FollowUpRequest.objects.exists()


def test_withdrawing_asks_for_confirmation_and_returns_to_the_case(
    client, program, presenter, sent
):
    request = services.ask_for_follow_up_slot(actor=presenter, program=program, case_id=sent.pk)
    client.force_login(presenter)
    page = client.get(follow_ups_url(program), {"case": sent.pk}).content.decode()
    ask = page.split('id="ask"')[1].split("</section>")[0]
    assert 'data-confirm="Withdraw your request for a follow-up slot?"' in ask
    row = page.split('id="mine-h"')[1]
    assert 'data-confirm="Withdraw your request for a follow-up slot?"' in row
    response = client.post(
        follow_ups_url(program), {"withdraw": request.pk, "case": sent.pk, "back": "case"}
    )
    assert response["Location"] == sent.get_absolute_url() + "#follow-up-slot"
    assert not FollowUpRequest.objects.exists()
    card = slot_card(client.get(sent.get_absolute_url()).content.decode())
    assert "Ask for a follow-up slot" in card


# --- emails ---------------------------------------------------------------------------------


def test_coordinators_are_emailed_in_their_language_without_case_text(
    client, program, presenter, make_member, sent, mailoutbox, django_capture_on_commit_callbacks
):
    program.name_fr = "Douleur chronique et gestion des opioïdes"
    program.save()
    english = make_member(program, Role.COORDINATOR, email="coord-en@example.test")
    french = make_member(program, Role.PROGRAM_ADMIN, email="admin-fr@example.test", language="fr")
    make_member(program, Role.EXPERT, email="expert@example.test")
    make_member(program, Role.COORDINATOR, email="gone@example.test", is_active=False)
    elsewhere = ProgramFactory()
    make_member(elsewhere, Role.COORDINATOR, email="other-program@example.test")
    client.force_login(presenter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(follow_ups_url(program), {"case": sent.pk})
    told = {m.to[0]: m for m in mailoutbox}
    assert set(told) == {english.email, french.email}
    for message in told.values():
        assert sent.number in message.subject and sent.number in message.body
        assert presenter.full_name in message.body
        assert f"{follow_ups_url(program)}" in message.body
        assert sent.title not in message.body and sent.title not in message.subject
        assert sent.questions not in message.body
    assert "Chronic Pain & Opioid Stewardship" in told[english.email].body
    assert "Douleur chronique et gestion des opioïdes" in told[french.email].body


def test_the_presenter_is_emailed_when_a_slot_answers_the_request(
    client,
    program,
    presenter,
    coordinator,
    session,
    sent,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    presenter.language = "fr"
    presenter.time_zone = "America/Vancouver"
    presenter.save()
    services.ask_for_follow_up_slot(actor=presenter, program=program, case_id=sent.pk)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/p/{program.slug}/sessions/{session.pk}/agenda/new/",
            {"kind": "follow_up", "title": "", "duration_minutes": 15, "followed_case": sent.pk},
        )
    assert response.status_code == 302
    (message,) = [m for m in mailoutbox if m.to == [presenter.email]]
    assert sent.number in message.subject
    assert "Week 14" in message.body and "America/Vancouver" in message.body
    assert session.get_absolute_url() in message.body and sent.get_absolute_url() in message.body
    assert sent.title not in message.body
    # In the presenter's language: the date is written the French way.
    days_fr = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    assert any(d in message.body for d in days_fr) and "\xa0h\xa0" in message.body
    # A slot linked again (another session) with no open request tells nobody twice.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_agenda_item(
            actor=coordinator, session=session, kind="follow_up", title="", followed_case=sent.pk
        )
    assert not mailoutbox


def test_a_coordinator_presenting_their_own_case_is_not_emailed_about_it(
    program, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    coordinating_presenter = make_member(program, Role.COORDINATOR)
    colleague = make_member(program, Role.COORDINATOR)
    case = make_case(program, coordinating_presenter)
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_for_follow_up_slot(
            actor=coordinating_presenter, program=program, case_id=case.pk
        )
    assert [m.to for m in mailoutbox] == [[colleague.email]]


# --- the coordinator's to-do list -----------------------------------------------------------


def test_open_requests_are_counted_in_the_coordinators_to_do_with_a_link(
    client, program, presenter, coordinator, session, make_member
):
    first = make_case(program, presenter)
    second = make_case(program, make_member(program, Role.PARTICIPANT))
    answered = make_case(program, presenter)
    for case in (first, second, answered):
        services.ask_for_follow_up_slot(actor=case.presenter, program=program, case_id=case.pk)
    FollowUpRequest.objects.filter(case=first).update(
        created_at=timezone.now() - dt.timedelta(days=5)
    )
    services.save_agenda_item(
        actor=coordinator, session=session, kind="follow_up", title="", followed_case=answered.pk
    )
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    todo = html.split('id="todo-heading"')[1].split("</section>")[0]
    assert "<strong>2</strong> follow-ups asked for, waiting for a slot" in todo
    assert f'href="{follow_ups_url(program)}"' in todo and "5 days" in todo
    assert first.title not in todo  # a count, no case content
    # The link leads to the list where they wait.
    page = client.get(follow_ups_url(program)).content.decode()
    waiting = page.split('id="waiting-h"')[1]
    assert first.number in waiting and second.number in waiting
    assert answered.number not in waiting
    # A participant's home has no to-do list; with none open the item is gone.
    FollowUpRequest.objects.filter(answered_at__isnull=True).delete()
    html = client.get("/").content.decode()
    assert "waiting for a slot" not in html


def test_a_waiting_request_opens_the_next_sessions_agenda_form_with_its_case_chosen(
    client, program, presenter, coordinator, session, sent, make_member
):
    services.ask_for_follow_up_slot(actor=presenter, program=program, case_id=sent.pk)
    client.force_login(coordinator)
    page = client.get(follow_ups_url(program)).content.decode()
    # The coordinator's list comes first; no empty "Your cases" for someone who presents none.
    assert 'id="waiting-h"' in page and 'id="mine-h"' not in page
    link = (
        f"/p/{program.slug}/sessions/{session.pk}/agenda/new/"
        f"?kind=follow_up&amp;followed_case={sent.pk}"
    )
    assert link in page and "Add to the next session" in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert '<option value="follow_up" selected>' in form
    assert f'<option value="{sent.pk}" selected>' in form
    assert f'<option value="{presenter.pk}" selected>{presenter.full_name}</option>' in form
    # Saved as it opened, the slot answers the request.
    response = client.post(
        link.replace("&amp;", "&"),
        {
            "kind": "follow_up",
            "title": "",
            "duration_minutes": 15,
            "followed_case": sent.pk,
            "presenter": presenter.pk,
        },
    )
    assert response.status_code == 302
    answered = FollowUpRequest.objects.get(case=sent)
    assert answered.slot.session == session and answered.slot.presenter == presenter
    # A case the coordinator may not link is not offered, whatever the address says.
    elsewhere = ProgramFactory()
    foreign = make_case(elsewhere, make_member(elsewhere), title="Another program case")
    for value in (str(foreign.pk), "abc", "-1"):
        response = client.get(
            f"/p/{program.slug}/sessions/{session.pk}/agenda/new/",
            {"kind": "nonsense", "followed_case": value},
        )
        form = response.content.decode()
        assert response.status_code == 200 and foreign.title not in form
        chooser = form.split('name="followed_case"')[1].split("</select>")[0]
        assert f'<option value="{foreign.pk}"' not in chooser
        assert "selected" not in chooser.split("</option>", 1)[1]  # only "No case" chosen
        assert '<option value="nonsense"' not in form
