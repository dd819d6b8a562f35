"""Fit the decision policy's thresholds with k-fold cross-validation and write knowledge_base/policy.json.

    .venv/bin/python scripts/fit_policy.py ../shared/eval/dev.jsonl tests/eval/holdout.jsonl [--folds 5]

Uses the items that reach the policy in the product: those the question-kind
check (chat/question_kinds.py) lets through as general questions, of the
items that expect an answer (with a topic), out_of_scope or a handover; for
the last two any answer is wrong. Swedish
and English items and items in every other language are fitted apart, each
group getting thresholds of its own (see knowledge_base/policy.py). The
figures printed are cross-validated: thresholds fitted on k-1 folds, counted
on the fold left out. The thresholds written are then fitted on all items.
A wrong answer costs --wrong-cost; a fallback costs nothing; a clarify that
offers the right topic earns --clarify-credit.

The fit has two stages: first the fused-score thresholds, then, with those
fixed, when the example classifier's agreement may answer on its own
(classifier_min, agreement_min); a joint grid would be too large to search.

Several files are fitted together and their cross-validated figures are
printed for each file as well. On the dev set alone (about 180 items, 16 in
languages other than Swedish and English) the chosen thresholds swung with
every change of the question-kind texts; the held-out file doubles the
items. tests/eval/blind.jsonl is never fitted on: it measures the result.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import evaluation  # noqa: E402
from app.settings import PROJECT_ROOT, Settings  # noqa: E402
from app.taxonomy import load_taxonomy  # noqa: E402
from chat.question_kinds import build_question_kinds  # noqa: E402
from knowledge_base.config import KnowledgeBaseSettings  # noqa: E402
from knowledge_base.embedders import create_embedder  # noqa: E402
from knowledge_base.policy import LEXICAL_LANGUAGES, Policy, PolicyThresholds, best_per_topic, decide  # noqa: E402
from knowledge_base.retrieval import ScoredEntry  # noqa: E402
from knowledge_base.service import retriever_from_files  # noqa: E402
from knowledge_base.vector_cache import VectorCache, embed_own_texts  # noqa: E402

KEPT_TOPICS = 4


@dataclass(frozen=True)
class Item:
    expected_topic: str | None  # None: no answer is right (out of scope, or the citizen's own case)
    ranked: list[ScoredEntry]
    lang: str
    source: str  # the evaluation file's name


def outcome(item: Item, thresholds: PolicyThresholds) -> str:
    """right / wrong / clarified / clarify / fallback, as the evaluation counts them."""
    decision = decide(item.ranked, thresholds)
    if decision.kind == "answer":
        return "right" if decision.hits[0].topic == item.expected_topic else "wrong"
    if decision.kind == "clarify":
        return "clarified" if item.expected_topic in {hit.topic for hit in decision.hits} else "clarify"
    return "fallback"


def utility(counts: Counter[tuple[bool, str]], *, wrong_cost: float, clarify_credit: float) -> float:
    in_scope = counts[(True, "right")] + clarify_credit * counts[(True, "clarified")]
    rejected = counts[(False, "fallback")]
    wrong = counts[(True, "wrong")] + counts[(False, "wrong")]
    return in_scope + rejected - wrong_cost * wrong


def tally(items: list[Item], thresholds: PolicyThresholds) -> Counter[tuple[bool, str]]:
    return Counter((item.expected_topic is not None, outcome(item, thresholds)) for item in items)


def grid(items: list[Item]) -> list[PolicyThresholds]:
    tops = np.array([item.ranked[0].fused for item in items])
    answer_mins = sorted(set(np.round(np.quantile(tops, np.linspace(0.0, 0.6, 31)), 4)))
    candidates = []
    for answer_min, margin, below, window in itertools.product(
        answer_mins, (0.0, 0.005, 0.01, 0.02, 0.03, 0.05), (0.0, 0.03, 0.06), (0.0, 0.01, 0.02, 0.04)
    ):
        candidates.append(PolicyThresholds(float(answer_min), margin, float(answer_min) - below, window))
    return candidates


def agreement_grid(items: list[Item], fused: PolicyThresholds) -> list[PolicyThresholds]:
    """The fused thresholds, alone (1.01 = off) or with the classifier's agreement at several levels."""
    tops = np.array([item.ranked[0].fused for item in items])
    agreement_mins = sorted(set(np.round(np.quantile(tops, np.linspace(0.0, 0.5, 11)), 4)))
    options = [(1.01, 1.01)] + list(itertools.product((0.5, 0.6, 0.7, 0.8, 0.9), agreement_mins))
    return [replace(fused, classifier_min=float(p), agreement_min=float(score)) for p, score in options]


def fit(items: list[Item], *, wrong_cost: float, clarify_credit: float) -> PolicyThresholds:
    def worth(thresholds: PolicyThresholds) -> float:
        return utility(tally(items, thresholds), wrong_cost=wrong_cost, clarify_credit=clarify_credit)

    fused = max(grid(items), key=worth)
    return max(agreement_grid(items, fused), key=worth)


def split_folds(items: list[Item], k: int, seed: int) -> list[list[Item]]:
    """Stratified: out-of-scope items spread evenly over the folds."""
    shuffled = items[:]
    random.Random(seed).shuffle(shuffled)
    ordered = [i for i in shuffled if i.expected_topic is None] + [i for i in shuffled if i.expected_topic]
    return [ordered[fold::k] for fold in range(k)]


