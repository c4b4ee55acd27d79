"""``python -m clinical mme --json < rows.json``."""

import sys

from clinical.cli import main

sys.exit(main(sys.argv[1:]))
