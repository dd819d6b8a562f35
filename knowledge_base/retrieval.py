"""Hybrid retrieval: dense (best vector per entry) and lexical (BM25) scores, fused per entry.

Every entry contributes several short texts (titles, each example question,
answer chunks) so a citizen's question meets the text it most resembles; the
entry's dense score is the best of them.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from knowledge_base.classifier import ExampleClassifier, Refitter
from knowledge_base.embedders import Embedder
from knowledge_base.index import IndexStamp, VectorIndex
from knowledge_base.lexical import Analyzer, FeatureKind, LexicalScorer
from knowledge_base.schemas import EntryContent
from knowledge_base.vector_cache import Role, VectorCache

PassageKind = Literal["title", "example", "answer"]
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class RetrievalConfig:
    """How texts become vectors and features, and how the two scores are fused; chosen on the dev set."""

    dense_weight: float = 0.9
    lexical_features: FeatureKind = "ngrams"
    ngram: int = 4
    answer_chunk_words: int = 60
    embed_answers: bool = True

    def fingerprint(self) -> dict[str, object]:
        """The settings that change vectors; part of the index stamp."""
        return {"answer_chunk_words": self.answer_chunk_words, "embed_answers": self.embed_answers}


@dataclass(frozen=True)
class Passage:
    kind: PassageKind
    text: str


@dataclass(frozen=True)
class ScoredEntry:
    entry_id: str
    topic: str
    answer_group: str
    dense: float
    lexical: float
    fused: float
    topic_probability: float = 0.0  # the example classifier's probability of this entry's topic


def scored_entry(
    content: EntryContent, *, dense: float, lexical: float, config: RetrievalConfig, topic_probability: float
) -> ScoredEntry:
    """One entry's scores, fused with the configured weight (the only place the fusion is written)."""
    fused = config.dense_weight * dense + (1 - config.dense_weight) * lexical
    return ScoredEntry(content.id, content.topic, content.answer_group, dense, lexical, fused, topic_probability)


def ranked_entries(
    contents: Mapping[str, EntryContent],
    *,
    dense: Mapping[str, float],
    lexical: Mapping[str, float],
    topic_probability: Mapping[str, float],
    config: RetrievalConfig,
) -> list[ScoredEntry]:
    """The entries that have a dense score, scored and fused, best first."""
    ranked = [
        scored_entry(
            content,
            dense=dense[entry_id],
            lexical=lexical.get(entry_id, 0.0),
            config=config,
            topic_probability=topic_probability.get(content.topic, 0.0),
        )
        for entry_id, content in contents.items()
        if entry_id in dense
    ]
    return sorted(ranked, key=lambda scored: scored.fused, reverse=True)


def chunk_answer(text: str, max_words: int) -> list[str]:
    """Whole sentences packed into chunks of about max_words, so a long answer still matches a narrow question."""
    chunks: list[str] = []
    current: list[str] = []
    for sentence in SENTENCE_END.split(text.strip()):
        if current and len(" ".join(current + [sentence]).split()) > max_words:
            chunks.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        chunks.append(" ".join(current))
    return chunks


def passages(content: EntryContent, config: RetrievalConfig) -> list[Passage]:
    """The texts one entry is found by."""
    found = [Passage("title", title) for title in content.title.values()]
    found += [Passage("example", example) for examples in content.examples.values() for example in examples]
    if config.embed_answers:
        found += [
            Passage("answer", chunk)
            for answer in content.answer.values()
            for chunk in chunk_answer(answer, config.answer_chunk_words)
        ]
    return found


def question_passages(content: EntryContent, config: RetrievalConfig) -> list[Passage]:
    """The passages phrased like a question (titles and examples), embedded as queries."""
    return [passage for passage in passages(content, config) if passage.kind != "answer"]


def lexical_document(content: EntryContent) -> list[str]:
    """The words an entry is found by lexically: titles twice (they name the matter), examples, answers."""
    titles = list(content.title.values())
    examples = [example for examples in content.examples.values() for example in examples]
    return titles * 2 + examples + list(content.answer.values())


