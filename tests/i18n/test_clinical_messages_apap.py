"""The acetaminophen warning of combination tablets (above the 4 g/day maximum of the product
monographs) said in both languages: from the package through core.clinical_text, and on the
calculator page posted with Django's test client. The grams are written in the reader's number
format (« 5,4 g/j »)."""

from __future__ import annotations

import pytest
from django.utils import translation

from clinical import calculate_mme
from echohub.core import clinical_text
from tests.factories import UserFactory

CODE = "acetaminophen_maximum"
FR = {"HTTP_ACCEPT_LANGUAGE": "fr-CA,fr;q=0.9"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _warning(rows):
    ((code, english),) = [(c, m) for c, m in calculate_mme(rows).warnings if c == CODE]
    return code, english


def _said(language, code, english):
    with translation.override(language):
        return clinical_text.message(code, english)


def test_one_row_in_french_with_the_grams_in_french_numbers():
    code, english = _warning(
        [{"drug": "Tylenol avec codéine no 3", "dose": 3, "unit": "co", "frequency": "q4h"}]
    )
    said = _said("fr", code, english)
    assert said != english
    assert "5,4 g/j" in said and "4 g/j" in said and "ligne 1" in said
    assert "monographies de produit canadiennes" in said and "5.4" not in said


def test_several_rows_in_french():
    code, english = _warning(
        [
            {"drug": "Tylenol No. 3", "dose": 2, "unit": "tablets", "frequency": "q6h"},
            {"drug": "Percocet", "dose": 1, "unit": "tablets", "frequency": "q4h"},
        ]
    )
    said = _said("fr", code, english)
    assert "lignes 1, 2" in said and "4,35 g/j" in said


def test_in_english_the_package_words_are_kept():
    code, english = _warning(
        [{"drug": "Tylenol No. 3", "dose": 8, "unit": "tablets", "frequency": "q4h"}]
    )
    assert _said("en", code, english) == english
    assert "14.4 g/day" in english


def test_an_unknown_wording_falls_back_to_the_english():
    english = "acetaminophen: something the package may say one day."
    assert _said("fr", CODE, english) == english


# --- the calculator page -------------------------------------------------------------------------


def _calculate(client, headers, **rows):
    data = {
        "med-TOTAL_FORMS": "4",
        "med-INITIAL_FORMS": "0",
        "table": "cdc2022",
        "rule": "cdc2022-long-term",
        "duration": "long-term",
        "start_date": "2027-01-04",
        "do": "mme",
        **rows,
    }
    response = client.post("/tools/opioids/", data, **headers)
    assert response.status_code == 200
    return response.content.decode()


TYLENOL_3_THREE_Q4H = {
    "med-0-drug": "Tylenol No. 3",
    "med-0-dose": "3",
    "med-0-unit": "tablet",
    "med-0-frequency": "q4h",
}


@pytest.mark.django_db
def test_the_calculator_page_warns_in_english_and_still_counts_the_codeine(client):
    client.force_login(UserFactory())
    html = _calculate(client, EN, **TYLENOL_3_THREE_Q4H)
    assert "the combination products (row 1) give 5.4 g/day in all" in html
    assert "4 g/day (4,000 mg)" in html
    assert "Total: 81 MME/day" in html  # 540 mg codeine x 0.15


@pytest.mark.django_db
def test_the_calculator_page_warns_in_french(client):
    client.force_login(UserFactory())
    html = _calculate(client, FR, **TYLENOL_3_THREE_Q4H)
    assert "5,4 g/j" in html and "monographies de produit canadiennes" in html
    assert "give 5.4 g/day" not in html


@pytest.mark.django_db
def test_the_calculator_page_says_nothing_at_3_6_g(client):
    client.force_login(UserFactory())
    html = _calculate(client, EN, **{**TYLENOL_3_THREE_Q4H, "med-0-dose": "2"})
    assert "Total: 54 MME/day" in html and "combination products (row" not in html
