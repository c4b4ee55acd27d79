"""What the walk of round 1223 found on a survey's page: "Send to participants" and "Send now"
emailed a link to everyone not yet invited at the first click, with no question asked. Each
send form now asks first (data-confirm, app.js); closing the survey already did."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from echohub.programs.models import Role
from tests.factories import MembershipFactory, QuestionFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Forms(HTMLParser):
    """Each <form>'s action and data-confirm."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.forms.append(dict(attrs))


def _send_forms(html: str, send_url: str) -> list[dict[str, str | None]]:
    parser = _Forms()
    parser.feed(html)
    return [f for f in parser.forms if f.get("action") == send_url]


@pytest.mark.parametrize(
    ("kind", "language", "words"),
    [
        ("pre", "en", r"to 2 active participants not yet invited\?"),
        ("post_session", "en", r"session.*not yet invited\?"),
        ("pre", "fr", r"\S"),
        ("post_session", "fr", r"\S"),
    ],
)
def test_each_send_form_asks_before_emailing(
    program: Any, as_role: Any, kind: str, language: str, words: str
) -> None:
    survey = SurveyFactory(program=program, kind=kind, status="open")
    QuestionFactory(survey=survey)
    for _n in range(2):
        MembershipFactory(program=program, user=UserFactory(), role=Role.PARTICIPANT)
    client = as_role(program, Role.COORDINATOR)
    send_url = reverse("evaluation:survey_send", kwargs={"slug": program.slug, "pk": survey.pk})
    with translation.override(language):
        page = client.get(
            reverse("evaluation:survey", kwargs={"slug": program.slug, "pk": survey.pk}),
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert page.status_code == 200
    forms = _send_forms(page.content.decode(), send_url)
    assert len(forms) == 1, "the page offers one way to send"
    question = forms[0].get("data-confirm") or ""
    assert re.search(words, question), question


def test_the_count_says_how_many_one_click_emails(program: Any, as_role: Any) -> None:
    """A count before emailing many people: the participants not yet invited (an inactive
    member, an inactive account and one already invited are not counted); with none left,
    no button, and a sentence saying so."""
    from echohub.evaluation import services
    from echohub.evaluation.models import SurveyInvitation

    survey = SurveyFactory(program=program, kind="pre", status="open")
    QuestionFactory(survey=survey)
    people = [UserFactory() for _n in range(3)]
    for user in people:
        MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
    MembershipFactory(program=program, user=UserFactory(), role=Role.PARTICIPANT, is_active=False)
    MembershipFactory(program=program, user=UserFactory(is_active=False), role=Role.PARTICIPANT)
    client = as_role(program, Role.COORDINATOR)
    url = reverse("evaluation:survey", kwargs={"slug": program.slug, "pk": survey.pk})
    html = client.get(url).content.decode()
    assert "3 active participants have not been invited yet" in html
    SurveyInvitation.objects.create(survey=survey, user=people[0], token_hash="x" * 64)
    assert services.participants_not_invited(survey) == 2
    client.post(reverse("evaluation:survey_send", kwargs={"slug": program.slug, "pk": survey.pk}))
    assert services.participants_not_invited(survey) == 0
    html = client.get(url).content.decode()
    send_url = reverse("evaluation:survey_send", kwargs={"slug": program.slug, "pk": survey.pk})
    assert _send_forms(html, send_url) == []
    assert "there is nobody to send to" in html


def test_a_closed_survey_offers_no_send_and_no_question(program: Any, as_role: Any) -> None:
    survey = SurveyFactory(program=program, kind="pre", status="closed")
    QuestionFactory(survey=survey)
    client = as_role(program, Role.COORDINATOR)
    send_url = reverse("evaluation:survey_send", kwargs={"slug": program.slug, "pk": survey.pk})
    page = client.get(reverse("evaluation:survey", kwargs={"slug": program.slug, "pk": survey.pk}))
    assert _send_forms(page.content.decode(), send_url) == []


def test_the_survey_list_reads_as_cards_on_a_phone(program: Any, as_role: Any) -> None:
    """Six columns scrolled sideways at 390 px: a table.stack now, each figure naming its
    column (data-label), the survey's title heading the card."""
    SurveyFactory(program=program, kind="pre", status="open", title="Invented pre")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(reverse("evaluation:surveys", kwargs={"slug": program.slug}))
    html = page.content.decode()
    table = re.search(r"<table[^>]*>.*?</table>", html, flags=re.S)
    assert table and table.group(0).startswith('<table class="stack"')
    cells = re.findall(r"<td([^>]*)>", table.group(0).split("<tbody>", 1)[1])
    assert cells and all('class="stack-head"' in c or "data-label=" in c for c in cells)
    for label in ("Kind", "Status", "Invited", "Answered", "Response rate"):
        assert f'data-label="{label}"' in html
