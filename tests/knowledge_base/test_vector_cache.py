"""The vector cache: a content change re-embeds only the changed texts, and embedders never mix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.taxonomy import Taxonomy
from knowledge_base.retrieval import HybridRetriever, passages
from knowledge_base.vector_cache import VectorCache
from tests.knowledge_base.factories import HashingEmbedder, entry_content

pytestmark = pytest.mark.unit
TOPICS = ("forskola.ansoka", "avfall.grovavfall", "park.boende")


def entries(taxonomy: Taxonomy) -> list:
    return [entry_content(topic, taxonomy=taxonomy) for topic in TOPICS]


def test_cached_vectors_come_back_in_order_and_equal_to_fresh_ones(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    cache = VectorCache(tmp_path / "cache.sqlite")
    texts = ["förskola", "grovavfall", "förskola"]
    first = cache.vectors(texts, embedder_id=embedder.id, role="query", embed=embedder.embed_queries)
    again = cache.vectors(texts[::-1], embedder_id=embedder.id, role="query", embed=embedder.embed_queries)
    assert embedder.embedded_texts == 2  # the repeated text is embedded once
    np.testing.assert_allclose(again, first[::-1])
    np.testing.assert_allclose(first, HashingEmbedder().embed_queries(texts))


def test_another_embedder_or_role_does_not_reuse_vectors(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "cache.sqlite")
    one, other = HashingEmbedder("hashing:v1"), HashingEmbedder("hashing:v2")
    cache.vectors(["text"], embedder_id=one.id, role="query", embed=one.embed_queries)
    cache.vectors(["text"], embedder_id=one.id, role="passage", embed=one.embed_passages)
    cache.vectors(["text"], embedder_id=other.id, role="query", embed=other.embed_queries)
    assert (one.embedded_texts, other.embedded_texts) == (2, 1)


def test_a_changed_entry_re_embeds_only_its_own_texts(tmp_path: Path, taxonomy: Taxonomy) -> None:
    cache = VectorCache(tmp_path / "cache.sqlite")
    HybridRetriever(embedder=HashingEmbedder(), vector_cache=cache).load(entries(taxonomy), directory=tmp_path / "a")
    changed = entries(taxonomy)
    changed[0] = changed[0].model_copy(update={"title": {**changed[0].title, "sv": "Ny rubrik om förskola"}})
    restarted = HashingEmbedder()
    rebuilt = HybridRetriever(embedder=restarted, vector_cache=cache).load(changed, directory=tmp_path / "a")
    assert rebuilt and restarted.embedded_texts == 1
    assert sum(len(passages(entry, HybridRetriever(embedder=restarted).config)) for entry in changed) > 1


def test_two_caches_on_one_file_share_every_vector(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    writer, reader = VectorCache(path), VectorCache(path)
    embedder = HashingEmbedder()
    writer.vectors(["a", "b"], embedder_id=embedder.id, role="query", embed=embedder.embed_queries)
    reader.vectors(["b", "a"], embedder_id=embedder.id, role="query", embed=embedder.embed_queries)
    assert embedder.embedded_texts == 2
