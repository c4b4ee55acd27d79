"""Follow-up slots linked to their case: the coordinator's choice of case (only the program's
cases whose recommendations were sent, that they may open), the refusals in words with nothing
typed lost, the presenter's request for a slot, the agenda, the database's own guard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling import services
from echohub.scheduling.models import AgendaItem, AgendaKind, FollowUpRequest
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, SiteFactory

pytestmark = pytest.mark.django_db


def make_case(program: Any, presenter: Any, *, status: str = CaseStatus.RECOMMENDATIONS_SENT,
              title: str = "Knee pain with poor sleep", number: str = "", site: Any = None,
              ) -> Case:  # fmt: skip
    sent = status in (CaseStatus.RECOMMENDATIONS_SENT, CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED)
    return Case.objects.create(
        program=program,
        presenter=presenter,
        site=site,
        status=status,
        number=number or f"T-{Case.objects.count() + 1:03d}",
        title=title,
        sent_at=timezone.now() - dt.timedelta(days=3) if sent else None,
    )


@pytest.fixture
def site(program: Any) -> Any:
    return SiteFactory(program=program, name="Lakeshore Family Health Team")


@pytest.fixture
def presenter(program: Any, make_member: Any, site: Any) -> Any:
    user = make_member(program, Role.PARTICIPANT)
    user.memberships.update(site=site)
    return user


@pytest.fixture
def coordinator(program: Any, make_member: Any) -> Any:
    return make_member(program, Role.COORDINATOR)


@pytest.fixture
def session(program: Any) -> Any:
    start = timezone.now() + dt.timedelta(days=7)
    return SessionFactory(program=program, starts_at=start, ends_at=start + dt.timedelta(hours=2))


@pytest.fixture
def sent(program: Any, presenter: Any, site: Any) -> Case:
    return make_case(program, presenter, title="Shoulder pain after a fall", site=site)


def _post_item(client: Any, program: Any, session: Any, **data: Any) -> Any:
    body = {"kind": "follow_up", "title": "", "duration_minutes": 15, "notes": "", **data}
    return client.post(f"/p/{program.slug}/sessions/{session.pk}/agenda/new/", body)


# --- linking a slot -------------------------------------------------------------------------


def test_coordinator_links_a_follow_up_slot_to_a_sent_case(
    client, program, coordinator, session, sent
):
    client.force_login(coordinator)
    response = _post_item(client, program, session, followed_case=sent.pk)
    assert response.status_code == 302
    item = AgendaItem.objects.get(session=session)
    assert item.followed_case_id == sent.pk and item.kind == AgendaKind.FOLLOW_UP
    # Left without a title: called after the case's number, never its title.
    assert item.title == f"Follow-up: case {sent.number}"
    entry = AuditEntry.objects.get(action="agenda.item_added", object_id=str(item.pk))
    assert entry.changes["followed_case_id"] == sent.pk


def test_the_list_of_cases_offers_only_sent_cases_the_coordinator_may_open(
    client, program, coordinator, session, sent, presenter, make_member
):
    draft = make_case(program, presenter, status=CaseStatus.DRAFT, title="Draft about migraine")
    approved = make_case(program, presenter, status=CaseStatus.APPROVED, title="Approved hip pain")
    closed = make_case(program, presenter, status=CaseStatus.CLOSED, title="Closed neck pain")
    other_program = ProgramFactory()
    elsewhere = make_case(other_program, make_member(other_program), title="Elsewhere wrist pain")
    client.force_login(coordinator)
    page = client.get(f"/p/{program.slug}/sessions/{session.pk}/agenda/new/").content.decode()
    assert sent.title in page and closed.title in page
    assert "Lakeshore Family Health Team" in page  # the presenter's site names the case too
    for hidden in (draft, approved, elsewhere):
        assert hidden.title not in page
    entry = AuditEntry.objects.filter(action="case.list_read", actor=coordinator).latest("pk")
    assert set(entry.changes["ids"]) == {sent.pk, closed.pk}
    assert entry.changes["view"] == "sessions.agenda_item.follow_up_cases"


def test_a_participant_never_reaches_the_list_of_cases(client, program, presenter, session, sent):
    client.force_login(presenter)
    response = client.get(f"/p/{program.slug}/sessions/{session.pk}/agenda/new/")
    assert response.status_code == 403
    assert sent.title not in response.content.decode()


def test_the_search_narrows_the_list_by_site_title_or_number(
    client, program, coordinator, session, sent, presenter
):
    other_site = SiteFactory(program=program, name="Riverside Nursing Station")
    far = make_case(program, presenter, title="Foot pain and diabetes", site=other_site)
    client.force_login(coordinator)
    url = f"/p/{program.slug}/sessions/{session.pk}/agenda/new/"
    page = client.get(url, {"case_q": "riverside"}).content.decode()
    assert far.title in page and sent.title not in page
    page = client.get(url, {"case_q": "shoulder"}).content.decode()
    assert sent.title in page and far.title not in page
    page = client.get(url, {"case_q": far.number}).content.decode()
    assert far.title in page and sent.title not in page


def test_find_keeps_what_was_typed_and_saves_nothing(client, program, coordinator, session, sent):
    client.force_login(coordinator)
    response = _post_item(
        client, program, session, title="Report back", notes="Ten minutes", case_q="shoulder",
        find_case="1",
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Report back"' in page and "Ten minutes" in page and sent.title in page
    assert not AgendaItem.objects.filter(session=session).exists()


def test_the_list_is_short_and_the_chosen_case_stays_in_it(
    client, program, coordinator, session, presenter
):
    cases = [make_case(program, presenter, title=f"Back pain variant {i:02d}") for i in range(35)]
    client.force_login(coordinator)
    url = f"/p/{program.slug}/sessions/{session.pk}/agenda/new/"
    page = client.get(url).content.decode()
    assert page.count("Back pain variant") == 30
    oldest = cases[0]  # the oldest is past the short list: still kept when chosen
    response = _post_item(client, program, session, followed_case=oldest.pk, kind="didactic")
    assert response.status_code == 400
    assert f'<option value="{oldest.pk}" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("other_program_member", "This case belongs to another program"),
        ("other_program_stranger", "You cannot choose this case"),
        ("not_sent", "have not been sent yet"),
        ("wrong_kind", "Only a case follow-up slot can name a case"),
        ("draft_of_someone", "You cannot choose this case"),
    ],
)
def test_a_refused_case_is_said_in_words_and_nothing_typed_is_lost(
    client, program, coordinator, session, sent, presenter, make_member, setup, message
):
    kind = "follow_up"
    if setup.startswith("other_program"):
        other = ProgramFactory(name="Another ECHO")
        case = make_case(other, make_member(other), title="Case of another program")
        if setup == "other_program_member":
            MembershipFactory(program=other, user=coordinator, role=Role.COORDINATOR)
    elif setup == "not_sent":
        case = make_case(program, presenter, status=CaseStatus.PRESENTED, title="Presented only")
    elif setup == "draft_of_someone":
        case = make_case(program, presenter, status=CaseStatus.DRAFT, title="Someone's draft")
    else:
        case, kind = sent, "didactic"
    client.force_login(coordinator)
    response = _post_item(
        client, program, session, kind=kind, title="Typed title", notes="Typed notes",
        followed_case=case.pk,
    )  # fmt: skip
    page = response.content.decode().replace("&#x27;", "'").replace("&rsquo;", "’")
    assert response.status_code == 400
    assert message in page
    assert 'value="Typed title"' in page and "Typed notes" in page
    assert not AgendaItem.objects.filter(session=session).exists()
    if setup == "other_program_stranger":
        assert "Another ECHO" not in page  # the program of a case they may not open is not named


def test_changing_the_kind_of_a_linked_slot_needs_the_case_removed(
    client, program, coordinator, session, sent
):
    item = services.save_agenda_item(
        actor=coordinator, session=session, kind="follow_up", title="", followed_case=sent.pk
    )
    client.force_login(coordinator)
    url = f"/p/{program.slug}/sessions/{session.pk}/agenda/{item.pk}/"
    form = {"kind": "didactic", "title": "Now a talk", "duration_minutes": 15,
            "version": services.agenda_item_version(item)}  # fmt: skip
    response = client.post(url, {**form, "followed_case": sent.pk})
    assert response.status_code == 400
    assert "Only a case follow-up slot can name a case" in response.content.decode()
    assert client.post(url, {**form, "followed_case": ""}).status_code == 302
    item.refresh_from_db()
    assert item.kind == "didactic" and item.followed_case_id is None
    change = AuditEntry.objects.filter(action="agenda.item_updated").latest("pk").changes
    assert change["followed_case_id"] == [sent.pk, None]


def test_a_change_that_does_not_name_the_case_keeps_it(coordinator, session, sent):
    item = services.save_agenda_item(
        actor=coordinator, session=session, kind="follow_up", title="", followed_case=sent.pk
    )
    services.save_agenda_item(
        actor=coordinator, session=session, item=item, duration_minutes=20, title="Update"
    )
    item.refresh_from_db()
    assert item.followed_case_id == sent.pk and item.title == "Update"
    with pytest.raises(Exception, match="Only a case follow-up slot"):
        services.save_agenda_item(actor=coordinator, session=session, item=item, kind="didactic")


def test_the_database_refuses_a_case_on_another_kind(session, sent):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(session=session, kind="didactic", title="x", followed_case=sent)


# --- the agenda -----------------------------------------------------------------------------


def test_session_agenda_links_the_case_for_members_only_and_audits_it(
    client, program, coordinator, session, sent, make_member
):
    services.save_agenda_item(
        actor=coordinator, session=session, kind="follow_up", title="", followed_case=sent.pk
    )
    case_url = f"/p/{program.slug}/cases/{sent.pk}/"
    participant = make_member(program, Role.PARTICIPANT)
    client.force_login(participant)
    page = client.get(f"/p/{program.slug}/sessions/{session.pk}/").content.decode()
    assert case_url in page and sent.title not in page
    entry = AuditEntry.objects.filter(action="case.list_read", actor=participant).latest("pk")
    assert sent.pk in entry.changes["ids"]
    evaluator = make_member(program, Role.EVALUATOR)
    client.force_login(evaluator)
    page = client.get(f"/p/{program.slug}/sessions/{session.pk}/").content.decode()
    assert case_url not in page and "Follow-up: case" not in page


# --- the presenter's request ----------------------------------------------------------------


def test_presenter_asks_for_a_slot_and_linking_answers_it(
    client, program, presenter, coordinator, session, sent
):
    client.force_login(presenter)
    url = f"/p/{program.slug}/sessions/follow-ups/"
    page = client.get(url).content.decode()
    assert sent.title in page and "Ask for a follow-up slot" in page
    assert client.post(url, {"case": sent.pk}).status_code == 302
    request = FollowUpRequest.objects.get(case=sent)
    assert request.requested_by == presenter and request.answered_at is None
    assert AuditEntry.objects.filter(action="follow_up_request.made").count() == 1
    # Asking twice is refused in words.
    page = client.post(url, {"case": sent.pk}, follow=True).content.decode()
    assert "You already asked for a follow-up slot" in page.replace("&#x27;", "'")
    assert FollowUpRequest.objects.filter(case=sent).count() == 1
    # The coordinator sees it waiting, and first in the list of cases with a mark.
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Follow-ups asked for" in page and sent.title in page
    other = make_case(program, presenter, title="A more recent case")
    other.sent_at = timezone.now()
    other.save()
    form = client.get(f"/p/{program.slug}/sessions/{session.pk}/agenda/new/").content.decode()
    assert form.index(sent.title) < form.index(other.title)
    assert "follow-up asked for" in form
    assert _post_item(client, program, session, followed_case=sent.pk).status_code == 302
    request.refresh_from_db()
    assert request.answered_at is not None and request.slot is not None
    # Now the presenter reads where their follow-up is, and cannot ask again meanwhile.
    client.force_login(presenter)
    row = client.get(url).content.decode().split(sent.title)[1].split("</tr>")[0]
    assert f"In {session.title}" in row and "Ask for a follow-up slot" not in row
    page = client.post(url, {"case": sent.pk}, follow=True).content.decode()
    assert "already has a follow-up slot" in page


@pytest.mark.parametrize("which", ["not_sent", "not_mine"])
def test_presenter_cannot_ask_for_a_case_not_sent_or_not_theirs(
    client, program, presenter, make_member, which
):
    if which == "not_sent":
        case = make_case(program, presenter, status=CaseStatus.PRESENTED, title="Waiting case")
        message = "have not been sent yet"
    else:
        case = make_case(program, make_member(program), title="Someone else's case")
        message = "only for a case you presented"
    client.force_login(presenter)
    url = f"/p/{program.slug}/sessions/follow-ups/"
    page = client.post(url, {"case": case.pk}, follow=True).content.decode()
    assert message in page
    assert not FollowUpRequest.objects.exists()
    if which == "not_mine":
        assert case.title not in page


def test_presenter_withdraws_a_request(client, program, presenter, sent, make_member):
    client.force_login(presenter)
    url = f"/p/{program.slug}/sessions/follow-ups/"
    client.post(url, {"case": sent.pk})
    request = FollowUpRequest.objects.get()
    someone = make_member(program, Role.PARTICIPANT)
    client.force_login(someone)
    assert client.post(url, {"withdraw": request.pk}).status_code == 404
    client.force_login(presenter)
    client.post(url, {"withdraw": request.pk})
    assert not FollowUpRequest.objects.exists()
    assert AuditEntry.objects.filter(action="follow_up_request.withdrawn").count() == 1


def test_follow_ups_page_roles(as_role, program):
    url = f"/p/{program.slug}/sessions/follow-ups/"
    assert as_role(program, Role.EVALUATOR).get(url).status_code == 403
    assert as_role(program, None).get(url).status_code == 404
    page = as_role(program, Role.PARTICIPANT).get(url).content.decode()
    assert "None of your cases has its recommendations yet" in page
    assert "Follow-ups asked for" not in page


@pytest.mark.parametrize(
    ("languages", "translated", "title", "title_fr"),
    [
        ("en", False, "Follow-up: case T-001", ""),
        ("en+fr", False, "Follow-up: case T-001", ""),  # no English stored as French
        ("en+fr", True, "Follow-up: case T-001", "Suivi : cas T-001"),
        ("fr", True, "", "Suivi : cas T-001"),
        ("fr", False, "Follow-up: case T-001", ""),  # one title at least
    ],
)
def test_the_default_title_is_in_each_language_translated(
    program, coordinator, session, sent, monkeypatch, languages, translated, title, title_fr
):
    from django.utils import translation

    program.content_languages = languages
    program.save()
    session.program.refresh_from_db()
    real = services._

    def fake(message: str) -> str:
        if message == services.FOLLOW_UP_TITLE:  # the catalogue with or without its French
            french = translated and translation.get_language() == "fr"
            return "Suivi : cas %(number)s" if french else message
        return real(message)

    monkeypatch.setattr(services, "_", fake)
    item = services.save_agenda_item(
        actor=coordinator, session=session, kind="follow_up", followed_case=sent.pk
    )
    assert (item.title, item.title_fr) == (title, title_fr)
