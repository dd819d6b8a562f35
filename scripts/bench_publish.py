"""How long after an editor publishes do citizens get the new text? Prints each round and the median.

    .venv/bin/python scripts/bench_publish.py [-n 5]

Builds the product on a throwaway SQLite database with the sample content,
then n times: changes one entry's Swedish answer, saves a draft, publishes
it, and times until the knowledge base serves the new text (the commit, the
in-place index update of that entry, nothing restarted or retrained).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.composition import build_product  # noqa: E402
from app.migrations import upgrade_to_head  # noqa: E402
from app.settings import Environment, Settings  # noqa: E402
from knowledge_base.service import entry_versions  # noqa: E402

ENTRY = "forskola-ansoka-plats"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(environment=Environment.TEST, var_dir=Path(scratch), rasa_url="http://127.0.0.1:9")
        upgrade_to_head(settings.sqlalchemy_url)
        product = build_product(settings)
        knowledge_base = product.knowledge_base
        knowledge_base.import_content()
        knowledge_base.warm_up()
        timings = []
        for round_number in range(args.n):
            with product.database.transaction() as session:
                content = entry_versions(session, entry_id=ENTRY)[-1].content
            marker = f"(ändrad {round_number})"
            content["answer"]["sv"] = f"{content['answer']['sv']} {marker}"
            started = time.perf_counter()
            with product.database.transaction() as session:
                version = knowledge_base.save_draft(session, raw=content, author="bench")
                knowledge_base.publish(session, entry_id=ENTRY, number=version.number)
            while marker not in knowledge_base.view(ENTRY, "sv").answer:
                time.sleep(0.001)
            timings.append(time.perf_counter() - started)
    print(f"publish -> citizens get the new text, {args.n} rounds: " + ", ".join(f"{t:.2f}" for t in timings))
    print(f"  median {statistics.median(timings):.2f} s, max {max(timings):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
