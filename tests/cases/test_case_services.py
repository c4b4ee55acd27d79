import datetime as dt

import pytest

from echohub.accounts.zones import zone_name
from echohub.cases import services
from echohub.cases.models import CaseStatus, PhiOverride
from echohub.core.errors import DomainError
from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from tests.cases.conftest import CLEAN
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_registered_people_present_cases(program):
    with pytest.raises(DomainError) as err:
        services.start_case(actor=UserFactory(), program=program)
    assert err.value.code == "permission_denied"


def test_draft_keeps_site_region_structured_rows_and_exact_scores(draft, presenter):
    assert draft.region == "North East" and draft.presenter_profession == "family_physician"
    assert [(m.drug, str(m.dose), m.unit) for m in draft.medications.all()] == [
        ("oxycodone", "10.000", "mg"),
        ("fentanyl", "25.000", "mcg/h"),
    ]
    peg = draft.scores.get()
    assert (peg.instrument, peg.total, peg.items) == ("peg", 7, [7, 6, 8])


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ([{"drug": "oxycodone", "dose": "ten", "unit": "mg"}], "invalid_number"),
        ([{"drug": "oxycodone", "dose": "-5", "unit": "mg"}], "invalid_number"),
        ([{"drug": "oxycodone", "dose": "1e9", "unit": "mg"}], "invalid_number"),
        ([{"drug": "", "dose": "5", "unit": "mg"}], "invalid_medication"),
        ([{"drug": "oxycodone", "dose": "5", "unit": ""}], "invalid_medication"),
    ],
)
def test_impossible_medication_rows_are_refused_and_nothing_is_half_saved(
    draft, presenter, rows, code
):
    before = draft.version
    with pytest.raises(DomainError) as err:
        services.save_draft(
            actor=presenter, case=draft, data={"title": "Changed"}, medications=rows
        )
    assert err.value.code == code
    draft.refresh_from_db()
    assert (
        draft.version == before and draft.title == CLEAN["title"] and draft.medications.count() == 2
    )


def test_scores_out_of_range_are_refused(draft, presenter):
    with pytest.raises(DomainError) as err:
        services.save_draft(
            actor=presenter,
            case=draft,
            data={},
            scores=[{"instrument": "phq9", "items": [3] * 9 + [4]}],
        )
    assert err.value.code == "invalid_score"


def test_a_stale_autosave_is_refused(draft, presenter):
    stale = draft.version - 1
    with pytest.raises(DomainError) as err:
        services.save_draft(actor=presenter, case=draft, data={"title": "Other tab"}, version=stale)
    assert err.value.code == "stale_draft"


def test_someone_else_cannot_edit(draft, program, make_member):
    with pytest.raises(DomainError):
        services.save_draft(
            actor=make_member(program, Role.COORDINATOR), case=draft, data={"title": "x"}
        )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"questions": ""}, "incomplete"),
        ({"age_band": ""}, "incomplete"),
        ({"attest_deidentified": False}, "attestation_required"),
        ({"patient_agreed": False}, "consent_required"),
    ],
)
def test_incomplete_cases_cannot_be_submitted(draft, presenter, change, code):
    services.save_draft(actor=presenter, case=draft, data=change)
    with pytest.raises(DomainError) as err:
        services.submit_case(actor=presenter, case=draft)
    assert err.value.code == code
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT


def test_submission_with_a_health_number_is_refused_until_fixed(draft, presenter):
    services.save_draft(
        actor=presenter,
        case=draft,
        data={"social_context": "Lives alone. OHIP 9876543217 AB on file."},
    )
    with pytest.raises(services.PhiFound) as err:
        services.submit_case(actor=presenter, case=draft)
    kinds = {(f.field, f.kind) for f in err.value.findings}
    assert ("social_context", "HEALTH_NUMBER") in kinds
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT and "OHIP" in draft.social_context  # nothing lost
    services.save_draft(actor=presenter, case=draft, data={"social_context": "Lives alone."})
    assert services.submit_case(actor=presenter, case=draft).status == CaseStatus.SUBMITTED


