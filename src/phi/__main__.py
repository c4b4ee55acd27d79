"""``python -m phi scan FILE...``"""

import sys

from phi.cli import main

if __name__ == "__main__":
    sys.exit(main())
