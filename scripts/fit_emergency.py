"""Choose the semantic emergency detector's thresholds by cross-validation over its own training texts.

    .venv/bin/python scripts/fit_emergency.py [--folds 5] [--recall 0.97]

The detector (chat/safety.py) is fitted on chat/emergency_examples.yml and
the Rasa NLU data, never on an evaluation set. Here each text is scored by a
model fitted without its fold; for Swedish and English texts and for texts
in other languages apart, the threshold written is the highest one whose
held-out recall reaches --recall. Each text is read as the product reads a
message: the highest probability over the whole text and each of its
sentences and clauses (chat.safety.message_parts), so the false alarms that
reading the parts adds are counted where the threshold is chosen. A missed emergency is the costliest
mistake the bot can make, so recall is the target and false alarms are the
price, printed beside it. Patterns run before this layer and are not counted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.settings import Settings  # noqa: E402
from app.taxonomy import load_taxonomy  # noqa: E402
from chat.classifier import held_out_message_probabilities, threshold_for_recall  # noqa: E402
from chat.language import detect_language  # noqa: E402
from chat.safety import SWEDISH_ENGLISH, THRESHOLDS_PATH, load_training_set, message_parts  # noqa: E402
from knowledge_base.config import KnowledgeBaseSettings  # noqa: E402
from knowledge_base.embedders import create_embedder  # noqa: E402
from knowledge_base.files import read_content  # noqa: E402
from knowledge_base.vector_cache import VectorCache  # noqa: E402

GRID = np.round(np.arange(0.10, 0.96, 0.01), 2)


def choose(probabilities: np.ndarray, labels: np.ndarray, recall_target: float) -> tuple[float, float, int]:
    """(threshold, held-out recall, false alarms): the highest threshold that keeps the recall target."""
    positives = labels == 1.0
    threshold = threshold_for_recall(probabilities, labels, recall_target, GRID)
    recall = float((probabilities[positives] >= threshold).mean())
    return threshold, recall, int((probabilities[~positives] >= threshold).sum())


def _parts(text: str) -> list[str]:
    """A text's sentences and clauses when it has several, as the product reads a message."""
    parts = message_parts(text)
    return parts if len(parts) > 1 else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--recall", type=float, default=0.97, help="held-out recall the thresholds must keep")
    parser.add_argument("--out", type=Path, default=THRESHOLDS_PATH)
    args = parser.parse_args()
    own = KnowledgeBaseSettings()
    taxonomy = load_taxonomy(Settings().taxonomy_path)
    questions = [q for entry in read_content(own.content_dir, taxonomy=taxonomy).entries for q in entry.example_texts]
    training = load_training_set(questions=questions)
    embedder = create_embedder(own.embedder)
    cache = VectorCache(own.vector_cache_path(Settings().var_dir))
    texts, labels = training.texts, training.labels
    vectors = cache.vectors(texts, embedder_id=embedder.id, role="query", embed=embedder.embed_queries)
    owned = [(owner, part) for owner, text in enumerate(texts) for part in _parts(text)]
    part_owner = np.array([owner for owner, _ in owned], dtype=np.int64)
    part_texts = [part for _, part in owned]
    part_vectors = cache.vectors(part_texts, embedder_id=embedder.id, role="query", embed=embedder.embed_queries)
    probabilities = held_out_message_probabilities(vectors, labels, part_vectors, part_owner, folds=args.folds)
    native = np.array([detect_language(text, None) in SWEDISH_ENGLISH for text in texts])
    chosen = {}
    print(f"{len(texts)} texts ({int(labels.sum())} emergencies), {args.folds}-fold held-out figures:")
    for name, rows in (("swedish_english", native), ("other_languages", ~native)):
        threshold, recall, false_alarms = choose(probabilities[rows], labels[rows], args.recall)
        ordinary = int((labels[rows] == 0).sum())
        print(
            f"  {name:<16} threshold {threshold:.2f}: recall {recall:.3f} of {int(labels[rows].sum())}, "
            f"false alarms {false_alarms} of {ordinary} ordinary texts"
        )
        chosen[name] = threshold
    body = {"thresholds": chosen, "fitted_on": {"texts": len(texts), "folds": args.folds, "recall": args.recall}}
    args.out.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
