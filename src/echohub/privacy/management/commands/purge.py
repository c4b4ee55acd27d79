"""`echohub purge [--dry-run]`: remove case content past each program's retention rule.

Prints one line per program and kind (counts only, never content). The same purge runs in the
`send_reminders --loop` process about once a day; see docs/deployment.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from echohub.privacy.retention import KINDS, purge_cases


class Command(BaseCommand):
    help = "Remove case content past each program's retention rule (--dry-run: count only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; change nothing."
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        dry = bool(opts["dry_run"])
        results = purge_cases(dry_run=dry)
        verb = "would remove" if dry else "removed"
        for result in results:
            for kind in KINDS:
                self.stdout.write(
                    f"{result.slug}\t{kind}\t{result.counts[kind]}\t"
                    f"({verb}; rule: {result.years} years)"
                )
        total = sum(r.counts["cases"] for r in results)
        self.stdout.write(f"{total} case(s) {verb} in {len(results)} program(s)")
