"""How close an evaluation file comes to our own training texts: each item's highest cosine to any of them.

    .venv/bin/python scripts/eval_independence.py FILE [FILE ...] [--limit 0.95]

An evaluation item that nearly repeats a training text (an example question,
an emergency or question-kind text, an NLU example) measures memory, not
understanding. This prints the distribution of each item's highest
similarity, on the product's embedder, and lists the items above --limit,
which should be rewritten. Exit status 1 when any item is above it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.evaluation import load_items  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.taxonomy import load_taxonomy  # noqa: E402
from chat.question_kinds import load_kind_training  # noqa: E402
from chat.safety import load_training_set  # noqa: E402
from knowledge_base.config import KnowledgeBaseSettings  # noqa: E402
from knowledge_base.embedders import create_embedder  # noqa: E402
from knowledge_base.files import read_content  # noqa: E402
from knowledge_base.vector_cache import VectorCache  # noqa: E402

PERCENTILES = (50, 90, 95, 99, 100)


def training_texts() -> list[str]:
    """Every text a classifier of the product learns from."""
    own = KnowledgeBaseSettings()
    taxonomy = load_taxonomy(Settings().taxonomy_path)
    questions = [q for entry in read_content(own.content_dir, taxonomy=taxonomy).entries for q in entry.example_texts]
    texts = [*load_training_set(questions=questions).texts, *load_kind_training(questions=questions).texts]
    return list(dict.fromkeys(texts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--limit", type=float, default=0.95, help="items above this similarity are listed")
    args = parser.parse_args()
    own = KnowledgeBaseSettings()
    embedder = create_embedder(own.embedder)
    cache = VectorCache(own.vector_cache_path(Settings().var_dir))
    texts = training_texts()
    known = cache.vectors(texts, embedder_id=embedder.id, role="query", embed=embedder.embed_queries)
    too_close = 0
    for path in args.files:
        items = load_items(path)
        vectors = embedder.embed_queries([item["text"] for item in items])
        similarity = vectors @ known.T
        best = similarity.max(axis=1)
        figures = ", ".join(f"p{p} {np.percentile(best, p):.3f}" for p in PERCENTILES)
        print(f"{path} ({len(items)} items against {len(texts)} training texts): {figures}")
        for row in np.flatnonzero(best > args.limit):
            too_close += 1
            nearest = texts[int(similarity[row].argmax())]
            print(f"  {items[row]['id']} {best[row]:.3f}: {items[row]['text'][:70]!r} ~ {nearest[:70]!r}")
    return 1 if too_close else 0


if __name__ == "__main__":
    sys.exit(main())
