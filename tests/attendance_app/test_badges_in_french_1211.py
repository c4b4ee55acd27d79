"""One person's attendance at a session reads "Présence" / "Absence" in French (walk 1211: the
badge said "Présents", the plural of the column headings)."""

import datetime as dt

import pytest

from echohub.attendance import services
from echohub.programs.models import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_one_persons_badges_in_french(as_role, program, make_member):
    client = as_role(program, Role.COORDINATOR)
    priya = make_member(program, Role.PARTICIPANT, first_name="Priya", last_name="Nadeau")
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)
    attended = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    later = start + dt.timedelta(days=7)
    SessionFactory(program=program, starts_at=later, ends_at=later + dt.timedelta(hours=2))
    services.add_manual(actor=None, session=attended, user=priya, minutes=60, reason="sheet")
    page = client.get(
        f"/p/{program.slug}/attendance/people/{priya.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert ">Présence</span>" in page and ">Absence</span>" in page
    assert ">Présents</span>" not in page
