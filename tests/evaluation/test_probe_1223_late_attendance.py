"""Probe 1223 (late attendance): attendance recorded, adjusted or deleted after its month is
over (a review resolved late, a late import, a coordinator's adjustment) changed that month's
figures for evaluators. January's first session read 13 attendees in March, then 14 once a
late import added f1: the difference is that one person, on the page, in the API, in the PDF
and (their band of sessions attended) in the research export.

For evaluators each session's attendance is now taken as it stood the first time the insights
read it once its month was over (`evaluation.FrozenAttendance`, `privacy.freeze_attendance`),
and every evaluator attendance figure reads it; coordinators keep the live attendance.

Invented program: fourteen participants (seven family physicians, seven nurse practitioners,
at two sites) come to three sessions of January 2026; f1 misses the first.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from echohub.accounts.models import ApiToken, User
from echohub.attendance.models import Attendance
from echohub.evaluation.models import FrozenAttendance, Study
from echohub.programs.models import Membership, Role
from tests.evaluation.exports.conftest import read_zip
from tests.evaluation.smallcells.conftest import Tiny, at
from tests.factories import MembershipFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

FP, NP = "family_physician", "nurse_practitioner"
JAN = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
FILTERS: list[dict[str, str]] = [
    {},
    {"profession": FP},
    {"profession": NP},
    {"region": "Toronto"},
    {"region": "North West"},
]
MARCH, LATE, LATER = dt.date(2026, 3, 15), dt.date(2026, 3, 16), dt.date(2026, 5, 20)
SLUGS = itertools.count()
LAYOUT = [(f"f{i}", FP, "A" if i <= 3 else "C") for i in range(1, 8)] + [
    (f"n{i}", NP, "A" if i <= 3 else "C") for i in range(1, 8)
]
CSRF = re.compile(
    r'(csrfmiddlewaretoken" value="|csrf-token" content="|X-CSRFToken": "|nonce=")[^"]*'
)


def flat(x: Any, path: str = "") -> dict[str, Any]:
    """Every number of a dashboard's figures by its place (rows by key or label)."""
    out: dict[str, Any] = {}
    if isinstance(x, dict):
        for k, v in x.items():
            out.update(flat(v, f"{path}.{k}"))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            key = v.get("key", v.get("label", i)) if isinstance(v, dict) else i
            out.update(flat(v, f"{path}[{key}]"))
    elif isinstance(x, int | float | str) and not isinstance(x, bool):
        out[path] = x
    return out


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [(k, v, after.get(k)) for k, v in before.items() if after.get(k) != v]


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


