"""Dates and times in the reader's locale (« 12 h 30 », « 4 déc. 2026 ») and the clinical
package's text (taper rules, cautions, refusals) in French on the calculator and the case page;
English pages unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from echohub.cases import services
from echohub.core import clinical_text
from echohub.formats import NAMED_FORMATS
from echohub.programs.models import Role
from tests.cases.conftest import draft, presenter, upcoming_session  # noqa: F401
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9"}
TORONTO = ZoneInfo("America/Toronto")
NOON_30 = dt.datetime(2026, 12, 4, 12, 30, tzinfo=TORONTO)


def _render(source: str, lang: str, **context: Any) -> str:
    with translation.override(lang):
        return Template("{% load echohub %}" + source).render(Context(context))


# French times hold no-break spaces (« 12 h 30 » never wraps in a narrow cell) and name the
# zone in French (EST -> HNE): walk 1211.
@pytest.mark.parametrize(
    ("name", "english", "french"),
    [
        ("date", "4 Dec 2026", "4 déc. 2026"),
        ("datetime", "4 Dec 2026, 12:30", "4 déc. 2026, 12\u00a0h\u00a030"),
        ("time", "12:30", "12\u00a0h\u00a030"),
        ("time_tz", "12:30 EST", "12\u00a0h\u00a030\u00a0HNE"),
        (
            "long_datetime",
            "Friday 4 December 2026, 12:30",
            "vendredi 4 décembre 2026, 12\u00a0h\u00a030",
        ),
        ("day_month_time", "Fri 4 Dec, 12:30", "ven. 4 déc., 12\u00a0h\u00a030"),
        ("iso_date", "2026-12-04", "2026-12-04"),
    ],
)
def test_named_formats_read_as_each_language_writes_them(name, english, french):
    source = '{% load tz %}{% timezone "America/Toronto" %}{{ v|local_date:"' + name + '" }}'
    source += "{% endtimezone %}"
    assert _render(source, "en", v=NOON_30) == english
    assert _render(source, "fr", v=NOON_30) == french


def test_every_named_format_exists_in_both_languages():
    from echohub.formats.en import formats as en
    from echohub.formats.fr import formats as fr

    for setting in NAMED_FORMATS.values():
        assert getattr(en, setting) and getattr(fr, setting), setting


def test_a_time_of_day_and_an_empty_value():
    assert _render('{{ v|local_date:"time" }}', "fr", v=dt.time(9, 5)) == "9\u00a0h\u00a005"
    assert _render('{{ v|local_date:"date" }}|', "fr", v=None) == "|"


def test_an_unknown_format_name_is_an_error_not_a_silent_format():
    with pytest.raises(ValueError, match="Unknown date format name"):
        _render('{{ v|local_date:"j M Y" }}', "en", v=NOON_30)


def _session_at_12_30(program):
    start = dt.datetime.now(TORONTO).replace(hour=12, minute=30, second=0, microsecond=0)
    start += dt.timedelta(days=3)
    return SessionFactory(
        program=program,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        time_zone="America/Toronto",
    )


def test_a_french_session_page_shows_12_h_30(client, program, make_member):
    session = _session_at_12_30(program)
    user = make_member(program, Role.PARTICIPANT)
    user.time_zone = "America/Toronto"
    user.save()
    client.force_login(user)
    html = client.get(f"/p/{program.slug}/sessions/{session.pk}/", **FR).content.decode()
    assert "12\u00a0h\u00a030" in html and "13\u00a0h\u00a030" in html
    assert "12:30" not in html


def test_the_same_english_page_is_unchanged(client, program, make_member):
    session = _session_at_12_30(program)
    user = make_member(program, Role.PARTICIPANT)
    user.time_zone = "America/Toronto"
    user.save()
    client.force_login(user)
    html = client.get(f"/p/{program.slug}/sessions/{session.pk}/").content.decode()
    assert "12:30" in html and "13:30" in html and "12\u00a0h\u00a030" not in html


# --- the calculator -----------------------------------------------------------------------

ROW = {
    "med-0-drug": "oxycodone",
    "med-0-dose": "30",
    "med-0-unit": "mg",
    "med-0-times_per_day": "4",
    "med-0-strengths": "10",
}


def _calculate(client, do: str, headers: dict[str, str], **extra: str) -> str:
    data = {
        "med-TOTAL_FORMS": "4",
        "med-INITIAL_FORMS": "0",
        "table": "cdc2022",
        "rule": "cdc2022-long-term",
        "duration": "long-term",
        "start_date": "2027-01-04",
        "do": do,
        **ROW,
        **extra,
    }
    response = client.post("/tools/opioids/", data, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_calculator_gives_a_french_plan_in_french(client):
    client.force_login(UserFactory())
    html = _calculate(client, "taper", FR)
    assert "Environ 10 % par mois ou plus lentement" in html  # the rule's label
    assert "10 % tous les mois, à partir de 180 MEM/j" in html  # the interval
    assert "schéma posologique actuel" in html and "tous les opioïdes du plan arrêtés" in html
    assert "Décider avec le patient" in html  # the safety text
    assert "Repère, pas une limite" in html  # an MME guidepost
    assert "Les MEM servent uniquement à évaluer le risque" in html  # the caveat
    for english in ("About 10 % per month", "today's regimen", "Decide with the patient"):
        assert english not in html


def test_the_calculator_refuses_methadone_in_french_with_the_drug_named(client):
    client.force_login(UserFactory())
    html = _calculate(client, "taper", FR, **{"med-0-drug": "methadone"})
    assert "ne fait pas l’objet d’un plan de diminution automatique" in html
    assert "gets no automatic taper plan" not in html


def test_the_calculator_in_english_keeps_the_packages_words(client):
    client.force_login(UserFactory())
    html = _calculate(client, "taper", {})
    assert "About 10 % per month or slower" in html and "10 % every month" in html
    assert "today&#x27;s regimen" in html and "Decide with the patient" in html
    assert "Environ 10 %" not in html


# --- the case page ------------------------------------------------------------------------


@pytest.fixture
def scheduled(draft, presenter, program, make_member, upcoming_session):  # noqa: F811
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    draft.refresh_from_db()
    return draft


def test_a_french_case_page_shows_the_taper_plan_in_french(client, program, scheduled, make_member):
    expert = make_member(program, Role.EXPERT)
    services.attach_taper_plan(
        actor=expert, case=scheduled, rule="cdc2022-long-term", start_date=dt.date(2026, 12, 1)
    )
    client.force_login(expert)
    url = f"/p/{program.slug}/cases/{scheduled.pk}/"
    french = client.get(url, **FR).content.decode()
    assert "Environ 10 % par mois ou plus lentement" in french
    assert "Décider avec le patient" in french and "schéma posologique actuel" in french
    assert "oxycodone\u00a0: arrêt" in french  # a step note with its drug
    # why the plan stops (a coded warning with its figures, and the last step's note)
    assert "la prochaine réduction, 25 → 12 mcg/h" in french
    assert "le plan s’arrête ici plutôt que de réduire plus vite" in french
    assert "would cut faster" not in french and "stops here" not in french
    assert "oxycodone stopped" not in french  # the first of two notes of one step too
    assert "About 10 % per month" not in french
    english = client.get(url).content.decode()
    assert "About 10 % per month or slower" in english and "Environ 10 %" not in english


def test_the_presenter_outside_the_hub_sees_no_plan_form(client, program, presenter, scheduled):  # noqa: F811
    client.force_login(presenter)
    html = client.get(f"/p/{program.slug}/cases/{scheduled.pk}/", **FR).content.decode()
    assert 'id="taper-h"' not in html


# --- the mapping itself -------------------------------------------------------------------


def _unquoted(text: str) -> str:
    return text.replace('"', "").replace("“", "").replace("”", "")


def test_the_mapping_follows_the_package_texts():
    """If the package rewords a label, a caution or a guidepost, the French would silently
    describe older English: this fails instead."""
    from clinical.mme import CONVERSION_CAVEAT, GUIDEPOSTS
    from clinical.regimen import TAPER_SAFETY
    from clinical.taper import TAPER_NOTES, TAPER_RULES

    with translation.override("en"):
        assert set(clinical_text.RULE_LABELS) == set(TAPER_RULES)
        for key, rule in TAPER_RULES.items():
            assert str(clinical_text.RULE_LABELS[key]) == rule.label
        for code, guidepost in GUIDEPOSTS.items():  # the msgid has typographic quotes
            assert _unquoted(str(clinical_text.GUIDEPOSTS[code])) == _unquoted(guidepost.text)
    with translation.override("fr"):
        for text in (*TAPER_NOTES, *TAPER_SAFETY, CONVERSION_CAVEAT):
            assert clinical_text.message(None, text) != text, text
        for code, guidepost in GUIDEPOSTS.items():
            assert clinical_text.guidepost(code, guidepost.text) != guidepost.text, code


def test_an_unknown_code_or_wording_falls_back_to_the_packages_english():
    with translation.override("fr"):
        assert clinical_text.message("new_code", "Something new.") == "Something new."
        assert clinical_text.message("methadone", "A reworded refusal.") == "A reworded refusal."
        assert clinical_text.guidepost("mme-50-cdc2022", "Reworded.") == "Reworded."
        assert clinical_text.step_note("hydromorphone stopped") == "hydromorphone\u00a0: arrêt"
        plan = clinical_text.localized_plan(
            {"rule": {"key": "new-rule", "label": "A new rule"}, "interval": "fortnight"}
        )
        assert plan["rule"]["label"] == "A new rule" and plan["interval"] == "fortnight"


def test_the_letter_and_email_to_a_french_presenter_carry_the_plan_in_french(
    client,
    program,
    presenter,  # noqa: F811
    scheduled,
    make_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    import io

    from pypdf import PdfReader

    presenter.language = "fr"
    presenter.save(update_fields=["language"])
    coordinator = make_member(program, Role.COORDINATOR)
    services.save_recommendation(
        actor=coordinator, case=scheduled, discipline="pharmacy", text="Slow taper, see plan."
    )
    services.attach_taper_plan(
        actor=make_member(program, Role.EXPERT),
        case=scheduled,
        rule="cdc2022-long-term",
        start_date=dt.date(2026, 12, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_recommendations(actor=coordinator, case=scheduled)
    body = " ".join(m.body for m in mailoutbox if m.to == [presenter.email])
    assert "Environ 10 % par mois ou plus lentement" in body
    assert "10 % tous les mois, à partir de 120 MEM/j" in body
    assert "Décider avec le patient" in body and "Les MEM servent uniquement" in body
    assert "Decide with the patient" not in body
    client.force_login(presenter)
    response = client.get(f"/p/{program.slug}/cases/{scheduled.pk}/letter.pdf", **FR)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Environ 10 % par mois ou plus lentement" in flat
    assert "Décider avec le patient" in flat and "Decide with the patient" not in flat


def test_an_invitation_subject_is_in_the_invitees_language_not_the_senders(
    program, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    from echohub.programs import services as program_services

    UserFactory(email="marie@example.org", language="fr")
    admin = make_member(program, Role.PROGRAM_ADMIN)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        program_services.invite_person(
            actor=admin, program=program, email="marie@example.org", role=Role.EXPERT
        )
        program_services.invite_person(
            actor=admin, program=program, email="new@example.org", role=Role.EXPERT
        )
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["marie@example.org"] == f"Vous êtes invité à {program.name}"
    assert subjects["new@example.org"] == f"You are invited to {program.name}"


def test_the_translation_check_refuses_a_fixed_date_format_in_a_template(tmp_path):

    from echohub.core.i18n_lint import template_problems

    path = tmp_path / "page.html"
    fixed = template_problems(path, '{{ s.starts_at|date:"j M Y H:i" }}\n{{ t|time:"H:i" }}')
    assert [(p.line, p.kind) for p in fixed] == [
        (1, "fixed date format (use local_date)"),
        (2, "fixed date format (use local_date)"),
    ]
    fine = '{{ s.starts_at|local_date:"datetime" }} {{ s.created_at|date:"Y-m-d" }}'
    assert template_problems(path, fine) == []


def test_attendance_import_warnings_in_french_and_unknown_ones_as_written():
    from echohub.attendance.import_text import import_warning

    with translation.override("fr"):
        assert import_warning("blank lines ignored: 4, 9") == "lignes vides ignorées\u00a0: 4, 9"
        assert import_warning(
            "no 'User Email' column: rows can only be matched by name"
        ).startswith("aucune colonne «\u00a0User Email\u00a0»")
        assert import_warning("a new warning") == "a new warning"
    with translation.override("en"):
        assert import_warning("blank lines ignored: 4, 9") == "blank lines ignored: 4, 9"


def test_attendance_review_reasons_in_french():
    from echohub.attendance.import_text import review_reason

    with translation.override("fr"):
        assert review_reason("phone number: dial-in, identity unknown").startswith(
            "numéro de téléphone"
        )
        assert review_reason("ambiguous name: Ana Lopes, Ana Lopez") == (
            "nom ambigu\u00a0: Ana Lopes, Ana Lopez"
        )
        assert review_reason("something the engine never wrote") == (
            "something the engine never wrote"
        )
