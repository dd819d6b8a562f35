"""A sliding-window rate limiter, in memory, per key (a session, a client, a user name).

In memory is enough for one backend process; behind several processes each
counts its own share, which only makes the limit looser, never wrong.
"""

from __future__ import annotations

from collections import deque
from datetime import timedelta
from threading import Lock

from app.clock import Clock


class RateLimiter:
    def __init__(self, *, clock: Clock, limit: int, window: timedelta, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._limit = limit
        self._window = window
        self._max_keys = max_keys
        self._hits: dict[str, deque] = {}
        self._lock = Lock()

    def allow(self, key: str) -> bool:
        """Count one hit for key; False when the key has used up its window."""
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

    def _forget_idle(self, now) -> None:  # type: ignore[no-untyped-def]
        for key in [key for key, hits in self._hits.items() if not hits or now - hits[-1] >= self._window]:
            del self._hits[key]
