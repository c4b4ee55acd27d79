"""Counters for rate limits and lockouts, shared by every app process.

Two stores behind one interface: the database (`RateCounter`, the default: works with SQLite and
PostgreSQL, nothing else to run) and the cache (when `REDIS_URL` is set, so the counters live in
Redis; a per-process cache would not be shared, so it is never used for this). Keys are hashed
before they are stored, so no email or address sits in a counter.

Semantics, for both stores: `record` counts one event for (scope, key) in a fixed window of
`window` seconds; the event that brings the count to `limit` locks the key for `lockout` seconds.
`locked_for` says how many seconds a key stays locked (0 when it is not).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from echohub.security.models import RateCounter


@dataclass(frozen=True)
class Limit:
    """`limit` events per `window` seconds; reaching it locks the key for `lockout` seconds."""

    scope: str
    limit: int
    window: int
    lockout: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.lockout / 60))


def key_of(raw: str) -> str:
    return hashlib.sha256(raw.strip().lower().encode()).hexdigest()


class Store(Protocol):
    def locked_for(self, scope: str, key: str) -> int: ...
    def record(self, rule: Limit, key: str) -> int: ...
    def clear(self, scope: str, key: str) -> None: ...


class DatabaseStore:
    def locked_for(self, scope: str, key: str) -> int:
        until = (
            RateCounter.objects.filter(scope=scope, key=key)
            .values_list("locked_until", flat=True)
            .first()
        )
        if until is None:
            return 0
        return max(0, math.ceil((until - timezone.now()).total_seconds()))

    def record(self, rule: Limit, key: str) -> int:
        now = timezone.now()
        for _attempt in range(2):
            try:
                with transaction.atomic():
                    row = (
                        RateCounter.objects.select_for_update()
                        .filter(scope=rule.scope, key=key)
                        .first()
                    )
                    if row is None:
                        row = RateCounter.objects.create(
                            scope=rule.scope, key=key, count=0, window_start=now
                        )
                    if now - row.window_start >= dt.timedelta(seconds=rule.window):
                        row.count, row.window_start = 0, now
                    row.count += 1
                    if row.count >= rule.limit:
                        row.locked_until = now + dt.timedelta(seconds=rule.lockout)
                        row.count, row.window_start = 0, now
                    row.save()
                    return self.locked_for(rule.scope, key)
            except IntegrityError:  # two processes created the row at once: count again
                continue
        return 0

    def clear(self, scope: str, key: str) -> None:
        RateCounter.objects.filter(scope=scope, key=key).delete()


class CacheStore:
    """Redis (through Django's cache): an expiring counter and an expiring lock per key."""

    def _keys(self, scope: str, key: str) -> tuple[str, str]:
        return f"security:n:{scope}:{key}", f"security:lock:{scope}:{key}"

    def locked_for(self, scope: str, key: str) -> int:
        _n, lock = self._keys(scope, key)
        until = cache.get(lock)
        if until is None:
            return 0
        return max(0, math.ceil(float(until) - timezone.now().timestamp()))

    def record(self, rule: Limit, key: str) -> int:
        n, lock = self._keys(rule.scope, key)
        cache.add(n, 0, timeout=rule.window)
        count = cache.incr(n)
        if count >= rule.limit:
            cache.set(lock, timezone.now().timestamp() + rule.lockout, timeout=rule.lockout)
            cache.delete(n)
        return self.locked_for(rule.scope, key)

    def clear(self, scope: str, key: str) -> None:
        cache.delete_many(list(self._keys(scope, key)))


def store() -> Store:
    return CacheStore() if settings.SECURITY_RATE_STORE == "cache" else DatabaseStore()


def locked_for(rule: Limit, raw_key: str) -> int:
    return store().locked_for(rule.scope, key_of(raw_key))


def record(rule: Limit, raw_key: str) -> int:
    return store().record(rule, key_of(raw_key))


def clear(rule: Limit, raw_key: str) -> None:
    store().clear(rule.scope, key_of(raw_key))


def prune(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Delete database counters neither counting nor locking any more."""
    cutoff = timezone.now() - older_than
    deleted, _ = (
        RateCounter.objects.filter(window_start__lt=cutoff)
        .exclude(locked_until__gt=timezone.now())
        .delete()
    )
    return deleted
