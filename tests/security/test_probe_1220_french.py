"""Probe 1220: typed text in French pages, French emails and one-line slots.

Probe 1211 walked the pages in English. Here every account reads French (`User.language`),
so the French templates and catalogue strings (where a name is put into a translated
sentence with blocktranslate) are the ones rendered, with a hostile tail on every free-text
field: none may carry it as markup. A French email's subject stays on one line with the
typed text as typed (plain text, not HTML-escaped), and a bidi override typed in a title
cannot run on into the rest of a subject, a calendar line or a file name.
"""

from __future__ import annotations

import email
import email.policy
from typing import Any

import pytest
from django.test import Client

from echohub.accounts.models import User
from echohub.programs.models import Program, Role
from tests.browser import site_map
from tests.security.test_probe_1211_injection_html import _Markup, _poison

pytestmark = pytest.mark.django_db

FRENCH_ROLES = ("participant", "coordinator", "program_admin", "expert", "evaluator")


def test_no_french_page_carries_typed_text_as_markup(settings: Any) -> None:
    settings.TWO_FACTOR_ENFORCED = False
    objects = site_map.build()
    touched = _poison()
    assert len(touched) > 30, touched
    User.objects.update(language="fr")
    found: dict[str, str] = {}
    read = french = 0
    for role in FRENCH_ROLES:
        client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="fr-CA")
        client.force_login(User.objects.get(email=site_map.ROLES[role]))
        for page in site_map.page_urls(objects):
            response = client.get(page.url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            read += 1
            text = response.content.decode()
            french += 'lang="fr' in text
            parser = _Markup()
            parser.feed(text)
            if parser.found:
                found.setdefault(page.url, f"{role}: {parser.found[:3]}")
    assert read > 150, read
    assert french > read * 0.9, (french, read)  # the pages were French
    assert not found, "\n\n".join(f"{url}\n{where}" for url, where in found.items())


HOSTILE = 'Soins « palliatifs » <script>alert(1)</script> "><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("brk", ["\r\n", "\n", "\u2028"])
def test_a_french_announcement_subject_stays_one_line_and_plain(
    program: Program, make_member: Any, mailoutbox: list[Any], brk: str
) -> None:
    from echohub.programs import announcements
    from echohub.programs.tasks import send_announcement_email

    make_member(program, Role.PARTICIPANT, email="fr@example.test", language="fr")
    draft = announcements.Draft(
        f"{HOSTILE}{brk}X-Injecte: oui",
        f"Corps : {HOSTILE} & fin.",
        announcements.Audience(),
    )
    announcement = announcements.send_announcement(actor=None, program=program, draft=draft)
    assert send_announcement_email.call(announcement.recipients.get().pk) == 1
    [mail] = mailoutbox
    parsed = email.message_from_bytes(mail.message().as_bytes(), policy=email.policy.default)
    assert parsed["X-Injecte"] is None and parsed["To"] == "fr@example.test"
    assert mail.bcc == [] and mail.recipients() == ["fr@example.test"]
    assert str(parsed["Subject"]).endswith(f"] {HOSTILE} X-Injecte: oui")
    assert f"Corps : {HOSTILE} & fin." in mail.body
    assert "&lt;" not in mail.body and "&amp;" not in mail.body


@pytest.mark.parametrize("mark", ["\u202e", "\u202b", "\u202d", "\u2067", "\u2068"])
def test_a_bidi_override_typed_in_a_title_does_not_run_on_in_one_line_slots(mark: str) -> None:
    """U+202E (and the other embeddings, overrides and isolates) reverse what follows them up
    to the end of the line: in a subject `[Program] Demain : <title>` or a calendar SUMMARY
    typed text could make what follows read backwards ("fdp.exe"). One-line slots drop them."""
    from echohub.core.oneline import one_line

    got = one_line(f"Titre{mark}exe.pdf suite")
    assert got == "Titreexe.pdf suite", ascii(got)
