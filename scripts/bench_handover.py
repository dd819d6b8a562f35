"""Print the p50 (and p90) time of creating a case, end to end through HandoverService.create_case.

Each creation validates the contact, routes, computes the SLA promise and
writes the case, its personal data and its audit event in one transaction.
Runs on a temporary SQLite file by default, or on DATABASE_URL's database
(tables created if missing): `python scripts/bench_handover.py [-n 300]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import handover.models  # noqa: E402,F401  (registers the tables)
from app.clock import SystemClock  # noqa: E402
from app.db import Base, Database, create_db_engine  # noqa: E402
from app.settings import PROJECT_ROOT, Settings  # noqa: E402
from app.taxonomy import load_taxonomy  # noqa: E402
from handover.service import build_handover  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=300, help="cases to create (default 300)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = Settings(database_url=os.environ.get("DATABASE_URL", "")).sqlalchemy_url
        if not os.environ.get("DATABASE_URL"):
            url = f"sqlite:///{Path(directory) / 'bench.db'}"
        database = Database(create_db_engine(url))
        tables = [t for name, t in Base.metadata.tables.items() if name.startswith("handover_")]
        Base.metadata.create_all(database.engine, tables=tables)
        service = build_handover(Settings(), database, load_taxonomy(PROJECT_ROOT / "taxonomy.yml"), SystemClock())
        timings = [create_once(service) for _ in range(args.n)]
        database.engine.dispose()
    timings.sort()
    p50 = statistics.median(timings)
    p90 = timings[int(len(timings) * 0.9) - 1]
    backend = url.split(":", 1)[0]
    print(f"case creation ({backend}, n={args.n}): p50 {p50 * 1000:.2f} ms, p90 {p90 * 1000:.2f} ms")
    return 0


def create_once(service) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    service.create_case(
        idempotency_key=uuid.uuid4().hex,
        topic=None,
        language="sv",
        summary="Soporna har inte hämtats på två veckor.",
        transcript=[{"who": "citizen", "text": "Soporna har inte hämtats", "at": "2026-11-24T10:00:00+01:00"}],
        contact_method="sms",
        contact_value="070-123 45 67",
        contact_name="Anna",
        consent_given=True,
    )
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
