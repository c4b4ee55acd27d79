"""What the walk6 browser walk found on certificates: a French-speaking coordinator opening an
English-speaking participant's certificate got a PDF in two languages (French labels, "Nous
attestons que", around the English heading and accreditation statement frozen at issue). The
PDF follows its holder's language, whoever opens it, and stays the same document."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from echohub.credits import services
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def issue(sessions, participant, attend, make_rule):
    """The participant's certificate, issued once they speak `language`."""

    def make(language: str):
        participant.language = language
        participant.save(update_fields=["language"])
        attend(sessions[0], participant, 90)
        return services.issue_certificate(
            actor=participant, rule=make_rule(), user=participant, session=sessions[0]
        )

    return make


@pytest.mark.parametrize("holder", ["en", "fr"])
@pytest.mark.parametrize("reader", ["en", "fr"])
def test_the_certificate_is_in_its_holders_language_whoever_opens_it(
    client, program, make_member, issue, holder, reader
):
    certificate = issue(holder)
    coordinator = make_member(program, Role.COORDINATOR, language=reader)
    client.force_login(coordinator)
    url = reverse("credits:certificate_pdf", args=[program.slug, certificate.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=reader)
    assert response.status_code == 200
    text = _text(response.content)
    english, french = "This certifies that", "Nous attestons que"
    if holder == "en":
        assert english in text and french not in text
    else:
        assert french in text and english not in text


def test_the_holder_and_a_coordinator_of_another_language_get_the_same_bytes(
    client, program, make_member, participant, issue
):
    certificate = issue("en")
    url = reverse("credits:certificate_pdf", args=[program.slug, certificate.pk])
    client.force_login(participant)
    own = client.get(url).content
    client.force_login(make_member(program, Role.COORDINATOR, language="fr"))
    theirs = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content
    assert own == theirs


@pytest.mark.parametrize("holder", ["en", "fr"])
def test_a_certificate_is_issued_in_its_holders_language_whoever_issues_it(
    client, program, participant, issue, holder
):
    """Issued under the issuer's language (a batch, a French coordinator), the heading and the
    learning format were frozen in that language, and the stored sha256 matched only a PDF
    rendered in it: the holder's own download differed from what was issued."""
    import hashlib

    from django.utils import translation

    with translation.override("fr" if holder == "en" else "en"):  # the issuer's language
        certificate = issue(holder)
    heading = {"en": "Certificate of participation", "fr": "Attestation de participation"}
    assert certificate.facts["heading"] == heading[holder]
    other = "fr" if holder == "en" else "en"
    learning_format = {
        "en": "Live videoconference (Project ECHO group learning)",
        "fr": "Vidéoconférence en direct (apprentissage de groupe Project ECHO)",
    }
    assert certificate.facts["format"] == learning_format[holder]
    client.force_login(participant)
    url = reverse("credits:certificate_pdf", args=[program.slug, certificate.pk])
    downloaded = client.get(url, HTTP_ACCEPT_LANGUAGE=other).content
    assert hashlib.sha256(downloaded).hexdigest() == certificate.sha256
    text = _text(downloaded)
    assert heading[holder] in text and heading[other] not in text
