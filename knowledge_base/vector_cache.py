"""Vectors of entry texts kept on disk, so re-indexing embeds only texts it has never seen.

The saved FAISS index is valid for exactly one set of content; any change
(one edited sample file, a new entry) used to mean embedding every passage
again, a minute and a half on two cores. This cache is keyed by embedder,
role (query or passage) and text, so after a change only the changed texts
are embedded. It holds entry texts only, never what citizens type.

SQLite (stdlib) makes it safe to share between processes: the product, the
CLI and several test servers may read and fill one cache at the same time.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Literal

import numpy as np

from knowledge_base.embedders import Embedder

Role = Literal["query", "passage"]
BUSY_TIMEOUT_SECONDS = 30
SQL_PARAMETERS_PER_QUERY = 500


class VectorCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as connection, connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS vectors ("
                " embedder TEXT NOT NULL, role TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL,"
                " PRIMARY KEY (embedder, role, text_hash))"
            )

    def vectors(
        self, texts: list[str], *, embedder_id: str, role: Role, embed: Callable[[list[str]], np.ndarray]
    ) -> np.ndarray:
        """Vectors for texts in order: cached ones read back, the rest embedded (in one call) and stored."""
        if not texts:
            return np.asarray(embed([]), dtype=np.float32)
        keys = [_key(text) for text in texts]
        found = self._read(embedder_id, role, set(keys))
        missing = list(dict.fromkeys(text for text, key in zip(texts, keys, strict=True) if key not in found))
        if missing:
            fresh = np.asarray(embed(missing), dtype=np.float32)
            new = {_key(text): vector for text, vector in zip(missing, fresh, strict=True)}
            self._write(embedder_id, role, new)
            found.update(new)
        return np.vstack([found[key] for key in keys]).astype(np.float32)

    def _read(self, embedder_id: str, role: Role, keys: set[str]) -> dict[str, np.ndarray]:
        wanted = sorted(keys)
        rows: list[tuple[str, bytes]] = []
        with closing(self._connect()) as connection:
            for start in range(0, len(wanted), SQL_PARAMETERS_PER_QUERY):
                chunk = wanted[start : start + SQL_PARAMETERS_PER_QUERY]
                marks = ",".join("?" * len(chunk))
                query = (
                    f"SELECT text_hash, vector FROM vectors WHERE embedder = ? AND role = ? AND text_hash IN ({marks})"
                )
                rows += connection.execute(query, (embedder_id, role, *chunk)).fetchall()
        return {key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows}

    def _write(self, embedder_id: str, role: Role, vectors: dict[str, np.ndarray]) -> None:
        rows = [(embedder_id, role, key, vector.astype(np.float32).tobytes()) for key, vector in vectors.items()]
        with closing(self._connect()) as connection, connection:
            connection.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?, ?)", rows)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_own_texts(embedder: Embedder, cache: VectorCache | None) -> Callable[[Sequence[str]], np.ndarray]:
    """Embed our own training texts as queries, through the cache when there is one; never a citizen's text."""

    def embed(texts: Sequence[str]) -> np.ndarray:
        if cache is None:
            return embedder.embed_queries(list(texts))
        return cache.vectors(list(texts), embedder_id=embedder.id, role="query", embed=embedder.embed_queries)

    return embed
