"""Failed sign-ins per user name, in a sliding window on the injected clock.

`app.ratelimit.RateLimiter` counts every attempt (used per client); a user
name is counted only when its password was wrong, so a colleague signing in
correctly is never locked out by someone else's guessing of another name,
and once locked even the right password waits out the window.

Behind several replicas the failures count in Redis (`SharedFailureLog`), so a
guesser gets the same few tries whichever replica answers.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from datetime import datetime, timedelta
from threading import Lock
from typing import Protocol

from limits.errors import StorageError

from app.clock import Clock
from app.ratelimit import RateLimits, SharedWindow

log = logging.getLogger(__name__)


class FailureCount(Protocol):
    def retry_after(self, key: str) -> int | None:
        """Seconds until key may try again, or None when it is not locked."""
        ...

    def record(self, key: str) -> None: ...

    def clear(self, key: str) -> None: ...


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


class SharedFailureLog:
    """Failures counted in Redis for every replica, on Redis's wall-clock window; in memory while Redis is away."""

    def __init__(self, window: SharedWindow, *, fallback: FailureLog) -> None:
        self._window = window
        self._fallback = fallback

    def retry_after(self, key: str) -> int | None:
        try:
            return self._window.seconds_until_free(key, now=time.time())
        except StorageError as error:
            log.warning("sign-in failure store unreachable, counting in this process for now: %s", error)
            return self._fallback.retry_after(key)

    def record(self, key: str) -> None:
        try:
            self._window.hit(key)
        except StorageError:
            self._fallback.record(key)

    def clear(self, key: str) -> None:
        self._fallback.clear(key)
        try:
            self._window.clear(key)
        except StorageError:
            log.warning("sign-in failure store unreachable; %s's failures clear when their window passes", key)


def failure_log(limits: RateLimits, *, limit: int, window: timedelta) -> FailureCount:
    """Failed sign-ins per user name, shared by every replica when the limits are."""
    in_memory = FailureLog(clock=limits.clock, limit=limit, window=window)
    if not limits.shared:
        return in_memory
    return SharedFailureLog(limits.shared_window("signin-failures", limit=limit, window=window), fallback=in_memory)
