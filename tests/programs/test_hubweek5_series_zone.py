"""What the hubweek5 walk (hubwalk10) found in a new series' preview: under "The dates" the
coordinator read "Times in America/Toronto." (« Heures selon le fuseau America/Toronto. »), the
database's key for the zone, where every other page says "Eastern time (Toronto)"."""

from __future__ import annotations

import re

import pytest

from echohub.programs.models import Role
from echohub.scheduling.models import Session

pytestmark = pytest.mark.django_db

SERIES = {
    "title": "Spring refresher",
    "frequency": "weekly",
    "interval": "1",
    "weekday": "3",
    "week_of_month": "",
    "first_date": "2027-05-06",
    "last_date": "",
    "count": "3",
    "start_time": "12:30",
    "duration_minutes": "90",
    "video_url": "",
    "topics": "",
    "holiday_region": "CA-ON",
}


def _times_line(page: str) -> str:
    found = re.search(r'<p class="muted">((?:Times in|Heures selon)[^<]*)</p>', page)
    assert found, page
    return found.group(1)


@pytest.mark.parametrize(
    ("zone", "language", "expected"),
    [
        ("America/Toronto", "en", "Times in Eastern time (Toronto)."),
        ("America/Vancouver", "en", "Times in Pacific time (Vancouver)."),
        ("America/Toronto", "fr", "Heures selon le fuseau de l’Est (Toronto)."),
    ],
)
def test_the_preview_names_the_zone_in_words(as_role, program, zone, language, expected):
    client = as_role(program, Role.COORDINATOR)
    client.user.language = language
    client.user.save(update_fields=["language"])
    response = client.post(f"/p/{program.slug}/sessions/series/new/", {**SERIES, "time_zone": zone})
    assert response.status_code == 200
    assert _times_line(response.content.decode()) == expected
    assert not Session.objects.exists()  # a preview creates nothing
