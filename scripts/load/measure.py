"""Turns per second and latency for one replica of each process and for two, on this machine.

    .venv/bin/python scripts/load/measure.py [--users 16] [--seconds 60]

Starts a cluster (tests/support/cluster.py: PostgreSQL, Redis, Rasa and backend replicas, a worker, nginx) with
one replica of Rasa and the backend, runs the locust scenario in scripts/load/locustfile.py against nginx,
stops it, and does the same with two of each. Prints turns/s, p50 and p95 per size and the scaling ratio.
The city's yardstick: about 2 turns/s at peak for a city of a million, 6 on a crisis day.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support.cluster import start_cluster  # noqa: E402

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def run_load(url: str, *, users: int, seconds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        prefix = Path(directory) / "load"
        subprocess.run(
            [str(Path(sys.executable).with_name("locust")), "-f", str(LOCUSTFILE), "--host", url, "--headless",
             "-u", str(users), "-r", str(max(1, users // 4)), "-t", f"{seconds}s", "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING"],
            check=False, capture_output=True,
        )  # fmt: skip
        with (Path(f"{prefix}_stats.csv")).open(encoding="utf-8") as file:
            total = next(row for row in csv.DictReader(file) if row["Name"] == "Aggregated")
    return {
        "turns_per_second": float(total["Requests/s"]),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "turns": float(total["Request Count"]),
        "failures": float(total["Failure Count"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--users", type=int, nargs="+", default=[16, 64], help="citizens chatting at once (1-3 s between turns)"
    )
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    figures: dict[tuple[int, int], dict[str, float]] = {}
    for size in (1, 2):
        print(f"starting a cluster with {size} Rasa and {size} backend replica(s) ...", flush=True)
        cluster = start_cluster(backends=size, rasas=size)
        try:
            run_load(cluster.url, users=2, seconds=10)  # warm every path once before measuring
            for users in args.users:
                figures[size, users] = f = run_load(cluster.url, users=users, seconds=args.seconds)
                print(
                    f"  {size} of each, {users} citizens, {args.seconds} s: {f['turns_per_second']:.1f} turns/s, "
                    f"p50 {f['p50_ms']:.0f} ms, p95 {f['p95_ms']:.0f} ms, "
                    f"{int(f['failures'])} failed of {int(f['turns'])}",
                    flush=True,
                )
        finally:
            cluster.stop()
    for users in args.users:
        ratio = figures[2, users]["turns_per_second"] / figures[1, users]["turns_per_second"]
        print(f"scaling 1 -> 2 replicas at {users} citizens: x{ratio:.2f} turns/s")
    print("the city's yardstick: about 2 turns/s at peak for a million people, 6 on a crisis day")
    return 0


if __name__ == "__main__":
    sys.exit(main())
