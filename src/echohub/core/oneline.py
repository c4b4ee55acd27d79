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

#: C0 controls but tab, and DEL and the C1 controls: nothing a reader can see. Also the bidi
#: embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): typed in a title they
#: would reverse the rest of the subject or calendar line after it ("fdp.exe").
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: object) -> str:
    """`text` on one line: line breaks become a space, other control characters (and bidi
    overrides) go."""
    joined = " ".join(str(text).splitlines())
    return _CONTROLS.sub("", joined)
