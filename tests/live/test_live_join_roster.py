"""A click on a personal join link (the live page's join button) is a join event for the live
roster: it appends a "roster" event (the group only) that every open console re-reads, the
person shows on their site's row (late if after the start), and the video platform's join of
the same person later is the same roster line, never a second one. The head count stays the
video count the attendance import later confirms; a click alone is "link only" in both."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from echohub.attendance import queries as attendance_queries
from echohub.attendance import services as attendance_services
from echohub.attendance.webhooks import zoom_signature
from echohub.joining.models import JoinEvent
from echohub.joining.services import join_token_for
from echohub.live import queries, services
from echohub.live.models import LiveEvent
from echohub.programs.models import Role
from tests.factories import MembershipFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

ZOOM_SECRET = "whsec-live-join-test-0123"  # test value
VIDEO = "https://video.example.test/room/thursday"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.ZOOM_WEBHOOK_SECRET = ZOOM_SECRET
    cache.clear()  # webhook replay memory and the "already pushed" marks
    services.forget_pushed_clicks()
    yield
    cache.clear()
    services.forget_pushed_clicks()


@pytest.fixture
def sites(program):
    return {
        "north": SiteFactory(program=program, name="Northern FHT"),
        "lake": SiteFactory(program=program, name="Lakeshore CHC"),
    }


@pytest.fixture
def people(program, sites):
    def member(first, last, email, site):
        user = UserFactory(first_name=first, last_name=last, email=email)
        MembershipFactory(program=program, user=user, role=Role.PARTICIPANT, site=site)
        return user

    return {
        "hope": member("Hope", "Mercer", "hope.mercer@clinic.test", sites["north"]),
        "omar": member("Omar", "Haddad", "ohaddad@north.test", sites["north"]),
        "lena": member("Lena", "Fournier", "lfournier@lake.test", sites["lake"]),
    }


@pytest.fixture
def zoom_live(session):
    """A Zoom session (its webhooks find it by meeting id) whose links go to a fixed URL."""
    session.video_provider, session.video_room = "external", "812 3456 7890"
    session.video_url = VIDEO
    session.save(update_fields=["video_provider", "video_room", "video_url"])
    return session


def join_path(session, user) -> str:
    return reverse(
        "joining:join", kwargs={"token": join_token_for(session=session, user=user).token}
    )


def roster_events(session):
    return list(LiveEvent.objects.filter(session=session, kind="roster").order_by("id"))


def click(client, session, user, capture):
    with capture(execute=True):
        response = client.get(join_path(session, user))
    return response


def zoom_joined(client, session, user, *, join_at, leave_at=None):
    participant = {
        "user_id": "1",
        "user_name": user.get_full_name(),
        "participant_uuid": f"p-{user.pk}",
        "email": user.email,
        "join_time": join_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "registrant_id": "",
    }
    if leave_at is not None:
        participant["leave_time"] = leave_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    kind = "left" if leave_at is not None else "joined"
    # The webhook finds a Zoom session by its meeting id and provider.
    session.video_provider = "zoom"
    session.save(update_fields=["video_provider"])
    raw = json.dumps(
        {
            "event": f"meeting.participant_{kind}",
            "payload": {
                "object": {"uuid": "inst-1", "id": "81234567890", "participant": participant}
            },
        }
    ).encode()
    stamp = str(int(time.time()))
    response = client.post(
        "/webhooks/zoom/",
        data=raw,
        content_type="application/json",
        headers={
            "x-zm-request-timestamp": stamp,
            "x-zm-signature": zoom_signature(ZOOM_SECRET, stamp, raw),
        },
    )
    session.video_provider = "external"
    session.save(update_fields=["video_provider"])
    return response


def test_join_click_pushes_the_person_onto_the_console_roster(
    client, django_capture_on_commit_callbacks, zoom_live, people, coordinator
):
    live = services.start_session(actor=coordinator, session=zoom_live)
    late = live.started_at + queries.LATE_AFTER + dt.timedelta(minutes=1)
    with time_machine.travel(late, tick=False):
        response = click(client, zoom_live, people["lena"], django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == VIDEO
    (event,) = roster_events(zoom_live)
    assert event.payload == {"group": "roster"}  # no name, no count: every viewer gets it
    roster = queries.roster(zoom_live)
    assert roster.counts() == {
        "here": 0,  # not in the video yet: the attendance import would not count a click
        "joined": 0,
        "link_only": 1,
        "guests": 0,
        "late": 1,
        "absent": 2,
        "sites_here": 1,
        "sites": 2,
    }
    (lake,) = [s for s in roster.sites if s.name == "Lakeshore CHC"]
    (lena,) = lake.people
    assert (lena.name, lena.how, lena.here, lena.late) == ("Lena Fournier", "link", True, True)
    # The console's roster part (what the "roster" event makes every console re-read).
    client.force_login(coordinator)
    polled = client.get(
        reverse("live:events_json", kwargs={"slug": zoom_live.program.slug, "pk": zoom_live.pk}),
        {"after": 0},
    ).json()
    assert {"id": event.pk, "kind": "roster", "group": "roster"} in polled["events"]
    html = client.get(
        reverse("live:console", kwargs={"slug": zoom_live.program.slug, "pk": zoom_live.pk}),
        {"part": "roster"},
    ).content.decode()
    row = html.split("Lakeshore CHC", 1)[1].split("</tr>", 1)[0]
    assert "Lena Fournier" in row and "opened the link" in row and "late" in row
    assert "1 opened their join link, not yet seen in the video" in html


def test_the_platform_join_later_is_the_same_person_counted_once(
    client, django_capture_on_commit_callbacks, zoom_live, people, coordinator
):
    live = services.start_session(actor=coordinator, session=zoom_live)
    click(client, zoom_live, people["hope"], django_capture_on_commit_callbacks)
    click(client, zoom_live, people["omar"], django_capture_on_commit_callbacks)
    assert queries.roster(zoom_live).counts()["link_only"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        r = zoom_joined(client, zoom_live, people["hope"], join_at=live.started_at)
    assert r.json()["status"] == "opened"
    assert len(roster_events(zoom_live)) == 3  # two clicks, one video join
    roster = queries.roster(zoom_live)
    north = next(s for s in roster.sites if s.name == "Northern FHT")
    assert sorted((p.name, p.how) for p in north.people) == [
        ("Hope Mercer", "video"),
        ("Omar Haddad", "link"),
    ]
    assert north.here == 2  # Hope once (link then video), Omar by his link
    counts = roster.counts()
    assert (counts["here"], counts["joined"], counts["link_only"]) == (1, 1, 1)
    assert counts["late"] == 0  # first seen at her click, before the late mark


def test_head_count_matches_the_attendance_import_later(
    client, django_capture_on_commit_callbacks, zoom_live, people, coordinator
):
    """The roster's figures at the end = the session's attendance once the platform's report
    is imported: present = people with video segments, link only = a click and no video."""
    live = services.start_session(actor=coordinator, session=zoom_live)
    start = live.started_at.replace(microsecond=0)
    click(client, zoom_live, people["hope"], django_capture_on_commit_callbacks)
    click(client, zoom_live, people["omar"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        zoom_joined(client, zoom_live, people["hope"], join_at=start)
        zoom_joined(
            client,
            zoom_live,
            people["hope"],
            join_at=start,
            leave_at=start + dt.timedelta(minutes=40),
        )
    during = queries.roster(zoom_live).counts()
    # The platform's report after the meeting (Zoom CSV, times in UTC), imported as usual.
    fmt = "%m/%d/%Y %I:%M:%S %p"
    csv = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        f"Hope Mercer,hope.mercer@clinic.test,{start.strftime(fmt)},"
        f"{(start + dt.timedelta(minutes=40)).strftime(fmt)},40,No\n"
    ).encode()
    result = attendance_services.import_zoom_report(
        actor=coordinator, session=zoom_live, data=csv, filename="report.csv", time_zone="UTC"
    )
    # Hope's connection came whole from the webhooks (join and leave): the report's row is
    # that connection again and adds no row (twelfth attendance hunt); her minutes stand.
    assert (result.rows_in_file, result.new_rows) == (1, 0)
    summary = attendance_queries.summary(zoom_live)
    after = queries.roster(zoom_live).counts()
    assert (during["joined"], during["link_only"]) == (summary.present, summary.link_only) == (1, 1)
    assert (after["joined"], after["link_only"], after["here"]) == (1, 1, 0)


def test_a_second_click_pushes_nothing_and_costs_no_query(
    client, django_capture_on_commit_callbacks, zoom_live, people
):
    click(client, zoom_live, people["hope"], django_capture_on_commit_callbacks)
    assert len(roster_events(zoom_live)) == 1
    path = join_path(zoom_live, people["hope"])
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
        assert client.get(path).status_code == 302
    assert len(ctx.captured_queries) <= 3  # the join path's own (pinned in tests/joining)
    assert len(roster_events(zoom_live)) == 1
    assert JoinEvent.objects.filter(user=people["hope"]).count() == 2


def test_a_click_remembered_by_another_process_pushes_nothing_here(zoom_live, people):
    """The shared cache says another process pushed it: this one only remembers it."""
    cache.add(f"live-join-pushed:{zoom_live.pk}:{people['hope'].pk}", 1)
    assert services.join_link_used(session_id=zoom_live.pk, user_id=people["hope"].pk) is None
    assert not roster_events(zoom_live)
    assert services.join_link_used(session_id=zoom_live.pk, user_id=people["lena"].pk)
    assert len(roster_events(zoom_live)) == 1


def test_refused_links_push_nothing(client, django_capture_on_commit_callbacks, zoom_live, people):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get("/join/not-a-real-token-000000/").status_code == 404
    path = join_path(zoom_live, people["lena"])
    zoom_live.status = "cancelled"
    zoom_live.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(path).status_code == 410
    outsider = UserFactory()
    zoom_live.status = "scheduled"
    zoom_live.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(join_path(zoom_live, outsider)).status_code == 403  # not registered
    assert not LiveEvent.objects.exists()


def test_a_failure_in_live_never_fails_the_join(
    client, django_capture_on_commit_callbacks, zoom_live, people, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("live is down")

    monkeypatch.setattr(services, "join_link_used", broken)
    response = click(client, zoom_live, people["hope"], django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == VIDEO
    assert JoinEvent.objects.filter(user=people["hope"]).exists()
    assert not roster_events(zoom_live)


def test_a_push_that_failed_is_tried_again_on_the_next_click(zoom_live, people, monkeypatch):
    from echohub.live import channel

    def down(session_id, event_id):
        raise RuntimeError("channel down")

    monkeypatch.setattr(channel, "announce", down)
    with pytest.raises(RuntimeError):
        services.join_link_used(session_id=zoom_live.pk, user_id=people["hope"].pk)
    assert not roster_events(zoom_live)
    monkeypatch.undo()
    assert services.join_link_used(session_id=zoom_live.pk, user_id=people["hope"].pk)
    assert services.join_link_used(session_id=zoom_live.pk, user_id=people["hope"].pk) is None


def test_drafts_are_turned_into_recommendations_after_the_session_not_during_it(
    client, session, case, coordinator
):
    from echohub.cases.models import Recommendation
    from echohub.core.errors import Conflict

    services.save_draft(
        actor=coordinator,
        session=session,
        case=case,
        discipline="pharmacy",
        text="Taper 10 % a month",
        version=0,
    )
    services.start_session(actor=coordinator, session=session)
    with pytest.raises(Conflict) as refused:
        services.turn_drafts_into_recommendations(actor=coordinator, session=session, case=case)
    assert refused.value.code == "running"
    client.force_login(coordinator)
    page = reverse(
        "live:turn_drafts",
        kwargs={"slug": session.program.slug, "pk": session.pk, "case_pk": case.pk},
    )
    html = client.post(page, follow=True).content.decode()
    assert "once the session has ended" in html
    assert not Recommendation.objects.filter(case=case).exists()
    services.end_session(actor=coordinator, session=session)
    assert (
        services.turn_drafts_into_recommendations(actor=coordinator, session=session, case=case)
        == 1
    )
    assert Recommendation.objects.get(case=case).text == "Taper 10 % a month"
