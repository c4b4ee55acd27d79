"""What the library walk (libwalk) found: in French the follow-up chart of a past case drew
its dots at the top-left corner (the coordinates were written '40,0', which SVG refuses), and
a talk whose slides are on its session said 'No slides uploaded.' just above the link to them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from echohub.cases.models import CaseScore, CaseStatus, FollowUp
from echohub.library.models import Talk
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def test_follow_up_chart_dots_keep_svg_numbers_in_french(as_role, program, make_case):
    case = make_case(program, CaseStatus.FOLLOWED_UP)
    CaseScore.objects.create(case=case, instrument="peg", total=Decimal("7"))
    fu = FollowUp.objects.create(case=case, reported_by=case.presenter, what_changed="Better.")
    CaseScore.objects.create(case=case, follow_up=fu, instrument="peg", total=Decimal("5.5"))
    client = as_role(program, Role.PARTICIPANT)
    url = reverse("library:case", kwargs={"slug": program.slug, "pk": case.pk})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    dots = re.findall(r'<circle cx="([^"]*)" cy="([^"]*)"', html)
    assert len(dots) == 2
    for cx, cy in dots:
        assert re.fullmatch(r"-?\d+(\.\d+)?", cx) and re.fullmatch(r"-?\d+(\.\d+)?", cy), dots
    assert "5,5" in html  # the values themselves stay written the French way


def test_talk_with_session_slides_does_not_say_no_slides(as_role, program):
    from echohub.scheduling.models import Resource
    from tests.factories import AgendaItemFactory, SessionFactory

    item = AgendaItemFactory(session=SessionFactory(program=program))
    Resource.objects.create(agenda_item=item, title="Slides: sleep", url="https://files.example/s")
    talk = Talk.objects.create(
        program=program,
        title="Sleep and pain",
        presenter_name="Dr. Guest",
        given_on=dt.date(2026, 3, 5),
        session=item.session,
        agenda_item=item,
    )
    bare = Talk.objects.create(program=program, title="Other", given_on=dt.date(2026, 3, 6))
    client = as_role(program, Role.PARTICIPANT)
    page = client.get(reverse("library:talk", kwargs={"slug": program.slug, "pk": talk.pk}))
    html = page.content.decode()
    assert "files.example/s" in html
    assert "No slides uploaded." not in html
    other = client.get(reverse("library:talk", kwargs={"slug": program.slug, "pk": bare.pk}))
    assert "No slides uploaded." in other.content.decode()
