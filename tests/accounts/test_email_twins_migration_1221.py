"""Migration 0005 (one account per email whatever its capitals) says what to do when a
deployment already holds twins, instead of failing on the index (secprobe5's f4d49a5)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0004_user_language")]
AFTER = [("accounts", "0005_user_email_ci_unique")]


def migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


def test_twins_are_refused_in_words_and_the_migration_runs_once_they_are_gone() -> None:
    executor = migrate(BEFORE)
    try:
        User = executor.loader.project_state(BEFORE).apps.get_model("accounts", "User")
        User.objects.create(email="coord@example.test", password="!")
        twin = User.objects.create(email="Coord@Example.test", password="!")
        with pytest.raises(RuntimeError, match="belong to more than one account"):
            migrate(AFTER)
        twin.delete()
        migrate(AFTER)
    finally:
        migrate(AFTER)
        from echohub.accounts.models import User as Current

        Current.objects.filter(email__iexact="coord@example.test").delete()
