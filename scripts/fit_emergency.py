"""Choose the semantic emergency detector's thresholds by cross-validation over its own training texts.

    .venv/bin/python scripts/fit_emergency.py [--folds 5] [--false-alarms 0.01] [--recall 0.97]

The detector (chat/safety.py) is fitted on chat/emergency_examples.yml, the
Rasa NLU data and the knowledge base's example questions, never on an
evaluation set. Here each text is scored by a model fitted without its fold,
read as the product reads a message: the highest score over the whole text
and each of its sentences and clauses (chat.safety.message_parts). For
Swedish and English texts and for texts in other languages apart, two
thresholds are written:

- `sure`: the score that at most --false-alarms of held-out ordinary texts
  reach (the city's limit for a false "Ring 112"): above it the bot answers
  with the emergency guidance;
- `unsure`: the score that --recall of held-out emergencies reach: between
  the two the bot asks whether anyone is in danger, then answers as usual.

Patterns run beside this layer and are not counted here.
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
from chat.classifier import held_out_message_scores  # noqa: E402
from chat.language import detect_language  # noqa: E402
from chat.safety import (  # noqa: E402
    SWEDISH_ENGLISH,
    THRESHOLDS_PATH,
    fit_emergency_model,
    load_training_set,
    message_parts,
)
from knowledge_base.config import KnowledgeBaseSettings  # noqa: E402
from knowledge_base.embedders import create_embedder  # noqa: E402
from knowledge_base.files import read_content  # noqa: E402
from knowledge_base.vector_cache import VectorCache  # noqa: E402


def score_at_false_alarm_rate(ordinary: np.ndarray, rate: float) -> float:
    """The lowest score that at most `rate` of the ordinary texts reach."""
    ranked = np.sort(ordinary)[::-1]
    return float(np.nextafter(ranked[int(rate * len(ranked))], np.inf))


def score_for_recall(emergencies: np.ndarray, recall: float) -> float:
    """The highest score that `recall` of the emergencies still reach."""
    return float(np.sort(emergencies)[int((1.0 - recall) * len(emergencies))])


def _parts(text: str) -> list[str]:
    """A text's sentences and clauses when it has several, as the product reads a message."""
    parts = message_parts(text)
    return parts if len(parts) > 1 else []


def _fit(vectors: np.ndarray, labels: np.ndarray):  # type: ignore[no-untyped-def]
    return fit_emergency_model(vectors, labels).scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--false-alarms", type=float, default=0.01, help="held-out false-alarm rate for `sure`")
    parser.add_argument("--recall", type=float, default=0.97, help="held-out recall for `unsure`")
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
    part_vectors = cache.vectors(
        [part for _, part in owned], embedder_id=embedder.id, role="query", embed=embedder.embed_queries
    )
    scores = held_out_message_scores(
        vectors,
        labels,
        sources=training.sources,
        part_vectors=part_vectors,
        part_owner=np.array([owner for owner, _ in owned], dtype=np.int64),
        fit=_fit,
        folds=args.folds,
    )
    native = np.array([detect_language(text, None) in SWEDISH_ENGLISH for text in texts])
    chosen = {}
    print(f"{len(texts)} texts ({int(labels.sum())} emergencies), {args.folds}-fold held-out figures:")
    for name, rows in (("swedish_english", native), ("other_languages", ~native)):
        emergencies, ordinary = scores[rows][labels[rows] == 1.0], scores[rows][labels[rows] == 0.0]
        sure = score_at_false_alarm_rate(ordinary, args.false_alarms)
        unsure = min(sure, score_for_recall(emergencies, args.recall))
        print(
            f"  {name:<16} sure {sure:+.3f}: recall {(emergencies >= sure).mean():.3f} of {len(emergencies)}, "
            f"false alarms {int((ordinary >= sure).sum())} of {len(ordinary)}; "
            f"unsure {unsure:+.3f}: recall {(emergencies >= unsure).mean():.3f}, "
            f"asked {int(((ordinary >= unsure) & (ordinary < sure)).sum())} ordinary texts"
        )
        chosen[name] = {"sure": round(sure, 4), "unsure": round(unsure, 4)}
    body = {
        "thresholds": chosen,
        "fitted_on": {
            "texts": len(texts),
            "folds": args.folds,
            "false_alarms": args.false_alarms,
            "recall": args.recall,
        },
    }
    args.out.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
