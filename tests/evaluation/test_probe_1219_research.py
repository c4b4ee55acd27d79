"""Probe 1219, research export: which sessions a person attended, and what they answered to a
question about themselves, are quasi-identifiers too.

Before: attendance.csv listed every session a pid attended (pid, session, date, minutes), and
survey_answers.csv and free_text.csv gave the session and day of each named response. A rare
attendance pattern (the only one who came to the March 19 session and the April 2 one) is
known to everyone who was on the call, and it was a unique key to that pid, so to their
profession and their answers. A survey question asking the respondent's profession or region
gave back, beside the pid, what people.csv's k-anonymity had generalised.

Now attendance.csv has one row per person of people.csv: the number of sessions they attended
(whole months that are over, whatever the export's dates) as a band, which is one more
quasi-identifier of the k-anonymity (k = 5); responses carry no session and no day (their month
only), a survey someone answered more than once is exported without pids (the number of a
person's responses is how many sessions they attended), and the answers to a question that
asks about the respondent (profession, region, site, age...) are withheld, the README naming
them. All names and places are invented."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from echohub.attendance.models import Attendance
from echohub.evaluation import exports
from echohub.evaluation.models import Answer, Question, Response, Study
from echohub.programs.models import Membership, Role
from tests.evaluation.exports.conftest import read_zip
from tests.factories import (
    MembershipFactory,
    ProgramFactory,
    SessionFactory,
    SiteFactory,
    SurveyFactory,
    UserFactory,
)

K = 5
QI = ["profession", "region", "rurality", "site_kind", "role_start_month", "active"]
COUNTER = itertools.count()
ALL = ["people", "attendance", "survey_answers", "free_text"]
LIKERT = [{"value": str(i), "label": str(i)} for i in range(1, 6)]


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def download(client: Any, program: Any, study: Study, datasets: list[str], **extra: Any) -> Any:
    evaluator = UserFactory(email=f"eval{next(COUNTER)}@example.test")
    MembershipFactory(program=program, user=evaluator, role=Role.EVALUATOR)
    client.force_login(evaluator)
    response = client.post(
        f"/p/{program.slug}/research/export/download/",
        {"study": study.pk, "datasets": datasets, "format": "csv", **extra},
    )
    assert response.status_code == 200, response.content[:300]
    return read_zip(b"".join(response.streaming_content))


def join(program: Any, user: Any, site: Any) -> None:
    m = Membership.objects.create(
        program=program, user=user, role=Role.PARTICIPANT, site=site, consent_research=True
    )
    Membership.objects.filter(pk=m.pk).update(created_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))


def sessions_of(program: Any, n: int) -> list[Any]:
    start = dt.datetime(2026, 2, 5, 17, tzinfo=dt.UTC)
    return [
        SessionFactory(program=program, number=i + 1, starts_at=start + dt.timedelta(days=7 * i))
        for i in range(n)
    ]


def profiles(files: dict[str, bytes]) -> dict[str, tuple[Any, ...]]:
    """Everything a pid carries in the zip that someone may know of a person from elsewhere:
    people.csv's quasi-identifiers, attendance.csv's row(s), the sessions and days of their
    responses, and a survey they answered more than once (the number of their responses is
    how many sessions they attended). The answers themselves are what is protected."""
    out: dict[str, list[Any]] = defaultdict(list)
    for r in rows_of(files["people.csv"]):
        out[r["pid"]].append(("people", tuple(r[c] for c in QI)))
    if "attendance.csv" in files:
        seen: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for r in rows_of(files["attendance.csv"]):
            seen[r["pid"]].append(tuple(v for k, v in sorted(r.items()) if k != "pid"))
        for pid, rows in seen.items():
            out[pid].append(("attendance", tuple(sorted(rows))))
    for name in ("survey_answers.csv", "free_text.csv"):
        if name not in files:
            continue
        when: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        rids: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for r in rows_of(files[name]):
            if not r["pid"]:
                continue
            session = (r["survey_id"], r.get("session_id", ""), r.get("session_number", ""))
            if any(session[1:]) or r.get("submitted_on"):
                when[r["pid"]].add((*session, r.get("submitted_on", "")))
            rids[r["pid"]].add((r["survey_id"], r["rid"]))
        for pid in set(when) | set(rids):
            per_survey = Counter(survey for survey, _rid in rids[pid])
            repeated = tuple(sorted(s for s, n in per_survey.items() if n > 1))
            if when[pid] or repeated:
                out[pid].append((name, tuple(sorted(when[pid])), repeated))
    return {pid: tuple(sorted(parts, key=repr)) for pid, parts in out.items()}


def test_a_rare_attendance_pattern_is_not_a_key_to_a_pid(client, db):
    program = ProgramFactory(slug="pattern-one", time_zone="UTC")
    site = SiteFactory(program=program, region="Lakeshore", rurality="rural", kind="clinic")
    sessions = sessions_of(program, 6)
    nurses = []
    for i in range(10):
        nurse = UserFactory(profession="registered_nurse", email=f"n{i}.pat@example.test")
        join(program, nurse, site)
        nurses.append(nurse)
        for s in sessions[:3]:
            Attendance.objects.create(session=s, user=nurse, minutes=60)
    rare = nurses[0]  # the only one at sessions 5 and 6, as everyone on those calls saw
    for s in sessions[4:]:
        Attendance.objects.create(session=s, user=rare, minutes=60)
    study = Study.objects.create(program=program, name="Dose")
    files = download(client, program, study, ["people", "attendance"])
    pid = exports.pseudonym(study.key, "user", rare.pk)
    attendance = rows_of(files["attendance.csv"])
    # Before: 32 rows, the rare pid's being the only ones of sessions 5 and 6.
    assert {r["pid"] for r in attendance} == {
        exports.pseudonym(study.key, "user", n.pk) for n in nurses
    }
    assert len(attendance) == 10  # one row per person, nobody dropped
    assert "session_id" not in attendance[0]
    sizes = Counter(profiles(files).values())
    assert min(sizes.values()) >= K, sizes
    mine = next(r for r in attendance if r["pid"] == pid)
    assert mine["sessions_attended"] == "3-5"  # 5 sessions, the band the others share
    readme = files["README.txt"].decode()
    assert "sessions_attended" in readme


def test_attendance_does_not_follow_the_export_dates(client, db):
    """Two exports a session apart would give each pid's sessions back by difference."""
    program = ProgramFactory(slug="pattern-dates", time_zone="UTC")
    site = SiteFactory(program=program, region="Valley", rurality="urban", kind="chc")
    sessions = sessions_of(program, 4)
    for i in range(6):
        user = UserFactory(profession="pharmacist", email=f"d{i}.pat@example.test")
        join(program, user, site)
        for s in sessions[: 1 + i % 4]:
            Attendance.objects.create(session=s, user=user, minutes=60)
    study = Study.objects.create(program=program, name="Dates")
    whole = download(client, program, study, ["attendance"])["attendance.csv"]
    one_day = download(
        client, program, study, ["attendance"], date_from="2026-02-12", date_to="2026-02-12"
    )["attendance.csv"]
    assert rows_of(whole) == rows_of(one_day)


