"""``echohub attendance reconcile|accuracy ...`` as a Django management command.

A thin door onto :func:`echohub.attendance.cli.main` (the engine itself has no Django import).
Django finds this command only once ``echohub.attendance`` is an installed app; until then the
top-level ``echohub`` command routes ``attendance`` straight to the same ``main``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from echohub.attendance.cli import main


class Command(BaseCommand):
    help = (
        "Reconcile a Zoom participants report with a roster "
        "(reconcile --roster R --session S --report F [--json]) or score the engine on "
        "hand-reconciled sessions (accuracy [--data DIR])."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("arguments", nargs=argparse.REMAINDER)

    def run_from_argv(self, argv: list[str]) -> None:
        # Bypass Django's parser so that `--json`, `--help` and exit codes are the CLI's own.
        sys.exit(main(argv[2:]))

    def handle(self, *args: Any, **options: Any) -> None:
        code = main(
            list(options.get("arguments") or args),
            stdout=cast(TextIO, self.stdout),
            stderr=cast(TextIO, self.stderr),
        )
        if code:
            raise CommandError(f"attendance exited with status {code}", returncode=code)
