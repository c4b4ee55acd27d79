"""Fixtures of the library tests: programs with cases in every status, members in every role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from echohub.cases.models import Case, CaseStatus, Discipline, Recommendation
from echohub.programs.models import Program
from tests.factories import ProgramFactory, UserFactory


@pytest.fixture(autouse=True)
def _library_files(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Every test keeps its uploads in its own temporary folder."""
    root = tmp_path / "library-files"
    settings.LIBRARY_FILES_ROOT = str(root)
    yield root


@pytest.fixture
def other_program(db: None) -> Program:
    return ProgramFactory(name="Hepatitis C", slug="hep-c")


@pytest.fixture
def make_case() -> Callable[..., Case]:
    """make_case(program, status, presenter=None, **fields) -> a case (with one
    recommendation once sent)."""

    def make(
        program: Program,
        status: str = CaseStatus.RECOMMENDATIONS_SENT,
        presenter: Any = None,
        **fields: Any,
    ) -> Case:
        presenter = presenter or UserFactory(first_name="Zelda", last_name="Presenterson")
        now = timezone.now()
        case = Case.objects.create(
            program=program,
            presenter=presenter,
            status=status,
            title=fields.pop("title", "Low back pain on high-dose opioids"),
            theme=fields.pop("theme", "low_back"),
            age_band="50-59",
            questions=fields.pop("questions", "How to taper while keeping function?"),
            sent_at=now if status in ("sent", "followed_up", "closed") else None,
            **fields,
        )
        if case.sent_at:
            Recommendation.objects.create(
                case=case,
                discipline=Discipline.PHARMACY,
                text="Reduce by 10% of the original dose every four weeks.",
                author=UserFactory(),
            )
        return case

    return make
