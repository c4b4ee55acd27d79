"""The stand-alone MME and taper calculator (page and API) for every signed-in clinician."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROW = {
    "med-0-drug": "oxycodone",
    "med-0-dose": "30",
    "med-0-unit": "mg",
    "med-0-times_per_day": "4",
    "med-0-strengths": "10",
}


def _post(client, do, **extra):
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
    return client.post("/tools/opioids/", data)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/tools/opioids/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_any_signed_in_clinician_gets_mme_and_a_plan(client):
    client.force_login(UserFactory())
    assert "MME calculator" in client.get("/tools/opioids/").content.decode()
    html = _post(client, "mme").content.decode()
    assert "Total: 180 MME/day" in html and "× 1.5" in html
    html = _post(client, "taper").content.decode()
    assert "oxycodone 30 mg, 3 times a day" in html and "oxycodone 20 mg, once a day" in html
    assert "naloxone" in html and "Before and during any taper" in html


def test_bad_rows_are_kept_with_a_clear_message(client):
    client.force_login(UserFactory())
    response = _post(client, "mme", **{"med-0-dose": "thirty"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="thirty"' in html  # nothing typed is lost
    assert "Medication row 1" in html


def test_methadone_is_refused_in_the_calculator(client):
    client.force_login(UserFactory())
    html = _post(client, "taper", **{"med-0-drug": "methadone"}).content.decode()
    assert "No automatic plan" in html


def test_api_taper_and_mme(client):
    client.force_login(UserFactory())
    body = {
        "medications": [{"drug": "fentanyl", "dose": 50, "unit": "mcg/h", "strengths": [25]}],
        "start_date": "2027-01-04",
    }
    plan = client.post("/api/v1/clinical/taper", body, content_type="application/json").json()
    # 50 -> 25 mcg/h halves the dose, more than 10 % a month: never made, the plan stops
    assert [s["mme_per_day"] for s in plan["steps"]] == [120]
    assert {w["code"] for w in plan["warnings"]} == {"step_too_large"}
    assert plan["complete"] is False
    mme = client.post(
        "/api/v1/clinical/mme",
        {"medications": [{"drug": "Percocet", "dose": 5, "unit": "mg", "times_per_day": 4}]},
        content_type="application/json",
    ).json()
    assert mme["total_computed"] is False
    bad = client.post(
        "/api/v1/clinical/taper",
        {**body, "rule": "nope"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "taper.unknown_rule"


def test_api_needs_a_signed_in_caller(client):
    response = client.post(
        "/api/v1/clinical/mme",
        {"medications": [{"drug": "morphine", "dose": 10, "unit": "mg", "times_per_day": 1}]},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_more_rows_keep_what_was_typed(client):
    client.force_login(UserFactory())
    html = _post(client, "more").content.decode()
    assert 'name="med-7-drug"' in html and 'value="oxycodone"' in html
    assert "Total:" not in html  # adding rows calculates nothing


def test_dates_are_iso_in_any_language_and_far_dates_are_refused(client):
    client.force_login(UserFactory())
    html = client.get("/tools/opioids/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'type="date"' in html and "-" in html.split('name="start_date"')[1].split(">")[0]
    response = _post(client, "taper", start_date="9999-12-01")
    assert response.status_code == 422 and "start date" in response.content.decode()


def test_more_than_24_doses_a_day_is_refused(client):
    client.force_login(UserFactory())
    html = _post(client, "mme", **{"med-0-times_per_day": "100"}).content.decode()
    assert "at most 24 doses a day" in html
