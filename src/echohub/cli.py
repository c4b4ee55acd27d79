"""The `echohub` command: Django's management commands plus the pure-Python tools.

`echohub phi ...`, `echohub mme ...` and `echohub attendance ...` run without loading Django
(fast cold start).
"""

from __future__ import annotations

import os
import sys

#: echohub's own commands, listed by `echohub`, `echohub --help` and `echohub help`.
COMMANDS = (
    ("serve", "migrate, load the demo first and serve (--addr HOST:PORT, --production, --asgi)"),
    ("demo", "load synthetic demo data (programs, people, sessions, cases)"),
    ("phi", "scan or redact patient identifiers in text files (phi scan --json FILE...)"),
    ("mme", "daily morphine milligram equivalents of medication rows (JSON on stdin)"),
    ("taper", "a taper plan for an opioid regimen (JSON on stdin, --json)"),
    ("attendance", "reconcile a video platform's attendance report (CSV) with registrations"),
    ("send_reminders", "queue due agenda and reminder emails (--loop in production)"),
    ("db_worker", "run background jobs (emails, exports, imports) when TASKS_BACKEND=database"),
    ("purge", "remove case content past each program's retention rule (--dry-run: count only)"),
    ("search_reindex", "rebuild the search index of talks, tools, past cases and recommendations"),
    ("check_translations", "check the French catalogue (--compile writes the .mo file)"),
    ("prune_jobs", "delete finished background jobs past JOB_RESULT_RETENTION_DAYS"),
    ("backup", "back up the database (SQLite file copy, pg_dump or --format json)"),
    ("restore", "restore a backup into an empty database (--force to replace one)"),
    ("api_token", "create an API token for a person"),
    ("generate_network", "generate a large synthetic network for benchmarks"),
    ("migrate", "apply database migrations (Django)"),
)


def usage() -> str:
    width = max(len(name) for name, _ in COMMANDS)
    lines = ["usage: echohub COMMAND [options]", "", "echohub's commands:"]
    lines += [f"  {name:<{width}}  {text}" for name, text in COMMANDS]
    lines += [
        "",
        "`echohub COMMAND --help` explains one command; `echohub help --commands` lists "
        "Django's other management commands.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else ""
    if command in ("", "-h", "--help") or argv[1:] == ["help"]:
        sys.stdout.write(usage())
        return 0
    if "-h" in argv[2:] or "--help" in argv[2:] or command == "help":
        # Help needs no secret: settings refuse to load without one when DEBUG is off.
        os.environ.setdefault("SECRET_KEY", "help-only-not-a-secret")
    if command == "phi":
        from phi.cli import main as phi_main

        return phi_main(argv[2:])
    if command == "attendance":
        from echohub.attendance.cli import main as attendance_main

        return attendance_main(argv[2:])
    if command in ("mme", "taper"):
        from clinical.cli import main as clinical_main

        return clinical_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "echohub.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
