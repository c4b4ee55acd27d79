import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from echohub.core.models import AuditEntry
from echohub.joining.models import JoinToken
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, Session
from tests.factories import AgendaItemFactory, ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db
TORONTO = zoneinfo.ZoneInfo("America/Toronto")


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.PARTICIPANT, 200), (Role.EVALUATOR, 200), (Role.COORDINATOR, 200), (None, 404)],
)
def test_session_list_and_detail_roles(as_role, program, role, status):
    session = SessionFactory(program=program, title="Pain and sleep")
    client = as_role(program, role)
    assert client.get(f"/p/{program.slug}/sessions/").status_code == status
    response = client.get(f"/p/{program.slug}/sessions/{session.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "Pain and sleep" in response.content.decode()


def test_session_of_another_program_is_404(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    other = SessionFactory(program=ProgramFactory())
    assert client.get(f"/p/{program.slug}/sessions/{other.pk}/").status_code == 404


def test_session_list_filters_and_constant_queries(as_role, program):
    client = as_role(program, Role.PARTICIPANT)
    with time_machine.travel(dt.datetime(2026, 9, 1, tzinfo=dt.UTC), tick=False):
        SessionFactory(
            program=program,
            title="Old one",
            starts_at=dt.datetime(2026, 8, 1, 16, tzinfo=dt.UTC),
            ends_at=dt.datetime(2026, 8, 1, 17, tzinfo=dt.UTC),
        )

        def get(params=""):
            with CaptureQueriesContext(connection) as ctx:
                page = client.get(f"/p/{program.slug}/sessions/{params}").content.decode()
            return len(ctx.captured_queries), page

        n_few, page = get()
        assert "No upcoming sessions" in page
        for i in range(30):
            start = dt.datetime(2026, 9, 3, 16, 30, tzinfo=dt.UTC) + dt.timedelta(days=7 * i)
            SessionFactory(
                program=program,
                title=f"Week {i}",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
            )
        n_many, page = get()
        assert n_many <= n_few + 1  # + the paginator's count query, which runs only once rows exist
        n_many2, _ = get("?page=2")
        assert n_many2 == n_many
        assert "Week 0" in page and "Old one" not in page and "Page 1 of 2" in page
        _, page = get("?when=past")
        assert "Old one" in page and "Week 0" not in page
        _, page = get("?when=all&q=week+29")
        assert "Week 29" in page and "Week 1<" not in page


def test_participant_sees_no_management_tools(as_role, program):
    session = SessionFactory(program=program)
    page = (
        as_role(program, Role.PARTICIPANT)
        .get(f"/p/{program.slug}/sessions/{session.pk}/")
        .content.decode()
    )
    assert "Reschedule" not in page and "Cancel session" not in page


def series_post(**overrides):
    data = {
        "title": "Cycle 2027",
        "frequency": "weekly",
        "interval": "1",
        "weekday": "3",
        "week_of_month": "",
        "first_date": "2026-10-01",
        "last_date": "",
        "count": "6",
        "start_time": "12:30",
        "duration_minutes": "90",
        "time_zone": "America/Toronto",
        "video_url": "https://meet.example.test/x",
        "topics": "Opioid tapering\nPain and sleep",
    }
    data.update(overrides)
    return data


def previewed(page: str) -> str:
    return re.search(r'name="previewed" value="([0-9a-f]+)"', page).group(1)


def test_coordinator_creates_a_series_across_dst(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    url = f"/p/{program.slug}/sessions/series/new/"
    preview = client.post(url, series_post())
    assert preview.status_code == 200 and not Session.objects.exists()
    data = series_post(previewed=previewed(preview.content.decode()), create="1")
    response = client.post(url, data)
    assert response.status_code == 302
    sessions = list(Session.objects.filter(program=program).order_by("starts_at"))
    assert len(sessions) == 6
    assert {s.starts_at.astimezone(TORONTO).time() for s in sessions} == {dt.time(12, 30)}
    assert sessions[0].starts_at.hour == 16 and sessions[-1].starts_at.hour == 17


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"count": "", "last_date": "2026-10-02", "first_date": "2026-10-02"},
            "No session falls in that range",
        ),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"count": "", "last_date": "2026-09-01"}, "The last date is before the first date"),
        ({"count": ""}, "Give a last date or a number of sessions"),
        ({"frequency": "monthly_weekday"}, "Choose which week of the month"),
    ],
)
def test_bad_series_input_gives_form_errors_and_creates_nothing(
    as_role, program, overrides, message
):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(f"/p/{program.slug}/sessions/series/new/", series_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Cycle 2027"' in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EXPERT, Role.EVALUATOR])
def test_only_managers_create_series(as_role, program, role):
    client = as_role(program, role)
    assert client.post(f"/p/{program.slug}/sessions/series/new/", series_post()).status_code == 403
    assert not Session.objects.exists()


def test_add_a_single_session_and_refuse_an_overlapping_one(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    data = {
        "title": "Extra: naloxone",
        "date": "2026-12-10",
        "start_time": "12:00",
        "end_time": "13:00",
        "time_zone": "America/Toronto",
    }
    assert client.post(f"/p/{program.slug}/sessions/new/", data).status_code == 302
    s = Session.objects.get()
    assert s.starts_at == dt.datetime(2026, 12, 10, 17, 0, tzinfo=dt.UTC)
    clash = client.post(
        f"/p/{program.slug}/sessions/new/",
        {**data, "title": "Clash", "start_time": "12:30", "end_time": "14:00"},
    )
    assert clash.status_code == 400 and "overlaps" in clash.content.decode()
    backwards = client.post(
        f"/p/{program.slug}/sessions/new/",
        {**data, "title": "Back", "date": "2026-12-11", "end_time": "11:00"},
    )
    assert (
        backwards.status_code == 400
        and "The end must be after the start" in backwards.content.decode()
    )
    assert Session.objects.count() == 1


def test_reschedule_and_cancel_from_the_session_page(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    s = SessionFactory(program=program)
    response = client.post(
        f"/p/{program.slug}/sessions/{s.pk}/reschedule/",
        {
            "date": "2027-03-18",
            "start_time": "12:30",
            "end_time": "14:00",
            "time_zone": "America/Toronto",
            "confirm": "1",
            "recipients": "1",
        },
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.starts_at == dt.datetime(2027, 3, 18, 16, 30, tzinfo=dt.UTC)  # EDT by then
    assert s.sequence == 1
    assert (
        client.post(f"/p/{program.slug}/sessions/{s.pk}/cancel/", {"reason": ""}).status_code == 400
    )
    s.refresh_from_db()
    assert s.status == "scheduled"
    client.post(
        f"/p/{program.slug}/sessions/{s.pk}/cancel/",
        {"reason": "Holiday", "confirm": "1", "recipients": "1"},
    )
    s.refresh_from_db()
    assert (s.status, s.cancel_reason) == ("cancelled", "Holiday")
    page = client.get(f"/p/{program.slug}/sessions/{s.pk}/").content.decode()
    assert "Cancelled:" in page and "Holiday" in page


def test_participant_cannot_cancel(as_role, program):
    client = as_role(program, Role.PARTICIPANT)
    s = SessionFactory(program=program)
    assert (
        client.post(f"/p/{program.slug}/sessions/{s.pk}/cancel/", {"reason": "x"}).status_code
        == 403
    )
    s.refresh_from_db()
    assert s.status == "scheduled"


def test_agenda_edit_with_htmx_returns_the_agenda_partial(as_role, program, make_member):
    client = as_role(program, Role.COORDINATOR)
    presenter = make_member(program, Role.EXPERT, first_name="Maya", last_name="Singh")
    s = SessionFactory(program=program)
    response = client.post(
        f"/p/{program.slug}/sessions/{s.pk}/agenda/new/",
        {
            "kind": "didactic",
            "title": "Buprenorphine for chronic pain",
            "presenter": presenter.pk,
            "duration_minutes": "20",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="agenda"')
    assert "Buprenorphine for chronic pain" in html and "Maya Singh" in html and "<html" not in html
    item = AgendaItem.objects.get()
    client.post(
        f"/p/{program.slug}/sessions/{s.pk}/agenda/{item.pk}/resources/",
        {"title": "Slides", "url": "https://example.org/slides.pdf"},
        headers={"HX-Request": "true"},
    )
    assert item.resources.get().url == "https://example.org/slides.pdf"
    client.post(
        f"/p/{program.slug}/sessions/{s.pk}/agenda/{item.pk}/",
        {"delete": "1"},
        headers={"HX-Request": "true"},
    )
    assert not AgendaItem.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="agenda.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["agenda.item_added", "agenda.resource_added", "agenda.item_removed"]


def test_agenda_item_with_a_blank_title_is_refused(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    s = SessionFactory(program=program)
    response = client.post(
        f"/p/{program.slug}/sessions/{s.pk}/agenda/new/",
        {"kind": "case", "title": "", "duration_minutes": "15"},
    )
    assert response.status_code == 400
    assert not AgendaItem.objects.exists()


def test_participant_home_shows_next_session_in_my_time_zone_with_agenda(
    client, program, make_member
):
    # A member since October: the past session of 29 October is one of theirs (fixes1 1222:
    # sessions from before one joined are not listed).
    with time_machine.travel(dt.datetime(2026, 10, 1, tzinfo=dt.UTC), tick=False):
        user = make_member(program, Role.PARTICIPANT, time_zone="America/Vancouver")
    client.force_login(user)
    with time_machine.travel(dt.datetime(2026, 11, 2, tzinfo=dt.UTC), tick=False):
        start = dt.datetime(2026, 11, 5, 17, 30, tzinfo=dt.UTC)  # 12:30 Toronto, 09:30 Vancouver
        s = SessionFactory(
            program=program,
            title="Session 9",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=90),
        )
        AgendaItemFactory(session=s, title="Central sensitization")
        past = SessionFactory(
            program=program,
            title="Session 8",
            starts_at=start - dt.timedelta(days=7),
            ends_at=start - dt.timedelta(days=7, minutes=-90),
        )
        page = client.get("/").content.decode()
    assert "Session 9" in page and "09:30" in page and "PST" in page
    token = JoinToken.objects.get(session=s, user=user).token
    assert "Central sensitization" in page and f'href="/join/{token}/"' in page
    assert s.video_url not in page  # the provider link is reached only through the join link
    assert past.title in page.split("Your past sessions")[1]


def test_participant_home_empty_states(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get("/").content.decode()
    assert (
        "No upcoming sessions in your programs" in page and "You are not in a program yet" in page
    )
