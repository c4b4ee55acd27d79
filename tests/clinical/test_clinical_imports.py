"""The clinical package stays plain Python: importing it never imports Django."""

from __future__ import annotations

import subprocess
import sys


def test_clinical_package_imports_no_django() -> None:
    code = (
        "import sys, clinical, clinical.cli, clinical.mme, clinical.taper, clinical.instruments;"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    completed = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout.strip() == "[]"
