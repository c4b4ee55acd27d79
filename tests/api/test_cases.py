"""Cases through the API: the workflow from draft to close-out, with the identifier check.

ENDPOINTS is this router's access matrix (tests/api/test_access.py counts it as covered): each
endpoint is called on a case brought to the stage it needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from echohub.accounts.models import User
from echohub.cases import services
from echohub.cases.models import Case, CaseStatus, FollowUp, PhiOverride, Recommendation
from echohub.core.models import AuditEntry
from echohub.programs.models import Program, Role
from echohub.scheduling.models import AgendaItem, Session
from tests.cases.conftest import CLEAN, MEDS
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADMIN, COORD, EXPERT, PART, EVAL = (
    Role.PROGRAM_ADMIN,
    Role.COORDINATOR,
    Role.EXPERT,
    Role.PARTICIPANT,
    Role.EVALUATOR,
)
PRESENTER = "presenter"
HEALTH_NUMBER = "Lives alone. OHIP 9876543217 AB on file."
CASES = "/programs/pain/cases"
STAGES = ["draft", "submitted", "approved", "scheduled", "recommended", "sent"]


@pytest.fixture
def pain() -> Program:
    return ProgramFactory(slug="pain", is_public=False)


@pytest.fixture
def presenter(pain: Program) -> User:
    user = UserFactory(first_name="Ana", last_name="Lopes", profession="family_physician")
    site = SiteFactory(program=pain, name="Lakeview FHT", region="North East")
    MembershipFactory(program=pain, user=user, role=PART, site=site)
    return user


@pytest.fixture
def hub(pain: Program) -> User:
    user = UserFactory()
    MembershipFactory(program=pain, user=user, role=COORD)
    return user


@pytest.fixture
def session(pain: Program) -> Session:
    start = timezone.now() + dt.timedelta(days=7)
    session = SessionFactory(
        program=pain, starts_at=start, ends_at=start + dt.timedelta(minutes=90)
    )
    AgendaItem.objects.create(
        session=session, kind="case", title="Case presentation (open slot)", position=2
    )
    return session


@pytest.fixture
def make_case(pain: Program, presenter: User, hub: User, session: Session) -> Callable[..., Case]:
    """make_case(stage, **draft_fields) -> a case of `presenter` brought to `stage`."""

    def make(stage: str = "draft", **fields: Any) -> Case:
        case = services.start_case(actor=presenter, program=pain)
        case = services.save_draft(
            actor=presenter,
            case=case,
            data={**CLEAN, **fields},
            medications=MEDS,
            scores=[{"instrument": "peg", "items": [7, 6, 8]}],
        )
        steps = STAGES[1 : STAGES.index(stage) + 1]
        for step in steps:
            if step == "submitted":
                services.submit_case(actor=presenter, case=case)
            elif step == "approved":
                services.review_case(actor=hub, case=case, approve=True)
            elif step == "scheduled":
                AgendaItem.objects.get_or_create(
                    session=session, kind="case", case__isnull=True, defaults={"position": 9}
                )
                services.schedule_case(actor=hub, case=case, session=session)
            elif step == "recommended":
                services.save_recommendation(
                    actor=hub, case=case, discipline="pharmacy", text="Taper by 10% a month."
                )
            elif step == "sent":
                services.send_recommendations(actor=hub, case=case, summary="Slow taper.")
        case.refresh_from_db()
        return case

    return make


def _override_key(case: Case) -> dict[str, Any]:
    finding = services.case_findings(case)[0]
    return {"key": finding.key, "reason": "A made-up number used in teaching"}


# name: (method, path, body (or body of the case), stage, allowed, a role without the permission)
ENDPOINTS: dict[str, tuple[str, str, Any, str, str, str]] = {
    "list": ("get", CASES, None, "draft", PRESENTER, EVAL),
    "form": ("get", CASES + "/form", None, "draft", PART, EVAL),
    "create": ("post", CASES, {}, "draft", PART, EVAL),
    "detail": ("get", CASES + "/{case}", None, "draft", PRESENTER, EVAL),
    "update": (
        "patch",
        CASES + "/{case}",
        lambda case: {"version": case.version, "title": "Knee pain"},
        "draft",
        PRESENTER,
        EVAL,
    ),
    "findings": ("get", CASES + "/{case}/findings", None, "submitted", PRESENTER, EXPERT),
    "overrides": ("post", CASES + "/{case}/overrides", _override_key, "phi", PRESENTER, EVAL),
    "submit": ("post", CASES + "/{case}/submit", {}, "draft", PRESENTER, EVAL),
    "review": (
        "post",
        CASES + "/{case}/review",
        {"decision": "approve"},
        "submitted",
        COORD,
        EXPERT,
    ),
    "schedule": (
        "post",
        CASES + "/{case}/schedule",
        lambda case: {"session_id": Session.objects.get(program=case.program).pk},
        "approved",
        ADMIN,
        EXPERT,
    ),
    "presented": ("post", CASES + "/{case}/presented", {}, "scheduled", COORD, EXPERT),
    "recommendations": (
        "post",
        CASES + "/{case}/recommendations",
        {"discipline": "psychology", "text": "Offer CBT for pain.", "version": 0},
        "scheduled",
        EXPERT,
        PART,
    ),
    "send": ("post", CASES + "/{case}/send", {}, "recommended", COORD, EXPERT),
    "acknowledge": ("post", CASES + "/{case}/acknowledge", {}, "sent", PRESENTER, EVAL),
    "plain-summary": (
        "put",
        CASES + "/{case}/plain-summary",
        {"text": "We agreed to lower the pain medicine slowly."},
        "sent",
        PRESENTER,
        EVAL,
    ),
    "follow-ups": (
        "post",
        CASES + "/{case}/follow-ups",
        {"what_changed": "Walking more.", "medications": [], "scores": []},
        "sent",
        PRESENTER,
        EVAL,
    ),
    "close": (
        "post",
        CASES + "/{case}/close",
        {"advice_followed": "all", "plan_changed": True, "referral_avoided": False},
        "sent",
        PRESENTER,
        EVAL,
    ),
}
# What each write leaves in the audit log.
WRITES = {
    "create": "case.started",
    "update": "case.draft_saved",
    "overrides": "case.phi_overridden",
    "submit": "case.submitted",
    "review": "case.approved",
    "schedule": "case.scheduled",
    "presented": "case.presented",
    "recommendations": "case.recommendation_saved",
    "send": "case.recommendations_sent",
    "acknowledge": "case.acknowledged",
    "plain-summary": "case.plain_summary_saved",
    "follow-ups": "case.followed_up",
    "close": "case.closed",
}


def _call(
    make_case: Callable[..., Case], api: Any, name: str, stage: str | None = None
) -> tuple[Any, Case]:
    method, path, payload, needs, *_ = ENDPOINTS[name]
    stage = "phi" if needs == "phi" else stage or needs
    case = make_case("draft", social_context=HEALTH_NUMBER) if stage == "phi" else make_case(stage)
    payload = payload(case) if callable(payload) else payload
    return api.call(method, path.format(case=case.pk), payload), case


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_allowed_role_succeeds_and_writes_are_audited(
    make_case: Callable[..., Case],
    api_as: Any,
    member_api: Any,
    pain: Program,
    presenter: User,
    name: str,
) -> None:
    allowed = ENDPOINTS[name][4]
    api = api_as(presenter) if allowed == PRESENTER else member_api(pain, allowed)
    response, case = _call(make_case, api, name)
    assert response.status_code in (200, 201), response.content
    if name in WRITES:
        entry = AuditEntry.objects.filter(action=WRITES[name]).latest("pk")
        assert entry.actor == api.user and entry.program == pain
        if name != "create":
            assert entry.object_id == str(case.pk)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_member_without_the_permission_gets_403_and_nothing_changes(
    make_case: Callable[..., Case], member_api: Any, pain: Program, name: str
) -> None:
    api = member_api(pain, ENDPOINTS[name][5])
    # The expert who may not read findings sees the case only once approved (before, it is
    # not theirs to see at all: 404); past the approval the refusal is the permission's.
    stage = "approved" if name == "findings" else None
    response, case = _call(make_case, api, name, stage)
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "permission_denied"
    assert not AuditEntry.objects.filter(actor=api.user).exists()
    assert Case.objects.filter(program=pain).count() == 1  # create made nothing either
    unchanged = Case.objects.get(pk=case.pk)
    assert (unchanged.status, unchanged.version) == (case.status, case.version)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_outsider_gets_404_and_nothing_is_logged(
    make_case: Callable[..., Case], member_api: Any, pain: Program, name: str
) -> None:
    api = member_api(pain, None)
    response, _case = _call(make_case, api, name)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "field": None}
    assert not AuditEntry.objects.filter(actor=api.user).exists()


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_without_a_token_is_401(make_case: Callable[..., Case], api_as: Any, name: str) -> None:
    response, _case = _call(make_case, api_as(None), name)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("name", sorted(n for n in ENDPOINTS if "{case}" in ENDPOINTS[n][1]))
def test_another_participant_cannot_reach_a_draft(
    make_case: Callable[..., Case], member_api: Any, pain: Program, name: str
) -> None:
    """Someone else's draft does not exist for a fellow participant (or the hub)."""
    hub_only = ENDPOINTS[name][4] not in (PRESENTER, PART)
    for role in (PART, COORD):
        response, _case = _call(make_case, member_api(pain, role), name, stage="draft")
        # A participant is refused the hub's actions before any case is looked up.
        expected = 403 if role == PART and hub_only else 404
        assert response.status_code == expected, (role, response.content)


