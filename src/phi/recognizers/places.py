"""places."""

from __future__ import annotations

from typing import Any

from phi.core import Collector
from phi.lexicon import Lexicon


def recognize(c: Collector, lex: Lexicon, idx: Any) -> None:
    return None
