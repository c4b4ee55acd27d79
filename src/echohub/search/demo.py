"""The demo's search index: built once the rest of the demo (talks, tools, cases) is loaded.
The saves already indexed each thing as it was made; the rebuild makes sure nothing is
missed (e.g. content loaded with bulk inserts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from echohub.programs.models import Program


def add(*, programs: Iterable[Program], now: dt.datetime, seed: int) -> None:
    from echohub.search.indexing import reindex_all

    reindex_all()
