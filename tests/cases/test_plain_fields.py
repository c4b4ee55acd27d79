"""The case page draws its unbound forms without widget templates: the same markup."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string

from echohub.cases import forms as F
from echohub.scheduling.models import Session


def _norm(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [
        lambda: F.TaperForm(
            initial={"rule": "cdc2022-long-term", "start_date": dt.date(2026, 1, 2)}
        ),
        lambda: F.ReviewForm(initial={"theme": "tapering"}),
        lambda: F.SendForm(),
        lambda: F.FollowUpForm(),
        lambda: F.SummaryForm(initial={"text": "a <b> & 'q' \"x\""}),
        lambda: F.ScheduleForm(sessions=Session.objects.none()),
        lambda: F.RecommendationForm(
            initial={"discipline": "pharmacy", "text": "x<y", "version": 3}, prefix="pharmacy"
        ),
    ],
)
def test_plain_fields_draw_what_the_widget_templates_draw(make):
    form = make()
    rows = F.plain_fields(form)
    assert rows is not None
    plain = render_to_string("cases/_plain_fields.html", {"rows": rows})
    assert _norm(plain) == _norm(render_to_string("core/form_fields.html", {"form": form}))


def test_bound_forms_and_radio_buttons_keep_the_templates():
    assert F.plain_fields(F.TaperForm({"rule": "x"})) is None
    assert F.plain_fields(F.CloseForm()) is None
