"""A program's own case form: the configuration page (who may use it, bad input, reset) and
what honours it (the case form, submission, the identifier check, the case page, the letter,
the evaluators' summary and the API). Nothing a case already holds is ever lost."""

import pytest

from echohub.cases import formconfig, services
from echohub.cases.models import Case, CaseFormConfig, CaseStatus
from echohub.cases.queries import case_summary
from echohub.core.errors import DomainError, PermissionDenied
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from tests.cases.test_case_views import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FAMILY = {"name": "family_doctor", "label": "Does the patient have a family doctor?"}


def _config(coordinator, program, fields=None, sections=None, questions=None):
    return services.save_form_config(
        actor=coordinator,
        program=program,
        fields=fields or {},
        sections=sections or {},
        questions=questions or [],
    )


@pytest.fixture
def coordinator(program, make_member):
    return make_member(program, Role.COORDINATOR)


@pytest.fixture
def custom(coordinator, program):
    """Social context hidden, patient goals required and relabelled, scores hidden, and two
    questions of the program's own (one free text and required, one choice)."""
    return _config(
        coordinator,
        program,
        fields={
            "social_context": {"shown": False, "required": False},
            "patient_goals": {
                "shown": True,
                "required": True,
                "label": "What matters most to the patient",
                "help": "In their words.",
            },
        },
        sections={"scores": False},
        questions=[
            {**FAMILY, "kind": "choice", "choices": ["Yes", "No", "Unsure"]},
            {"name": "housing", "label": "Housing situation", "kind": "text", "required": True},
        ],
    )


# --- The default ---------------------------------------------------------------------------------


def test_default_is_the_chronic_pain_template(program):
    config = formconfig.config_of(program)
    assert config.is_default and config.questions == ()
    assert config.required() == ["title", "age_band", "sex_gender", "questions"]
    assert all(config.shown(n) for n in formconfig.CONFIGURABLE)
    assert config.sections == {"medications": True, "scores": True}


# --- The configuration page ----------------------------------------------------------------------


