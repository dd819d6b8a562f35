"""With REDIS_URL, every replica counts in one window; without Redis reachable, each still limits on its own."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from app.clock import SystemClock
from app.ratelimit import RateLimits
from staff.limits import failure_log
from tests.support.ports import free_port

pytestmark = pytest.mark.redis

MINUTE = timedelta(minutes=1)


def replicas(redis_url: str, count: int = 2) -> list[RateLimits]:
    """The limits of `count` backend processes sharing one Redis."""
    return [RateLimits(clock=SystemClock(), redis_url=redis_url) for _ in range(count)]


def fresh_name() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


def test_two_replicas_share_one_limit(redis_url: str) -> None:
    first, second = (limits.limiter("chat-session", limit=3, window=MINUTE) for limits in replicas(redis_url))
    key = fresh_name()
    hits = [first.allow(key), second.allow(key), first.allow(key), second.allow(key), first.allow(key)]
    assert hits == [True, True, True, False, False]


def test_keys_are_counted_apart_across_replicas(redis_url: str) -> None:
    first, second = (limits.limiter("chat-client", limit=1, window=MINUTE) for limits in replicas(redis_url))
    a, b = fresh_name(), fresh_name()
    assert first.allow(a) and second.allow(b)
    assert not second.allow(a) and not first.allow(b)


def test_an_unreachable_redis_limits_in_this_process_instead_of_failing() -> None:
    limits = RateLimits(clock=SystemClock(), redis_url=f"redis://127.0.0.1:{free_port()}/0")
    limiter = limits.limiter("chat-session", limit=2, window=MINUTE)
    assert [limiter.allow("s") for _ in range(3)] == [True, True, False]


def test_failed_sign_ins_lock_a_user_name_on_every_replica(redis_url: str) -> None:
    first, second = (failure_log(limits, limit=2, window=MINUTE) for limits in replicas(redis_url))
    username = fresh_name()
    first.record(username)
    assert second.retry_after(username) is None
    second.record(username)
    locked_for = first.retry_after(username)
    assert locked_for is not None and 0 < locked_for <= 61
    second.clear(username)
    assert first.retry_after(username) is None
