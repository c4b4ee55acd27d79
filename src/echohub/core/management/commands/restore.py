"""`echohub restore PATH [--force]`: restore a backup made by `echohub backup`.

Into an empty database (a new SQLite file, a new PostgreSQL database); --force replaces what a
database holds. The schema is migrated afterwards. See docs/deployment.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from echohub.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup (SQLite file, pg_dump archive or JSON) into the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything the database holds (refused without it when it holds data).",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            done = restore(Path(opts["path"]), force=opts["force"])
        except BackupError as err:
            raise CommandError(str(err)) from None
        self.stdout.write(f"restored {done.path} ({done.kind})")