def _page_data(**overrides):
    data = {}
    for name in formconfig.CONFIGURABLE:
        data[f"{name}-shown"] = "on"
        if name in formconfig.DEFAULT_REQUIRED:
            data[f"{name}-required"] = "on"
    data.update({"section-medications": "on", "section-scores": "on"})
    data.update({"q-TOTAL_FORMS": "2", "q-INITIAL_FORMS": "0", "q-MIN_NUM_FORMS": "0"})
    data["q-MAX_NUM_FORMS"] = "20"
    data.update({"q-0-kind": "text", "q-1-kind": "text"})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_coordinator_configures_the_form_on_its_page(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    url = f"/p/{program.slug}/cases/form/"
    page = client.get(url).content.decode()
    assert "chronic pain template as shipped" in page and 'name="social_context-shown"' in page
    response = client.post(
        url,
        _page_data(
            **{
                "social_context-shown": None,
                "pain_type-label": "Kind of pain",
                "q-0-name": "family_doctor",
                "q-0-label": FAMILY["label"],
                "q-0-kind": "choice",
                "q-0-choices": "Yes\nNo\n\nYes",
                "q-0-required": "on",
            }
        ),
    )
    assert response.status_code == 302
    config = formconfig.config_of(program)
    assert not config.is_default and not config.shown("social_context")
    assert config.label("pain_type") == "Kind of pain"
    assert config.questions[0].choices == ("Yes", "No") and config.questions[0].required
    assert AuditEntry.objects.filter(action="cases.form_configured").count() == 1
    page = client.get(url).content.decode()
    assert "its own version of the case form" in page and "Reset to the chronic pain" in page


def test_program_admin_may_configure_expert_gets_403_outsider_404(as_role, program):
    url = f"/p/{program.slug}/cases/form/"
    assert as_role(program, Role.PROGRAM_ADMIN).get(url).status_code == 200
    assert as_role(program, Role.EXPERT).get(url).status_code == 403
    assert as_role(program, Role.EXPERT).post(url, _page_data()).status_code == 403
    assert as_role(program, Role.PARTICIPANT).get(url).status_code == 403
    assert as_role(program, None).get(url).status_code == 404
    assert as_role(program, None).post(f"{url}reset/").status_code == 404
    assert not CaseFormConfig.objects.exists()


def test_service_refuses_a_member_without_cases_review(program, make_member):
    with pytest.raises(PermissionDenied):
        _config(make_member(program, Role.EXPERT), program)
    with pytest.raises(PermissionDenied):
        services.reset_form_config(actor=make_member(program, Role.PARTICIPANT), program=program)


def test_a_required_hidden_field_is_refused_and_the_page_keeps_what_was_typed(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        f"/p/{program.slug}/cases/form/",
        _page_data(**{"age_band-shown": None, "pain_type-label": "Kind of pain"}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "is required but hidden" in page and 'value="Kind of pain"' in page
    assert not CaseFormConfig.objects.exists()


@pytest.mark.parametrize(
    ("questions", "code"),
    [
        ([{**FAMILY}, {**FAMILY, "label": "Again"}], "duplicate_question"),
        ([{"name": "title", "label": "Clashes with a case field"}], "duplicate_question"),
        ([{**FAMILY, "kind": "choice", "choices": []}], "choices_required"),
        ([{**FAMILY, "kind": "choice", "choices": ["Only one", " "]}], "choices_required"),
        ([{"name": "Bad Name!", "label": "x"}], "invalid_question_name"),
        ([{"name": "ok", "label": ""}], "question_label_required"),
        ([{"name": "ok", "label": "x", "kind": "date"}], "invalid_question_kind"),
    ],
)
def test_bad_questions_are_refused(coordinator, program, questions, code):
    with pytest.raises(DomainError) as err:
        _config(coordinator, program, questions=questions)
    assert err.value.code == code
    assert not CaseFormConfig.objects.exists()


def test_unknown_or_locked_fields_cannot_be_configured(coordinator, program):
    for name in ("questions", "attest_deidentified", "nonsense"):
        with pytest.raises(DomainError) as err:
            _config(coordinator, program, fields={name: {"shown": False}})
        assert err.value.code == "invalid_field"


def test_duplicate_question_names_on_the_page_are_shown_at_the_question(as_role, program):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        f"/p/{program.slug}/cases/form/",
        _page_data(
            **{
                "q-0-name": "housing",
                "q-0-label": "Housing",
                "q-1-name": "housing",
                "q-1-label": "Housing again",
            }
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400 and "already named" in page
    assert 'value="Housing again"' in page


def test_reset_goes_back_to_the_template_and_keeps_answers(
    as_role, program, custom, presenter, draft
):
    services.save_draft(
        actor=presenter, case=draft, data={"extra": {"housing": "Lives with a partner"}}
    )
    client = as_role(program, Role.COORDINATOR)
    response = client.post(f"/p/{program.slug}/cases/form/reset/")
    assert response.status_code == 302
    assert formconfig.config_of(program).is_default
    assert Case.objects.get(pk=draft.pk).extra["housing"]["value"] == "Lives with a partner"
    assert AuditEntry.objects.filter(action="cases.form_reset").exists()


# --- The case form honours it --------------------------------------------------------------------


def test_case_form_shows_the_programs_fields_labels_and_questions(
    client, program, presenter, custom
):
    case = services.start_case(actor=presenter, program=program)
    client.force_login(presenter)
    page = client.get(f"/p/{program.slug}/cases/{case.pk}/edit/").content.decode()
    assert 'name="social_context"' not in page  # hidden, and this case holds nothing in it
    assert "What matters most to the patient *" in page and "In their words." in page
    assert 'name="extra_family_doctor"' in page and "Unsure" in page
    assert "Housing situation *" in page
    assert 'name="score-TOTAL_FORMS"' not in page  # the scores section is hidden
    assert 'name="med-TOTAL_FORMS"' in page


def test_hidden_field_with_text_is_kept_shown_and_scanned(
    client, coordinator, program, presenter, draft
):
    services.save_draft(
        actor=presenter, case=draft, data={"social_context": "Lives alone; Mrs. Tremblay helps."}
    )
    _config(coordinator, program, fields={"social_context": {"shown": False}})
    client.force_login(presenter)
    url = f"/p/{program.slug}/cases/{draft.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'name="social_context"' in page and "no longer asks this" in page
    # Saving the form without touching it keeps the text.
    data = form_data(version=str(Case.objects.get(pk=draft.pk).version))
    data["social_context"] = "Lives alone; Mrs. Tremblay helps."
    client.post(url, data)
    assert "Tremblay" in Case.objects.get(pk=draft.pk).social_context
    # The identifier check still covers it.
    with pytest.raises(services.PhiFound) as err:
        services.submit_case(actor=presenter, case=draft)
    assert {f.field for f in err.value.findings} == {"social_context"}


def test_api_save_keeps_hidden_fields_it_does_not_send(program, presenter, draft, custom):
    services.save_draft(actor=presenter, case=draft, data={"title": "New title"})
    case = Case.objects.get(pk=draft.pk)
    assert case.working_diagnoses and case.pain_locations  # untouched


def test_submission_follows_the_programs_required_fields(program, presenter, draft, custom):
    with pytest.raises(DomainError) as err:
        services.submit_case(actor=presenter, case=draft)
    assert err.value.code == "incomplete" and err.value.field == "patient_goals"
    assert "What matters most to the patient" in err.value.message
    services.save_draft(actor=presenter, case=draft, data={"patient_goals": "Walk the dog."})
    with pytest.raises(DomainError) as err:
        services.submit_case(actor=presenter, case=draft)
    assert err.value.field == "extra_housing" and "Housing situation" in err.value.message
    services.save_draft(
        actor=presenter, case=draft, data={"extra": {"housing": "Stable, with a partner."}}
    )
    assert services.submit_case(actor=presenter, case=draft).status == CaseStatus.SUBMITTED


def test_a_field_made_optional_is_not_required(coordinator, program, presenter, draft):
    _config(coordinator, program, fields={"sex_gender": {"shown": False, "required": False}})
    services.save_draft(actor=presenter, case=draft, data={"sex_gender": ""})
    assert services.submit_case(actor=presenter, case=draft).status == CaseStatus.SUBMITTED


def test_attestation_and_agreement_cannot_be_switched_off(coordinator, program, presenter, draft):
    _config(
        coordinator,
        program,
        fields={n: {"shown": False, "required": False} for n in formconfig.CONFIGURABLE},
    )
    services.save_draft(actor=presenter, case=draft, data={"attest_deidentified": False})
    with pytest.raises(DomainError) as err:
        services.submit_case(actor=presenter, case=draft)
    assert err.value.code == "attestation_required"


def test_extra_free_text_is_scanned_and_can_be_overridden(program, presenter, draft, custom):
    services.save_draft(
        actor=presenter,
        case=draft,
        data={
            "patient_goals": "Walk again.",
            "extra": {"housing": "Shelter on 123 Main Street, call 705-555-0123"},
        },
    )
    with pytest.raises(services.PhiFound) as err:
        services.submit_case(actor=presenter, case=draft)
    fields = {f.field for f in err.value.findings}
    assert fields == {"extra_housing"}
    for f in err.value.findings:
        services.override_finding(
            actor=presenter,
            case=draft,
            field=f.field,
            kind=f.kind,
            text_hash=f.key.split(":", 2)[2],
            reason="Made-up example text for the test.",
        )
    assert services.submit_case(actor=presenter, case=draft).status == CaseStatus.SUBMITTED


def test_identifying_extra_answer_is_highlighted_in_the_form(client, program, presenter, custom):
    case = services.start_case(actor=presenter, program=program)
    client.force_login(presenter)
    data = form_data(
        version=str(case.version),
        action="submit",
        patient_goals="Walk again.",
        extra_housing="Shelter on 123 Main Street, call 705-555-0123",
        extra_family_doctor="Yes",
    )
    response = client.post(f"/p/{program.slug}/cases/{case.pk}/edit/", data)
    page = response.content.decode()
    assert response.status_code == 400 and 'class="phi"' in page and "Housing situation" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT
    assert case.extra["housing"]["value"].startswith("Shelter on 123 Main Street")
    assert case.extra["family_doctor"] == {
        "label": FAMILY["label"],
        "kind": "choice",
        "value": "Yes",
    }


def test_choice_answers_must_be_offered_and_unknown_questions_refused(
    program, presenter, draft, custom
):
    with pytest.raises(DomainError) as err:
        services.save_draft(actor=presenter, case=draft, data={"extra": {"family_doctor": "Mb"}})
    assert err.value.code == "invalid_choice" and err.value.field == "extra_family_doctor"
    with pytest.raises(DomainError) as err:
        services.save_draft(actor=presenter, case=draft, data={"extra": {"pets": "A cat"}})
    assert err.value.code == "invalid_question"
    assert Case.objects.get(pk=draft.pk).extra == {}


def test_answers_to_a_removed_question_are_kept_shown_and_still_scanned(
    client, coordinator, program, presenter, draft, custom
):
    services.save_draft(
        actor=presenter, case=draft, data={"extra": {"housing": "Lives with a partner."}}
    )
    _config(coordinator, program)  # the questions are gone
    assert Case.objects.get(pk=draft.pk).extra["housing"]["value"] == "Lives with a partner."
    client.force_login(presenter)
    page = client.get(f"/p/{program.slug}/cases/{draft.pk}/edit/").content.decode()
    assert 'name="extra_housing"' in page and "your answer is kept" in page
    services.save_draft(
        actor=presenter, case=draft, data={"extra": {"housing": "Call 705-555-0123."}}
    )
    with pytest.raises(services.PhiFound):
        services.submit_case(actor=presenter, case=draft)


def test_case_page_and_letter_show_the_answers_under_the_programs_labels(
    as_role, program, presenter, draft, custom
):
    services.save_draft(
        actor=presenter,
        case=draft,
        data={
            "patient_goals": "Walk the dog.",
            "extra": {"housing": "Stable.", "family_doctor": "No"},
        },
    )
    services.submit_case(actor=presenter, case=draft)
    page = as_role(program, Role.COORDINATOR).get(f"/p/{program.slug}/cases/{draft.pk}/")
    html = page.content.decode()
    assert "What matters most to the patient" in html and "Walk the dog." in html
    assert "Housing situation" in html and "Stable." in html and FAMILY["label"] in html


def test_summary_counts_choice_answers_never_free_text(coordinator, program, presenter, custom):
    for i in range(6):  # six presenters: the small-cell rule counts people, not cases
        Case.objects.create(
            program=program,
            presenter=UserFactory(),
            status=CaseStatus.SUBMITTED,
            title=f"c{i}",
            extra={
                "family_doctor": {"label": "x", "kind": "choice", "value": "Yes"},
                "housing": {"label": "Housing", "kind": "text", "value": "Secret housing text"},
            },
        )
    summary = case_summary(program)
    (question,) = summary["questions"]
    assert question["label"] == FAMILY["label"]
    assert question["rows"] == [
        {"label": "Yes", "n": 6},
        {"label": "No", "n": None},
        {"label": "Unsure", "n": None},
    ]
    assert "Secret housing text" not in str(summary)


# --- The API -------------------------------------------------------------------------------------


def test_api_reads_the_form_and_saves_and_returns_answers(
    api_for, program, presenter, draft, custom
):
    api = api_for(presenter)
    form = api.get(f"/programs/{program.slug}/cases/form").json()
    assert form["is_default"] is False
    assert [q["name"] for q in form["questions"]] == ["family_doctor", "housing"]
    social = next(f for f in form["fields"] if f["name"] == "social_context")
    assert social["shown"] is False and social["default_label"] == "social context"
    saved = api.patch(
        f"/programs/{program.slug}/cases/{draft.pk}",
        {"version": draft.version, "extra": {"family_doctor": "Yes", "housing": "Stable."}},
    )
    assert saved.status_code == 200, saved.content
    detail = api.get(f"/programs/{program.slug}/cases/{draft.pk}").json()
    assert detail["extra"]["housing"] == {
        "label": "Housing situation",
        "kind": "text",
        "value": "Stable.",
    }
    bad = api.patch(
        f"/programs/{program.slug}/cases/{draft.pk}",
        {"version": draft.version + 1, "extra": {"family_doctor": "Perhaps"}},
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_choice"
    refused = api.post(f"/programs/{program.slug}/cases/{draft.pk}/submit")
    assert refused.status_code == 400 and refused.json()["field"] == "patient_goals"
    outsider = api_for(UserFactory())
    assert outsider.get(f"/programs/{program.slug}/cases/form").status_code == 404


def test_an_answer_no_longer_offered_is_kept_and_stays_scanned(
    client, coordinator, program, presenter, draft
):
    _config(coordinator, program, questions=[{"name": "housing", "label": "Housing"}])
    services.save_draft(
        actor=presenter, case=draft, data={"extra": {"housing": "Call 705-555-0123."}}
    )
    _config(
        coordinator,
        program,
        questions=[
            {"name": "housing", "label": "Housing", "kind": "choice", "choices": ["A", "B"]}
        ],
    )
    client.force_login(presenter)
    url = f"/p/{program.slug}/cases/{draft.pk}/edit/"
    assert "(no longer offered)" in client.get(url).content.decode()
    data = form_data(version=str(Case.objects.get(pk=draft.pk).version))
    data["extra_housing"] = "Call 705-555-0123."
    assert client.post(url, data).status_code == 302
    answer = Case.objects.get(pk=draft.pk).extra["housing"]
    assert answer["value"] == "Call 705-555-0123." and answer["kind"] == "text"
    with pytest.raises(services.PhiFound):
        services.submit_case(actor=presenter, case=draft)