# --- list -----------------------------------------------------------------------------------------


def test_list_shows_each_role_the_cases_it_may_see(
    make_case: Callable[..., Case],
    api_as: Any,
    member_api: Any,
    pain: Program,
    presenter: User,
    session: Session,
) -> None:
    draft = make_case("draft")
    submitted = make_case("submitted")
    scheduled = make_case("scheduled")
    mine = api_as(presenter).get(CASES).json()
    assert {c["id"] for c in mine["items"]} == {draft.pk, submitted.pk, scheduled.pk}
    first = mine["items"][0]
    assert first["id"] == scheduled.pk and first["status"] == "scheduled"
    assert first["presenter"]["full_name"] == "Ana Lopes" and "email" not in first["presenter"]
    assert first["site"]["name"] == "Lakeview FHT" and first["number"].startswith("P-")
    assert "social_context" not in first  # a list carries no clinical text but the title
    fellow = member_api(pain, PART).get(CASES).json()
    assert [c["id"] for c in fellow["items"]] == [scheduled.pk]
    hub = member_api(pain, COORD).get(CASES).json()
    assert {c["id"] for c in hub["items"]} == {submitted.pk, scheduled.pk}
    # An expert sees a case once a reviewer approved it, never while it waits for its privacy
    # review (the coordinator checks it before it goes to hub members: WVCTSI's process).
    expert = member_api(pain, EXPERT).get(CASES).json()
    assert [c["id"] for c in expert["items"]] == [scheduled.pk]
    other_program = ProgramFactory()
    MembershipFactory(program=other_program, user=presenter, role=PART)
    services.start_case(actor=presenter, program=other_program)
    assert api_as(presenter).get(CASES).json()["count"] == 3


