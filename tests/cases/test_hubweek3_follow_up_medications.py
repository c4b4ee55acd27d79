"""A spoke presenting a follow-up gives today's medications on the case page (only the API
took them): the form's rows start from the medications as last given, a row left as it was
still counts, the hub then sees each follow-up's medications with their MME/day and the
trajectory's MME, and a refused follow-up comes back with its medication rows as typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from echohub.cases import services
from echohub.cases.models import Case, CaseMedication, FollowUp
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(program: Any, presenter: Any, draft: Case, upcoming_session: Any, make_member: Any):
    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    services.save_recommendation(
        actor=coordinator, case=draft, discipline="pharmacy", text="Reduce by 10% a month."
    )
    services.send_recommendations(actor=coordinator, case=draft, summary="Slow taper.")
    draft.refresh_from_db()
    draft.coordinator = coordinator  # type: ignore[attr-defined]
    return draft


def _post(client: Any, case: Case, rows: list[dict[str, str]], text: str = "Slower taper.") -> Any:
    data = {
        "what_changed": text,
        "med-TOTAL_FORMS": str(len(rows)),
        "med-INITIAL_FORMS": "0",
        "score-TOTAL_FORMS": "0",
        "score-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(rows):
        data.update({f"med-{i}-{k}": v for k, v in row.items()})
    return client.post(f"/p/{case.program.slug}/cases/{case.pk}/follow_up/", data)


def test_follow_up_form_offers_the_medications_as_last_given(client, presenter, sent):
    client.force_login(presenter)
    page = client.get(sent.get_absolute_url()).content.decode()
    form = page[page.index("/follow_up/") :]
    form = form[: form.index("</form>")]
    # the presented rows (oxycodone, fentanyl) and one empty row to add one
    assert 'name="med-TOTAL_FORMS" value="3"' in form
    assert 'name="med-0-drug" value="oxycodone"' in form
    assert 'name="med-1-drug" value="fentanyl"' in form
    assert 'name="med-2-drug"' in form and 'name="med-2-drug" value=' not in form
    assert 'id="prn-rule"' in page  # the rows' aria-describedby names an element of the page


def test_follow_up_with_medications_shows_its_mme_to_the_hub(client, presenter, sent):
    client.force_login(presenter)
    response = _post(
        client,
        sent,
        [
            {"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "3"},
            {"drug": "fentanyl", "formulation": "transdermal", "dose": "25", "unit": "mcg/h"},
        ],
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(case=sent)
    assert CaseMedication.objects.filter(follow_up=follow_up).count() == 2
    assert follow_up.mme_total is not None and follow_up.mme_total > Decimal("45")
    # the next follow-up's form starts from these rows
    client.force_login(presenter)
    form = client.get(sent.get_absolute_url()).content.decode()
    assert 'name="med-0-times_per_day" value="3"' in form
    client.force_login(sent.coordinator)
    page = client.get(sent.get_absolute_url()).content.decode()
    section = page[page.index("Follow-up of") :]
    assert "Medications at this follow-up" in section
    assert "oxycodone" in section and "MME/day" in section


def test_follow_up_unchanged_rows_still_count(client, presenter, sent):
    """Posting the rows exactly as the form offered them keeps them (a formset drops an
    unchanged row that has initial values)."""
    client.force_login(presenter)
    assert (
        _post(
            client,
            sent,
            [
                {"drug": "oxycodone", "dose": "10", "unit": "mg", "times_per_day": "4"},
                {"drug": "fentanyl", "formulation": "transdermal", "dose": "25", "unit": "mcg/h"},
            ],
        ).status_code
        == 302
    )
    assert CaseMedication.objects.filter(follow_up__case=sent).count() == 2


def test_refused_follow_up_keeps_its_medication_rows(client, presenter, sent):
    client.force_login(presenter)
    response = _post(
        client,
        sent,
        [{"drug": "hydromorphone", "dose": "2", "unit": "mg", "times_per_day": "abc"}],
        text="",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="med-0-drug" value="hydromorphone"' in page
    assert not FollowUp.objects.filter(case=sent).exists()
