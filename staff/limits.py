"""Failed sign-ins per user name, in a sliding window on the injected clock.

`app.ratelimit.RateLimiter` counts every attempt (used per client); a user
name is counted only when its password was wrong, so a colleague signing in
correctly is never locked out by someone else's guessing of another name,
and once locked even the right password waits out the window.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from threading import Lock

from app.clock import Clock


class FailureLog:
    def __init__(self, *, clock: Clock, limit: int, window: timedelta, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._limit = limit
        self._window = window
        self._max_keys = max_keys
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = Lock()

    def retry_after(self, key: str) -> int | None:
        """Seconds until key may try again, or None when it is not locked."""
        now = self._clock.now()
        with self._lock:
            failures = self._pruned(key, now)
            if len(failures) < self._limit:
                return None
            return max(1, int((failures[0] + self._window - now).total_seconds()) + 1)

    def record(self, key: str) -> None:
        now = self._clock.now()
        with self._lock:
            self._pruned(key, now).append(now)
            if len(self._failures) > self._max_keys:
                for stale in [k for k, v in self._failures.items() if not v or now - v[-1] >= self._window]:
                    del self._failures[stale]

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _pruned(self, key: str, now: datetime) -> deque[datetime]:
        failures = self._failures.setdefault(key, deque())
        while failures and now - failures[0] >= self._window:
            failures.popleft()
        return failures
