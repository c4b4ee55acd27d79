"""A medication row's texts are saved as typed, never cut (probe 1213): a frequency was cut to
40 characters before it was stored ("1 co aux 4 h au besoin, max 6 co par jour" is 41, and the
cut could drop or change its maximum), and the form refused ordinary French frequencies over
40. The frequency now holds 100 characters; a drug, formulation, unit or frequency over its
limit is refused, naming the row and the field, and the form comes back as typed."""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from echohub.cases import services
from echohub.cases.models import Case, CaseMedication
from echohub.cases.queries import mme_input
from echohub.core.errors import DomainError
from tests.cases.test_case_views import form_data

pytestmark = pytest.mark.django_db

#: Ordinary French frequencies of 41 to 100 characters (synthetic).
FRENCH = [
    "1 co aux 4 h au besoin, max 6 co par jour",
    "1 à 2 comprimés aux 6 heures au besoin si douleur, maximum 8 comprimés par jour",
    "1 co le matin et 1 co au coucher; 1 co de plus au besoin à midi, max 3 co/jour «pas plus»",
]
assert all(41 <= len(f) <= 100 for f in FRENCH)
TOO_LONG = (
    "1 à 2 co aux 4 à 6 h au besoin si douleur, au plus 8 co par 24 h; "
    "revoir dans 2 sem. avec le md. svp."
)
assert len(TOO_LONG) == 101 and TOO_LONG.strip() == TOO_LONG


def edit_url(program, case):
    return f"/p/{program.slug}/cases/{case.pk}/edit/"


def _post_row(client, program, case, fields=None, **row):
    case.refresh_from_db()
    data = form_data(version=str(case.version), **{"med-TOTAL_FORMS": "1"}, **(fields or {}))
    data.update({f"med-0-{k}": v for k, v in row.items()})
    return client.post(edit_url(program, case), data)


def _saved_rows(case):
    return list(CaseMedication.objects.filter(case=case, follow_up__isnull=True))


@pytest.mark.parametrize("frequency", FRENCH)
def test_a_french_frequency_over_40_is_saved_whole_through_the_form(
    client, program, presenter, draft, frequency
):
    client.force_login(presenter)
    response = _post_row(client, program, draft, frequency=frequency, times_per_day="")
    assert response.status_code == 302, response.content.decode()[:2000]
    (row,) = _saved_rows(draft)
    assert row.frequency == frequency
    # Read back as typed: on the form, on the case page, and by the calculators.
    page = html.unescape(client.get(edit_url(program, draft)).content.decode())
    assert f'value="{frequency}"' in page
    detail = html.unescape(client.get(draft.get_absolute_url()).content.decode())
    assert frequency in detail
    (calc,) = mme_input(_saved_rows(draft))
    assert calc["frequency"] == frequency


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("frequency", TOO_LONG, "the frequency is too long (101 characters; at most 100)"),
        ("drug", "m" * 101, "the drug name is too long (101 characters; at most 100)"),
        (
            "formulation",
            "comprimé à libération prolongée, pelliculé",
            "the formulation is too long (42",
        ),
    ],
)
def test_over_the_limit_is_refused_by_the_form_naming_row_and_field_and_kept(
    client, program, presenter, draft, field, typed, words
):
    client.force_login(presenter)
    before = [(m.drug, m.formulation, m.frequency) for m in _saved_rows(draft)]
    version = Case.objects.get(pk=draft.pk).version
    row = {"drug": "oxycodone", "frequency": "aux 6 h", field: typed}
    response = _post_row(client, program, draft, {"title": "A title typed just now"}, **row)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert f"Medication row 1: {words}" in page
    assert "Shorten it." in page
    # Everything typed comes back: the long text itself and the rest of the form.
    assert f'value="{typed}"' in page
    assert 'value="A title typed just now"' in page
    assert 'value="oxycodone"' in page or field == "drug"
    # Nothing was saved, nothing was cut.
    assert Case.objects.get(pk=draft.pk).version == version
    assert [(m.drug, m.formulation, m.frequency) for m in _saved_rows(draft)] == before


def _api_row(**typed):
    return {"drug": "hydromorphone", "dose": 2, "unit": "mg", **typed}


@pytest.mark.parametrize("frequency", FRENCH)
def test_a_french_frequency_over_40_is_saved_whole_through_the_api(
    api_for, program, presenter, draft, frequency
):
    api = api_for(presenter)
    path = f"/programs/{program.slug}/cases/{draft.pk}"
    response = api.patch(
        path, {"version": draft.version, "medications": [_api_row(frequency=frequency)]}
    )
    assert response.status_code == 200, response.content
    (row,) = _saved_rows(draft)
    assert row.frequency == frequency
    (med,) = api.get(path).json()["medications"]
    assert med["frequency"] == frequency