def report(counts: Counter[tuple[bool, str]]) -> dict[str, float]:
    in_scope = sum(n for (scoped, _), n in counts.items() if scoped)
    out_of_scope = sum(n for (scoped, _), n in counts.items() if not scoped)
    total = in_scope + out_of_scope
    clarify = sum(n for (_, kind), n in counts.items() if kind.startswith("clarif"))
    return {
        "answer_accuracy": counts[(True, "right")] / in_scope,
        "wrong_answer_rate": (counts[(True, "wrong")] + counts[(False, "wrong")]) / total,
        "clarify_share": clarify / total,
        "clarified_with_right_topic": counts[(True, "clarified")] / in_scope,
        "no_answer_kept_unanswered": counts[(False, "fallback")] / out_of_scope if out_of_scope else float("nan"),
    }


def load_items(paths: list[Path]) -> list[Item]:
    own = KnowledgeBaseSettings()
    taxonomy = load_taxonomy(PROJECT_ROOT / "taxonomy.yml")
    embedder = create_embedder(own.embedder)
    cache = VectorCache(own.vector_cache_path(Settings().var_dir))
    retriever = retriever_from_files(
        own.content_dir, taxonomy=taxonomy, embedder=embedder, index_dir=own.files_index_dir, vector_cache=cache
    )
    kinds = build_question_kinds(
        embed_training=embed_own_texts(embedder, cache),
        embed_query=lambda texts: embedder.embed_queries(list(texts)),
        questions=[question for content in retriever.contents for question in content.example_texts],
    )
    items = []
    for path in paths:
        for raw in evaluation.load_items(path):
            if raw["expect"]["action"] not in ("answer", "out_of_scope", "handover"):
                continue
            kind = kinds.classify(raw["text"])
            if not (kind.own_case or kind.out_of_scope):
                ranked = best_per_topic(retriever.rank(raw["text"]))[:KEPT_TOPICS]
                items.append(Item(raw["expect"].get("topic"), ranked, raw.get("lang", "sv"), path.name))
    return items


def cross_validate(
    items: list[Item], *, folds: int, repeats: int, costs: dict[str, float]
) -> dict[str, Counter[tuple[bool, str]]]:
    """Outcomes of every item under thresholds fitted without it, over several shuffles, by source file."""
    held_out: dict[str, Counter[tuple[bool, str]]] = defaultdict(Counter)
    for seed in range(repeats):
        parts = split_folds(items, folds, seed)
        for index, test in enumerate(parts):
            train = [item for j, part in enumerate(parts) if j != index for item in part]
            thresholds = fit(train, **costs)
            for source in {item.source for item in test}:
                held_out[source] += tally([item for item in test if item.source == source], thresholds)
    return held_out


def sum_counts(by_source: dict[str, Counter[tuple[bool, str]]]) -> Counter[tuple[bool, str]]:
    return sum(by_source.values(), Counter())


def print_figures(title: str, counts: Counter[tuple[bool, str]]) -> None:
    print(f"{title}; held-out figures:")
    for name, value in report(counts).items():
        print(f"  {name:<28} {value:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "eval_files", type=Path, nargs="+", help="evaluation JSONL files, e.g. ../shared/eval/dev.jsonl"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3, help="repeat the k-fold split with other shuffles")
    parser.add_argument("--wrong-cost", type=float, default=3.0, help="cost of a wrong answer (a fallback costs 0)")
    parser.add_argument("--clarify-credit", type=float, default=0.3, help="worth of a clarify offering the right topic")
    parser.add_argument("--out", type=Path, default=KnowledgeBaseSettings().policy_path)
    args = parser.parse_args()
    items = load_items(args.eval_files)
    costs = {"wrong_cost": args.wrong_cost, "clarify_credit": args.clarify_credit}
    groups = {
        "Swedish and English": [item for item in items if item.lang in LEXICAL_LANGUAGES],
        "other languages": [item for item in items if item.lang not in LEXICAL_LANGUAGES],
    }
    by_source: dict[str, Counter[tuple[bool, str]]] = defaultdict(Counter)
    fitted = {}
    for name, group in groups.items():
        held_out = cross_validate(group, folds=args.folds, repeats=args.repeats, costs=costs)
        unanswerable = sum(item.expected_topic is None for item in group)
        print_figures(f"{name}: {len(group)} items ({unanswerable} with no right answer)", sum_counts(held_out))
        for source, counts in held_out.items():
            by_source[source] += counts
        fitted[name] = fit(group, **costs)
    for source, counts in sorted(by_source.items()):
        print_figures(f"{source}: {args.folds}-fold cross-validation x {args.repeats} shuffles", counts)
    print_figures(f"all: {args.folds}-fold cross-validation x {args.repeats} shuffles", sum_counts(by_source))
    policy = Policy(fitted["Swedish and English"], fitted["other languages"])
    files = [path.name for path in args.eval_files]
    policy.save(args.out, fitted_on={"files": files, "items": len(items), **costs})
    print(f"thresholds fitted on all items -> {args.out}:\n  {policy.default}\n  other: {policy.other_languages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
