"""The rate limiter lets a key through up to its limit per window, then again after the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.clock import FixedClock
from app.ratelimit import RateLimiter

pytestmark = pytest.mark.unit


def limiter(limit: int = 3) -> tuple[RateLimiter, FixedClock]:
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    return RateLimiter(clock=clock, limit=limit, window=timedelta(minutes=1)), clock


def test_refuses_past_the_limit_within_the_window() -> None:
    rate, _ = limiter()
    assert [rate.allow("s") for _ in range(4)] == [True, True, True, False]


def test_allows_again_when_the_window_has_passed() -> None:
    rate, clock = limiter()
    for _ in range(3):
        rate.allow("s")
    clock.advance(timedelta(seconds=61))
    assert rate.allow("s")


def test_keys_are_counted_apart() -> None:
    rate, _ = limiter(limit=1)
    assert rate.allow("a") and rate.allow("b") and not rate.allow("a")
