"""A submission that lacks several things says all of them at once, each at its field, so the
presenter fixes everything in one round (a walk found one error per press of "Check and
submit": three required fields empty took three round trips). The draft is kept."""

from __future__ import annotations

import pytest

from echohub.cases import services
from echohub.cases.models import CaseStatus
from tests.cases.test_case_views import form_data

pytestmark = pytest.mark.django_db


def test_every_missing_field_is_named_in_one_submission(client, program, presenter, draft):
    client.force_login(presenter)
    response = client.post(
        f"/p/{program.slug}/cases/{draft.pk}/edit/",
        form_data(
            action="submit",
            version=str(draft.version),
            questions="",
            age_band="",
            attest_deidentified="",
            patient_agreed="",
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert {"questions", "age_band", "attest_deidentified", "patient_agreed"} <= set(form.errors)
    page = response.content.decode()
    assert "Confirm that the case is de-identified." in page
    assert "Record that the patient agreed to the presentation." in page
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT


def test_the_service_keeps_the_first_problem_as_its_code(presenter, draft):
    draft.attest_deidentified = False
    draft.patient_agreed = False
    draft.save()
    with pytest.raises(services.IncompleteCase) as caught:
        services.submit_case(actor=presenter, case=draft)
    assert caught.value.code == "attestation_required"
    assert [p.code for p in caught.value.problems] == ["attestation_required", "consent_required"]
