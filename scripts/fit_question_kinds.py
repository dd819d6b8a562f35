"""Choose the question-kind check's thresholds by cross-validation over its own training texts.

    .venv/bin/python scripts/fit_question_kinds.py [--folds 5]

The check (chat/question_kinds.py) learns own cases, requests for a person
and out-of-scope messages from the Rasa NLU data and its own texts, against
the knowledge base's example questions. Each text is scored by a model fitted without its fold, and the
threshold written for each kind maximises F1 on those held-out scores.
Both mistakes cost about the same: a plain question taken for an own case
shows the general rule beside an offer of a person, but is not resolved at
first contact and may give an officer a needless case; a missed own case
shows the rule, and the citizen's "Nej" to "Fick du svar?" offers a person.
(Weighting own-case recall double, beta 2, made about one in nine of the held-out
set's plain questions into handovers.) Below that threshold an answer still
offers a person when the probability reaches own_case_possible: the highest
level that keeps 95 % held-out recall of own cases. A missed request for a person still
gets the form when the bot has no answer; a false one only means Rasa's
request_human is believed.
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
from chat.classifier import held_out_probabilities, threshold_for_recall  # noqa: E402
from chat.question_kinds import KINDS, OUT_OF_SCOPE, OWN_CASE, PERSON, THRESHOLDS_PATH, load_kind_training  # noqa: E402
from knowledge_base.config import KnowledgeBaseSettings  # noqa: E402
from knowledge_base.embedders import create_embedder  # noqa: E402
from knowledge_base.files import read_content  # noqa: E402
from knowledge_base.vector_cache import VectorCache  # noqa: E402

BETA = {OWN_CASE: 1.0, OUT_OF_SCOPE: 1.0, PERSON: 1.0}
GRID = np.round(np.arange(0.05, 0.99, 0.01), 2)
POSSIBLE_RECALL = 0.95


def best_threshold(probabilities: np.ndarray, labels: np.ndarray, beta: float) -> tuple[float, float, float]:
    """(threshold, precision, recall) with the highest F-beta over the grid."""
    best = (0.0, 0.5, 0.0, 0.0)
    for threshold in GRID:
        flagged = probabilities >= threshold
        true_positives = float((flagged & (labels == 1.0)).sum())
        precision = true_positives / max(float(flagged.sum()), 1.0)
        recall = true_positives / max(float(labels.sum()), 1.0)
        score = (1 + beta**2) * precision * recall / max(beta**2 * precision + recall, 1e-9)
        if score > best[0]:
            best = (score, float(threshold), precision, recall)
    return best[1], best[2], best[3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=THRESHOLDS_PATH)
    args = parser.parse_args()
    own, settings = KnowledgeBaseSettings(), Settings()
    taxonomy = load_taxonomy(settings.taxonomy_path)
    questions = [q for entry in read_content(own.content_dir, taxonomy=taxonomy).entries for q in entry.example_texts]
    training = load_kind_training(questions=questions)
    embedder = create_embedder(own.embedder)
    cache = VectorCache(own.vector_cache_path(settings.var_dir))
    vectors = cache.vectors(training.texts, embedder_id=embedder.id, role="query", embed=embedder.embed_queries)
    print(f"{len(training.texts)} texts; {args.folds}-fold held-out figures:")
    chosen = {}
    for kind in KINDS:
        labels = training.labels(kind)
        probabilities = held_out_probabilities(vectors, labels, folds=args.folds)
        threshold, precision, recall = best_threshold(probabilities, labels, BETA[kind])
        print(
            f"  {kind:<13} threshold {threshold:.2f}: precision {precision:.3f}, recall {recall:.3f} "
            f"({int(labels.sum())} examples, F-beta {BETA[kind]})"
        )
        chosen[kind] = threshold
        if kind == OWN_CASE:
            chosen["own_case_possible"] = threshold_for_recall(probabilities, labels, POSSIBLE_RECALL, GRID)
            level = chosen["own_case_possible"]
            others = probabilities[labels == 0.0]
            print(
                f"  {'':<13} an answer offers a person from {level:.2f} (own-case recall {POSSIBLE_RECALL}; "
                f"{(others >= level).mean():.3f} of the other texts reach it)"
            )
    body = {"thresholds": chosen, "fitted_on": {"texts": len(training.texts), "folds": args.folds, "beta": BETA}}
    args.out.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