def test_list_filters(
    make_case: Callable[..., Case],
    api_as: Any,
    member_api: Any,
    pain: Program,
    presenter: User,
    session: Session,
) -> None:
    draft = make_case("draft")
    scheduled = make_case("scheduled")
    api = member_api(pain, COORD)
    own = services.start_case(actor=api.user, program=pain)

    def ids(**query: Any) -> set[int]:
        response = api.get(CASES, **query)
        assert response.status_code == 200, response.content
        return {c["id"] for c in response.json()["items"]}

    assert ids() == {scheduled.pk, own.pk}  # not the presenter's draft
    assert ids(status="draft") == {own.pk}
    assert ids(mine="true") == {own.pk}
    assert ids(session=session.pk) == {scheduled.pk}
    assert ids(session=session.pk + 999) == set()
    assert api_as(presenter).get(CASES, status="draft").json()["items"][0]["id"] == draft.pk
    bad = api.get(CASES, status="lost")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert api.get(CASES, limit=0).status_code == 422


def test_list_query_count_is_constant(
    make_case: Callable[..., Case], api_as: Any, presenter: User, count_queries: Any
) -> None:
    api = api_as(presenter)
    make_case("draft")
    api.get(CASES)
    one = count_queries(lambda: api.get(CASES))
    for stage in ["draft", "submitted", "scheduled", "draft", "approved"] * 3:
        make_case(stage)
    assert count_queries(lambda: api.get(CASES)) == one


# --- create, read ---------------------------------------------------------------------------------


def test_create_starts_a_draft_from_the_presenters_site(
    api_as: Any, presenter: User, pain: Program
) -> None:
    response = api_as(presenter).post(CASES)
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert (case.presenter, case.status, case.region) == (presenter, "draft", "North East")
    assert body["status"] == "draft" and body["version"] == 1 and body["number"] == ""
    assert AuditEntry.objects.filter(action="case.started", object_id=str(case.pk)).exists()