def _post_session_world(program: Any, site: Any, *, people: int) -> tuple[list[Any], Any, Any]:
    sessions = sessions_of(program, 3)
    users = []
    for i in range(people):
        user = UserFactory(profession="family_physician", email=f"s{i}.{program.slug}@example.test")
        join(program, user, site)
        users.append(user)
    survey = SurveyFactory(program=program, title="After each session")
    q = Question.objects.create(
        survey=survey, code="relevance", kind="likert", text="Relevant?", options=LIKERT
    )
    t = Question.objects.create(survey=survey, code="comments", kind="text", text="Comments")
    return users, survey, (sessions, q, t)


def test_responses_carry_no_session_no_day_and_a_repeated_survey_no_pid(client, db):
    program = ProgramFactory(slug="pattern-resp", time_zone="UTC")
    site = SiteFactory(program=program, region="Valley", rurality="urban", kind="chc")
    users, survey, (sessions, q, t) = _post_session_world(program, site, people=6)
    for i, user in enumerate(users):
        for s in sessions[: 1 + (i == 0) * 2]:  # the first answered after 3 sessions
            Attendance.objects.create(session=s, user=user, minutes=60)
            r = Response.objects.create(
                survey=survey, user=user, session=s, submitted_on=s.starts_at.date()
            )
            Answer.objects.create(response=r, question=q, number=Decimal(4))
            Answer.objects.create(response=r, question=t, text="useful")
    study = Study.objects.create(program=program, name="Responses")
    files = download(client, program, study, ALL)
    for name in ("survey_answers.csv", "free_text.csv"):
        rows = rows_of(files[name])
        assert len(rows) == 8, name  # nobody's answers dropped
        # Before: the first person's pid came with three rids, sessions 1 to 3 and their days.
        assert {r["pid"] for r in rows} == {""}, name
        assert {r.get("session_id", "") for r in rows} == {""}, name
        assert {r.get("session_number", "") for r in rows} == {""}, name
        assert "submitted_on" not in rows[0] and {r["submitted_month"] for r in rows} == {"2026-02"}
    assert min(Counter(profiles(files).values()).values()) >= K
    assert "answered more than once" in files["README.txt"].decode()


