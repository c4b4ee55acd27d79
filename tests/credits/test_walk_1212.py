"""What a walk as a new coordinator (round 1212) found on "Certificates for a cycle": with no
credit rule yet the page offered a form whose required "Credit rule" list was empty, and
"Start" could only fail. It now says a rule comes first and links to the rule form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(user: Any, program: Any) -> str:
    client = Client()
    client.force_login(user)
    with_lang = client.get(
        reverse("credits:batches", args=[program.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )
    return with_lang.content.decode()


def test_without_a_rule_the_page_leads_to_the_rule_form(coordinator, program, series):
    html = _page(coordinator, program)
    assert "No credit rule yet." in html
    assert f'href="{reverse("credits:rule_new", args=[program.slug])}"' in html
    assert 'name="rule"' not in html


def test_with_a_rule_the_form_is_offered(coordinator, program, series, make_rule):
    make_rule()
    html = _page(coordinator, program)
    assert 'name="rule"' in html and "No credit rule yet." not in html


def test_the_page_says_how_many_people_a_run_would_email(
    coordinator, program, series, sessions, make_rule, make_member, attend
):
    from echohub.credits import services
    from echohub.programs.models import Role

    rule = make_rule(minimum_share=50)
    for _ in range(3):
        attend(sessions[0], make_member(program, Role.PARTICIPANT), 90)
    attend(sessions[0], make_member(program, Role.PARTICIPANT), 5)  # below the share
    services.recompute_awards(actor=coordinator, rule=rule, session_ids=[s.pk for s in sessions])
    html = _page(coordinator, program)
    assert "3 people would get a certificate and an email." in html
