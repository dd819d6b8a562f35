"""Sliding-window rate limits per key (a session, a client, a user name): in this process, or shared in Redis.

One backend process counts in memory. Behind several replicas each would count
its own share and let N times the limit through, so with `REDIS_URL` set every
replica counts in the same Redis window instead (`RateLimits.limiter`). The
window arithmetic in Redis is the `limits` library's (an atomic Lua script per
hit); only the in-memory window, which follows the injected Clock so tests can
move time, is written here.

Should Redis be unreachable, a shared limiter counts in memory until it is
back: a citizen is never refused because the limiter's store is down.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime, timedelta
from threading import Lock
from typing import Protocol

from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from app.clock import Clock

log = logging.getLogger(__name__)


class Limiter(Protocol):
    def allow(self, key: str) -> bool:
        """Count one hit for key; False when the key has used up its window."""
        ...


class RateLimiter:
    """The in-memory window: enough for one process, and the stand-in when Redis is away."""

    def __init__(self, *, clock: Clock, limit: int, window: timedelta, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._limit = limit
        self._window = window
        self._max_keys = max_keys
        self._hits: dict[str, deque[datetime]] = {}
        self._lock = Lock()

    def allow(self, key: str) -> bool:
        now = self._clock.now()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self._window:
                hits.popleft()
            if len(hits) >= self._limit:
                return False
            hits.append(now)
            if len(self._hits) > self._max_keys:
                self._forget_idle(now)
            return True

    def _forget_idle(self, now: datetime) -> None:
        for key in [key for key, hits in self._hits.items() if not hits or now - hits[-1] >= self._window]:
            del self._hits[key]


class SharedWindow:
    """One named moving window in Redis that every replica counts in."""

    def __init__(self, storage: Storage, *, name: str, limit: int, window: timedelta) -> None:
        self._strategy = MovingWindowRateLimiter(storage)
        self._item = RateLimitItemPerSecond(limit, max(1, int(window.total_seconds())), namespace=f"kc:{name}")

    def hit(self, key: str) -> bool:
        """Count one hit; False (and nothing counted) when the window is full. Raises StorageError."""
        return self._strategy.hit(self._item, key)

    def seconds_until_free(self, key: str, *, now: float) -> int | None:
        """Seconds until key may hit again, or None when it may now. Raises StorageError."""
        stats = self._strategy.get_window_stats(self._item, key)
        return None if stats.remaining > 0 else max(1, int(stats.reset_time - now) + 1)

    def clear(self, key: str) -> None:
        self._strategy.clear(self._item, key)


class SharedRateLimiter:
    """A limit that holds across every replica; in memory for as long as Redis cannot be reached."""

    def __init__(self, window: SharedWindow, *, fallback: RateLimiter) -> None:
        self._window = window
        self._fallback = fallback

    def allow(self, key: str) -> bool:
        try:
            return self._window.hit(key)
        except StorageError as error:
            log.warning("rate limit store unreachable, counting in this process for now: %s", error)
            return self._fallback.allow(key)


class RateLimits:
    """Where the product's limits count: in this process, or, with a Redis URL, in Redis for every replica."""

    def __init__(self, *, clock: Clock, redis_url: str | None = None) -> None:
        self.clock = clock
        self._storage = storage_from_string(redis_url, wrap_exceptions=True) if redis_url else None

    @property
    def shared(self) -> bool:
        return self._storage is not None

    def limiter(self, name: str, *, limit: int, window: timedelta) -> Limiter:
        in_memory = RateLimiter(clock=self.clock, limit=limit, window=window)
        if self._storage is None:
            return in_memory
        return SharedRateLimiter(self.shared_window(name, limit=limit, window=window), fallback=in_memory)

    def shared_window(self, name: str, *, limit: int, window: timedelta) -> SharedWindow:
        if self._storage is None:
            raise ValueError("a shared window needs REDIS_URL")
        return SharedWindow(self._storage, name=name, limit=limit, window=window)
