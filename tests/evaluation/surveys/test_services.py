"""Survey services: templates, builder rules, open/close/delete, distribution, answering."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone, translation

from echohub.attendance.models import Attendance
from echohub.core.models import AuditEntry
from echohub.evaluation import services, shipped
from echohub.evaluation.models import Answer, Question, Response, Survey, SurveyInvitation
from echohub.programs.models import Role
from tests.evaluation.surveys.conftest import good_answers
from tests.factories import MembershipFactory, SessionFactory, UserFactory


@pytest.mark.parametrize("key", [t["key"] for t in shipped.TEMPLATES])
def test_adopting_a_template_makes_an_editable_bilingual_copy(program, coordinator, key):
    survey = services.create_survey(actor=coordinator, program=program, template_key=key)
    assert survey.status == "draft" and survey.template_key == key
    questions = list(survey.questions.all())
    assert questions and all(q.text_fr for q in questions)
    assert all(o["label_fr"] for q in questions for o in q.options)
    services.save_question(
        actor=coordinator,
        survey=survey,
        question=questions[0],
        data={**{f: getattr(questions[0], f) for f in services.QUESTION_FIELDS}, "text": "Mine"},
    )
    assert Question.objects.get(pk=questions[0].pk).text == "Mine"
    assert AuditEntry.objects.filter(action="survey.created", program=program).exists()


def test_pre_and_post_cycle_templates_pair_by_code(program, coordinator):
    pre = services.create_survey(
        actor=coordinator, program=program, template_key="pre_cycle_self_efficacy"
    )
    post = services.create_survey(
        actor=coordinator, program=program, template_key="post_cycle_self_efficacy"
    )
    codes = lambda s: sorted(s.questions.values_list("code", flat=True))  # noqa: E731
    assert codes(pre) == codes(post)
    matrix = post.questions.get(kind="matrix")
    assert len(matrix.rows) >= 5 and len(matrix.options) == 5
    services.update_survey(actor=coordinator, survey=post, data={"pre_survey": pre})
    assert Survey.objects.get(pk=post.pk).pre_survey == pre


def test_closeout_template_adapts_base_q1_to_q5(program, coordinator):
    survey = services.create_survey(actor=coordinator, program=program, template_key="closeout")
    kinds = list(survey.questions.values_list("kind", flat=True))
    assert kinds == ["single", "single", "likert", "likert", "text"]
    referral = survey.questions.get(code="referral")
    assert "avoided" in [o["value"] for o in referral.options]


def test_blank_survey_needs_a_title(program, coordinator):
    with pytest.raises(services.SurveyRefused) as err:
        services.create_survey(actor=coordinator, program=program, data={"title": " "})
    assert err.value.code == "title_required"


def test_empty_survey_cannot_be_opened(program, coordinator):
    survey = services.create_survey(actor=coordinator, program=program, data={"title": "Empty"})
    with pytest.raises(services.SurveyRefused) as err:
        services.open_survey(actor=coordinator, survey=survey)
    assert err.value.code == "empty_survey"
    assert Survey.objects.get(pk=survey.pk).status == "draft"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"kind": "single", "options": [{"value": "a", "label": "A"}]}, "too_few_options"),
        (
            {
                "kind": "likert",
                "options": [{"value": "x", "label": "A"}, {"value": "y", "label": "B"}],
            },
            "scale_not_numeric",
        ),
        (
            {
                "kind": "single",
                "options": [{"value": "a", "label": "A"}, {"value": "a", "label": "B"}],
            },
            "duplicate_option",
        ),
        (
            {
                "kind": "matrix",
                "options": [{"value": "1", "label": "A"}, {"value": "2", "label": "B"}],
            },
            "no_rows",
        ),
        ({"kind": "number", "min_value": Decimal(5), "max_value": Decimal(1)}, "bad_range"),
        ({"kind": "text", "code": "quality"}, "duplicate_code"),
        ({"kind": "bogus"}, "bad_kind"),
    ],
)
def test_bad_questions_are_refused(make_survey, coordinator, data, code):
    survey = make_survey(status="draft")
    with pytest.raises(services.SurveyRefused) as err:
        services.save_question(
            actor=coordinator, survey=survey, data={"code": "new", "text": "Q?", **data}
        )
    assert err.value.code == code


def test_reorder_questions_and_sections(make_survey, coordinator):
    survey = make_survey(status="draft")
    first, second = list(survey.questions.all())[:2]
    services.move_question(actor=coordinator, question=second, direction="up")
    assert list(survey.questions.values_list("code", flat=True))[:2] == [second.code, first.code]
    a = services.save_section(actor=coordinator, survey=survey, data={"title": "A"})
    b = services.save_section(actor=coordinator, survey=survey, data={"title": "B"})
    services.move_section(actor=coordinator, section=b, direction="up")
    assert list(survey.sections.values_list("title", flat=True)) == ["B", "A"]
    services.delete_section(actor=coordinator, section=a)
    assert survey.sections.count() == 1


def test_questions_are_locked_once_a_response_exists(make_survey, coordinator, participant, invite):
    survey = make_survey()
    inv, _ = invite(survey, participant)
    services.submit_response(actor=None, invitation=inv, data=good_answers())
    q = survey.questions.first()
    for call in (
        lambda: services.delete_question(actor=coordinator, question=q),
        lambda: services.move_question(actor=coordinator, question=q, direction="down"),
        lambda: services.save_question(
            actor=coordinator, survey=survey, data={"code": "x", "kind": "text", "text": "X"}
        ),
        lambda: services.save_section(actor=coordinator, survey=survey, data={"title": "S"}),
        lambda: services.update_survey(actor=coordinator, survey=survey, data={"anonymous": True}),
    ):
        with pytest.raises(services.SurveyRefused) as err:
            call()
        assert err.value.code == "has_responses"
    # The title stays editable; the survey cannot be deleted, only closed.
    services.update_survey(actor=coordinator, survey=survey, data={"title": "Renamed"})
    with pytest.raises(services.SurveyRefused) as err:
        services.delete_survey(actor=coordinator, survey=survey)
    assert err.value.code == "has_responses"
    services.close_survey(actor=coordinator, survey=survey)
    assert Survey.objects.get(pk=survey.pk).status == "closed"


def test_survey_without_responses_can_be_deleted(make_survey, coordinator, participant, invite):
    survey = make_survey()
    invite(survey, participant)
    services.delete_survey(actor=coordinator, survey=survey)
    assert not Survey.objects.filter(pk=survey.pk).exists()
    assert AuditEntry.objects.filter(action="survey.deleted").exists()


# --- distribution ----------------------------------------------------------------------------


def test_send_now_reaches_attendees_once(
    make_survey, coordinator, program, ended_session, mailoutbox, django_capture_on_commit_callbacks
):
    survey = make_survey()
    attendee = UserFactory(email="att@example.test")
    MembershipFactory(program=program, user=attendee)
    Attendance.objects.create(session=ended_session, user=attendee, minutes=80)
    other = UserFactory()
    MembershipFactory(program=program, user=other)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_for_session(actor=coordinator, survey=survey, session=ended_session)
        again = services.send_for_session(actor=coordinator, survey=survey, session=ended_session)
    assert (sent, again) == (1, 0)
    assert SurveyInvitation.objects.filter(survey=survey).count() == 1
    assert [m.to for m in mailoutbox] == [["att@example.test"]]
    token = mailoutbox[0].body.split("/s/")[1].split("/")[0]
    inv = SurveyInvitation.objects.get()
    assert inv.token_hash == services.hash_token(token) and token not in inv.token_hash


def test_send_without_attendance_goes_to_active_participants(
    make_survey, coordinator, program, participant, ended_session, mailoutbox
):
    survey = make_survey()
    left = UserFactory()
    MembershipFactory(program=program, user=left, is_active=False)
    MembershipFactory(program=program, user=UserFactory(), role=Role.EXPERT)
    assert services.send_for_session(actor=coordinator, survey=survey, session=ended_session) == 1
    assert SurveyInvitation.objects.get().user == participant


def test_sending_a_draft_or_before_the_session_ends_is_refused(make_survey, coordinator, program):
    upcoming = SessionFactory(program=program)
    survey = make_survey()
    with pytest.raises(services.SurveyRefused) as err:
        services.send_for_session(actor=coordinator, survey=survey, session=upcoming)
    assert err.value.code == "session_not_ended"
    draft = make_survey(status="draft", title="Draft")
    with pytest.raises(services.SurveyRefused) as err:
        services.send_to_participants(actor=coordinator, survey=draft)
    assert err.value.code == "not_open"


def test_cycle_survey_sent_to_participants_twice_invites_once(
    make_survey, coordinator, participant, mailoutbox, django_capture_on_commit_callbacks
):
    survey = make_survey(kind="pre_cycle")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_to_participants(actor=coordinator, survey=survey) == 1
        assert services.send_to_participants(actor=coordinator, survey=survey) == 0
    assert SurveyInvitation.objects.filter(survey=survey, session=None).count() == 1
    assert len(mailoutbox) == 1


def test_automatic_sending_after_sessions_is_idempotent(
    make_survey, program, participant, mailoutbox, django_capture_on_commit_callbacks
):
    start = timezone.now() + dt.timedelta(hours=1)
    make_survey(send_after_sessions=True)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    assert services.send_due_surveys() == 0  # not ended yet
    with (
        time_machine.travel(start + dt.timedelta(hours=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.send_due_surveys() == 1
        assert services.send_due_surveys() == 0
        call_command("send_reminders")
    inv = SurveyInvitation.objects.get()
    assert (inv.session, inv.user) == (session, participant)
    assert len(mailoutbox) == 1
    assert "/s/" in mailoutbox[0].body


def test_automatic_sending_skips_sessions_before_opening_and_cancelled(
    make_survey, program, participant, ended_session
):
    survey = make_survey(send_after_sessions=True)
    assert survey.opened_at > ended_session.ends_at
    start = timezone.now() + dt.timedelta(minutes=5)
    cancelled = SessionFactory(
        program=program,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=30),
        status="cancelled",
    )
    with time_machine.travel(cancelled.ends_at + dt.timedelta(minutes=1), tick=False):
        assert services.send_due_surveys() == 0


# --- answering -------------------------------------------------------------------------------


def test_identified_response_stores_every_kind(make_survey, participant, invite):
    survey = make_survey()
    inv, _ = invite(survey, participant)
    response = services.submit_response(actor=None, invitation=inv, data=good_answers())
    assert response.user == participant and response.submitted_at is not None
    got = {(a.question.code, a.row_key): (a.number, a.text) for a in response.answers.all()}
    assert got[("quality", "")] == (Decimal("3"), "3")
    assert got[("patients", "")][0] == Decimal("12")
    assert got[("se", "oud")][0] == Decimal("3")
    assert {a.text for a in response.answers.filter(question__code="topics")} == {"a", "c"}
    inv.refresh_from_db()
    assert inv.responded and inv.responded_at is not None
    assert AuditEntry.objects.filter(action="survey.responded", actor=participant).exists()


def test_anonymous_response_cannot_be_linked_back(make_survey, participant, invite, ended_session):
    survey = make_survey(anonymous=True)
    inv, _ = invite(survey, participant, ended_session)
    before = AuditEntry.objects.count()
    response = services.submit_response(actor=None, invitation=inv, data=good_answers())
    response.refresh_from_db()
    assert response.user is None and response.submitted_at is None
    assert response.submitted_on == timezone.localdate()
    inv.refresh_from_db()
    assert inv.responded and inv.responded_at is None
    # Nothing written refers to the person or the response.
    new = AuditEntry.objects.all()[: AuditEntry.objects.count() - before]
    assert AuditEntry.objects.count() == before, list(new)
    fields = {f.name for f in Response._meta.get_fields()}
    assert "invitation" not in fields
    assert not Response.objects.filter(user=participant).exists()


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"a-quality": None}, "a-quality", "required"),
        ({"a-quality": "9"}, "a-quality", "options"),
        ({"a-role": "admin"}, "a-role", "options"),
        ({"a-topics": ["a", "zzz"]}, "a-topics", "options"),
        ({"a-patients": "101"}, "a-patients", "at most 100"),
        ({"a-patients": "-1"}, "a-patients", "at least 0"),
        ({"a-patients": "lots"}, "a-patients", "number"),
        ({"a-se:oud": None}, "a-se:oud", "required"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(
    make_survey, participant, invite, override, field, message
):
    survey = make_survey()
    inv, _ = invite(survey, participant)
    with pytest.raises(services.AnswersInvalid) as err:
        services.submit_response(actor=None, invitation=inv, data=good_answers(**override))
    assert message in err.value.errors[field]
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    assert not SurveyInvitation.objects.get(pk=inv.pk).responded


def test_second_response_is_refused(make_survey, participant, invite):
    survey = make_survey()
    inv, _ = invite(survey, participant)
    services.submit_response(actor=None, invitation=inv, data=good_answers())
    with pytest.raises(services.AlreadyAnswered):
        services.submit_response(actor=None, invitation=inv, data=good_answers())
    assert Response.objects.count() == 1


def test_response_after_closing_is_refused(make_survey, coordinator, participant, invite):
    survey = make_survey()
    inv, _ = invite(survey, participant)
    services.close_survey(actor=coordinator, survey=survey)
    with pytest.raises(services.SurveyClosed):
        services.submit_response(actor=None, invitation=inv, data=good_answers())


def test_response_after_closes_at_is_refused(make_survey, participant, invite):
    survey = make_survey(closes_at=timezone.now() + dt.timedelta(days=1))
    inv, _ = invite(survey, participant)
    with (
        time_machine.travel(timezone.now() + dt.timedelta(days=2)),
        pytest.raises(services.SurveyClosed),
    ):
        services.submit_response(actor=None, invitation=inv, data=good_answers())


def test_identifiers_in_comments_need_an_edit_or_a_reason(make_survey, participant, invite):
    survey = make_survey()
    inv, _ = invite(survey, participant)
    text = "My patient John Smith (OHIP 1234-567-890) improved."
    with pytest.raises(services.PhiFound) as err:
        services.submit_response(
            actor=None, invitation=inv, data=good_answers(**{"a-comments": text})
        )
    findings = err.value.findings
    assert {f.kind for f in findings} >= {"NAME", "HEALTH_NUMBER"}
    assert Response.objects.count() == 0
    # A reason too short does not count.
    with pytest.raises(services.PhiFound):
        services.submit_response(
            actor=None,
            invitation=inv,
            data=good_answers(**{"a-comments": text}),
            confirmations={f.key: "" for f in findings},
        )
    services.submit_response(
        actor=None,
        invitation=inv,
        data=good_answers(**{"a-comments": text}),
        confirmations={f.key: "Fictional example from the didactic" for f in findings},
    )
    entries = AuditEntry.objects.filter(action="survey.phi_confirmed")
    assert entries.count() == len(findings)
    for e in entries:
        assert set(e.changes) == {"field", "kind", "text_hash", "reason"}
        assert "John" not in str(e.changes) and "1234" not in str(e.changes)


def test_the_invitation_subject_names_the_survey_in_each_recipients_language(
    make_survey, program, coordinator, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    french = make_member(program, Role.PARTICIPANT, language="fr")
    english = make_member(program, Role.PARTICIPANT, language="en")
    survey = make_survey(kind="pre_cycle", title="Cycle feedback", title_fr="Rétroaction du cycle")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.send_to_participants(actor=coordinator, survey=survey)
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects[french.email] == "Votre rétroaction\u00a0: Rétroaction du cycle"
    assert subjects[english.email] == "Your feedback: Cycle feedback"
    # A survey without a French title is named in English for the French reader.
    plain = make_survey(kind="pre_cycle", title="Cycle 2 feedback")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_participants(actor=coordinator, survey=plain)
    assert {m.subject for m in mailoutbox[2:] if m.to == [french.email]} == {
        "Votre rétroaction\u00a0: Cycle 2 feedback"
    }
