"""Probe 1213 (research export, anonymous answers): an anonymous survey's response keeps the
session it followed (a slot for the small-cell rule), and the research export wrote that
session's id and number, and the day, on the anonymous rows. Beside the attendance rows of
the same export (pid, session, date), a session that one consenting participant attended
ties the "anonymous" answers to that participant's pid.

Invented program (tests/evaluation/exports/conftest.py's world): a new session that only
one consenting participant attends, and an anonymous answer after it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from echohub.attendance.models import Attendance
from echohub.evaluation.models import Answer, Response
from tests.evaluation.exports.conftest import download, evaluator, read_zip, world  # noqa: F401
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_anonymous_rows_carry_nothing_that_ties_them_to_attendance(world, download, evaluator):  # noqa: F811
    alone = world.consenting[0]
    starts = dt.datetime(2026, 3, 20, 17, tzinfo=dt.UTC)
    session = SessionFactory(
        program=world.program, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    Attendance.objects.create(session=session, user=alone, minutes=60)
    response = Response.objects.create(
        survey=world.anonymous_survey, user=None, session=session, submitted_on=starts.date()
    )
    for q in world.anonymous_survey.questions.all():
        if q.kind == "text":
            Answer.objects.create(response=response, question=q, text="only after that one")
        else:
            Answer.objects.create(response=response, question=q, number=Decimal(4))
    reply = download(world, evaluator, include_anonymous="on")
    assert reply.status_code == 200
    files = read_zip(b"".join(reply.streaming_content))
    # attendance.csv gives no session since probe 1219 (a band of sessions per pid).
    assert "session_id" not in rows_of(files["attendance.csv"])[0]
    for name in ("survey_answers.csv", "free_text.csv"):
        anonymous = [r for r in rows_of(files[name]) if r["pid"] == ""]
        assert anonymous, name
        for row in anonymous:
            assert row["session_id"] == "", (name, row)
            assert row.get("session_number", "") == "", (name, row)
            assert "submitted_on" not in row and row["submitted_month"] == "2026-03", (name, row)


def test_the_dates_choose_anonymous_rows_by_whole_months(world, download, evaluator):  # noqa: F811
    """Two exports a day apart would otherwise give back the day of an anonymous answer."""
    day = dt.date(2026, 3, 20)
    response = Response.objects.create(
        survey=world.anonymous_survey, user=None, session=None, submitted_on=day
    )
    q = world.anonymous_survey.questions.get(kind="text")
    Answer.objects.create(response=response, question=q, text="said on the twentieth")

    def anonymous_texts(**dates: str) -> set[str]:
        reply = download(world, evaluator, include_anonymous="on", datasets=["free_text"], **dates)
        assert reply.status_code == 200
        files = read_zip(b"".join(reply.streaming_content))
        return {r["text"] for r in rows_of(files["free_text.csv"]) if r["pid"] == ""}

    on_the_day = anonymous_texts(date_from="2026-03-20", date_to="2026-03-20")
    the_days_before = anonymous_texts(date_from="2026-03-01", date_to="2026-03-19")
    assert ("said on the twentieth" in on_the_day) == ("said on the twentieth" in the_days_before)
