"""Background work (outbox delivery, overdue marks, retention purges, expired staff sessions) on Procrastinate.

Why Procrastinate: the product already runs on PostgreSQL, and Procrastinate
keeps its queue there, so background work needs no second store to run, back
up and watch. Its periodic tasks run exactly once per schedule however many
workers run, because each tick is claimed under a unique constraint
(`procrastinate_periodic_defers`), and a job is committed with the state it
works on. arq and Dramatiq would need Redis to be as durable as the database.

Where the jobs run:

- On PostgreSQL, every backend replica runs a worker in-process by default,
  and `python -m app worker` runs one on its own; each schedule still runs
  once. `JOBS_IN_PROCESS=false` leaves them to the separate workers.
- On SQLite (the embedded default: one process), the backend runs the same
  tasks on Procrastinate's in-memory connector. Procrastinate documents that
  connector for tests, as its queue does not outlive the process; here that
  loses nothing, because every job is a periodic wake-up whose work lives in
  our own tables (the outbox, the cases), and the next tick picks it up.

Retries stay where they were: the outbox counts its attempts in its own rows
and delivers at least once; a failed job is simply run at the next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import procrastinate
from procrastinate.testing import InMemoryConnector

from app.db import is_postgres, libpq_url

log = logging.getLogger(__name__)

QUEUE = "periodic"


@dataclass(frozen=True)
class PeriodicJob:
    """A piece of background work and how often it runs: a 6-field cron, the last field seconds."""

    name: str
    run: Callable[[], object]
    cron: str


def every_seconds(seconds: int) -> str:
    """A cron for every `seconds` seconds (a divisor of 60)."""
    if seconds <= 0 or 60 % seconds:
        raise ValueError(f"{seconds} does not divide a minute")
    return f"* * * * * */{seconds}"


def every_minutes(minutes: int) -> str:
    """A cron for every `minutes` minutes (a divisor of 60), at second 0."""
    if minutes <= 0 or 60 % minutes:
        raise ValueError(f"{minutes} does not divide an hour")
    return f"*/{minutes} * * * * 0"


def build_job_app(*, sqlalchemy_url: str, jobs: list[PeriodicJob]) -> procrastinate.App:
    """A Procrastinate app with one task per job, on PostgreSQL or, on SQLite, in memory."""
    connector: procrastinate.BaseConnector
    if is_postgres(sqlalchemy_url):
        connector = procrastinate.PsycopgConnector(conninfo=libpq_url(sqlalchemy_url), min_size=1, max_size=4)
    else:
        connector = InMemoryConnector()
    app = procrastinate.App(connector=connector)
    for job in jobs:
        _register(app, job)
    return app


def _register(app: procrastinate.App, job: PeriodicJob) -> None:
    async def run(timestamp: int) -> None:
        await asyncio.to_thread(job.run)

    run.__name__ = job.name
    # queueing_lock: a tick is not queued while the last one still waits; lock: never two runs at once.
    task = app.task(name=job.name, queue=QUEUE, queueing_lock=job.name, lock=job.name)(run)
    app.periodic(cron=job.cron, periodic_id=job.name)(task)


async def work(app: procrastinate.App, *, name: str, own_process: bool) -> None:
    """Run the jobs until stopped: by SIGINT/SIGTERM in a worker process of its own, else by cancelling."""
    await app.run_worker_async(
        name=name,
        queues=[QUEUE],
        install_signal_handlers=own_process,
        delete_jobs="successful",  # a failed job stays in procrastinate_jobs for a look; done ones go
        listen_notify=is_listening(app),
        fetch_job_polling_interval=1.0,
    )


@contextlib.asynccontextmanager
async def running_worker(app: procrastinate.App, *, name: str) -> AsyncIterator[None]:
    """Run a worker for the app as a background task for as long as the context lasts."""
    async with app.open_async():
        worker = asyncio.create_task(work(app, name=name, own_process=False))
        try:
            yield
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker


def is_listening(app: procrastinate.App) -> bool:
    """PostgreSQL wakes a worker by NOTIFY when a job is queued; the in-memory queue is polled."""
    return not isinstance(app.connector, InMemoryConnector)
