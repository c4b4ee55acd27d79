"""`echohub check_translations`: the translation check of `make lint` (see core/i18n_lint.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from echohub.core.i18n_lint import check_tree, compile_mo, parse_po


class Command(BaseCommand):
    help = (
        "Fail on untranslated or fuzzy messages, a catalogue out of date with the sources, a "
        ".mo out of date with its .po, and text not marked for translation in templates and "
        "Python."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--root",
            type=Path,
            default=Path(settings.BASE_DIR),
            help="The project package holding locale/ (default: echohub's).",
        )
        parser.add_argument("--locale", default="fr")
        parser.add_argument(
            "--compile",
            action="store_true",
            help="First write each .mo from its .po in plain Python (no GNU gettext needed).",
        )
        parser.add_argument(
            "--no-makemessages",
            action="store_true",
            help="Skip the makemessages dry run (no GNU gettext needed; misses stale catalogues).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["compile"]:
            folder = options["root"] / "locale" / options["locale"] / "LC_MESSAGES"
            for po in sorted(folder.glob("*.po")):
                entries = parse_po(po.read_text(encoding="utf-8"))
                po.with_suffix(".mo").write_bytes(compile_mo(entries))
                self.stdout.write(f"Compiled {po.with_suffix('.mo')}")
        run_makemessages = not options["no_makemessages"]
        if run_makemessages and not (shutil.which("xgettext") and shutil.which("msgmerge")):
            raise CommandError(
                "GNU gettext (xgettext, msgmerge) is needed to compare the catalogue with the "
                "sources: install it (Debian/Ubuntu: apt-get install gettext; macOS: brew "
                "install gettext), or run with --no-makemessages."
            )
        problems = check_tree(
            options["root"], locale=options["locale"], run_makemessages=run_makemessages
        )
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(
                f"{len(problems)} translation problem(s). To update the catalogue: cd "
                "src/echohub && echohub makemessages -l fr --no-obsolete --add-location=file, "
                "translate (no empty or fuzzy entry), then echohub compilemessages -l fr."
            )
        self.stdout.write("Translations: every message translated, catalogue up to date.")
