"""The program report (PDF) and the patient summary (printed page) in Canadian French: their
labels in French, dates and numbers as a French reader writes them (« 4 déc. 2025 », « 12,5 »);
the PDF is parsed back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from echohub.cases.models import Case, CaseStatus
from echohub.evaluation import dashboards
from echohub.evaluation.report import program_report_pdf
from echohub.programs.models import Role
from tests.evaluation.dashboards.conftest import Net
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


@pytest.fixture
def net(db: None) -> Net:
    net = Net()
    net.program.name_fr = "Douleur chronique"
    net.program.content_languages = "en+fr"
    net.program.save()
    return net


def _report(client, net: Net, language: str) -> bytes:
    coordinator = UserFactory(language=language)
    MembershipFactory(program=net.program, user=coordinator, role=Role.COORDINATOR)
    client.force_login(coordinator)
    path = reverse("evaluation:report", kwargs={"slug": net.program.slug})
    with time_machine.travel(dt.datetime(2026, 4, 2, 15, tzinfo=dt.UTC), tick=False):
        response = client.get(path, {"date_to": "2026-03-31"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_the_program_report_reads_in_french(client, net):
    pdf = _report(client, net, "fr")
    text = _text(pdf)
    # The program's French name, the period and the generation date in French words.
    period = "du 4 déc. 2025 au 31 mars 2026"
    assert text.startswith(f"Douleur chronique Rapport du programme : {period}")
    assert "Produit le 2 avr. 2026." in text
    title = PdfReader(io.BytesIO(pdf)).metadata.title
    assert title == "Douleur chronique – Rapport du programme, du 4 déc. 2025 au 31 mars 2026"
    for label in (
        "Chiffres clés",
        "Participants distincts 5",
        "Heures de présence 12,5",  # a decimal comma
        "Portée par mois",
        "déc. 2025 1 2 2 1",  # the months as French writes them
        "mars 2026 1 1 0 1",
        "Participants par profession",
        "Médecin de famille 3",
        "Cas et résultats",
        "Délai médian avant les recommandations (heures, EIQ) 48,0 (36,0–60,0), n=3",
        "-22,5, n=2 paires",
        "-2,0, n=1 paire",
        "Diminution ou rotation des opioïdes 2",
        "Aucun questionnaire.",
    ):
        assert label in text, label
    # No English label and no decimal point left anywhere in a figure.
    for english in ("Key figures", "Program report", "Hours of attendance", "pairs", "Generated"):
        assert english not in text and english not in title, english
    assert re.search(r"\d\.\d", text) is None, re.findall(r"\S*\d\.\d\S*", text)


def test_the_same_report_in_english_keeps_english_numbers(client, net):
    text = _text(_report(client, net, "en"))
    assert text.startswith("Chronic Pain Program report: 4 Dec 2025 to 31 Mar 2026")
    assert "Hours of attendance 12.5" in text
    assert "48.0 (36.0–60.0), n=3" in text and "-22.5, n=2 pairs" in text
    assert "-2.0, n=1 pair " in text
    assert "Rapport" not in text and "12,5" not in text


def test_a_report_built_outside_a_request_follows_the_active_language(net):
    with translation.override("fr"):
        pdf = program_report_pdf(net.program, dashboards.Filters(date_to=dt.date(2026, 3, 31)))
    assert "Rapport du programme : du 4 déc. 2025 au 31 mars 2026" in _text(pdf)


@pytest.fixture
def summary_case(program, make_member):
    presenter = make_member(program, Role.PARTICIPANT, language="fr")
    program.name_fr = "Douleur chronique et gestion des opioïdes"
    program.content_languages = "en+fr"
    program.save()
    case = Case.objects.create(
        program=program,
        presenter=presenter,
        presenter_profession=presenter.profession,
        status=CaseStatus.RECOMMENDATIONS_SENT,
        plain_language_summary="Réduire l’oxycodone de 5 mg toutes les deux semaines.",
    )
    return case, presenter


def _summary(client, case: Case, **headers: str) -> str:
    url = reverse("cases:patient_summary", kwargs={"slug": case.program.slug, "pk": case.pk})
    with time_machine.travel(dt.datetime(2026, 12, 4, 17, tzinfo=dt.UTC), tick=False):
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_patient_summary_prints_in_french(client, summary_case):
    case, presenter = summary_case
    client.force_login(presenter)
    html = _summary(client, case, HTTP_ACCEPT_LANGUAGE="en")  # the profile's French wins
    assert '<html lang="fr">' in html
    assert "<title>Votre plan de soins</title>" in html
    assert "<h1>À propos de vos soins</h1>" in html
    assert "Douleur chronique et gestion des opioïdes · 4 décembre 2026" in html
    assert "Votre clinicien ou clinicienne a discuté de votre situation" in html
    assert "Réduire l’oxycodone de 5 mg toutes les deux semaines." in html
    for english in ("About your care", "Your care plan", "December", "Chronic Pain"):
        assert english not in html, english


def test_an_empty_patient_summary_says_so_in_french(client, summary_case):
    case, presenter = summary_case
    Case.objects.filter(pk=case.pk).update(plain_language_summary="")
    client.force_login(presenter)
    html = _summary(client, case)
    assert "Aucun résumé n’a encore été rédigé." in html and "No summary" not in html
    presenter.language = "en"
    presenter.save(update_fields=["language"])
    html = _summary(client, case, HTTP_ACCEPT_LANGUAGE="fr")
    assert "<h1>About your care</h1>" in html and "4 December 2026" in html


def test_another_persons_patient_summary_is_not_found(client, summary_case, make_member):
    case, _presenter = summary_case
    client.force_login(make_member(case.program, Role.PARTICIPANT, language="fr"))
    url = reverse("cases:patient_summary", kwargs={"slug": case.program.slug, "pk": case.pk})
    assert client.get(url).status_code == 404


def test_an_evaluator_gets_the_french_report_of_a_one_case_program_with_hidden_figures(client, net):
    # One case: its pairs count is a small cell, shown as "<5" (not a number): the French plural
    # rule needs a number, so it once crashed the page (a 500).
    Case.objects.exclude(pk=net.c1.pk).delete()
    evaluator = UserFactory(language="fr")
    MembershipFactory(program=net.program, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    path = reverse("evaluation:report", kwargs={"slug": net.program.slug})
    with time_machine.travel(dt.datetime(2026, 4, 2, 15, tzinfo=dt.UTC), tick=False):
        response = client.get(path, {"date_to": "2026-03-31"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Rapport du programme" in text and "Key figures" not in text
    assert "« <5 » : moins de 5 personnes — masqué pour protéger la confidentialité." in text
    assert "Cas présentés <5" in text and "Cas fermés <5" in text
    # Both pairs rows: the hidden count as the small-cell marker, in French, no plural form.
    assert text.count("—, n=<5 paires") == 2, text
    assert "pairs" not in text and "paire " not in text
    # No figure about people is a number from 1 to 4: a row's figure, or a month's people.
    labels = (
        "Participants distincts|Nouveaux participants|Présences \\(personnes-séances\\)|"
        "Heures de présence|Cas présentés|Cas fermés|Consultation en spécialité évitée|"
        "Médecin de famille|Pharmacienne ou pharmacien|North East|Toronto|opioïdes"
    )
    assert re.findall(rf"(?:{labels}) [1-4]\b", text) == []
    months = re.findall(r"(?:déc\.|janv\.|févr\.|mars) 20\d\d \d+ (\S+) (\S+)", text)
    assert len(months) == 4 and all(v in {"<5", "—", "0"} or int(v) >= 5 for m in months for v in m)