def test_detail_has_content_mme_per_row_guideposts_and_scores_and_is_audited(
    make_case: Callable[..., Case], api_as: Any, presenter: User
) -> None:
    case = make_case("draft")
    services.save_draft(
        actor=presenter,
        case=case,
        data={},
        medications=[
            *MEDS,
            {"drug": "ibuprofen", "dose": "400", "unit": "mg", "times_per_day": "3"},
        ],
    )
    api = api_as(presenter)
    response = api.get(f"{CASES}/{case.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == CLEAN["title"] and body["questions"] == CLEAN["questions"]
    assert body["age_band"] == "50-59" and body["attest_deidentified"] is True
    oxy, fentanyl, ibuprofen = body["medications"]
    assert (oxy["drug"], oxy["dose"], oxy["times_per_day"]) == ("oxycodone", "10", "4")
    assert (oxy["mme_per_day"], oxy["factor"]) == (60, 1.5)
    assert fentanyl["mme_per_day"] == 60 and fentanyl["notes"]
    assert ibuprofen["mme_per_day"] is None
    assert ibuprofen["excluded_reason_code"] == "unknown_drug" and ibuprofen["excluded_reason"]
    mme = body["mme"]
    assert mme["table"] == "cdc2022" and mme["total_mme_per_day"] == 120
    assert mme["excluded"] == [
        {
            "position": 3,
            "drug": "ibuprofen",
            "reason_code": "unknown_drug",
            "reason": ibuprofen["excluded_reason"],
        }
    ]
    assert {"mme-50-cdc2022", "mme-90-canada2017"} <= {g["code"] for g in mme["guideposts"]}
    assert body["scores"] == [{"instrument": "peg", "total": "7", "band": "", "items": [7, 6, 8]}]
    assert body["recommendations"] == [] and body["follow_ups"] == []
    reads = AuditEntry.objects.filter(action="case.read", object_id=str(case.pk))
    assert [(e.actor, e.program, e.changes) for e in reads] == [
        (api.user, case.program, {"view": "api.case"})
    ]
    api.get(f"{CASES}/{case.pk}")
    assert reads.all().count() == 2


def test_a_case_without_medications_has_no_mme(api_as: Any, presenter: User) -> None:
    api = api_as(presenter)
    case_id = api.post(CASES).json()["id"]
    body = api.get(f"{CASES}/{case_id}").json()
    assert body["medications"] == [] and body["mme"] is None


def test_detail_shows_the_whole_workflow(
    make_case: Callable[..., Case], api_as: Any, member_api: Any, pain: Program, presenter: User
) -> None:
    case = make_case("sent")
    services.add_follow_up(
        actor=presenter,
        case=case,
        what_changed="Down to 30 mg a day, walking more.",
        medications=[{"drug": "oxycodone", "dose": "7.5", "unit": "mg", "times_per_day": "4"}],
        scores=[{"instrument": "peg", "items": [5, 5, 6]}],
    )
    body = member_api(pain, PART).get(f"{CASES}/{case.pk}").json()  # a fellow attendee
    assert body["status"] == "followed_up" and body["recommendations_summary"] == "Slow taper."
    (rec,) = body["recommendations"]
    assert (rec["discipline"], rec["text"], rec["version"]) == (
        "pharmacy",
        "Taper by 10% a month.",
        1,
    )
    (follow_up,) = body["follow_ups"]
    assert follow_up["what_changed"].startswith("Down to 30 mg")
    assert follow_up["medications"][0]["mme_per_day"] == 45
    assert follow_up["mme"]["total_mme_per_day"] == 45
    assert follow_up["scores"][0]["instrument"] == "peg"
    assert [m["drug"] for m in body["medications"]] == ["oxycodone", "fentanyl"]
    assert body["mme"]["total_mme_per_day"] == 120


def test_detail_query_count_does_not_grow_with_rows(
    make_case: Callable[..., Case], api_as: Any, presenter: User, count_queries: Any
) -> None:
    case = make_case("sent")
    api = api_as(presenter)
    api.get(f"{CASES}/{case.pk}")
    one = count_queries(lambda: api.get(f"{CASES}/{case.pk}"))
    for i in range(3):
        services.add_follow_up(
            actor=presenter,
            case=case,
            what_changed=f"Change {i}.",
            medications=MEDS,
            scores=[{"instrument": "peg", "items": [5, 5, 6]}],
        )
    assert count_queries(lambda: api.get(f"{CASES}/{case.pk}")) == one


def test_unknown_case_is_404(api_as: Any, presenter: User) -> None:
    assert api_as(presenter).get(f"{CASES}/999999").status_code == 404


# --- the draft ------------------------------------------------------------------------------------


def test_patch_saves_fields_and_rows_and_bumps_the_version(
    make_case: Callable[..., Case], api_as: Any, presenter: User
) -> None:
    case = make_case("draft")
    api = api_as(presenter)
    response = api.patch(
        f"{CASES}/{case.pk}",
        {
            "version": case.version,
            "title": " Neck pain ",
            "pain_type": "neuropathic",
            "work_status": "",
            "medications": [
                {"drug": "hydromorphone", "dose": 2, "unit": "mg", "times_per_day": "6"}
            ],
            "scores": [{"instrument": "pcs", "total": 31}],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == case.version + 1
    saved = Case.objects.get(pk=case.pk)
    assert (saved.title, saved.pain_type, saved.work_status) == ("Neck pain", "neuropathic", "")
    assert saved.questions == CLEAN["questions"]  # not sent, not changed
    assert [(m.drug, str(m.dose)) for m in saved.medications.all()] == [("hydromorphone", "2.000")]
    assert [(s.instrument, int(s.total)) for s in saved.scores.all()] == [("pcs", 31)]
    entry = AuditEntry.objects.filter(action="case.draft_saved").latest("pk")
    assert entry.changes == {"version": case.version + 1}
    assert "Neck" not in str(entry.changes)  # no clinical text in the log
    detail = api.get(f"{CASES}/{case.pk}").json()
    assert detail["mme"]["total_mme_per_day"] == 60  # 12 mg hydromorphone x 5
    cleared = api.patch(f"{CASES}/{case.pk}", {"version": saved.version, "medications": []})
    assert cleared.status_code == 200 and not Case.objects.get(pk=case.pk).medications.exists()
    assert Case.objects.get(pk=case.pk).scores.count() == 1  # not sent, kept


def test_a_stale_version_is_409_and_nothing_is_saved(
    make_case: Callable[..., Case], api_as: Any, presenter: User
) -> None:
    case = make_case("draft")
    api = api_as(presenter)
    path = f"{CASES}/{case.pk}"
    assert api.patch(path, {"version": case.version, "title": "Tab one"}).status_code == 200
    stale = api.patch(path, {"version": case.version, "title": "Tab two", "medications": []})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_draft" and stale.json()["message"]
    saved = Case.objects.get(pk=case.pk)
    assert saved.title == "Tab one" and saved.version == case.version + 1
    assert saved.medications.count() == 2


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"title": "x"}, 422, "invalid"),  # no version
        ({"version": "one", "title": "x"}, 422, "invalid"),
        ({"title": None}, 422, "invalid"),
        ({"medications": None}, 422, "invalid"),
        ({"age_band": "12-17"}, 422, "invalid"),
        ({"mme_table": "guesswork"}, 422, "invalid"),
        ({"title": "x" * 201}, 422, "invalid"),
        (
            {"medications": [{"drug": "oxycodone", "dose": "ten", "unit": "mg"}]},
            400,
            "invalid_number",
        ),
        ({"medications": [{"drug": "oxycodone", "dose": -5, "unit": "mg"}]}, 400, "invalid_number"),
        ({"medications": [{"drug": "oxycodone", "dose": 5}]}, 422, "invalid"),
        ({"scores": [{"instrument": "phq9", "items": [3] * 9 + [4]}]}, 400, "invalid_score"),
        ({"scores": [{"instrument": "pcs"}]}, 400, "invalid_score"),
    ],
)
def test_bad_draft_input_is_refused(
    make_case: Callable[..., Case],
    api_as: Any,
    presenter: User,
    change: dict[str, Any],
    status: int,
    code: str,
) -> None:
    case = make_case("draft")
    payload = {"version": case.version, **change} if "version" not in change else change
    if change == {"title": "x"}:
        payload = change
    response = api_as(presenter).patch(f"{CASES}/{case.pk}", payload)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    saved = Case.objects.get(pk=case.pk)
    assert saved.version == case.version and saved.title == CLEAN["title"]
    assert saved.medications.count() == 2 and saved.scores.count() == 1


