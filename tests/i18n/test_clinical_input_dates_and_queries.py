"""The last English-only text people read (issue 14): MME rows not counted and their notes,
clinical input errors, attendance match reasons, taper step dates and the letter's date in the
reader's language; and the locale costs no database query (a page in French makes exactly the
queries of the same page in English)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from clinical import ClinicalInputError, calculate_mme
from clinical import mme as package_mme
from echohub.attendance.import_text import review_reason
from echohub.cases import services
from echohub.core import clinical_text
from echohub.programs.models import Role
from tests.cases.conftest import draft, presenter, upcoming_session  # noqa: F401
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en-CA,en;q=0.9"}


def _error(call, *args, **kwargs) -> ClinicalInputError:
    with pytest.raises(ClinicalInputError) as info:
        call(*args, **kwargs)
    return info.value


# --- MME rows not counted, and the notes of counted rows -------------------------------------


def test_rows_not_counted_say_why_in_french():
    result = calculate_mme(
        [
            {"drug": "zorbamycin", "dose": 5, "unit": "mg", "times_per_day": 2},
            {"drug": "pregabalin", "dose": 75, "unit": "mg", "times_per_day": 2},
            {"drug": "oxycodone", "dose": 5, "unit": "mcg", "times_per_day": 2},
            {"drug": "hydromorphone", "dose": 2, "unit": "mg"},
        ],
        table="cdc2022",
    ).to_dict()
    english = [x["reason"] for x in result["excluded"]]
    with translation.override("fr"):
        french = [x["reason"] for x in clinical_text.localized_mme(result)["excluded"]]
    assert len(french) == 4
    for before, after in zip(english, french, strict=True):
        assert after != before, f"still in English: {before}"
    assert any("«\u00a0zorbamycin\u00a0»" in t or "“zorbamycin”" in t for t in french)
    # The codes, the numbers and the drugs are unchanged; only the sentences are said again.
    localized = clinical_text.localized_mme(result)
    assert [x["reason_code"] for x in localized["excluded"]] == [
        x["reason_code"] for x in result["excluded"]
    ]


def test_a_counted_rows_cautions_are_in_french_and_english_keeps_its_words():
    rows = [{"drug": "fentanyl", "dose": 25, "unit": "mcg/h", "formulation": "patch"}]
    result = calculate_mme(rows, table="cdc2022").to_dict()
    notes = result["rows"][0]["notes"]
    assert package_mme.FENTANYL_CAUTION in notes
    with translation.override("fr"):
        french = clinical_text.localized_mme(result)["rows"][0]["notes"]
    assert package_mme.FENTANYL_CAUTION not in french
    assert any("fentanyl transdermique" in n for n in french)
    with translation.override("en"):  # the package's words (with typographic quotes)
        english = clinical_text.localized_mme(result)["rows"][0]["notes"]
    assert [n.replace("“", '"').replace("”", '"') for n in english] == notes


def test_the_methadone_scale_note_keeps_its_figures_in_french():
    english = "CDC 2016 sliding scale: total methadone 45 mg/day -> factor 8."
    with translation.override("fr"):
        said = clinical_text.note(english)
    assert said != english and "45" in said and "8" in said


def test_every_fixed_mme_note_of_the_package_has_a_french_text():
    with translation.override("fr"):
        for name in (
            "PRN_RULE",
            "BUPRENORPHINE_NOTE",
            "FENTANYL_CAUTION",
            "METHADONE_CAUTION",
            "TAPENTADOL_NOTE",
            "TRAMADOL_NOTE",
            "ANALYTIC_CAVEAT",
            "ANALYTIC_PATCH_NOTE",
        ):
            english = getattr(package_mme, name)
            assert clinical_text.note(english) != english, name


# --- clinical input errors a form can meet --------------------------------------------------


def test_input_errors_from_the_package_are_said_in_french():
    from clinical.instruments import record_licensed_total
    from clinical.taper import _check_strength

    errors = [
        _error(_check_strength, Decimal(30), Decimal(7), "mg"),
        _error(_check_strength, Decimal(5), Decimal(10), "mg"),
        _error(_check_strength, Decimal(300), Decimal(1), "mg"),
        _error(record_licensed_total, "bpi-severity", 99),
    ]
    with translation.override("fr"):
        for err in errors:
            said = clinical_text.input_error(err.code, err.message)
            assert said != err.message, f"{err.code} still in English: {err.message}"
    with translation.override("en"):
        for err in errors:
            assert clinical_text.input_error(err.code, err.message)  # never empty


def test_an_unknown_input_error_falls_back_to_the_packages_english():
    with translation.override("fr"):
        assert clinical_text.input_error("taper.new_code", "a new sentence") == "a new sentence"


def test_the_calculator_refuses_a_strength_that_does_not_divide_the_dose_in_french(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    data = {
        "med-TOTAL_FORMS": "4",
        "med-INITIAL_FORMS": "0",
        "table": "cdc2022",
        "rule": "cdc2022-long-term",
        "duration": "long-term",
        "start_date": "2027-01-04",
        "do": "taper",
        "med-0-drug": "oxycodone",
        "med-0-dose": "30",
        "med-0-unit": "mg",
        "med-0-times_per_day": "4",
        "med-0-strengths": "7",
    }
    html = client.post("/tools/opioids/", data, **FR).content.decode()
    assert "cannot be made of" not in html and "larger than the starting" not in html


def test_the_calculator_with_no_opioid_to_taper_says_so_in_french(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    data = {
        "med-TOTAL_FORMS": "4",
        "med-INITIAL_FORMS": "0",
        "table": "cdc2022",
        "rule": "cdc2022-long-term",
        "duration": "long-term",
        "start_date": "2027-01-04",
        "do": "taper",
        "med-0-drug": "pregabalin",
        "med-0-dose": "75",
        "med-0-unit": "mg",
        "med-0-times_per_day": "2",
    }
    response = client.post("/tools/opioids/", data, **FR)
    page = response.content.decode().replace("&#x27;", "’")
    assert response.status_code == 422
    assert "Aucun opioïde de la liste n’a pu être compté" in page
    assert "nothing to taper" not in page and "could be counted" not in page
    english = client.post("/tools/opioids/", data).content.decode()
    assert "No opioid in the list could be counted, so there is nothing to taper" in english


# --- attendance match reasons ---------------------------------------------------------------


@pytest.mark.parametrize(
    "english",
    [
        "matched by name",
        "e-mail shared by u1 (Ana Lopes), u2 (Ana Lopez)",  # as the engine writes it
        "shared room or several people on the account of u1 (Ana Lopes)",
        "only a device name; could be u1 (Ana Lopes) (e-mail not on the roster)",
        "no usable name (device)",
        "name fits u1 (Ana Lopes) but the e-mail ana@example.test is not on the roster",
        "possible nickname or partial name of u1 (Ana Lopes)",
        "guest not on roster (e-mail not on the roster)",
    ],
)
def test_attendance_match_reasons_in_french(english):
    with translation.override("fr"):
        said = review_reason(english)
    assert said != english
    assert "e-mail not on the roster" not in said
    with translation.override("en"):
        assert review_reason(english)  # English as the catalogue says it (“email”)


# --- dates: taper steps and the letter ------------------------------------------------------


def test_taper_step_dates_are_in_the_readers_format_and_iso_for_the_api():
    plan = {
        "steps": [
            {"step": 1, "date": "2026-12-04", "follow_up_by": "2026-12-18", "note": None},
        ]
    }
    with translation.override("fr"):
        step = clinical_text.localized_plan(plan)["steps"][0]
        api = clinical_text.localized_plan(plan, keep_values=True)["steps"][0]
    assert (step["date"], step["follow_up_by"]) == ("4 déc. 2026", "18 déc. 2026")
    assert (api["date"], api["follow_up_by"]) == ("2026-12-04", "2026-12-18")
    with translation.override("en"):
        assert clinical_text.localized_plan(plan)["steps"][0]["date"] == "4 Dec 2026"


def test_the_letter_is_dated_in_the_readers_language(
    client,
    program,
    presenter,  # noqa: F811
    draft,  # noqa: F811
    make_member,
    upcoming_session,  # noqa: F811
):
    from pypdf import PdfReader

    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    draft.refresh_from_db()
    type(draft).objects.filter(pk=draft.pk).update(
        sent_at=dt.datetime(2026, 12, 4, 17, 0, tzinfo=dt.UTC)
    )
    client.force_login(presenter)

    def letter(headers: dict[str, str]) -> str:
        response = client.get(f"/p/{program.slug}/cases/{draft.pk}/letter.pdf", **headers)
        assert response.status_code == 200
        pages = PdfReader(io.BytesIO(response.content)).pages
        return " ".join(" ".join(p.extract_text() for p in pages).split())

    assert "4 décembre 2026" in letter(FR)
    english = letter(EN)
    assert "4 December 2026" in english and "2026-12-04" not in english


# --- the locale costs no query ------------------------------------------------------------


def _queries(client, url: str, headers: dict[str, str]) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("page", ["/", "/p/{slug}/", "/p/{slug}/sessions/"])
def test_a_french_page_makes_the_queries_of_the_english_one(client, program, make_member, page):
    SessionFactory(program=program, title="Naloxone")
    user = make_member(program, Role.PARTICIPANT)
    client.force_login(user)
    url = page.format(slug=program.slug)
    client.get(url, **EN)  # warm caches (templates, site settings) before counting
    english, html_en = _queries(client, url, EN)
    french, html_fr = _queries(client, url, FR)
    assert 'lang="en"' in html_en and 'lang="fr"' in html_fr
    assert french == english


def test_a_persons_own_language_costs_no_query(client, program, make_member):
    """The person's language is read from the user the session already loaded."""
    user = make_member(program, Role.PARTICIPANT)
    client.force_login(user)
    url = f"/p/{program.slug}/"
    client.get(url)
    english, _ = _queries(client, url, {})
    user.language = "fr"
    user.save(update_fields=["language"])
    french, html = _queries(client, url, {})
    assert 'lang="fr"' in html
    assert french == english
