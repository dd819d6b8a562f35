"""How the bot would answer a test question if a draft were published, without publishing it.

The draft is ranked *together with the published index*, exactly as
`knowledge_base.retrieval.HybridRetriever.rank` would rank it after publish:

- dense: every published entry keeps its score from the live index
  (`KnowledgeBase.rank`); the draft's dense score is the best cosine of its own
  passages (titles and examples as queries, answer chunks as passages), the
  same passages and embedding modes the index uses;
- lexical: a BM25 scorer is built over the published entries with the draft
  in its entry's place (a few ms for a city's few hundred entries), so the
  idf statistics are those the live index would have;
- fused by the retriever's own `ranked_entries`, with each topic's probability
  from the live example classifier (the draft is not refitted into it: a
  preview must answer at once), and decided by the committed policy
  thresholds, so the preview says answer / clarify / fallback as the bot would.

It only reads the knowledge base's public pieces; it belongs in the
knowledge_base package once that package's editing settles (see the report).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from knowledge_base.contract import Decision
from knowledge_base.embedders import Embedder
from knowledge_base.lexical import Analyzer, LexicalScorer
from knowledge_base.policy import PolicyThresholds, decide
from knowledge_base.retrieval import RetrievalConfig, ScoredEntry, lexical_document, passages, ranked_entries
from knowledge_base.schemas import EntryContent


@dataclass(frozen=True)
class PreviewResult:
    question: str
    decision: Decision
    ranked: list[ScoredEntry]  # the top of the combined ranking
    draft_id: str
    draft_rank: int  # 1 = the draft would win
    draft_score: ScoredEntry
    published_score: ScoredEntry | None  # the same entry's score as published now, if it is published

    @property
    def draft_wins(self) -> bool:
        return self.draft_rank == 1

    @property
    def answers_with_draft(self) -> bool:
        return (
            self.decision.kind == "answer"
            and bool(self.decision.hits)
            and self.decision.hits[0].entry_id == self.draft_id
        )


class DraftPreview:
    def __init__(
        self,
        *,
        embedder: Embedder,
        rank: Callable[[str], list[ScoredEntry]],
        published: Callable[[], list[EntryContent]],
        thresholds: PolicyThresholds,
        config: RetrievalConfig | None = None,
    ) -> None:
        self._embedder = embedder
        self._rank = rank
        self._published = published
        self._thresholds = thresholds
        self._config = config or RetrievalConfig()

    def preview(self, draft: EntryContent, question: str, *, top: int = 5) -> PreviewResult:
        question = question.strip()
        live = {scored.entry_id: scored for scored in self._rank(question)}
        contents = {content.id: content for content in self._published()}
        contents[draft.id] = draft
        analyzer = Analyzer(self._config.lexical_features, self._config.ngram)
        lexical = LexicalScorer(
            {entry_id: lexical_document(content) for entry_id, content in contents.items()}, analyzer=analyzer
        ).score(question)
        dense = {entry_id: scored.dense for entry_id, scored in live.items() if entry_id != draft.id}
        dense[draft.id] = self._draft_dense(draft, question)
        topic_probability = {scored.topic: scored.topic_probability for scored in live.values()}
        ranked = ranked_entries(
            contents, dense=dense, lexical=lexical, topic_probability=topic_probability, config=self._config
        )
        position = next(index for index, scored in enumerate(ranked) if scored.entry_id == draft.id)
        return PreviewResult(
            question=question,
            decision=decide(ranked, self._thresholds),
            ranked=ranked[:top],
            draft_id=draft.id,
            draft_rank=position + 1,
            draft_score=ranked[position],
            published_score=live.get(draft.id),
        )

    def _draft_dense(self, draft: EntryContent, question: str) -> float:
        found = passages(draft, self._config)
        short = [passage.text for passage in found if passage.kind != "answer"]
        long = [passage.text for passage in found if passage.kind == "answer"]
        vectors = np.vstack([self._embedder.embed_queries(short), self._embedder.embed_passages(long)])
        query = self._embedder.embed_queries([question])[0]
        return float(np.max(vectors @ query)) if len(vectors) else 0.0