def content_hash(contents: Iterable[EntryContent], embedder_id: str, config: RetrievalConfig) -> str:
    """A hash of exactly what gets embedded, so unchanged content never re-embeds."""
    payload = {
        "embedder": embedder_id,
        "config": config.fingerprint(),
        "entries": sorted(
            (content.id, [asdict(passage) for passage in passages(content, config)]) for content in contents
        ),
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class HybridRetriever:
    """Ranks published entries for a question; updated in place when one entry is published or withdrawn."""

    def __init__(
        self, *, embedder: Embedder, config: RetrievalConfig | None = None, vector_cache: VectorCache | None = None
    ) -> None:
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        self._vector_cache = vector_cache
        self._contents: dict[str, EntryContent] = {}
        self._index: VectorIndex | None = None
        self._lexical: LexicalScorer | None = None
        self._classifier: ExampleClassifier | None = None
        self._stamp: IndexStamp | None = None  # computed once per change: /readyz reads it on every probe
        self._refitter = Refitter(self._fit_classifier)
        self._lock = threading.RLock()

    @property
    def is_ready(self) -> bool:
        return self._index is not None and self._lexical is not None

    @property
    def stamp(self) -> IndexStamp:
        with self._lock:
            if self._stamp is None:
                self._stamp = IndexStamp(
                    self.embedder.id, content_hash(self._contents.values(), self.embedder.id, self.config)
                )
            return self._stamp

    def load(self, contents: Iterable[EntryContent], *, directory: Path | None = None) -> bool:
        """Take these entries; reuse the saved index when it matches, else embed and save. True if it re-embedded."""
        with self._lock:
            self._contents = {content.id: content for content in contents}
            self._stamp = None
            stamp = self.stamp
            saved = VectorIndex.load(directory, stamp) if directory else None
            self._index = saved or self._embed_all()
            self._lexical = self._build_lexical()
            if saved is None and directory:
                self._index.save(directory, stamp)
        self._fit_classifier()
        return saved is None

    def upsert(self, content: EntryContent, *, directory: Path | None = None) -> None:
        """Re-embed one entry's texts in place (on publish)."""
        vectors = self._embed_entry(content)
        with self._lock:
            self._contents[content.id] = content
            self._stamp = None
            self._require_index().add(content.id, vectors)
            self._after_change(directory)

    def remove(self, entry_id: str, *, directory: Path | None = None) -> None:
        """Drop one entry's vectors in place (on unpublish)."""
        with self._lock:
            self._contents.pop(entry_id, None)
            self._stamp = None
            self._require_index().remove(entry_id)
            self._after_change(directory)

    def content(self, entry_id: str) -> EntryContent | None:
        return self._contents.get(entry_id)

    @property
    def contents(self) -> list[EntryContent]:
        with self._lock:
            return list(self._contents.values())

    def rank(self, text: str) -> list[ScoredEntry]:
        """Every entry with its dense, lexical and fused score and its topic's probability, best first."""
        query = self.embedder.embed_queries([text])[0]
        with self._lock:
            dense = self._require_index().search(query)
            lexical = self._lexical.score(text) if self._lexical else {}
            classifier = self._classifier
            contents = {entry_id: self._contents[entry_id] for entry_id in dense}
        topics = classifier.topic_probabilities(query) if classifier else {}
        return ranked_entries(contents, dense=dense, lexical=lexical, topic_probability=topics, config=self.config)

    def wait_for_classifier(self, timeout: float | None = None) -> None:
        """Block until the classifier reflects every change so far (publishing refits it in the background)."""
        self._refitter.wait(timeout)

    def _after_change(self, directory: Path | None) -> None:
        self._lexical = self._build_lexical()
        if directory:
            self._require_index().save(directory, self.stamp)
        self._refitter.request()

    def _fit_classifier(self) -> None:
        """Titles and examples only: answers are written to inform, not phrased as a citizen asks."""
        with self._lock:
            index = self._require_index()
            questions = {
                entry_id: index.vectors_of(entry_id)[: len(question_passages(content, self.config))]
                for entry_id, content in self._contents.items()
            }
            topic_of = {entry_id: content.topic for entry_id, content in self._contents.items()}
            previous = self._classifier
        classifier = ExampleClassifier.fit(questions, topic_of, previous=previous)
        with self._lock:
            self._classifier = classifier

    def _require_index(self) -> VectorIndex:
        if self._index is None:
            raise RuntimeError("the knowledge base index is not loaded yet (call load first)")
        return self._index

    def _embed_all(self) -> VectorIndex:
        index = VectorIndex(self.embedder.dim)
        for content in self._contents.values():
            index.add(content.id, self._embed_entry(content))
        return index

    def _embed_entry(self, content: EntryContent) -> np.ndarray:
        """Questions and titles embed as queries (they are asked like queries), answers as passages.

        The questions come first: the example classifier reads them back by position."""
        short = [passage.text for passage in question_passages(content, self.config)]
        long = [passage.text for passage in passages(content, self.config) if passage.kind == "answer"]
        return np.vstack([self._embed(short, "query"), self._embed(long, "passage")])

    def _embed(self, texts: list[str], role: Role) -> np.ndarray:
        embed = self.embedder.embed_queries if role == "query" else self.embedder.embed_passages
        if self._vector_cache is None:
            return embed(texts)
        return self._vector_cache.vectors(texts, embedder_id=self.embedder.id, role=role, embed=embed)

    def _build_lexical(self) -> LexicalScorer:
        analyzer = Analyzer(self.config.lexical_features, self.config.ngram)
        documents = {entry_id: lexical_document(content) for entry_id, content in self._contents.items()}
        return LexicalScorer(documents, analyzer=analyzer)
