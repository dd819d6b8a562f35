"""Background jobs run on Procrastinate: each schedule once however many workers run, a failure stops nothing."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text

from app.jobs import PeriodicJob, build_job_app, every_minutes, every_seconds, running_worker
from app.migrations import upgrade_to_head
from app.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.integration
RUN_SECONDS = 5.0


class Runs:
    """Counts a job's runs from any worker thread."""

    def __init__(self, *, fail: bool = False) -> None:
        self.times: list[float] = []
        self._fail = fail
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            self.times.append(time.time())
        if self._fail:
            raise RuntimeError("the job's own failure")


def run_workers(url: str, jobs: Callable[[], list[PeriodicJob]], *, workers: int, seconds: float) -> float:
    """Run `workers` workers (as many backend replicas would) for `seconds`; returns how long they ran."""

    async def main() -> float:
        async with contextlib.AsyncExitStack() as stack:
            for number in range(workers):
                app = build_job_app(sqlalchemy_url=url, jobs=jobs())
                await stack.enter_async_context(running_worker(app, name=f"test-worker-{number}"))
            started = time.monotonic()
            await asyncio.sleep(seconds)
            return time.monotonic() - started

    return asyncio.run(main())


@pytest.fixture
def postgres_jobs_url(new_postgres_database) -> str:  # type: ignore[no-untyped-def]
    url = Settings(database_url=new_postgres_database()).sqlalchemy_url
    upgrade_to_head(url)
    return url


@pytest.mark.postgres
def test_each_tick_runs_once_however_many_workers_run(postgres_jobs_url: str) -> None:
    runs = Runs()
    ran_for = run_workers(
        postgres_jobs_url, lambda: [PeriodicJob("tick", runs, every_seconds(1))], workers=3, seconds=RUN_SECONDS
    )
    ticks = int(ran_for) + 1  # at most one tick per whole second of the run, and the one just before it
    assert 2 <= len(runs.times) <= ticks, f"{len(runs.times)} runs in {ran_for:.1f} s on 3 workers"


@pytest.mark.postgres
def test_a_failing_job_stops_neither_the_others_nor_its_next_tick(postgres_jobs_url: str) -> None:
    failing, healthy = Runs(fail=True), Runs()
    run_workers(
        postgres_jobs_url,
        lambda: [PeriodicJob("fails", failing, every_seconds(1)), PeriodicJob("works", healthy, every_seconds(1))],
        workers=1,
        seconds=3.5,
    )
    assert len(failing.times) >= 2 and len(healthy.times) >= 2


def test_on_sqlite_the_jobs_run_in_the_backend_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runs = Runs()
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    run_workers(url, lambda: [PeriodicJob("tick", runs, every_seconds(1))], workers=1, seconds=3.5)
    assert len(runs.times) >= 2


@pytest.mark.unit
def test_schedules_must_divide_their_unit() -> None:
    assert every_seconds(30) == "* * * * * */30" and every_minutes(10) == "*/10 * * * * 0"
    with pytest.raises(ValueError, match="does not divide"):
        every_seconds(7)


@pytest.mark.postgres
def test_a_separate_worker_process_registers_and_stops_cleanly_on_sigterm(postgres_jobs_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    environment = {**os.environ, "DATABASE_URL": postgres_jobs_url, "VAR_DIR": str(tmp_path), "ENVIRONMENT": "test"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "app", "worker"], cwd=PROJECT_ROOT, env=environment, stderr=subprocess.PIPE, text=True
    )
    try:
        registered = _eventually(lambda: _workers(postgres_jobs_url) == 1, within=60)
        assert registered, "the worker never registered with the job engine"
    finally:
        worker.send_signal(signal.SIGTERM)
        returncode = worker.wait(timeout=30)
    assert returncode == 0, worker.stderr.read() if worker.stderr else ""
    assert _workers(postgres_jobs_url) == 0


def _workers(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar_one()
    engine.dispose()
    return count


def _eventually(condition: Callable[[], bool], *, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False
