"""limit/offset pagination: default 50 items, at most 200, skipping at most MAX_OFFSET.

Bounds are part of the schema, so a limit or offset out of range (negative, too large for the
database's integers, not a number) is the usual 422 `invalid` with the field named, never a 500.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far beyond any list (a whole national network's attendance is millions of rows) and far below
# the 2**63 where SQL OFFSET overflows.
MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
