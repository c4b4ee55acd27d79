"""What the hubweek4 walk found on "Add one session": the form had no series, so a session added
after a cycle's last one, or to make up a cancelled one, stood alone (no number, not the
series' video link, not counted with the cycle) though the service takes a series. The form now
offers the program's series (none by default), and another program's series is refused."""

import pytest

from echohub.programs.models import Role
from echohub.scheduling.models import Session
from tests.factories import ProgramFactory, SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _post(client, program, **extra):
    data = {
        "title": "Make-up session",
        "date": "2027-05-06",
        "start_time": "12:30",
        "end_time": "14:00",
        "time_zone": "America/Toronto",
        "video_url": "",
        **extra,
    }
    return client.post(f"/p/{program.slug}/sessions/new/", data)


def test_a_session_added_in_a_series_is_numbered_after_its_last(as_role, program):
    series = SeriesFactory(program=program, video_url="https://meet.example.test/cycle")
    SessionFactory(program=program, series=series, number=30)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/sessions/new/").content.decode()
    assert 'name="series"' in page and series.title in page
    response = _post(client, program, series=str(series.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Session.objects.get(title="Make-up session")
    assert added.series == series and added.number == 31
    assert added.video_url == "https://meet.example.test/cycle"


def test_a_session_on_its_own_needs_no_series(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    assert _post(client, program, series="").status_code == 302
    assert Session.objects.get(title="Make-up session").series is None


def test_another_programs_series_is_refused_with_what_was_typed(as_role, program):
    SeriesFactory(program=program)
    other = SeriesFactory(program=ProgramFactory(slug="other"))
    client = as_role(program, Role.COORDINATOR)
    response = _post(client, program, series=str(other.pk))
    assert response.status_code == 400
    assert 'value="Make-up session"' in response.content.decode()
    assert not Session.objects.filter(title="Make-up session").exists()
    assert "Choose a series of this program." in response.content.decode()
