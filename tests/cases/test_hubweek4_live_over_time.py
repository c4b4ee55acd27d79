"""What the French walk of hubweek4 found on the live console: the running item's timer turns
to "Au fil du temps" ("as time goes by") when the item runs past its minutes, because the
console's "Over time" (an item past its planned minutes) shared its msgid with the case
trajectory's heading "Over time" (translated "Au fil du temps"). The console's word now has its
own context, so it can be translated for what it means."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from echohub.live import services
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_console_timer_is_not_the_trajectory_heading_in_french(as_role, program):
    start = timezone.now() - dt.timedelta(minutes=5)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    AgendaItem.objects.create(
        session=session, kind=AgendaKind.DIDACTIC, title="Tapering", position=1, duration_minutes=20
    )
    client = as_role(program, Role.COORDINATOR)
    services.start_session(actor=client.user, session=session)
    page = client.get(
        f"/p/{program.slug}/live/{session.pk}/console/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    label = re.search(r'data-label-over="([^"]*)"', page)
    assert label, "no running timer on the console"
    assert label.group(1) != "Au fil du temps"