def test_a_submitted_case_is_locked_and_only_its_presenter_edits(
    make_case: Callable[..., Case], api_as: Any, member_api: Any, pain: Program, presenter: User
) -> None:
    case = make_case("submitted")
    path = f"{CASES}/{case.pk}"
    locked = api_as(presenter).patch(path, {"version": case.version, "title": "x"})
    assert locked.status_code == 409 and locked.json()["code"] == "case_locked"
    hub = member_api(pain, COORD).patch(path, {"version": case.version, "title": "x"})
    assert hub.status_code == 403 and hub.json()["code"] == "permission_denied"
    assert Case.objects.get(pk=case.pk).title == CLEAN["title"]


# --- identifiers ----------------------------------------------------------------------------------


def test_findings_give_positions_never_the_flagged_text(
    make_case: Callable[..., Case], api_as: Any, member_api: Any, pain: Program, presenter: User
) -> None:
    case = make_case("draft", social_context=HEALTH_NUMBER)
    response = api_as(presenter).get(f"{CASES}/{case.pk}/findings")
    assert response.status_code == 200, response.content
    (finding,) = response.json()
    assert finding["field"] == "social_context" and finding["kind"] == "HEALTH_NUMBER"
    assert HEALTH_NUMBER[finding["start"] : finding["end"]] == "9876543217 AB"
    assert finding["key"].startswith("social_context:HEALTH_NUMBER:")
    assert finding["overridden"] is False and finding["reason"]
    assert b"9876543217" not in response.content
    assert api_as(presenter).get(f"{CASES}/{make_case('draft').pk}/findings").json() == []
    # The privacy reviewers may look too, once it is submitted; other roles may not.
    PhiOverride.objects.create(
        case=case,
        field="social_context",
        kind="HEALTH_NUMBER",
        text_hash=finding["key"].split(":")[2],
        reason="Fictional",
        actor=presenter,
    )
    services.submit_case(actor=presenter, case=case)
    reviewed = member_api(pain, COORD).get(f"{CASES}/{case.pk}/findings")
    assert reviewed.status_code == 200 and reviewed.json()[0]["overridden"] is True
    # An expert: not theirs to see while it waits for its review, and no findings after.
    assert member_api(pain, EXPERT).get(f"{CASES}/{case.pk}/findings").status_code == 404
    services.review_case(actor=member_api(pain, COORD).user, case=case, approve=True)
    assert member_api(pain, EXPERT).get(f"{CASES}/{case.pk}/findings").status_code == 403


def test_submission_with_a_health_number_is_refused_with_the_findings(
    make_case: Callable[..., Case], api_as: Any, presenter: User
) -> None:
    case = make_case("draft", social_context=HEALTH_NUMBER)
    api = api_as(presenter)
    response = api.post(f"{CASES}/{case.pk}/submit")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "phi_found" and body["field"] is None and "1 finding" in body["message"]
    (finding,) = body["findings"]
    assert (finding["field"], finding["kind"], finding["overridden"]) == (
        "social_context",
        "HEALTH_NUMBER",
        False,
    )
    assert b"9876543217" not in response.content
    saved = Case.objects.get(pk=case.pk)
    assert saved.status == "draft" and "OHIP" in saved.social_context  # nothing lost
    assert not AuditEntry.objects.filter(action="case.submitted").exists()


