"""`echohub search_reindex`: rebuild the search index from the talks, tools and past cases."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from echohub.search.indexing import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index (talks, tools, past cases and their recommendations)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500, help="rows per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        last: dict[str, float] = {}

        def progress(label: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if done == total or now - last.get(label, 0) >= 1:
                last[label] = now
                self.stdout.write(f"{label}: {done}/{total}")

        counts = reindex_all(batch=max(1, options["batch"]), progress=progress)
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Indexed {summary} in {seconds:.1f} s."))
