"""Chat turn latency: through the backend's /api/chat vs straight to Rasa's REST channel.

Run against a running product (`make run` in another terminal):
    .venv/bin/python scripts/bench_chat.py [--backend URL] [--rasa URL] [-n 100]
Both paths run the same message sequentially, each in a fresh conversation, so
the difference is what the gateway adds (validation, language detection, turn log).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from collections.abc import Callable

import httpx

MESSAGES = ("hur söker jag förskoleplats", "när töms soporna", "how do I apply for a parking permit", "hej")


RATE_LIMITED = (
    "The product's rate limits stopped the benchmark (it starts a conversation per message from one address). "
    "Start the product for benchmarks with CHAT_RATE_PER_MINUTE=100000 CHAT_NEW_SESSIONS_PER_MINUTE=100000 make run."
)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(send: Callable[[str, str], None], count: int) -> list[float]:
    timings = []
    for index in range(count):
        text = MESSAGES[index % len(MESSAGES)]
        started = time.perf_counter()
        send(f"bench-{uuid.uuid4().hex[:12]}", text)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default="http://127.0.0.1:8000")
    parser.add_argument("--rasa", default="http://127.0.0.1:5005")
    parser.add_argument("-n", type=int, default=100, help="messages per path (sequential)")
    args = parser.parse_args()
    with httpx.Client(timeout=30) as client:
        try:
            client.get(f"{args.backend}/readyz").raise_for_status()
        except httpx.HTTPError as error:
            print(f"The product is not ready at {args.backend} ({error}); start it with `make run`.", file=sys.stderr)
            return 1

        def via_backend(session_id: str, text: str) -> None:
            response = client.post(f"{args.backend}/api/chat", json={"session_id": session_id, "text": text})
            if response.status_code == 429:
                sys.exit(RATE_LIMITED)
            response.raise_for_status()

        def via_rasa(session_id: str, text: str) -> None:
            body = {"sender": session_id, "message": text, "metadata": {"lang": "sv"}}
            client.post(f"{args.rasa}/webhooks/rest/webhook", json=body).raise_for_status()

        measure(via_backend, 5)  # warm both paths
        results = {"/api/chat (backend)": measure(via_backend, args.n), "Rasa REST direct": measure(via_rasa, args.n)}
    print(f"Chat turn latency over {args.n} sequential messages (ms):")
    for name, samples in results.items():
        print(f"  {name:22s} p50 {statistics.median(samples):7.1f}   p95 {percentile(samples, 0.95):7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