def test_override_needs_a_reason_is_audited_without_the_text(draft, presenter):
    services.save_draft(
        actor=presenter, case=draft, data={"social_context": "Her daughter Mary Smith drives her."}
    )
    with pytest.raises(services.PhiFound) as err:
        services.submit_case(actor=presenter, case=draft)
    finding = next(f for f in err.value.findings if f.kind == "NAME")
    with pytest.raises(DomainError):
        services.override_finding(
            actor=presenter,
            case=draft,
            field=finding.field,
            kind=finding.kind,
            text_hash=finding.text_hash,
            reason="",
        )
    for f in err.value.findings:
        services.override_finding(
            actor=presenter,
            case=draft,
            field=f.field,
            kind=f.kind,
            text_hash=f.text_hash,
            reason="Fictional name used in teaching",
        )
    assert services.submit_case(actor=presenter, case=draft).status == CaseStatus.SUBMITTED
    assert PhiOverride.objects.filter(case=draft).count() == len(err.value.findings)
    logged = str(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert "Mary" not in logged and "Smith" not in logged
    assert "Fictional name" not in logged  # the reason's hash is audited, not its words


def test_a_reason_that_itself_names_someone_is_refused(draft, presenter):
    services.save_draft(
        actor=presenter, case=draft, data={"social_context": "Her daughter Mary Smith drives her."}
    )
    with pytest.raises(services.PhiFound) as err:
        services.submit_case(actor=presenter, case=draft)
    finding = next(f for f in err.value.findings if f.kind == "NAME")
    with pytest.raises(DomainError) as refused:
        services.override_finding(
            actor=presenter,
            case=draft,
            field=finding.field,
            kind=finding.kind,
            text_hash=finding.text_hash,
            reason="It is Mary Smith, her daughter, born 1961-03-04",
        )
    assert refused.value.code == "reason_identifying" and refused.value.field == "reason"
    assert not PhiOverride.objects.filter(case=draft).exists()


def test_full_workflow_to_closed(
    draft,
    presenter,
    program,
    make_member,
    upcoming_session,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    coordinator = make_member(program, Role.COORDINATOR)
    pharmacist = make_member(program, Role.EXPERT)
    psychologist = make_member(program, Role.EXPERT)
    services.submit_case(actor=presenter, case=draft)
    with pytest.raises(DomainError) as err:
        services.review_case(actor=coordinator, case=draft, approve=False, comments="")
    assert err.value.code == "comments_required"
    with django_capture_on_commit_callbacks(execute=True):
        services.review_case(actor=coordinator, case=draft, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        case = services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    assert case.number.startswith("CP-") and case.agenda_item.title.startswith(
        f"Case {case.number}"
    )
    # The presenter is told which session, when (in their time zone), and where to join.
    (told,) = [m for m in mailoutbox if "is scheduled" in m.subject]
    assert told.to == [presenter.email] and case.number in told.subject
    # the zone in words, not its database key
    assert upcoming_session.title in told.body
    assert zone_name(presenter.time_zone, "en") in told.body
    assert presenter.time_zone not in told.body
    assert upcoming_session.get_absolute_url() in told.body
    pharm = services.save_recommendation(
        actor=pharmacist, case=case, discipline="pharmacy", text="Taper oxycodone by 10% per month."
    )
    services.save_recommendation(
        actor=psychologist, case=case, discipline="psychology", text="Offer CBT for pain."
    )
    with pytest.raises(DomainError) as err:  # a second pharmacist working on an old copy
        services.save_recommendation(
            actor=coordinator,
            case=case,
            discipline="pharmacy",
            text="Other text",
            version=pharm.version - 1 if pharm.version > 1 else 0,
        )
    assert err.value.code == "stale_recommendation"
    with django_capture_on_commit_callbacks(execute=True):
        services.send_recommendations(
            actor=coordinator, case=case, summary="A slow taper with CBT."
        )
    sent = [m for m in mailoutbox if "Recommendations for case" in m.subject]
    assert sent and "Taper oxycodone" in sent[0].body and "Offer CBT" in sent[0].body
    services.acknowledge(actor=presenter, case=case)
    services.add_follow_up(
        actor=presenter,
        case=case,
        what_changed="Down to 30 mg a day, walking more.",
        medications=[{"drug": "oxycodone", "dose": "7.5", "unit": "mg", "times_per_day": "4"}],
        scores=[{"instrument": "peg", "items": [5, 5, 6]}],
    )
    closed = services.close_case(
        actor=presenter, case=case, advice_followed="all", plan_changed=True, referral_avoided=True
    )
    assert closed.status == CaseStatus.CLOSED
    actions = list(
        AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    for a in [
        "case.submitted",
        "case.approved",
        "case.scheduled",
        "case.recommendations_sent",
        "case.acknowledged",
        "case.followed_up",
        "case.closed",
    ]:
        assert a in actions


def test_scheduling_into_a_full_or_past_session_is_refused(
    draft, presenter, program, make_member, upcoming_session
):
    from tests.factories import SessionFactory

    coordinator = make_member(program, Role.COORDINATOR)
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    full = SessionFactory(program=program)
    with pytest.raises(DomainError) as err:
        services.schedule_case(actor=coordinator, case=draft, session=full)
    assert err.value.code == "session_full"
    import datetime as dt

    from django.utils import timezone

    past = SessionFactory(
        program=program,
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=1),
    )
    with pytest.raises(DomainError) as err:
        services.schedule_case(actor=coordinator, case=draft, session=past)
    assert err.value.code == "session_unavailable"


def test_a_filled_slot_no_longer_invites_a_submission_and_a_freed_one_does_not_name_anyone(
    draft, presenter, program, make_member, upcoming_session
):
    from echohub.scheduling.models import AgendaItem

    coordinator = make_member(program, Role.COORDINATOR)
    slot = upcoming_session.agenda_items.get(kind="case")
    slot.notes = "Submit a de-identified case to take this slot."
    slot.save()
    services.submit_case(actor=presenter, case=draft)
    services.review_case(actor=coordinator, case=draft, approve=True)
    services.schedule_case(actor=coordinator, case=draft, session=upcoming_session)
    slot.refresh_from_db()
    assert slot.notes == "" and slot.presenter == presenter
    later = SessionFactory(
        program=program,
        starts_at=upcoming_session.starts_at + dt.timedelta(days=7),
        ends_at=upcoming_session.ends_at + dt.timedelta(days=7),
    )
    AgendaItem.objects.create(session=later, kind="case", title="Open", position=1)
    services.schedule_case(actor=coordinator, case=draft, session=later)
    slot.refresh_from_db()
    assert slot.presenter is None and "open slot" in slot.title
