"""The recognizers, one module per family, and the registry that runs them in order.

Each entry is ``(family, name, function)``; a function takes the candidate collector, the
lexicon and the text's word index and adds candidates (or vetoes). :func:`phi.scanner.scan`
runs them all, then resolves overlaps by priority.

- formatted numbers: ``phi.scanner`` (checksums, phones, emails, URLs, IPs, postal codes,
  labelled numbers) and ``numbers`` (numbers by label or column; hours, DINs and lots vetoed);
- dates and ages: ``phi.scanner`` and ``dates`` (no year, two-digit years, ages in words);
- places: ``phi.scanner`` (streets, facilities, towns) and ``places`` (workplaces, communities);
- layout: ``layout`` (table columns, chat speakers);
- names: ``phi.scanner`` (names by cue) and ``names`` (lists, shapes, handles, neighbours).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from phi.core import Collector
from phi.lexicon import Lexicon

Recognizer = Callable[[Collector, Lexicon, Any], None]


def registry() -> list[tuple[str, str, Recognizer]]:
    from phi import scanner as s
    from phi.recognizers import dates, layout, names, numbers, places

    return [
        (
            "formatted numbers",
            "checksums, phones, emails, URLs, labelled numbers",
            lambda c, lex, idx: s._formatted(c, idx),
        ),
        ("formatted numbers", "numbers by label and shape", numbers.recognize),
        ("dates", "dates", lambda c, lex, idx: s._dates(c, idx)),
        ("dates", "dates without a year, two-digit years, ages in words", dates.recognize),
        ("dates", "ages over 89", lambda c, lex, idx: s._ages(c, idx)),
        ("places", "street addresses", lambda c, lex, idx: s._streets(c, idx)),
        ("places", "facilities", lambda c, lex, idx: s._facilities(c, lex, idx)),
        ("places", "towns", lambda c, lex, idx: s._towns(c, lex, idx)),
        ("places", "workplaces, communities, lower-case addresses", places.recognize),
        ("layout", "table columns", lambda c, lex, idx: layout.tables(c, lex)),
        ("layout", "chat speakers", lambda c, lex, idx: layout.speakers(c, lex)),
        ("names", "names by cue", lambda c, lex, idx: s._names(c, lex, idx)),
        ("names", "names by list, shape and neighbourhood", names.recognize),
        ("names", "a name found once is found everywhere", names.propagate),
    ]
