"""Text people typed, made safe for a one-line slot in another format (an email header, an
iCalendar property, a file name).

A title or a name may hold a line break (the API and a hand-made form post take any text) or
another control character. In an email subject Django refuses it (the whole email fails), and
in a calendar file some readers take a bare CR or LF as the end of the property, so the rest
would be read as properties of its own. :func:`one_line` keeps every word: each line break
(CR, LF, CRLF and the others ``str.splitlines`` knows: VT, FF, NEL, U+2028, U+2029, ...)
becomes one space and other control characters go.
"""

from __future__ import annotations

import re

#: C0 controls but tab, and DEL and the C1 controls: nothing a reader can see.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def one_line(text: object) -> str:
    """`text` on one line: line breaks become a space, other control characters go."""
    joined = " ".join(str(text).splitlines())
    return _CONTROLS.sub("", joined)
