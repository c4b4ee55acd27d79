"""The console, the live page, the event stream (catch-up with Last-Event-ID) and the poll."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from echohub.cases.models import Recommendation
from echohub.core.models import AuditEntry
from echohub.live import services
from echohub.live.models import ItemTiming, LiveEvent, LiveQuestion, LiveSession
from echohub.programs.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, session, **kw):
    return reverse(f"live:{name}", kwargs={"slug": session.program.slug, "pk": session.pk, **kw})


def frames(response, n):
    """The first `n` event frames of a server-sent events response (as dicts)."""
    out = []
    for chunk in response.streaming_content:
        text = chunk.decode() if isinstance(chunk, bytes) else chunk
        if text.startswith("id: "):
            out.append(json.loads(text.split("data: ", 1)[1]))
            if len(out) == n:
                break
    response.close()
    return out


def test_outsider_gets_404_everywhere(client, session):
    client.force_login(UserFactory())
    for name in ("page", "console", "events_json"):
        assert client.get(url(name, session)).status_code == 404
    assert client.post(url("action", session), {"action": "start"}).status_code == 404


def test_participant_sees_the_page_but_cannot_drive_the_console(as_role, session):
    client = as_role(session.program, Role.PARTICIPANT)
    assert client.get(url("page", session)).status_code == 200
    assert client.get(url("console", session)).status_code == 403
    assert client.post(url("action", session), {"action": "start"}).status_code == 403
    assert not LiveEvent.objects.exists()


def test_coordinator_drives_the_console_with_htmx(as_role, session, items):
    client = as_role(session.program, Role.COORDINATOR)
    page = client.get(url("console", session))
    assert page.status_code == 200 and b"Start the session" in page.content
    r = client.post(url("action", session), {"action": "start"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and b'aria-current="step"' in r.content
    r = client.post(url("action", session), {"action": "back"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 409 and b"This is the first item." in r.content
    assert list(LiveEvent.objects.values_list("kind", flat=True)) == ["started"]


def test_case_on_screen_is_audited_for_console_and_page(
    as_role, client, session, items, case, coordinator, participant
):
    services.start_session(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)  # the case item
    client.force_login(participant)
    page = client.get(url("page", session) + "?part=case")
    assert b"How should we approach a slow taper?" in page.content
    assert b"Walks 10 minutes" not in page.content  # the page shows the summary, not the case
    entry = AuditEntry.objects.filter(
        action="case.read", object_id=str(case.pk), actor=participant
    ).get()
    assert entry.changes["view"] == "live.page"
    client.force_login(coordinator)
    console = client.get(url("console", session) + "?part=case")
    assert b"Walks 10 minutes" in console.content
    assert AuditEntry.objects.filter(
        action="case.read", actor=coordinator, changes__view="live.console"
    ).exists()


def test_evaluator_sees_the_agenda_but_no_case(as_role, session, items, case, coordinator):
    services.start_session(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)
    client = as_role(session.program, Role.EVALUATOR)
    page = client.get(url("page", session))
    assert page.status_code == 200 and b"How should we approach" not in page.content
    assert not AuditEntry.objects.filter(action="case.read", actor=client.user).exists()


def test_question_with_identifier_is_shown_marked_to_its_author_and_kept_in_the_box(
    as_role, session
):
    client = as_role(session.program, Role.PARTICIPANT)
    text = "Patient Mary Jones, health card 1234-567-890: is 90 MME too much?"
    r = client.post(url("ask", session), {"text": text}, HTTP_HX_REQUEST="true")
    # Walk 5: 200 (htmx swaps it) with the box alone, never a whole page, never a bare 400.
    assert r.status_code == 200
    assert b"<mark" in r.content and b"is 90 MME too much?" in r.content  # nothing lost
    assert b'id="ask"' in r.content and b"<html" not in r.content and b"I checked" in r.content
    assert b"form-errors" in r.content and b"Your question was sent" not in r.content
    assert not LiveQuestion.objects.exists()
    # Without htmx: the whole page, refused (400), with the marked words.
    r = client.post(url("ask", session), {"text": text})
    assert r.status_code == 400 and b"<html" in r.content and b"<mark" in r.content
    r = client.post(
        url("ask", session), {"text": "How fast should the taper go?"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and LiveQuestion.objects.count() == 1


def test_a_false_alarm_is_kept_after_the_author_confirms_it(as_role, session):
    """The scanner flags an age over 89; the author confirms that, in a general question, it
    identifies nobody."""
    client = as_role(session.program, Role.PARTICIPANT)
    text = "Is a taper safe at age 91?"
    r = client.post(url("ask", session), {"text": text}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and b'name="keep"' in r.content
    keys = re.findall(r'name="keep" value="([^"]+)"', r.content.decode())
    r = client.post(url("ask", session), {"text": text, "keep": keys}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and b"form-errors" in r.content  # not confirmed
    assert not LiveQuestion.objects.exists()
    r = client.post(
        url("ask", session), {"text": text, "keep": keys, "confirm": "1"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and LiveQuestion.objects.get().text == text
    entry = AuditEntry.objects.get(action="live.question_asked")
    assert entry.changes == {"kept_findings": ["AGE"]}


def test_sse_catches_up_from_last_event_id(as_role, session, items, coordinator):
    services.start_session(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)
    ids = list(LiveEvent.objects.order_by("id").values_list("id", flat=True))
    client = as_role(session.program, Role.PARTICIPANT)
    r = client.get(url("events", session) + "?after=0", HTTP_LAST_EVENT_ID=str(ids[0]))
    assert r["Content-Type"] == "text/event-stream"
    got = frames(r, 2)
    assert [f["id"] for f in got] == ids[1:] and [f["kind"] for f in got] == ["next", "next"]
    assert got[-1]["current"] == items[2].pk and got[-1]["group"] == "agenda"


def test_sse_without_last_event_id_starts_from_after(as_role, session, items, coordinator):
    services.start_session(actor=coordinator, session=session)
    first = LiveEvent.objects.get().pk
    services.next_item(actor=coordinator, session=session)
    client = as_role(session.program, Role.PARTICIPANT)
    got = frames(client.get(url("events", session) + f"?after={first}"), 1)
    assert got[0]["kind"] == "next"


def test_poll_fallback_returns_events_after(as_role, session, items, coordinator):
    services.start_session(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)
    client = as_role(session.program, Role.PARTICIPANT)
    data = client.get(url("events_json", session) + "?after=0").json()
    assert [e["kind"] for e in data["events"]] == ["started", "next"]
    again = client.get(url("events_json", session) + f"?after={data['last']}").json()
    assert again == {"events": [], "last": data["last"]}
    bad = client.get(url("events_json", session) + "?after=abc").json()
    assert len(bad["events"]) == 2


def test_events_of_another_session_never_leak(as_role, session, items, coordinator, program):
    from tests.factories import SessionFactory

    other = SessionFactory(program=program)
    services.start_session(actor=coordinator, session=session)
    client = as_role(program, Role.PARTICIPANT)
    assert client.get(url("events_json", other) + "?after=0").json()["events"] == []


def test_draft_autosave_conflict_answers_409_and_keeps_the_text(
    as_role, session, case, coordinator
):
    client = as_role(session.program, Role.COORDINATOR)
    save = url("save_draft", session, case_pk=case.pk)
    r = client.post(
        save,
        {"discipline": "pharmacy", "text": "Slow taper", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and b'value="1"' in r.content
    services.save_draft(
        actor=coordinator,
        session=session,
        case=case,
        discipline="pharmacy",
        text="Other",
        version=1,
    )
    r = client.post(
        save, {"discipline": "pharmacy", "text": "Mine", "version": "1"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 409 and b"changed this draft meanwhile" in r.content
    assert b"another window" not in r.content  # a colleague's change, named


def test_a_stale_save_by_the_same_person_says_another_window_not_a_colleague(
    client, session, case, coordinator
):
    client.force_login(coordinator)
    save = url("save_draft", session, case_pk=case.pk)
    first = client.post(
        save, {"discipline": "pharmacy", "text": "Tab one", "version": "0"}, HTTP_HX_REQUEST="true"
    )
    assert first.status_code == 200
    services.save_draft(  # the same person's second tab saves version 2
        actor=coordinator,
        session=session,
        case=case,
        discipline="pharmacy",
        text="Tab two",
        version=1,
    )
    stale = client.post(
        save,
        {"discipline": "pharmacy", "text": "Tab one again", "version": "1"},
        HTTP_HX_REQUEST="true",
    )
    body = stale.content.decode()
    assert stale.status_code == 409 and "You changed this draft in another window or tab" in body
    assert str(coordinator) not in body.split("another window")[0][-200:]
    page = client.get(url("console", session) + "?part=scribe").content.decode()
    assert f'data-saved-by="{coordinator.pk}"' in page and f'data-me="{coordinator.pk}"' in page


def test_the_scribe_pane_names_the_cases_and_is_audited_as_a_list_read(
    client, session, items, case, coordinator
):
    client.force_login(coordinator)
    pane = client.get(url("console", session) + "?part=scribe")
    assert pane.status_code == 200
    entry = AuditEntry.objects.filter(
        action="case.list_read", actor=coordinator, changes__view="live.console.scribe"
    ).get()
    assert str(case.pk) in str(entry.changes)


def test_question_events_reach_the_hub_team_and_their_asker_only(
    client, session, items, coordinator, participant, make_member
):
    """With 300 pages open, a spoke's question is sent to the consoles and to its asker's page,
    not to every page; the asker's id decides it server-side and is never sent."""
    other = make_member(session.program, Role.PARTICIPANT)
    services.start_session(actor=coordinator, session=session)
    q = services.ask_question(actor=participant, session=session, text="How slow a taper?")
    services.decide_question(actor=coordinator, question=q, status="answered")
    services.next_item(actor=coordinator, session=session)

    def kinds_for(user):
        client.force_login(user)
        polled = client.get(url("events_json", session) + "?after=0").json()["events"]
        assert all("asker" not in e for e in polled)
        return [e["kind"] for e in polled]

    assert kinds_for(other) == ["started", "next"]
    assert kinds_for(participant) == ["started", "question", "question_decided", "next"]
    assert kinds_for(coordinator) == ["started", "question", "question_decided", "next"]
    client.force_login(other)
    streamed = frames(client.get(url("events", session) + "?after=0"), 2)
    assert [f["kind"] for f in streamed] == ["started", "next"]


