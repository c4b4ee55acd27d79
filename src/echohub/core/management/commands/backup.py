"""`echohub backup [PATH] [--format auto|sqlite|pgdump|json]`: a backup of the database.

Without PATH, a new file in var/backups/. See echohub/core/backup.py and docs/deployment.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from echohub.core.backup import FORMATS, BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite file copy, pg_dump, or JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="The file to write (default: var/backups/).")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="auto: a SQLite file for SQLite, pg_dump for PostgreSQL (json without pg_dump).",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            done = backup(Path(opts["path"]) if opts["path"] else None, fmt=opts["format"])
        except BackupError as err:
            raise CommandError(str(err)) from None
        size = done.path.stat().st_size
        self.stdout.write(f"backup written: {done.path} ({done.kind}, {size:,} bytes)")
