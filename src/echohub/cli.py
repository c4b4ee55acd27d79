"""The `echohub` command: Django's management commands plus the pure-Python tools.

`echohub phi ...`, `echohub mme ...` and `echohub attendance ...` run without loading Django
(fast cold start).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else ""
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
