"""Crash safety: the backend killed with SIGKILL at a random point loses no case, duplicates none, and
delivers every reply at least once and marks it sent exactly once.

Each run forks a worker process that does what the backend does (opens cases
as the chat's handover does, or delivers the outbox), kills it with SIGKILL
after a random delay, and then "restarts" it: a fresh worker retries the same
requests (as Rasa and the widget retry) or delivers what is left. The
database is real (SQLite, and PostgreSQL for a subset), and so is the SMTP
server the replies go to. The counts are printed.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from multiprocessing.connection import Connection
from typing import Any

import pytest
from sqlalchemy import func, select

from app.clock import FixedClock
from app.db import Database
from app.taxonomy import Taxonomy
from handover.config import HandoverSettings
from handover.models import Case, CaseEvent, CasePrivate, OutboxMessage, OutboxStatus
from handover.service import HandoverService
from tests.handover.factories import STOCKHOLM, case_fields, create_case, make_service, officer
from tests.support.mailbox import Mailbox

pytestmark = [pytest.mark.integration, pytest.mark.slow]
FORK = multiprocessing.get_context("fork")
RUNS = {"sqlite": 100, "postgres": 20}  # per test: 200 runs on SQLite over both tests, 40 on PostgreSQL
CASES_PER_RUN = 4
REPLIES_PER_RUN = 3
MAX_KILL_DELAY_SECONDS = 0.5  # about the time a worker takes to deliver a run's replies here
START = datetime(2026, 11, 24, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def crash_db(request: pytest.FixtureRequest) -> tuple[str, Database]:
    return request.param, request.getfixturevalue(f"{request.param}_db")


def backend(database: Database, taxonomy: Taxonomy, at: datetime, smtp_port: int = 1) -> HandoverService:
    """The service as the backend builds it; built before the fork, so the worker's time goes to the work."""
    settings = HandoverSettings(smtp_host="127.0.0.1", smtp_port=smtp_port, smtp_timeout_seconds=5)
    return make_service(database, taxonomy, FixedClock(at), settings=settings)


def open_cases(service: HandoverService, keys: list[str], acks: Connection) -> None:
    """What the chat's handover does per confirmed form; a key is acknowledged once its receipt is back."""
    for key in keys:
        service.create_case(**case_fields(idempotency_key=key, summary=f"Ärende {key}"))
        acks.send(key)


def deliver(service: HandoverService, _: list[str], __: Connection) -> None:
    while service.deliver_pending().sent:
        pass


Work = Callable[[HandoverService, list[str], Connection], None]


def run_worker(work: Work, service: HandoverService, keys: list[str], *, kill_after: float | None) -> list[str]:
    """Fork a worker that does `work`; SIGKILL it after `kill_after` seconds (None: let it finish). The keys
    it acknowledged before it ended come back."""
    receiver, sender = FORK.Pipe(duplex=False)

    def target() -> None:
        service.database.engine.dispose(close=False)  # the parent's pooled connections stay the parent's
        work(service, keys, sender)

    process = FORK.Process(target=target)
    process.start()
    sender.close()
    if kill_after is None:
        process.join(timeout=60)
        assert process.exitcode == 0, f"the restarted worker failed with exit code {process.exitcode}"
    else:
        time.sleep(kill_after)
        if process.is_alive():
            os.kill(process.pid, signal.SIGKILL)
        process.join(timeout=10)
    acknowledged = []
    while receiver.poll():
        try:
            acknowledged.append(receiver.recv())
        except EOFError:
            break
    return acknowledged


def cases_with_summary(database: Database, keys: list[str]) -> dict[str, dict[str, Any]]:
    summaries = {f"Ärende {key}": key for key in keys}
    with database.transaction() as session:
        rows = session.execute(
            select(
                Case.summary,
                func.count(Case.id),
                func.count(CasePrivate.case_id),
            )
            .outerjoin(CasePrivate, CasePrivate.case_id == Case.id)
            .where(Case.summary.in_(list(summaries)))
            .group_by(Case.summary)
        ).all()
        events = dict(
            session.execute(
                select(Case.summary, func.count(CaseEvent.id))
                .join(CaseEvent, CaseEvent.case_id == Case.id)
                .where(Case.summary.in_(list(summaries)))
                .group_by(Case.summary)
            ).all()
        )
    return {summaries[s]: {"cases": n, "private": p, "events": events.get(s, 0)} for s, n, p in rows}