def test_ending_the_session_asks_for_confirmation_on_its_own_form(
    as_role, session, items, coordinator
):
    """Walk 6: htmx (hx-confirm) and app.js (data-confirm) read the form, not its button."""
    services.start_session(actor=coordinator, session=session)
    client = as_role(session.program, Role.COORDINATOR)
    html = client.get(url("console", session), {"part": "agenda"}).content.decode()
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, re.S)
    (end,) = [f for f in forms if 'value="end"' in f]
    head = end.split(">", 1)[0]
    assert "hx-confirm=" in head and "data-confirm=" in head
    assert 'value="next"' not in end  # Next / Back / Skip do not ask


def test_two_consoles_pressing_next_together_move_once(as_role, session, items, coordinator):
    """Walk 10: both consoles showed the first item; the second press is refused (409) with
    its message and the agenda as it now is, not a second move that skips an item."""
    services.start_session(actor=coordinator, session=session)
    client = as_role(session.program, Role.COORDINATOR)
    pane = client.get(url("console", session), {"part": "agenda"}).content.decode()
    assert f'name="at" value="{items[0].pk}"' in pane
    press = {"action": "next", "at": str(items[0].pk)}
    first = client.post(url("action", session), press, HTTP_HX_REQUEST="true")
    second = client.post(url("action", session), press, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    assert second.status_code == 409 and b"moved the agenda meanwhile" in second.content
    assert f'name="at" value="{items[1].pk}"'.encode() in second.content  # refreshed
    live = LiveSession.objects.get(session=session)
    assert live.current_item_id == items[1].pk
    assert not ItemTiming.objects.filter(live=live, item=items[1], ended_at__isnull=False).exists()
    # Without `at` (an older page, the API without it) a move still works as before.
    assert client.post(url("action", session), {"action": "next"}).status_code == 302
    assert LiveSession.objects.get(session=session).current_item_id == items[2].pk


DRAFT_WITH_IDS = "Patient Mary Jones (DOB 1981-02-03) should get naloxone."


def test_a_draft_is_checked_as_it_saves_and_marked_in_place(as_role, session, case):
    """Walk 3: the autosave answers with the marked words and what they look like; the pane
    shows them again when read (another console, a reload)."""
    client = as_role(session.program, Role.COORDINATOR)
    save = url("save_draft", session, case_pk=case.pk)
    r = client.post(
        save,
        {"discipline": "pharmacy", "text": DRAFT_WITH_IDS, "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert r.status_code == 200 and "Saved (version 1)" in html  # saved all the same
    assert "<mark" in html and "possible identifier" in html and "Rewrite the marked" in html
    clean = client.post(
        save,
        {"discipline": "pharmacy", "text": "Naloxone for every taper.", "version": "1"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<mark" not in clean and "possible identifier" not in clean
    client.post(
        save,
        {"discipline": "psychology", "text": DRAFT_WITH_IDS, "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    pane = client.get(url("console", session), {"part": "scribe"}).content.decode()
    assert pane.count("<mark") >= 1 and "possible identifier" in pane


def test_copying_drafts_with_identifiers_names_each_row_and_copies_none(
    as_role, session, items, case, coordinator
):
    """Walk 8: not "2 finding(s)" with nothing to fix: each flagged discipline, what was found,
    where to fix it; the clean row is not copied alone either (all or none)."""
    for discipline, text in (("pharmacy", "Taper 10 % a month"), ("psychology", DRAFT_WITH_IDS)):
        services.save_draft(
            actor=coordinator,
            session=session,
            case=case,
            discipline=discipline,
            text=text,
            version=0,
        )
    services.start_session(actor=coordinator, session=session)
    services.end_session(actor=coordinator, session=session)
    client = as_role(session.program, Role.COORDINATOR)
    r = client.post(url("turn_drafts", session, case_pk=case.pk), follow=True)
    html = r.content.decode()
    assert "Psychology:" in html and "Rewrite the marked words in its draft" in html
    assert "finding(s)" not in html and "<mark" in html  # the row is marked on the console
    assert not Recommendation.objects.filter(case=case).exists()


def test_a_saved_draft_reaches_other_consoles_through_the_scribe_event(
    as_role, session, case, coordinator
):
    """Walk 7: the save appends a "scribe" event (the group live.js re-reads the pane on) and
    the pane part, read by another console, has the new text and version."""
    other = as_role(session.program, Role.COORDINATOR)
    page = other.get(url("console", session)).content.decode()
    assert "data-live-scribe=" in page and "?part=scribe" in page
    services.save_draft(
        actor=coordinator,
        session=session,
        case=case,
        discipline="pharmacy",
        text="Naloxone kit",
        version=0,
    )
    polled = other.get(url("events_json", session), {"after": 0}).json()["events"]
    assert [(e["kind"], e["group"], e["discipline"]) for e in polled] == [
        ("draft", "scribe", "pharmacy")
    ]
    part = other.get(url("console", session), {"part": "scribe"}).content.decode()
    assert "Naloxone kit" in part and f'data-draft="{case.pk}-pharmacy"' in part


def test_starting_far_from_the_planned_time_asks_first(as_role, session, items):
    """Walk 11: a session a day late asks before it starts; one on time does not (one days
    early is refused outright since: tests/live/test_live_start_window.py)."""
    import datetime as dt

    client = as_role(session.program, Role.COORDINATOR)
    pane = client.get(url("console", session), {"part": "agenda"}).content.decode()
    assert 'value="start"' in pane and "hx-confirm" not in pane and "Start it anyway" not in pane
    session.starts_at -= dt.timedelta(days=1)
    session.save(update_fields=["starts_at"])
    pane = client.get(url("console", session), {"part": "agenda"}).content.decode()
    (start,) = [f for f in re.findall(r"<form\b.*?</form>", pane, re.S) if 'value="start"' in f]
    head = start.split(">", 1)[0]
    assert "hx-confirm=" in head and "data-confirm=" in head and "Start it anyway?" in head


def test_the_case_pane_shows_whole_mme_without_a_decimal(
    as_role, session, items, case, coordinator
):
    """Walk 23: 120, not 120.0 (a real fraction keeps its digit)."""
    services.start_session(actor=coordinator, session=session)
    services.next_item(actor=coordinator, session=session)  # the case's item
    client = as_role(session.program, Role.COORDINATOR)
    for value, shown, hidden in (("120.0", ">120<", "120.0"), ("67.5", ">67.5<", "67.50")):
        type(case).objects.filter(pk=case.pk).update(mme_total=value)
        html = client.get(url("console", session), {"part": "case"}).content.decode()
        assert shown in html and hidden not in html


def test_a_session_never_ended_says_so_instead_of_hours_behind(as_role, session, items):
    """hubwalk10/demo: a console left running for days read "Running about 1914 hours behind
    the plan"; half a day behind, it says the session was never ended and to end it."""
    import datetime as dt

    from echohub.live.models import ItemTiming

    client = as_role(session.program, Role.COORDINATOR)
    client.post(url("action", session), {"action": "start"}, HTTP_HX_REQUEST="true")
    timing = ItemTiming.objects.get(live__session=session, started_at__isnull=False)
    timing.started_at = timing.planned_start + dt.timedelta(hours=3)
    timing.save(update_fields=["started_at"])
    page = client.get(url("console", session)).content.decode()
    assert "Running about 3 hours behind the plan." in page and "never ended" not in page
    timing.started_at = timing.planned_start + dt.timedelta(days=80)
    timing.save(update_fields=["started_at"])
    page = client.get(url("console", session)).content.decode()
    assert "was started on the console and never ended. End it" in page
    assert "hours behind" not in page
