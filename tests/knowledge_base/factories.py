"""Small builders of entries and files, so each test states only what it is about."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from app.taxonomy import Taxonomy
from knowledge_base.lexical import char_ngrams, fold
from knowledge_base.retrieval import ScoredEntry
from knowledge_base.schemas import EntryContent, parse_entry

TOPICS = {
    "forskola.ansoka": (
        "Ansöka om förskoleplats",
        "Applying for a preschool place",
        [
            "hur söker jag förskola",
            "dagis kö",
            "ansöka förskoleplats",
            "när kan barnet börja på förskolan",
            "apply for preschool",
        ],
    ),
    "avfall.grovavfall": (
        "Grovavfall och återvinningscentral",
        "Bulky waste and recycling centres",
        [
            "var slänger jag en soffa",
            "återvinningscentral öppettider",
            "farligt avfall färg",
            "lämna elektronik",
            "where do I dump old furniture",
        ],
    ),
    "park.boende": (
        "Boendeparkering",
        "Resident parking permit",
        [
            "boendeparkering pris",
            "hur får jag p-tillstånd där jag bor",
            "parkera nära hemmet",
            "boendeparkeringstillstånd ansöka",
            "resident parking permit",
        ],
    ),
}


def entry_raw(topic: str = "forskola.ansoka", *, taxonomy: Taxonomy, **overrides: Any) -> dict[str, Any]:
    """A valid entry as a content file holds it, for one of a few known topics."""
    title_sv, title_en, examples = TOPICS[topic]
    raw: dict[str, Any] = {
        "id": topic.replace(".", "-").replace("_", "-"),
        "topic": topic,
        "answer_group": taxonomy.topics[topic].group,
        "last_checked": "2026-11-20",
        "sample": True,
        "title": {"sv": title_sv, "en": title_en},
        "answer": {"sv": f"{title_sv}. Så här gör du (exempel).", "en": f"{title_en}. This is how (sample)."},
        "links": [{"url": "{city_site}/" + topic.replace(".", "/"), "title": {"sv": title_sv, "en": title_en}}],
        "examples": {"sv": examples[:-1], "en": examples[-1:]},
    }
    raw.update(overrides)
    return raw


def entry_content(topic: str = "forskola.ansoka", *, taxonomy: Taxonomy, **overrides: Any) -> EntryContent:
    return parse_entry(entry_raw(topic, taxonomy=taxonomy, **overrides), taxonomy=taxonomy)


def write_file(root: Path, raw: dict[str, Any], *, name: str | None = None, folder: str | None = None) -> Path:
    """Write raw as content/<group>/<id>.yml (or where told), as the content writers do."""
    path = root / (folder or raw["answer_group"]) / f"{name or raw['id']}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def scored(entry_id: str, topic: str, fused: float, *, group: str = "g", probability: float = 0.0) -> ScoredEntry:
    return ScoredEntry(entry_id, topic, group, dense=fused, lexical=fused, fused=fused, topic_probability=probability)


class HashingEmbedder:
    """A fast, deterministic stand-in embedder: hashed character 3-grams of folded text, counted calls."""

    def __init__(self, id: str = "hashing:v1", dim: int = 128) -> None:
        self._id, self._dim = id, dim
        self.embedded_texts = 0

    @property
    def id(self) -> str:
        return self._id

    @property
    def dim(self) -> int:
        return self._dim

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts)

    def _embed(self, texts: list[str]) -> np.ndarray:
        self.embedded_texts += len(texts)
        vectors = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in fold(text).split():
                for gram in char_ngrams(word, 3):
                    vectors[row, int(hashlib.md5(gram.encode()).hexdigest(), 16) % self._dim] += 1
        norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return (vectors / norms).astype(np.float32)
