"""Retrieval on the dev questions: decide() latency (p50/p95) and, with --accuracy, top-1 topic accuracy.

    .venv/bin/python scripts/bench_retrieval.py ../shared/eval/dev.jsonl [--accuracy]

Latency goes through the real path (SQLite database, KnowledgeBase.decide) on
a throwaway copy of the content, in three figures: embedding the question
alone; decide() on a question never seen (embedding included); and decide()
as the chat action calls it, after the gateway's emergency check has embedded
the same message (the product's RecentQueries memo), which is the search,
lexical scoring, fusion and policy. Accuracy compares dense, lexical (each
feature kind) and hybrid rankings (weighted fusion at several weights and
reciprocal rank fusion) on the items that expect an answer.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import Base, Database, create_db_engine  # noqa: E402
from app.settings import PROJECT_ROOT, Settings  # noqa: E402
from app.taxonomy import load_taxonomy  # noqa: E402
from knowledge_base import models  # noqa: E402, F401
from knowledge_base.config import KnowledgeBaseSettings  # noqa: E402
from knowledge_base.embedders import RecentQueries, create_embedder  # noqa: E402
from knowledge_base.files import read_content  # noqa: E402
from knowledge_base.lexical import Analyzer, LexicalScorer  # noqa: E402
from knowledge_base.policy import Policy  # noqa: E402
from knowledge_base.retrieval import HybridRetriever, ScoredEntry, lexical_document  # noqa: E402
from knowledge_base.service import KnowledgeBase  # noqa: E402
from knowledge_base.vector_cache import VectorCache  # noqa: E402

RRF_K = 60


def vector_cache() -> VectorCache:
    """The cache `make run` fills: benchmarking after a run embeds nothing again."""
    return VectorCache(KnowledgeBaseSettings().vector_cache_path(Settings().var_dir))


def load_questions(path: Path, actions: tuple[str, ...]) -> list[dict]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [item for item in items if item["expect"]["action"] in actions]


def bench_latency(questions: list[str], *, repeats: int) -> None:
    own = KnowledgeBaseSettings()
    embedder = create_embedder(own.embedder)
    with tempfile.TemporaryDirectory() as scratch:
        database = Database(create_db_engine(f"sqlite:///{scratch}/bench.db"))
        Base.metadata.create_all(database.engine, tables=[models.Entry.__table__, models.EntryVersion.__table__])
        knowledge_base = KnowledgeBase(
            database=database,
            taxonomy=load_taxonomy(PROJECT_ROOT / "taxonomy.yml"),
            embedder=RecentQueries(embedder, size=len(questions) + 1),
            index_dir=Path(scratch) / "index",
            content_dir=own.content_dir,
            policy=Policy.load(own.policy_path),
            city_site="https://www.example-stad.se",
            vector_cache=vector_cache(),
        )
        knowledge_base.import_content()
        knowledge_base.warm_up()
        embedding = [milliseconds(embedder.embed_queries, [question]) for _ in range(repeats) for question in questions]
        unseen = [milliseconds(knowledge_base.decide, question) for question in questions]
        embedded = [milliseconds(knowledge_base.decide, question) for _ in range(repeats) for question in questions]
    report("embedding the question", embedding)
    report("decide(), question not yet embedded", unseen)
    report("decide(), question embedded by the gateway", embedded)


def milliseconds(call: Callable, argument: object) -> float:
    started = time.perf_counter()
    call(argument)
    return (time.perf_counter() - started) * 1000


def report(what: str, timings: list[float]) -> None:
    p50, p95 = np.percentile(timings, [50, 95])
    print(f"{what}: {len(timings)} calls, p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {max(timings):.2f} ms")


def top1(items: list[dict], rank: Callable[[str], list[str]], topic_of: dict[str, str]) -> float:
    hits = sum(
        bool(rank(item["text"])) and topic_of[rank(item["text"])[0]] == item["expect"]["topic"] for item in items
    )
    return hits / len(items)


def by(ranked: list[ScoredEntry], score: Callable[[ScoredEntry], float]) -> list[str]:
    return [scored.entry_id for scored in sorted(ranked, key=score, reverse=True)]


def rrf(ranked: list[ScoredEntry]) -> list[str]:
    """Reciprocal rank fusion of the dense and lexical rankings."""
    fused = dict.fromkeys((s.entry_id for s in ranked), 0.0)
    for key in (lambda s: s.dense, lambda s: s.lexical):
        for position, entry_id in enumerate(by(ranked, key)):
            fused[entry_id] += 1 / (RRF_K + position + 1)
    return sorted(fused, key=fused.__getitem__, reverse=True)


def bench_accuracy(items: list[dict]) -> None:
    own = KnowledgeBaseSettings()
    taxonomy = load_taxonomy(PROJECT_ROOT / "taxonomy.yml")
    entries = read_content(own.content_dir, taxonomy=taxonomy).entries
    retriever = HybridRetriever(embedder=create_embedder(own.embedder), vector_cache=vector_cache())
    retriever.load(entries, directory=own.files_index_dir)
    topic_of = {entry.id: entry.topic for entry in entries}
    ranked = {item["text"]: retriever.rank(item["text"]) for item in items}
    print(f"top-1 topic accuracy on {len(items)} answer items, {len(entries)} entries:")
    print(f"  dense                      {top1(items, lambda t: by(ranked[t], lambda s: s.dense), topic_of):.3f}")
    documents = {entry.id: lexical_document(entry) for entry in entries}
    for kind, n in (("words", 4), ("stems", 4), ("ngrams", 3), ("ngrams", 4), ("ngrams", 5), ("stems+ngrams", 4)):
        scorer = LexicalScorer(documents, analyzer=Analyzer(kind, n))
        accuracy = top1(items, lambda t, s=scorer: sorted(s.score(t), key=s.score(t).get, reverse=True), topic_of)
        print(f"  lexical {kind:<12} n={n}     {accuracy:.3f}")
    for weight in (0.5, 0.6, 0.7, 0.8, 0.9):
        fused = top1(items, lambda t, w=weight: by(ranked[t], lambda s: w * s.dense + (1 - w) * s.lexical), topic_of)
        print(f"  hybrid weighted w={weight:.1f}     {fused:.3f}")
    print(f"  hybrid RRF k={RRF_K}           {top1(items, lambda t: rrf(ranked[t]), topic_of):.3f}")
    print(f"  hybrid as configured       {top1(items, lambda t: by(ranked[t], lambda s: s.fused), topic_of):.3f}")
    print(f"  example classifier         {top1(items, lambda t: by(ranked[t], classifier_order), topic_of):.3f}")


def classifier_order(scored: ScoredEntry) -> tuple[float, float]:
    """The classifier's topic probability, entries of one topic in fused order."""
    return (scored.topic_probability, scored.fused)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("eval_file", type=Path, help="evaluation JSONL, e.g. ../shared/eval/dev.jsonl")
    parser.add_argument("--repeats", type=int, default=3, help="passes over the questions for latency (default 3)")
    parser.add_argument("--accuracy", action="store_true", help="also print top-1 topic accuracy per method")
    args = parser.parse_args()
    questions = [item["text"] for item in load_questions(args.eval_file, ("answer", "out_of_scope", "handover"))]
    bench_latency(questions, repeats=args.repeats)
    if args.accuracy:
        bench_accuracy(load_questions(args.eval_file, ("answer",)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
