"""A certificate prints the accreditation statement exactly as written; when the rule has it
only in the other language than the person's, a marker after it says so (« (en anglais) »), as
the web pages mark a fallback text. A person whose language has the statement gets no marker."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from echohub.credits import services
from tests.credits.conftest import MAINPRO_STATEMENT

pytestmark = pytest.mark.django_db

FRENCH_STATEMENT = (
    "Ce programme d’apprentissage en groupe a été certifié par le Collège des médecins de "
    "famille du Canada."
)


def _text(cert: Any) -> str:
    data = services.certificate_pdf(cert)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def _certificate(participant: Any, rule: Any, session: Any) -> Any:
    return services.issue_certificate(
        actor=participant, rule=rule, user=participant, session=session
    )


def test_an_english_only_statement_is_marked_on_a_french_certificate(
    make_rule: Any, sessions: Any, participant: Any, attend: Any
) -> None:
    participant.language = "fr"
    participant.save(update_fields=["language"])
    attend(sessions[0], participant, 90)
    cert = _certificate(participant, make_rule(), sessions[0])
    assert cert.facts["statement"] == MAINPRO_STATEMENT
    assert cert.facts["statement_marker"] == "(en anglais)"
    text = _text(cert)
    assert f"{MAINPRO_STATEMENT} (en anglais)" in text


def test_a_statement_in_the_persons_language_has_no_marker(
    make_rule: Any, sessions: Any, participant: Any, attend: Any
) -> None:
    participant.language = "fr"
    participant.save(update_fields=["language"])
    attend(sessions[0], participant, 90)
    rule = make_rule(accreditation_statement_fr=FRENCH_STATEMENT)
    cert = _certificate(participant, rule, sessions[0])
    assert cert.facts["statement"] == FRENCH_STATEMENT
    assert "statement_marker" not in cert.facts
    text = _text(cert)
    assert FRENCH_STATEMENT in text and "(en anglais)" not in text


def test_an_english_reader_of_an_english_statement_has_no_marker(
    make_rule: Any, sessions: Any, participant: Any, attend: Any
) -> None:
    attend(sessions[0], participant, 90)
    cert = _certificate(participant, make_rule(), sessions[0])
    assert "statement_marker" not in cert.facts
    assert "(in English)" not in _text(cert)
