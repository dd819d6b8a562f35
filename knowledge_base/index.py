"""The dense index: FAISS inner product over normalised vectors, several vectors per entry.

Exact search (IndexFlatIP) is plenty for a city's few thousand passages; the
IDMap2 wrapper lets one entry's vectors be removed and re-added in place when
an editor publishes. The directory it is saved to records which embedder
built it and a hash of the texts, so start-up re-embeds only when something
changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

INDEX_FILE = "vectors.faiss"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class IndexStamp:
    """What an index on disk was built from; any difference means rebuild."""

    embedder_id: str
    content_hash: str


class VectorIndex:
    """Entry id -> vectors, searched by best vector per entry."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self._entry_of: dict[int, str] = {}
        self._ids_of: dict[str, list[int]] = {}
        self._next_id = 0

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def entry_ids(self) -> set[str]:
        return set(self._ids_of)

    def add(self, entry_id: str, vectors: np.ndarray) -> None:
        """Add an entry's vectors (replacing any it had)."""
        self.remove(entry_id)
        ids = np.arange(self._next_id, self._next_id + len(vectors), dtype=np.int64)
        self._next_id += len(vectors)
        self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
        self._ids_of[entry_id] = ids.tolist()
        self._entry_of.update({int(vector_id): entry_id for vector_id in ids})

    def remove(self, entry_id: str) -> None:
        ids = self._ids_of.pop(entry_id, [])
        if ids:
            self._index.remove_ids(np.array(ids, dtype=np.int64))
        for vector_id in ids:
            del self._entry_of[vector_id]

    def search(self, query: np.ndarray) -> dict[str, float]:
        """Entry id -> best inner product of its vectors with the query, for every entry."""
        if len(self) == 0:
            return {}
        scores, ids = self._index.search(query.reshape(1, -1).astype(np.float32), len(self))
        best: dict[str, float] = {}
        for score, vector_id in zip(scores[0], ids[0], strict=True):
            entry_id = self._entry_of.get(int(vector_id))
            if entry_id is not None and entry_id not in best:
                best[entry_id] = float(score)
        return best

    def save(self, directory: Path, stamp: IndexStamp) -> None:
        """Write vectors and manifest; the manifest goes last, so a half-written index is never trusted."""
        directory.mkdir(parents=True, exist_ok=True)
        (directory / MANIFEST_FILE).unlink(missing_ok=True)
        faiss.write_index(self._index, str(directory / INDEX_FILE))
        manifest = {
            "format": FORMAT_VERSION,
            "embedder_id": stamp.embedder_id,
            "content_hash": stamp.content_hash,
            "dim": self.dim,
            "next_id": self._next_id,
            "entries": self._ids_of,
        }
        (directory / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, stamp: IndexStamp) -> VectorIndex | None:
        """The saved index if it was built from exactly this stamp, else None (the caller rebuilds)."""
        manifest = read_manifest(directory)
        if manifest is None or IndexStamp(manifest["embedder_id"], manifest["content_hash"]) != stamp:
            return None
        loaded = cls(int(manifest["dim"]))
        loaded._index = faiss.read_index(str(directory / INDEX_FILE))
        loaded._next_id = int(manifest["next_id"])
        loaded._ids_of = {entry_id: list(ids) for entry_id, ids in manifest["entries"].items()}
        loaded._entry_of = {vector_id: entry_id for entry_id, ids in loaded._ids_of.items() for vector_id in ids}
        return loaded


def read_manifest(directory: Path) -> dict | None:
    """The manifest of a saved index, or None when there is none usable."""
    path = directory / MANIFEST_FILE
    if not path.exists() or not (directory / INDEX_FILE).exists():
        return None
    manifest = json.loads(path.read_text(encoding="utf-8"))
    return manifest if manifest.get("format") == FORMAT_VERSION else None