def test_explaining_each_finding_lets_the_case_through(
    make_case: Callable[..., Case], api_as: Any, presenter: User
) -> None:
    case = make_case("draft", social_context="Her daughter Mary Smith drives her.")
    api = api_as(presenter)
    base = f"{CASES}/{case.pk}"
    refused = api.post(f"{base}/submit").json()
    assert refused["code"] == "phi_found"
    keys = [f["key"] for f in refused["findings"]]
    unknown = api.post(f"{base}/overrides", {"key": "title:NAME:abc", "reason": "Not a name."})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_finding"
    short = api.post(f"{base}/overrides", {"key": keys[0], "reason": "no"})
    assert short.status_code == 400 and short.json()["code"] == "reason_required"
    assert api.post(f"{base}/overrides", {"key": keys[0]}).status_code == 422
    for key in keys:
        made = api.post(f"{base}/overrides", {"key": key, "reason": "Fictional teaching name"})
        assert made.status_code == 201, made.content
        assert made.json()["reason"] == "Fictional teaching name"
    assert PhiOverride.objects.filter(case=case).count() == len(keys)
    assert all(f["overridden"] for f in api.get(f"{base}/findings").json())
    submitted = api.post(f"{base}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED
    logged = str(list(AuditEntry.objects.values_list("changes", "object_repr")))
    assert "Mary" not in logged and "Smith" not in logged
    detail = api.get(base).json()
    assert {o["kind"] for o in detail["overrides"]} == {f.split(":")[1] for f in keys}


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"questions": ""}, "incomplete", "questions"),
        ({"attest_deidentified": False}, "attestation_required", "attest_deidentified"),
        ({"patient_agreed": False}, "consent_required", "patient_agreed"),
    ],
)
def test_an_incomplete_case_cannot_be_submitted(
    make_case: Callable[..., Case], api_as: Any, presenter: User, change: Any, code: str, field: str
) -> None:
    case = make_case("draft", **change)
    response = api_as(presenter).post(f"{CASES}/{case.pk}/submit")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert Case.objects.get(pk=case.pk).status == "draft"


def test_submitting_twice_is_409(
    make_case: Callable[..., Case], api_as: Any, presenter: User
) -> None:
    case = make_case("submitted")
    again = api_as(presenter).post(f"{CASES}/{case.pk}/submit")
    assert again.status_code == 409 and again.json()["code"] == "case_locked"


# --- the hub --------------------------------------------------------------------------------------


def test_review_returns_with_comments_and_the_presenter_edits_again(
    make_case: Callable[..., Case], api_as: Any, member_api: Any, pain: Program, presenter: User
) -> None:
    case = make_case("submitted")
    hub = member_api(pain, COORD)
    path = f"{CASES}/{case.pk}/review"
    bare = hub.post(path, {"decision": "return"})
    assert bare.status_code == 400 and bare.json()["code"] == "comments_required"
    assert hub.post(path, {"decision": "maybe"}).status_code == 422
    returned = hub.post(path, {"decision": "return", "comments": "Remove the town name."})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    saved = Case.objects.get(pk=case.pk)
    assert saved.review_comments == "Remove the town name." and saved.reviewed_at
    assert AuditEntry.objects.filter(action="case.returned", actor=hub.user).exists()
    again = hub.post(path, {"decision": "approve"})
    assert again.status_code == 409 and again.json()["code"] == "not_submitted"
    edited = api_as(presenter).patch(f"{CASES}/{case.pk}", {"version": saved.version, "title": "B"})
    assert edited.status_code == 200


def test_schedule_into_a_session_of_the_program(
    make_case: Callable[..., Case], member_api: Any, pain: Program, session: Session
) -> None:
    case = make_case("approved")
    hub = member_api(pain, COORD)
    path = f"{CASES}/{case.pk}/schedule"
    foreign = hub.post(path, {"session_id": SessionFactory().pk})
    assert foreign.status_code == 400 and foreign.json()["code"] == "invalid_session"
    assert foreign.json()["field"] == "session_id"
    full = hub.post(path, {"session_id": SessionFactory(program=pain).pk})
    assert full.status_code == 409 and full.json()["code"] == "session_full"
    assert hub.post(path, {}).status_code == 422
    done = hub.post(path, {"session_id": session.pk})
    assert done.status_code == 200, done.content
    assert done.json()["session_id"] == session.pk and done.json()["number"] == (
        f"P-{session.starts_at.year}-001"
    )
    saved = Case.objects.get(pk=case.pk)
    assert saved.status == "scheduled" and saved.agenda_item.title.startswith("Case P-")
    draft = make_case("draft")
    assert hub.post(f"{CASES}/{draft.pk}/schedule", {"session_id": session.pk}).status_code == 404


def test_presented_only_after_scheduling(
    make_case: Callable[..., Case], member_api: Any, pain: Program
) -> None:
    hub = member_api(pain, COORD)
    early = hub.post(f"{CASES}/{make_case('approved').pk}/presented")
    assert early.status_code == 409 and early.json()["code"] == "not_scheduled"
    case = make_case("scheduled")
    assert hub.post(f"{CASES}/{case.pk}/presented").json()["status"] == "presented"
    assert Case.objects.get(pk=case.pk).presented_at is not None


