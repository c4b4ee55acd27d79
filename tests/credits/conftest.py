"""Fixtures for credits: a program with a cycle of three 90-minute sessions and people with
attendance, plus credit rules built through the service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from echohub.attendance.models import Attendance
from echohub.credits import services
from echohub.credits.models import CreditRule
from echohub.programs.models import Program, Role
from echohub.scheduling.models import Series, Session
from tests.factories import SeriesFactory, SessionFactory

AMA_STATEMENT = (
    "The University Health Network is accredited by the Accreditation Council for Continuing "
    "Medical Education (ACCME) to provide continuing medical education for physicians."
)
MAINPRO_STATEMENT = (
    "This Group Learning program has been certified by the College of Family Physicians of "
    "Canada for up to 1.5 Mainpro+ credits per session."
)


def rule_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "credit_type": "mainpro_group",
        "custom_name": "",
        "credits_per_hour": Decimal("1"),
        "rounding": "none",
        "minimum_share": 0,
        "registered_only": True,
        "survey_required": False,
        "accreditation_statement": MAINPRO_STATEMENT,
        "provider_name": "ECHO Ontario CPD Office",
        "provider_contact": "cpd@echo.example.test, 416-555-0100",
        "active": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def series(program: Program) -> Series:
    return SeriesFactory(program=program, title="Cycle 2026", count=3)


@pytest.fixture
def sessions(program: Program, series: Series) -> list[Session]:
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)  # 12:30 in Toronto
    return [
        SessionFactory(
            program=program,
            series=series,
            number=i + 1,
            title=f"Opioid tapering, part {i + 1}",
            starts_at=start + dt.timedelta(days=7 * i),
            ends_at=start + dt.timedelta(days=7 * i, minutes=90),
        )
        for i in range(3)
    ]


@pytest.fixture
def coordinator(program: Program, make_member: Callable[..., Any]) -> Any:
    return make_member(program, Role.COORDINATOR, first_name="Cora", last_name="Ordinator")


@pytest.fixture
def participant(program: Program, make_member: Callable[..., Any]) -> Any:
    return make_member(
        program,
        Role.PARTICIPANT,
        first_name="Priya",
        last_name="Cardinal",
        email="priya@example.test",
        licence_number="CPSO 123456",
    )


@pytest.fixture
def attend() -> Callable[..., Attendance]:
    def make(session: Session, user: Any, minutes: int) -> Attendance:
        return Attendance.objects.create(
            session=session, user=user, computed_minutes=minutes, minutes=minutes
        )

    return make


@pytest.fixture
def make_rule(program: Program, coordinator: Any) -> Callable[..., CreditRule]:
    def make(**overrides: Any) -> CreditRule:
        return services.create_rule(actor=coordinator, program=program, data=rule_data(**overrides))

    return make
