"""CPU seconds one message costs the backend and Rasa, for a question and for 2,000 characters of the worst kinds.

Run against a running product on this machine (`make run`; the process CPU
times are read from /proc, so both must run here):
    .venv/bin/python scripts/bench_message_cost.py [--backend URL] [-n 3]
Every message is new (a random number at its end), so no cached vector helps.
The product's rate limits allow five new conversations a minute from one
address: start it with CHAT_NEW_SESSIONS_PER_MINUTE=100000 for this.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

MAX_TEXT = 2000
SETTLE_SECONDS = 0.3  # background work of a turn (the turn log) ends within this


def samples(rng: random.Random) -> dict[str, str]:
    cjk = "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(MAX_TEXT))
    story = "Vi har bott här länge och trivs. Barnen går i skolan här. " * 40
    return {
        "a question": "Hur ansöker jag om plats i förskolan för mitt barn?",
        "2,000 emoji": "".join(rng.choice("😀😂🥲👍🙏🔥❤🌸") for _ in range(MAX_TEXT)),
        "2,000 CJK characters": cjk,
        "2,000 CJK, a sentence each 60": "".join("。" if i % 60 == 0 else c for i, c in enumerate(cjk, 1)),
        "2,000 characters of Swedish": story[: MAX_TEXT - 40] + " Vad kostar fritids?",
    }


def pid_of(pattern: str) -> int:
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True, check=False).stdout.split()
    if not found:
        sys.exit(f"No process matches {pattern!r}: start the product with `make run` on this machine.")
    return int(found[0])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="http://127.0.0.1:8000")
    parser.add_argument("-n", type=int, default=3, help="messages of each kind (the median is printed)")
    args = parser.parse_args()
    backend, rasa = pid_of("uvicorn app.main:create_app"), pid_of("rasa run")
    rng = random.Random(3)
    print(f"CPU per message, median of {args.n} (backend + Rasa):")
    with httpx.Client(timeout=60) as client:
        for name, text in samples(rng).items():
            costs = []
            for _ in range(args.n):
                unique = f"{text[: MAX_TEXT - 6]} {rng.randint(10000, 99999)}"
                before = cpu_seconds(backend), cpu_seconds(rasa)
                body = {"session_id": f"cost-{uuid.uuid4().hex[:12]}", "text": unique}
                response = client.post(f"{args.backend}/api/chat", json=body)
                if response.status_code == 429:
                    sys.exit("Rate-limited: start the product with CHAT_NEW_SESSIONS_PER_MINUTE=100000.")
                response.raise_for_status()
                time.sleep(SETTLE_SECONDS)
                costs.append((cpu_seconds(backend) - before[0], cpu_seconds(rasa) - before[1]))
            backend_cpu = statistics.median(cost[0] for cost in costs)
            rasa_cpu = statistics.median(cost[1] for cost in costs)
            print(f"  {name:32s} backend {backend_cpu:5.2f} s   Rasa {rasa_cpu:5.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