class Program:
    def __init__(
        self,
        layout: list[tuple[str, str, str]] = LAYOUT,
        attendance: list[tuple[str, int, int]] | None = None,
        role: str = Role.EVALUATOR,
    ) -> None:
        keys = [k for k, _p, _s in layout]
        if attendance is None:  # everyone at the three sessions, but f1 misses the first
            attendance = [(k, s, 60) for k in keys for s in range(3) if (k, s) != ("f1", 0)]
        self.tiny = t = Tiny(
            layout=layout,
            attendance=attendance,
            responses=[(k, 4, "") for k in keys],
            cases=[],
            slug=f"late{next(SLUGS)}",
        )
        Membership.objects.filter(program=t.program, role=Role.PARTICIPANT).update(
            consent_research=True
        )
        self.viewer = UserFactory()
        MembershipFactory(program=t.program, user=self.viewer, role=role)
        _token, raw = ApiToken.issue(user=self.viewer, name="probe")
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        self.study = Study.objects.create(program=t.program, name="Late")

    @property
    def slug(self) -> str:
        return str(self.tiny.program.slug)

    def user(self, key: str) -> User:
        user: User = self.tiny.people[key].user
        return user

    def session(self, i: int) -> Any:
        return self.tiny.sessions[i]

    def api(
        self, client: Any, day: dt.date, dashboards: tuple[str, ...] = ("reach", "sessions")
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        with time_machine.travel(at(day), tick=False):
            for dash in dashboards:
                for f in FILTERS:
                    for dates in ({}, JAN, {**JAN, "series": self.tiny.cycle.pk}):
                        params = {**f, **dates}
                        r = client.get(
                            f"/api/v1/programs/{self.slug}/insights/{dash}", params, **self.headers
                        )
                        assert r.status_code == 200, r.content
                        where = f"{dash}{sorted(params.items())}"
                        for k, v in flat(r.json()["figures"]).items():
                            out[where + k] = v
        return out

    def pages(self, client: Any, day: dt.date) -> dict[str, str]:
        """The evaluator's pages and PDF (as text), and the research export's attendance."""
        client.force_login(self.viewer)
        out: dict[str, str] = {}
        with time_machine.travel(at(day), tick=False):
            for name in ("evaluation:reach", "evaluation:sessions_dashboard"):
                for dates in ({}, JAN):
                    r = client.get(reverse(name, kwargs={"slug": self.slug}), dates)
                    assert r.status_code == 200
                    out[f"{name}{dates}"] = CSRF.sub("", r.content.decode())
            for dates in ({}, JAN):
                r = client.get(reverse("evaluation:report", kwargs={"slug": self.slug}), dates)
                assert r.status_code == 200
                out[f"pdf{dates}"] = pdf_text(r.content)
            if self.viewer.memberships.filter(role=Role.EVALUATOR).exists():
                r = client.post(
                    f"/p/{self.slug}/research/export/download/",
                    {"study": self.study.pk, "datasets": ["attendance"], "format": "csv"},
                )
                assert r.status_code == 200, r.content[:300]
                files = read_zip(b"".join(r.streaming_content))
                out["attendance.csv"] = files["attendance.csv"].decode()
        return out


def late_add(p: Program) -> None:
    """A late import (or a review resolved late): f1 was at January's first session."""
    Attendance.objects.create(session=p.session(0), user=p.user("f1"), minutes=60)


def late_adjust(p: Program) -> None:
    """A coordinator's adjustment: n2 left the second session early; n4 was not there."""
    Attendance.objects.filter(session=p.session(1), user=p.user("n2")).update(
        adjusted_minutes=20, minutes=20
    )
    Attendance.objects.filter(session=p.session(1), user=p.user("n4")).update(
        adjusted_minutes=0, minutes=0
    )


def late_delete(p: Program) -> None:
    """A row given to the wrong person, undone: n3's third session deleted."""
    Attendance.objects.filter(session=p.session(2), user=p.user("n3")).delete()


def late_newcomer(p: Program) -> None:
    """A late import matches someone who never attended before (no membership either)."""
    newcomer = UserFactory(profession=FP)
    for s in range(3):
        Attendance.objects.create(session=p.session(s), user=newcomer, minutes=60)


CHANGES = [late_add, late_adjust, late_delete, late_newcomer]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_a_late_change_moves_no_figure_in_the_api(client, change):
    p = Program()
    before = p.api(client, MARCH)
    jan = "sessions[('date_from', '2026-01-01'), ('date_to', '2026-01-31')]"
    assert [before[f"{jan}.rows[{i}].attendees"] for i in range(3)] == [13, 14, 14]
    with time_machine.travel(at(LATE), tick=False):
        change(p)
    assert changed(before, p.api(client, MARCH)) == []
    assert changed(before, p.api(client, LATER)) == []


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_a_late_change_moves_nothing_on_the_pages_the_pdf_or_the_export(client, change):
    p = Program()
    before = p.pages(client, MARCH)
    assert "13" in before["evaluation:sessions_dashboard{}"]
    with time_machine.travel(at(LATE), tick=False):
        change(p)
    after = p.pages(client, MARCH)
    assert [k for k in before if before[k] != after[k]] == []


def test_coordinators_see_the_late_change(client):
    p = Program(role=Role.COORDINATOR)
    jan = "sessions[('date_from', '2026-01-01'), ('date_to', '2026-01-31')]"
    key = f"{jan}.rows[0].attendees"
    assert p.api(client, MARCH, ("sessions",))[key] == 13
    late_add(p)
    assert p.api(client, MARCH, ("sessions",))[key] == 14
    assert not FrozenAttendance.objects.exists()  # taken for evaluators only


def test_attendance_is_taken_once_per_session_once_its_month_is_over(client):
    """Read in January (month under way), nothing is taken and the figures are live; read
    in February, January's sessions are taken (a mark each, a row per record), once."""
    p = Program()
    sessions = "sessions[('date_from', '2026-01-01'), ('date_to', '2026-01-31')].rows[0].attendees"
    during = p.api(client, dt.date(2026, 1, 28), ("sessions",))
    assert during[sessions] == 13 and not FrozenAttendance.objects.exists()
    late_add(p)  # still January: counts
    assert p.api(client, dt.date(2026, 1, 29), ("sessions",))[sessions] == 14
    p.api(client, dt.date(2026, 2, 2), ("sessions",))
    taken = FrozenAttendance.objects.filter(program=p.tiny.program)
    assert taken.filter(user__isnull=True).count() == 3
    assert taken.filter(user__isnull=False).count() == 42
    stamps = set(taken.values_list("pk", "frozen_at"))
    late_delete(p)
    p.api(client, MARCH)
    assert set(taken.values_list("pk", "frozen_at")) == stamps  # never written again


def test_a_session_taken_with_no_attendance_stays_without(client):
    """A session read once its month is over with nothing recorded stays 'no attendance
    recorded' for evaluators: a late import there would add its people to the month."""
    p = Program()
    empty = SessionFactory(
        program=p.tiny.program,
        series=p.tiny.cycle,
        number=4,
        starts_at=at(dt.date(2026, 1, 29)),
        ends_at=at(dt.date(2026, 1, 29), 14),
    )
    before = p.api(client, MARCH)
    jan = "sessions[('date_from', '2026-01-01'), ('date_to', '2026-01-31')]"
    assert f"{jan}.rows[3].title" in before and f"{jan}.rows[3].attendees" not in before
    for k, _prof, _site in LAYOUT[:6]:
        Attendance.objects.create(session=empty, user=p.user(k), minutes=60)
    assert changed(before, p.api(client, LATER)) == []


def test_erasure_after_the_month_changes_no_figure(client):
    from echohub.privacy.erasure import erase_person, preview_erasure

    p = Program()
    before = p.api(client, MARCH)
    admin = User.objects.create_superuser(email="admin.late@example.test", password="x-x-x-x-x")
    person = p.user("f2")
    preview = preview_erasure(actor=admin, person=person, program=p.tiny.program)
    erase_person(actor=admin, person=person, program=p.tiny.program, confirmation=preview.phrase)
    assert changed(before, p.api(client, LATER)) == []


def test_bad_filters_take_nothing(client):
    """A request refused for its filters computes nothing, so takes nothing."""
    p = Program()
    with time_machine.travel(at(MARCH), tick=False):
        r = client.get(
            f"/api/v1/programs/{p.slug}/insights/sessions",
            {"date_from": "2026-13-45"},
            **p.headers,
        )
    assert r.status_code in (400, 422)
    assert not FrozenAttendance.objects.exists()


def test_each_freeze_runs_once_per_page(client):
    """The facts, sites and attendance are taken with one statement each per page, however
    many figures read them (it ran once per figure and filter a click away before)."""
    p = Program()
    client.force_login(p.viewer)
    url = reverse("evaluation:reach", kwargs={"slug": p.slug})
    with time_machine.travel(at(MARCH), tick=False), CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {**JAN, "profession": FP}).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum(q.startswith('INSERT INTO "evaluation_frozenfacts"') for q in sql) == 1
    assert sum(q.startswith('INSERT INTO "evaluation_frozenattendance"') for q in sql) == 1