@pytest.mark.parametrize(
    ("field", "typed", "limit"),
    [
        ("frequency", TOO_LONG, 100),
        ("drug", "m" * 101, 100),
        ("formulation", "f" * 41, 40),
        ("unit", "comprimés.x", 10),
    ],
)
def test_over_the_limit_is_refused_by_the_api_naming_row_and_field(
    api_for, program, presenter, draft, field, typed, limit
):
    api = api_for(presenter)
    path = f"/programs/{program.slug}/cases/{draft.pk}"
    before = [(m.drug, m.formulation, m.unit, m.frequency) for m in _saved_rows(draft)]
    rows = [_api_row(times_per_day="4"), _api_row(**{"frequency": "q6h", field: typed})]
    response = api.patch(path, {"version": draft.version, "medications": rows})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "too_long"
    assert body["field"] == f"medications[1].{field}"
    named = "drug name" if field == "drug" else field
    assert body["message"] == (
        f"Medication row 2: the {named} is too long ({len(typed)} characters; "
        f"at most {limit}). Shorten it."
    )
    assert [(m.drug, m.formulation, m.unit, m.frequency) for m in _saved_rows(draft)] == before


@pytest.mark.parametrize("field", ["frequency", "formulation", "drug", "unit"])
def test_the_service_refuses_rather_than_cuts(presenter, draft, field):
    """The CLI and any other caller of save_draft: a text over its column is refused."""
    limit = CaseMedication._meta.get_field(field).max_length
    row = {"drug": "morphine", "dose": "10", "unit": "mg", "times_per_day": "4"}
    row[field] = "x" * (limit + 1)
    with pytest.raises(DomainError) as refused:
        services.save_draft(actor=presenter, case=draft, data={}, medications=[row])
    assert refused.value.code == "too_long"
    assert refused.value.field == f"medications[0].{field}"
    row[field] = "y" * limit
    services.save_draft(actor=presenter, case=draft, data={}, medications=[row])
    assert getattr(_saved_rows(draft)[0], field) == "y" * limit


#: What a clinician may type: letters, accents, digits, punctuation, symbols and spaces inside
#: (outer spaces are not part of the text: every form field drops them).
_CHARS = st.characters(categories=["L", "M", "N", "P", "S", "Zs"])
TYPED = st.one_of(
    st.text(alphabet=_CHARS, min_size=1, max_size=100),
    st.text(alphabet=_CHARS, min_size=41, max_size=100),  # past the old limit, every time
).filter(lambda s: s.strip() == s)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(frequency=TYPED)
@example(frequency=FRENCH[0])
@example(frequency="x" * 100)
@example(frequency="« 1 co aux 4 h » ; 2 c. à thé ½ h avant — PRN ≤ 6/j")
def test_any_frequency_under_the_limit_is_saved_byte_for_byte(
    client, program, presenter, draft, frequency
):
    client.force_login(presenter)
    response = _post_row(client, program, draft, frequency=frequency, times_per_day="")
    assert response.status_code == 302, response.content.decode()[:2000]
    (row,) = _saved_rows(draft)
    assert row.frequency.encode() == frequency.encode()


def test_a_follow_up_through_the_api_keeps_or_refuses_the_frequency_never_cuts(
    api_for, program, presenter, draft
):
    from echohub.cases.models import CaseStatus, FollowUp

    Case.objects.filter(pk=draft.pk).update(status=CaseStatus.RECOMMENDATIONS_SENT)
    api = api_for(presenter)
    path = f"/programs/{program.slug}/cases/{draft.pk}/follow-ups"
    body = {"what_changed": "La douleur a diminué.", "scores": []}
    refused = api.post(path, {**body, "medications": [_api_row(frequency=TOO_LONG)]})
    assert refused.status_code == 400, refused.content
    assert refused.json()["field"] == "medications[0].frequency"
    assert not FollowUp.objects.filter(case=draft).exists()
    saved = api.post(path, {**body, "medications": [_api_row(frequency=FRENCH[0])]})
    assert saved.status_code in (200, 201), saved.content
    (row,) = CaseMedication.objects.filter(case=draft, follow_up__isnull=False)
    assert row.frequency == FRENCH[0]


def test_the_mme_reads_the_whole_frequency_as_typed(presenter, draft):
    """Cut to 40 characters, "... max 6 co par jour" became "... max 6 co par jou": the
    calculator no longer recognised it and the row left the total without a word."""
    row = {"drug": "oxycodone", "dose": "5", "unit": "mg", "frequency": FRENCH[0]}
    case = services.save_draft(
        actor=presenter, case=draft, data={}, medications=[{**row, "as_needed": True}]
    )
    (saved,) = _saved_rows(case)
    assert saved.frequency == FRENCH[0]
    (calc,) = mme_input([saved])
    assert calc["frequency"] == FRENCH[0]
    # 5 mg oxycodone, at most 6 a day (the as-needed maximum), factor 1.5: 45 MME/day.
    assert Case.objects.get(pk=draft.pk).mme_total == 45


def test_a_row_with_a_frequency_but_no_drug_is_refused_not_dropped(
    client, program, presenter, draft
):
    """A row holding only a frequency was skipped as an empty line: what was typed vanished."""
    client.force_login(presenter)
    before = [(m.drug, m.frequency) for m in _saved_rows(draft)]
    response = _post_row(client, program, draft, drug="", dose="", frequency=FRENCH[1])
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Medication row 1: name the drug." in page
    assert f'value="{FRENCH[1]}"' in page
    assert [(m.drug, m.frequency) for m in _saved_rows(draft)] == before
