"""Does open-source Rasa's lock race between replicas (rasa #9213) lose anything, and does sticky routing avoid it?

    .venv/bin/python scripts/load/lock_race.py [--conversations 30] [--rounds 5]

Starts a cluster (tests/support/cluster.py) with two Rasa replicas sharing the PostgreSQL tracker store and the
Redis lock store, and two backends, each pinned to one Rasa replica. Each conversation then sends its messages
two at a time, at the same moment:

- sticky: both messages through the same backend, so one Rasa replica handles the conversation, as the
  product's routing (chat/rasa_client.py) does;
- split: one message through each backend, so both replicas work on one conversation at once, as happens only
  if a conversation failed over while its replica still finished a message.

Then it counts, in Rasa's tracker, the citizen messages each conversation kept. A message that got an answer
but is missing from the tracker, or a conversation whose events interleave wrongly, is what the race costs.
"""

from __future__ import annotations

import argparse
import sys
import threading
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support.cluster import start_cluster  # noqa: E402

MESSAGES = (
    "hur ansöker jag om förskoleplats",
    "vad kostar förskolan",
    "när töms soptunnan",
    "hur får jag boendeparkering",
    "vad gör en god man",
    "hur ansöker man om hemtjänst",
)


def send_pair(urls: tuple[str, str], session_id: str, texts: tuple[str, str]) -> list[int]:
    """Two messages of one conversation at the same moment; their HTTP statuses."""
    statuses: list[int] = [0, 0]
    start = threading.Barrier(2)

    def send(index: int) -> None:
        start.wait()
        try:
            reply = httpx.post(f"{urls[index]}/api/chat", json={"session_id": session_id, "text": texts[index]},
                               timeout=60)  # fmt: skip
            statuses[index] = reply.status_code
        except httpx.TransportError:
            statuses[index] = 0

    threads = [threading.Thread(target=send, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def user_messages_kept(database_url: str, session_ids: list[str]) -> dict[str, int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT sender_id, count(*) FROM events WHERE type_name = 'user' AND sender_id = ANY(:ids) "
                 "GROUP BY sender_id"),
            {"ids": session_ids},
        ).all()  # fmt: skip
    engine.dispose()
    return {sender: count for sender, count in rows}


def run(mode: str, urls: tuple[str, str], database_url: str, *, conversations: int, rounds: int) -> None:
    sessions = [f"race-{mode}-{uuid.uuid4().hex[:10]}" for _ in range(conversations)]
    answered = failed = 0
    for session_id in sessions:
        for round_number in range(rounds):
            texts = (MESSAGES[round_number % len(MESSAGES)], MESSAGES[(round_number + 1) % len(MESSAGES)])
            statuses = send_pair(urls, session_id, texts)
            answered += statuses.count(200)
            failed += len(statuses) - statuses.count(200)
    kept = user_messages_kept(database_url, sessions)
    total_kept = sum(kept.values())
    short = sum(1 for session_id in sessions if kept.get(session_id, 0) < 2 * rounds)
    print(
        f"{mode:>6}: {conversations} conversations x {rounds} pairs = {2 * conversations * rounds} messages; "
        f"{answered} answered, {failed} not; tracker kept {total_kept} citizen messages, "
        f"{2 * conversations * rounds - total_kept} missing, {short} conversations short",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cluster = start_cluster(backends=2, rasas=2, pin_backends_to_rasa=True)
    try:
        first, second = (backend.url for backend in cluster.backends)
        url = cluster.settings.sqlalchemy_url
        run("sticky", (first, first), url, conversations=args.conversations, rounds=args.rounds)
        run("split", (first, second), url, conversations=args.conversations, rounds=args.rounds)
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