def test_recommendations_per_discipline_with_versions_and_identifier_check(
    make_case: Callable[..., Case], member_api: Any, pain: Program
) -> None:
    case = make_case("scheduled")
    pharmacist, other = member_api(pain, EXPERT), member_api(pain, EXPERT)
    path = f"{CASES}/{case.pk}/recommendations"
    first = pharmacist.post(
        path, {"discipline": "pharmacy", "text": " Taper by 10%. ", "version": 0}
    )
    assert first.status_code == 200, first.content
    assert first.json()["version"] == 1 and first.json()["text"] == "Taper by 10%."
    assert first.json()["author"]["id"] == pharmacist.user.pk
    second = other.post(path, {"discipline": "pharmacy", "text": "Rotate.", "version": 1})
    assert second.status_code == 200 and second.json()["version"] == 2
    stale = pharmacist.post(path, {"discipline": "pharmacy", "text": "Mine.", "version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_recommendation"
    identifying = pharmacist.post(
        path,
        {"discipline": "psychology", "text": "Call her at 416-555-0199 about CBT.", "version": 0},
    )
    assert identifying.status_code == 400, identifying.content
    body = identifying.json()
    assert body["code"] == "phi_found" and body["findings"]
    assert {f["field"] for f in body["findings"]} == {"text"}
    assert b"416-555-0199" not in identifying.content
    blank = pharmacist.post(path, {"discipline": "psychology", "text": "  ", "version": 0})
    assert blank.status_code == 400 and blank.json()["code"] == "text_required"
    assert (
        pharmacist.post(path, {"discipline": "astrology", "text": "x", "version": 0}).status_code
        == 422
    )
    assert list(Recommendation.objects.filter(case=case).values_list("discipline", "text")) == [
        ("pharmacy", "Rotate.")
    ]
    closed = pharmacist.post(
        f"{CASES}/{make_case('sent').pk}/recommendations",
        {"discipline": "pharmacy", "text": "Late.", "version": 0},
    )
    assert closed.status_code == 409 and closed.json()["code"] == "case_not_open"


def test_send_needs_a_recommendation(
    make_case: Callable[..., Case],
    member_api: Any,
    pain: Program,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    hub = member_api(pain, COORD)
    empty = hub.post(f"{CASES}/{make_case('scheduled').pk}/send", {})
    assert empty.status_code == 400 and empty.json()["code"] == "no_recommendations"
    case = make_case("recommended")
    with django_capture_on_commit_callbacks(execute=True):
        sent = hub.post(f"{CASES}/{case.pk}/send", {"summary": "A slow taper."})
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    saved = Case.objects.get(pk=case.pk)
    assert saved.recommendations_summary == "A slow taper." and saved.sent_at
    assert any("Recommendations for case" in m.subject for m in mailoutbox)
    again = hub.post(f"{CASES}/{case.pk}/send", {})
    assert again.status_code == 409 and again.json()["code"] == "case_not_open"


# --- after the session ----------------------------------------------------------------------------


def test_presenter_acknowledges_once(
    make_case: Callable[..., Case], api_as: Any, member_api: Any, pain: Program, presenter: User
) -> None:
    case = make_case("sent")
    hub = member_api(pain, COORD).post(f"{CASES}/{case.pk}/acknowledge")
    assert hub.status_code == 403
    api = api_as(presenter)
    assert api.post(f"{CASES}/{case.pk}/acknowledge").status_code == 200
    assert Case.objects.get(pk=case.pk).acknowledged_at is not None
    again = api.post(f"{CASES}/{case.pk}/acknowledge")
    assert again.status_code == 409 and again.json()["code"] == "not_sent"


def test_plain_summary_is_checked_for_identifiers(
    make_case: Callable[..., Case], api_as: Any, presenter: User
) -> None:
    case = make_case("sent")
    api = api_as(presenter)
    path = f"{CASES}/{case.pk}/plain-summary"
    refused = api.put(path, {"text": "Dear Mary Smith, we agreed to go slowly."})
    assert refused.status_code == 400 and refused.json()["code"] == "phi_found"
    assert refused.json()["findings"][0]["field"] == "plain_language_summary"
    assert Case.objects.get(pk=case.pk).plain_language_summary == ""
    assert api.put(path, {"text": "We agreed to go slowly."}).status_code == 200
    assert Case.objects.get(pk=case.pk).plain_language_summary == "We agreed to go slowly."


def test_follow_up_with_rows_then_close(
    make_case: Callable[..., Case], api_as: Any, member_api: Any, pain: Program, presenter: User
) -> None:
    case = make_case("sent")
    api = api_as(presenter)
    path = f"{CASES}/{case.pk}/follow-ups"
    identifying = api.post(path, {"what_changed": "Seen on 12 March 2026 by Dr. Patel."})
    assert identifying.status_code == 400 and identifying.json()["code"] == "phi_found"
    assert {f["field"] for f in identifying.json()["findings"]} == {"what_changed"}
    blank = api.post(path, {"what_changed": " "})
    assert blank.status_code == 400 and blank.json()["code"] == "text_required"
    bad_row = api.post(
        path,
        {"what_changed": "Less pain.", "medications": [{"drug": "", "dose": 1, "unit": "mg"}]},
    )
    assert bad_row.status_code == 422
    assert not FollowUp.objects.exists()
    done = api.post(
        path,
        {
            "what_changed": "Down to 30 mg a day.",
            "medications": [{"drug": "oxycodone", "dose": 7.5, "unit": "mg", "times_per_day": 4}],
            "scores": [{"instrument": "peg", "items": [5, 5, 6]}],
        },
    )
    assert done.status_code == 201, done.content
    assert done.json()["status"] == "followed_up"
    follow_up = FollowUp.objects.get(case=case)
    assert [str(m.dose) for m in follow_up.medications.all()] == ["7.500"]
    assert follow_up.scores.get().instrument == "peg"

    close = f"{CASES}/{case.pk}/close"
    assert api.post(close, {"advice_followed": "most"}).status_code == 422
    hub = member_api(pain, COORD).post(
        close, {"advice_followed": "all", "plan_changed": True, "referral_avoided": True}
    )
    assert hub.status_code == 403
    closed = api.post(
        close,
        {
            "advice_followed": "some",
            "plan_changed": True,
            "referral_avoided": False,
            "comments": "Useful.",
        },
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    saved = Case.objects.get(pk=case.pk)
    assert (saved.advice_followed, saved.plan_changed, saved.referral_avoided) == (
        "some",
        True,
        False,
    )
    assert saved.closeout_comments == "Useful." and saved.closed_at
    again = api.post(
        close, {"advice_followed": "all", "plan_changed": True, "referral_avoided": True}
    )
    assert again.status_code == 409 and again.json()["code"] == "not_sent"


def test_follow_up_before_the_recommendations_is_409(
    make_case: Callable[..., Case], api_as: Any, presenter: User
) -> None:
    case = make_case("scheduled")
    early = api_as(presenter).post(f"{CASES}/{case.pk}/follow-ups", {"what_changed": "Better."})
    assert early.status_code == 409 and early.json()["code"] == "not_sent"


# --- schema ---------------------------------------------------------------------------------------


def test_openapi_documents_the_case_endpoints_and_the_phi_refusal(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    base = "/api/v1/programs/{slug}/cases"
    assert set(paths[base]) == {"get", "post"}
    assert set(paths[base + "/{case_id}"]) == {"get", "patch"}
    for action in ("submit", "review", "schedule", "presented", "recommendations", "send"):
        assert "post" in paths[f"{base}/{{case_id}}/{action}"]
    submit = paths[base + "/{case_id}/submit"]["post"]
    ref = submit["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/PhiFoundOut")
    assert "findings" in schema["components"]["schemas"]["PhiFoundOut"]["properties"]
    assert submit["operationId"] == "submit_case" and submit["tags"] == ["cases"]


# --- one audience per reader ----------------------------------------------------------------------

PRIVATE_FIELDS = (
    "review_comments",
    "plain_language_summary",
    "closeout_comments",
    "advice_followed",
    "plan_changed",
    "referral_avoided",
)


@pytest.mark.parametrize(
    ("role", "sees_private", "sees_overrides"),
    [
        (PRESENTER, True, True),
        (COORD, True, True),
        (ADMIN, True, True),
        (EXPERT, True, False),
        (PART, False, False),
    ],
)
def test_each_reader_gets_only_what_their_page_shows(
    make_case: Callable[..., Case],
    api_as: Any,
    member_api: Any,
    pain: Program,
    presenter: User,
    role: str,
    sees_private: bool,
    sees_overrides: bool,
) -> None:
    case = make_case("sent")
    Case.objects.filter(pk=case.pk).update(
        review_comments="Please remove the town name.",
        plain_language_summary="We talked about a slow taper.",
        closeout_comments="Went well.",
        advice_followed="partly",
        plan_changed=True,
        referral_avoided=True,
    )
    PhiOverride.objects.create(
        case=case,
        field="social_context",
        kind="PLACE",
        text_hash="x" * 64,
        reason="not a place",
        actor=presenter,
    )
    api = api_as(presenter) if role == PRESENTER else member_api(pain, role)
    data = api.get(f"{CASES}/{case.pk}").json()
    for field in PRIVATE_FIELDS:
        hidden = data[field] in ("", None)
        assert hidden is not sees_private, (role, field, data[field])
    assert bool(data["overrides"]) is sees_overrides
    assert data["recommendations"]  # what the case page shows everyone who may read it


# --- recommendations need the version read -------------------------------------------------------


def test_a_recommendation_without_version_is_422_and_a_blind_overwrite_409(
    make_case: Callable[..., Case], member_api: Any, pain: Program
) -> None:
    case = make_case("scheduled")
    first, second = member_api(pain, Role.EXPERT), member_api(pain, Role.EXPERT)
    path = f"{CASES}/{case.pk}/recommendations"
    missing = first.post(path, {"discipline": "pharmacy", "text": "Taper by 10%."})
    assert missing.status_code == 422 and missing.json()["field"] == "version"
    assert (
        first.post(path, {"discipline": "pharmacy", "text": "Taper.", "version": 0}).status_code
        == 200
    )
    # The second expert also read "no text yet": saving would overwrite the first unseen.
    blind = second.post(path, {"discipline": "pharmacy", "text": "Rotate.", "version": 0})
    assert blind.status_code == 409 and blind.json()["code"] == "stale_recommendation"
    assert Recommendation.objects.get().text == "Taper."