def test_a_survey_answered_once_keeps_its_pids_without_session_or_day(client, db):
    program = ProgramFactory(slug="pattern-once", time_zone="UTC")
    site = SiteFactory(program=program, region="Valley", rurality="urban", kind="chc")
    users, survey, (sessions, q, _t) = _post_session_world(program, site, people=6)
    for i, user in enumerate(users):
        s = sessions[i % 3]
        r = Response.objects.create(
            survey=survey, user=user, session=s, submitted_on=s.starts_at.date()
        )
        Answer.objects.create(response=r, question=q, number=Decimal(3))
    study = Study.objects.create(program=program, name="Once")
    rows = rows_of(download(client, program, study, ["survey_answers"])["survey_answers.csv"])
    assert {r["pid"] for r in rows} == {exports.pseudonym(study.key, "user", u.pk) for u in users}
    assert {(r["session_id"], r["session_number"]) for r in rows} == {("", "")}


def test_named_responses_are_chosen_by_whole_months(client, db):
    """Two exports a day apart would otherwise give back the day a pid answered."""
    program = ProgramFactory(slug="pattern-month", time_zone="UTC")
    site = SiteFactory(program=program, region="Valley", rurality="urban", kind="chc")
    users, survey, (_sessions, q, _t) = _post_session_world(program, site, people=5)
    for i, user in enumerate(users):
        r = Response.objects.create(survey=survey, user=user, submitted_on=dt.date(2026, 2, 3 + i))
        Answer.objects.create(response=r, question=q, number=Decimal(3))
    study = Study.objects.create(program=program, name="Months")

    def pids(**dates: str) -> set[str]:
        files = download(client, program, study, ["survey_answers"], **dates)
        return {r["pid"] for r in rows_of(files["survey_answers.csv"])}

    assert pids(date_from="2026-02-04", date_to="2026-02-04") == pids(
        date_from="2026-02-01", date_to="2026-02-28"
    )


def test_a_question_about_the_respondent_is_withheld(client, db):
    program = ProgramFactory(slug="pattern-qi", time_zone="UTC")
    site = SiteFactory(program=program, region="Valley", rurality="urban", kind="chc")
    users = []
    for i in range(6):
        profession = "dietitian" if i == 0 else "registered_nurse"
        user = UserFactory(profession=profession, email=f"q{i}.pat@example.test")
        join(program, user, site)
        users.append(user)
    survey = SurveyFactory(program=program, title="About you", kind="pre_cycle")
    asked = Question.objects.create(
        survey=survey,
        code="discipline",
        kind="single",
        text="What is your discipline?",
        options=[{"value": "rd", "label": "Dietitian"}, {"value": "rn", "label": "Nurse"}],
    )
    where = Question.objects.create(
        survey=survey, code="town", kind="text", text="Which town do you work in?"
    )
    rel = Question.objects.create(
        survey=survey, code="confidence", kind="likert", text="Confident?", options=LIKERT
    )
    for i, user in enumerate(users):
        r = Response.objects.create(survey=survey, user=user, submitted_on=dt.date(2026, 2, 3))
        Answer.objects.create(response=r, question=asked, text="rd" if i == 0 else "rn")
        Answer.objects.create(response=r, question=where, text="Smalltown" if i == 0 else "Big")
        Answer.objects.create(response=r, question=rel, number=Decimal(2))
    study = Study.objects.create(program=program, name="About")
    files = download(client, program, study, ALL)
    people = rows_of(files["people.csv"])
    assert {r["profession"] for r in people} != {"dietitian"}  # k-anonymity generalised it
    answers = rows_of(files["survey_answers.csv"])
    # Before: the pid whose profession people.csv blanked answered "rd" (dietitian).
    assert {r["question_code"] for r in answers} == {"confidence"}
    assert len(answers) == 6
    assert "Smalltown" not in files["free_text.csv"].decode()
    readme = files["README.txt"].decode()
    assert "discipline" in readme and "town" in readme


def test_which_questions_are_about_the_respondent():
    about = exports.is_quasi_identifier
    for code, text in [
        ("profession", "Profession"),
        ("q7", "What is your discipline?"),
        ("region", "Région"),
        ("q8", "Dans quelle ville travaillez-vous ?"),
        ("years_practice", "Years in practice"),
        ("age", "Your age"),
        ("site", "Your clinic"),
        ("q9", "Gender"),
    ]:
        assert about(code, text), (code, text)
    for code, text in [
        ("relevance", "Was the session relevant to your practice?"),
        ("comments", "Comments"),
        ("pain_patients_week", "How many patients with chronic pain do you see in a week?"),
        ("se", "How confident are you in the following?"),
    ]:
        assert not about(code, text), (code, text)


