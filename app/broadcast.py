"""Tell every backend replica that shared content changed, so each updates what it keeps in memory.

A replica holds the knowledge base's index in memory; a publish on one replica
must reach the others within a couple of seconds. The announcement travels by

- PostgreSQL `NOTIFY`, sent inside the writing transaction: delivered when it
  commits and never when it rolls back (the default when the database is
  PostgreSQL, it needs nothing else);
- Redis pub/sub, published after the commit, when the database is not
  PostgreSQL but `REDIS_URL` is set;
- nothing, on SQLite without Redis: there is only one process to tell.

An announcement can be lost (a listener reconnecting after a database restart),
so a `Watcher` also runs its check on a timer: the announcement makes a change
arrive fast, the timer makes sure it arrives.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

import psycopg
import redis
from psycopg import sql
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from app.db import is_postgres, libpq_url

log = logging.getLogger(__name__)

RECONNECT_SECONDS = 1.0


class Listener(Protocol):
    def wait(self, timeout: float) -> bool:
        """Block until an announcement arrives (True) or timeout seconds pass (False)."""
        ...

    def close(self) -> None: ...


class Broadcast(Protocol):
    def announce(self, session: Session, channel: str) -> None:
        """Announce a change on channel once session's transaction commits."""
        ...

    def listen(self, channel: str) -> Listener: ...


class PostgresBroadcast:
    """LISTEN/NOTIFY on the product's own PostgreSQL database."""

    def __init__(self, sqlalchemy_url: str) -> None:
        self._dsn = libpq_url(sqlalchemy_url)

    def announce(self, session: Session, channel: str) -> None:
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": channel})

    def listen(self, channel: str) -> Listener:
        return _PostgresListener(self._dsn, channel)


class _PostgresListener:
    def __init__(self, dsn: str, channel: str) -> None:
        self._connection = psycopg.connect(dsn, autocommit=True)
        self._connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))

    def wait(self, timeout: float) -> bool:
        arrived = False
        for _ in self._connection.notifies(timeout=timeout, stop_after=1):
            arrived = True
        # Several publishes in one moment need one check: drain what else has queued up.
        for _ in self._connection.notifies(timeout=0):
            pass
        return arrived

    def close(self) -> None:
        self._connection.close()


class RedisBroadcast:
    """Redis pub/sub: published after the commit, so a rolled-back change is never announced."""

    def __init__(self, redis_url: str) -> None:
        self._client = redis.Redis.from_url(redis_url)

    def announce(self, session: Session, channel: str) -> None:
        event.listen(session, "after_commit", lambda _: self._publish(channel), once=True)

    def _publish(self, channel: str) -> None:
        try:
            self._client.publish(channel, b"")
        except redis.RedisError as error:  # the other replicas' timers still bring the change
            log.warning("could not announce a change on %s: %s", channel, error)

    def listen(self, channel: str) -> Listener:
        return _RedisListener(self._client, channel)


class _RedisListener:
    def __init__(self, client: redis.Redis, channel: str) -> None:
        self._pubsub = client.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(channel)

    def wait(self, timeout: float) -> bool:
        arrived = self._pubsub.get_message(timeout=timeout) is not None
        while self._pubsub.get_message(timeout=0) is not None:
            pass
        return arrived

    def close(self) -> None:
        self._pubsub.close()


class NoBroadcast:
    """One process: nobody else to tell. The watcher's timer still runs."""

    def announce(self, session: Session, channel: str) -> None:
        return None

    def listen(self, channel: str) -> Listener:
        return _Timer()


class _Timer:
    def __init__(self) -> None:
        self._closed = threading.Event()

    def wait(self, timeout: float) -> bool:
        self._closed.wait(timeout)
        return False

    def close(self) -> None:
        self._closed.set()


def build_broadcast(*, sqlalchemy_url: str, redis_url: str | None) -> Broadcast:
    """PostgreSQL's NOTIFY where the database is PostgreSQL, else Redis when there is one, else nothing."""
    if is_postgres(sqlalchemy_url):
        return PostgresBroadcast(sqlalchemy_url)
    if redis_url:
        return RedisBroadcast(redis_url)
    return NoBroadcast()


class Watcher:
    """A thread that runs `check` when a change is announced on channel, and every check_seconds regardless.

    `check` must be cheap when nothing changed and safe to run at any time: it
    compares what this replica holds with the database.
    """

    def __init__(
        self, *, broadcast: Broadcast, channel: str, check: Callable[[], object], check_seconds: float
    ) -> None:
        self._broadcast = broadcast
        self._channel = channel
        self._check = check
        self._check_seconds = check_seconds
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching; again after a stop (a server that restarts its lifespan in the same process)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"watch-{self._channel}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._follow(self._broadcast.listen(self._channel))
            except Exception:
                log.exception("lost the %s announcements; reconnecting (the timer keeps checking)", self._channel)
                self._run_check()
                self._stopping.wait(RECONNECT_SECONDS)

    def _follow(self, listener: Listener) -> None:
        next_check = time.monotonic() + self._check_seconds
        try:
            while not self._stopping.is_set():
                announced = listener.wait(min(1.0, max(0.0, next_check - time.monotonic())))
                if announced or time.monotonic() >= next_check:
                    self._run_check()
                    next_check = time.monotonic() + self._check_seconds
        finally:
            listener.close()

    def _run_check(self) -> None:
        try:
            self._check()
        except Exception:
            log.exception("checking %s for changes failed; it runs again on the next announcement", self._channel)