def _apply(p: Program, change: tuple[int, int, str, int]) -> None:
    who, session, kind, minutes = change
    user, s = p.user(LAYOUT[who % len(LAYOUT)][0]), p.session(session)
    if kind == "delete":
        Attendance.objects.filter(session=s, user=user).delete()
    else:
        Attendance.objects.update_or_create(
            session=s, user=user, defaults={"minutes": minutes, "computed_minutes": minutes}
        )


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking a database world is slow
)
@given(
    absent=st.sets(st.tuples(st.integers(0, 13), st.integers(0, 2)), max_size=6),
    changes=st.lists(
        st.tuples(
            st.integers(0, 3),  # 1 to 4 people (indices into a random pick below)
            st.integers(0, 2),
            st.sampled_from(["delete", "record"]),
            st.integers(0, 120),
        ),
        min_size=1,
        max_size=6,
    ),
    people=st.lists(st.integers(0, 13), min_size=1, max_size=4, unique=True),
)
def test_late_changes_of_one_to_four_people_move_no_figure_seen(absent, changes, people):
    """Property: whatever late changes touch the attendance of 1 to 4 people (recorded,
    adjusted, to 0 minutes, deleted) after January is over, every figure the evaluator saw
    for January reads the same after: two readings differ figure by figure by 0 people."""
    client = Client()
    attendance = [
        (k, s, 60) for i, (k, _p, _s) in enumerate(LAYOUT) for s in range(3) if (i, s) not in absent
    ]
    p = Program(attendance=attendance)
    before = p.api(client, MARCH)
    with time_machine.travel(at(LATE), tick=False):
        for who, session, kind, minutes in changes:
            _apply(p, (people[who % len(people)], session, kind, minutes))
    assert changed(before, p.api(client, LATER)) == []


NOTE = "Attendance counts here as it stood when these figures first read its month"


def test_the_page_and_the_pdf_say_so_to_evaluators_only(client):
    p = Program()
    coordinator = UserFactory()
    MembershipFactory(program=p.tiny.program, user=coordinator, role=Role.COORDINATOR)
    slug = {"slug": p.slug}
    for user, shown in ((p.viewer, True), (coordinator, False)):
        client.force_login(user)
        page = client.get(reverse("evaluation:sessions_dashboard", kwargs=slug)).content.decode()
        pdf = pdf_text(client.get(reverse("evaluation:report", kwargs=slug)).content)
        assert (NOTE in page, NOTE in pdf) == (shown, shown)