# Properties ---------------------------------------------------------------------------------


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["registered_nurse", "family_physician", "pharmacist", "dietitian"]),
            st.integers(0, 2),  # which site
            st.sets(st.integers(0, 7)),  # which of 8 sessions they attended
            st.integers(0, 3),  # how many post-session responses they gave
            st.booleans(),  # answered the pre-cycle survey
        ),
        min_size=K,
        max_size=18,
    )
)
def test_every_pids_profile_in_a_random_program_stands_for_5_people(client, db, population):
    n = next(COUNTER)
    program = ProgramFactory(slug=f"pattern{n}", time_zone="UTC")
    sites = [
        SiteFactory(program=program, region="Lakeshore", rurality="rural", kind="clinic"),
        SiteFactory(program=program, region="Far North", rurality="remote", kind="chc"),
        SiteFactory(program=program, region="Valley", rurality="urban", kind="hospital"),
    ]
    sessions = sessions_of(program, 8)
    post = SurveyFactory(program=program, title="After")
    pq = Question.objects.create(survey=post, code="rel", kind="likert", text="R", options=LIKERT)
    pre = SurveyFactory(program=program, title="Before", kind="pre_cycle")
    asked = Question.objects.create(survey=pre, code="profession", kind="text", text="Job?")
    conf = Question.objects.create(survey=pre, code="conf", kind="likert", text="C", options=LIKERT)
    for i, (profession, site, attended, responses, answered_pre) in enumerate(population):
        user = UserFactory(profession=profession, email=f"p{i}.pattern{n}@example.test")
        join(program, user, sites[site])
        for s in sorted(attended):
            Attendance.objects.create(session=sessions[s], user=user, minutes=60)
        for s in sorted(attended)[:responses]:
            r = Response.objects.create(
                survey=post,
                user=user,
                session=sessions[s],
                submitted_on=sessions[s].starts_at.date(),
            )
            Answer.objects.create(response=r, question=pq, number=Decimal(4))
        if answered_pre:
            r = Response.objects.create(survey=pre, user=user, submitted_on=dt.date(2026, 2, 2))
            Answer.objects.create(response=r, question=asked, text=profession)
            Answer.objects.create(response=r, question=conf, number=Decimal(3))
    study = Study.objects.create(program=program, name=f"Study {n}")
    files = download(client, program, study, ALL)
    people = rows_of(files["people.csv"])
    everyone = {r["pid"] for r in people}
    assert len(people) == len(population)  # nobody dropped
    assert {r["pid"] for r in rows_of(files["attendance.csv"])} == everyone
    sizes = Counter(profiles(files).values())
    assert min(sizes.values()) >= K, sizes
    # Every answer is exported (with a pid or without), none about the respondent.
    answers = rows_of(files["survey_answers.csv"])
    expected = sum(min(len(a), r) for _p, _s, a, r, _pre in population)
    expected += sum(1 for *_x, answered_pre in population if answered_pre)
    assert len(answers) == expected
    assert all(r["question_code"] != "profession" for r in answers)
    assert all(r["question_code"] != "profession" for r in rows_of(files["free_text.csv"]))


def test_a_presented_case_is_not_a_key_to_the_presenters_pid(client, db):
    """Everyone on the call knows who presented the 45-year-old's low back pain case at
    120 MME; before, its row gave that presenter's pid, so their answers and attendance."""
    from echohub.cases.models import Case

    program = ProgramFactory(slug="pattern-case", time_zone="UTC")
    site = SiteFactory(program=program, region="Valley", rurality="urban", kind="chc")
    users = []
    for i in range(6):
        user = UserFactory(profession="registered_nurse", email=f"c{i}.pat@example.test")
        join(program, user, site)
        users.append(user)
    for n in range(2):
        Case.objects.create(
            program=program,
            presenter=users[0],
            presenter_profession="registered_nurse",
            region="Valley",
            status="closed",
            theme="low_back",
            age_band="40-49",
            title="A case",
            submitted_at=dt.datetime(2026, 2, 3 + n, 15, tzinfo=dt.UTC),
            mme_total=Decimal("120"),
            number=f"CASE-PAT-{n}",
        )
    study = Study.objects.create(program=program, name="Cases")
    files = download(client, program, study, ["people", "case_outcomes"])
    pids = {r["pid"] for r in rows_of(files["people.csv"])}
    cases = rows_of(files["case_outcomes.csv"])
    assert "presenter_pid" not in cases[0]
    presenters = {r["presenter_id"] for r in cases}
    assert len(presenters) == 1  # one presenter's cases stay together ...
    assert not presenters & pids  # ... under an id the other files do not use
    assert "presenter_id" in files["README.txt"].decode()
