"""The sessions and reach dashboards write dates and numbers in the reader's language (walk 7:
the French sessions table showed « 2026-01-08 » and « 5364 », « 1174,2 »)."""

import re

import pytest
from django.urls import reverse

from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _page(net, as_role, name, language):
    client = as_role(net.program, Role.COORDINATOR)
    url = reverse(f"evaluation:{name}", kwargs={"slug": net.program.slug})
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_sessions_table_dates_and_minutes_in_french_and_english(net, as_role):
    net.attend(net.sessions[1], net.people[5], 1200)  # 250 + 1,200 minutes that day
    fr = _page(net, as_role, "sessions_dashboard", "fr")
    assert "2026-01-08" not in fr
    assert "8 janv. 2026" in fr  # Django's N, janv. as the OQLF writes it
    assert re.search(r"<td>1[\u00a0\u202f ]450</td>", fr), "minutes grouped in French"
    en = _page(net, as_role, "sessions_dashboard", "en")
    assert "2026-01-08" not in en and "<td>1,450</td>" in en


def test_a_hidden_small_count_stays_as_it_is(net, as_role):
    html = (
        as_role(net.program, Role.EVALUATOR)
        .get(reverse("evaluation:sessions_dashboard", kwargs={"slug": net.program.slug}))
        .content.decode()
    )
    assert "&lt;5" in html