def test_killing_the_backend_while_it_opens_cases_loses_and_duplicates_none(
    crash_db: tuple[str, Database], taxonomy: Taxonomy
) -> None:
    kind, database = crash_db
    service = backend(database, taxonomy, START)
    rng = random.Random(20261206)
    counts: Counter[str] = Counter()
    # Kills spread over the time a whole run's work takes on this machine, measured once.
    started = time.perf_counter()
    run_worker(open_cases, service, [f"calibration-{number}" for number in range(CASES_PER_RUN)], kill_after=None)
    work_seconds = time.perf_counter() - started
    for run in range(RUNS[kind]):
        keys = [f"crash-{run:03d}-{number}" for number in range(CASES_PER_RUN)]
        delay = rng.uniform(0, work_seconds * 1.2)
        acknowledged = run_worker(open_cases, service, keys, kill_after=delay)
        before_restart = cases_with_summary(database, keys)
        counts["runs"] += 1
        counts["receipts given before the kill"] += len(acknowledged)
        counts["lost (receipt given, no case)"] += sum(key not in before_restart for key in acknowledged)
        counts["half-written (no private record or no event)"] += sum(
            c["private"] != c["cases"] or c["events"] == 0 for c in before_restart.values()
        )
        run_worker(open_cases, service, keys, kill_after=None)
        after = cases_with_summary(database, keys)
        counts["cases after restart"] += sum(c["cases"] for c in after.values())
        counts["missing after restart"] += sum(key not in after for key in keys)
        counts["duplicated"] += sum(c["cases"] - 1 for c in after.values())
    print(f"\ncrash safety, case creation on {kind}: {dict(counts)}")
    assert counts["lost (receipt given, no case)"] == counts["duplicated"] == 0
    assert counts["half-written (no private record or no event)"] == counts["missing after restart"] == 0
    assert counts["cases after restart"] == RUNS[kind] * CASES_PER_RUN
    assert 0 < counts["receipts given before the kill"] < RUNS[kind] * CASES_PER_RUN  # kills landed mid-work


def test_killing_the_backend_while_it_delivers_replies_sends_each_and_marks_it_once(
    crash_db: tuple[str, Database], taxonomy: Taxonomy, mailbox: Mailbox, smtp_port: int
) -> None:
    kind, database = crash_db
    service = backend(database, taxonomy, START, smtp_port)
    lease = timedelta(seconds=HandoverSettings().outbox_lease_seconds)
    restarted = backend(database, taxonomy, START + lease * 2, smtp_port)  # once the killed worker's lease ran out
    rng = random.Random(6122026)
    counts: Counter[str] = Counter()
    for run in range(RUNS[kind]):
        for _ in range(REPLIES_PER_RUN):
            reference = create_case(service).reference
            with database.transaction() as session:
                service.claim(session=session, staff=officer(), reference=reference)
                service.reply(session=session, staff=officer(), reference=reference, text=f"Svar i körning {run}")
        delay = rng.uniform(0, MAX_KILL_DELAY_SECONDS)
        run_worker(deliver, service, [], kill_after=delay)
        run_worker(deliver, restarted, [], kill_after=None)
        counts["runs"] += 1
    with database.transaction() as session:
        messages = session.execute(select(OutboxMessage.id, OutboxMessage.status, OutboxMessage.attempts)).all()
    received = Counter(message["Message-ID"].split(".")[1].split("@")[0] for message in mailbox.received)
    counts["replies"] = len(messages)
    counts["delivered"] = sum(received[str(id_)] >= 1 for id_, _, _ in messages)
    counts["delivered twice or more (at least once)"] = sum(received[str(id_)] > 1 for id_, _, _ in messages)
    counts["marked sent exactly once"] = sum(
        status is OutboxStatus.SENT and attempts == 1 for _, status, attempts in messages
    )
    print(f"\ncrash safety, outbox delivery on {kind}: {dict(counts)}")
    assert counts["replies"] == RUNS[kind] * REPLIES_PER_RUN
    assert counts["delivered"] == counts["marked sent exactly once"] == counts["replies"]
