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
        self._ids_of: dict[str, list[int]] = {}
        self._next_id = 0
        self._lookup: EntryLookup | None = None

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
        self._lookup = None

    def remove(self, entry_id: str) -> None:
        ids = self._ids_of.pop(entry_id, [])
        if ids:
            self._index.remove_ids(np.array(ids, dtype=np.int64))
        self._lookup = None

    def vectors_of(self, entry_id: str) -> np.ndarray:
        """The vectors stored for one entry, in the order they were added."""
        ids = self._ids_of.get(entry_id, [])
        return np.vstack([self._index.reconstruct(vector_id) for vector_id in ids]) if ids else np.empty((0, self.dim))

    def search(self, query: np.ndarray) -> dict[str, float]:
        """Entry id -> best inner product of its vectors with the query, for every entry.

        FAISS returns the vectors best first, so an entry's best score is its first
        hit; grouping them in numpy keeps a query's overhead well under a millisecond.
        """
        if len(self) == 0:
            return {}
        scores, ids = self._index.search(query.reshape(1, -1).astype(np.float32), len(self))
        hits = ids[0] >= 0
        lookup = self._entry_lookup()
        found, first = np.unique(lookup.slot_of_vector[ids[0][hits]], return_index=True)
        best = scores[0][hits][first]
        return {lookup.entry_ids[slot]: float(score) for slot, score in zip(found, best, strict=True)}

    def _entry_lookup(self) -> EntryLookup:
        if self._lookup is None:
            self._lookup = EntryLookup.of(self._ids_of, self._next_id)
        return self._lookup

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
        return loaded


@dataclass(frozen=True)
class EntryLookup:
    """Vector id -> slot in `entry_ids`, as an array, so a search groups its hits without a Python loop."""

    entry_ids: list[str]
    slot_of_vector: np.ndarray

    @classmethod
    def of(cls, ids_of: dict[str, list[int]], next_id: int) -> EntryLookup:
        entry_ids = list(ids_of)
        slot_of_vector = np.full(max(next_id, 1), -1, dtype=np.int64)
        for slot, entry_id in enumerate(entry_ids):
            slot_of_vector[ids_of[entry_id]] = slot
        return cls(entry_ids, slot_of_vector)


def read_manifest(directory: Path) -> dict | None:
    """The manifest of a saved index, or None when there is none usable."""
    path = directory / MANIFEST_FILE
    if not path.exists() or not (directory / INDEX_FILE).exists():
        return None
    manifest = json.loads(path.read_text(encoding="utf-8"))
    return manifest if manifest.get("format") == FORMAT_VERSION else None
