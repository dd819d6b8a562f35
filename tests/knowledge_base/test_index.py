"""The dense index: best vector per entry, in-place updates, and reuse on start-up unless something changed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.taxonomy import Taxonomy
from knowledge_base.index import IndexStamp, VectorIndex
from knowledge_base.retrieval import HybridRetriever, passages
from tests.knowledge_base.factories import HashingEmbedder, entry_content

pytestmark = pytest.mark.unit


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def three_entries(taxonomy: Taxonomy) -> list:
    return [
        entry_content(topic, taxonomy=taxonomy) for topic in ("forskola.ansoka", "avfall.grovavfall", "park.boende")
    ]


class TestVectorIndex:
    def test_entry_score_is_its_best_vector(self) -> None:
        index = VectorIndex(2)
        index.add("a", np.vstack([unit(1, 0), unit(0, 1)]))
        index.add("b", np.vstack([unit(1, 1)]))
        scores = index.search(unit(0, 1))
        assert scores["a"] == pytest.approx(1.0) and scores["b"] == pytest.approx(0.7071, abs=1e-3)

    def test_re_adding_an_entry_replaces_its_vectors(self) -> None:
        index = VectorIndex(2)
        index.add("a", np.vstack([unit(1, 0), unit(0, 1)]))
        index.add("a", np.vstack([unit(1, 0)]))
        assert len(index) == 1 and index.search(unit(0, 1))["a"] == pytest.approx(0.0, abs=1e-6)

    def test_removed_entry_is_not_found(self) -> None:
        index = VectorIndex(2)
        index.add("a", np.vstack([unit(1, 0)]))
        index.add("b", np.vstack([unit(0, 1)]))
        index.remove("a")
        assert set(index.search(unit(1, 0))) == {"b"}

    def test_an_entrys_vectors_come_back_in_the_order_they_were_added(self) -> None:
        index = VectorIndex(2)
        index.add("a", np.vstack([unit(1, 0), unit(0, 1)]))
        index.add("b", np.vstack([unit(1, 1)]))
        np.testing.assert_allclose(index.vectors_of("a"), np.vstack([unit(1, 0), unit(0, 1)]))
        assert index.vectors_of("missing").shape == (0, 2)

    def test_saved_index_loads_only_with_the_same_stamp(self, tmp_path: Path) -> None:
        index = VectorIndex(2)
        index.add("a", np.vstack([unit(1, 0)]))
        index.save(tmp_path, IndexStamp("emb:1", "hash1"))
        assert VectorIndex.load(tmp_path, IndexStamp("emb:1", "hash1")).search(unit(1, 0)) == {"a": pytest.approx(1.0)}
        assert VectorIndex.load(tmp_path, IndexStamp("emb:2", "hash1")) is None
        assert VectorIndex.load(tmp_path, IndexStamp("emb:1", "hash2")) is None


class TestPersistence:
    def test_start_up_with_unchanged_content_does_not_re_embed(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        HybridRetriever(embedder=HashingEmbedder()).load(three_entries(taxonomy), directory=tmp_path)
        second = HashingEmbedder()
        rebuilt = HybridRetriever(embedder=second).load(three_entries(taxonomy), directory=tmp_path)
        assert not rebuilt and second.embedded_texts == 0

    def test_changed_embedder_rebuilds(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        HybridRetriever(embedder=HashingEmbedder("hashing:v1")).load(three_entries(taxonomy), directory=tmp_path)
        other = HashingEmbedder("hashing:v2")
        assert HybridRetriever(embedder=other).load(three_entries(taxonomy), directory=tmp_path)
        assert other.embedded_texts > 0

    def test_changed_content_rebuilds(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        HybridRetriever(embedder=HashingEmbedder()).load(three_entries(taxonomy), directory=tmp_path)
        changed = three_entries(taxonomy)[:2]
        assert HybridRetriever(embedder=HashingEmbedder()).load(changed, directory=tmp_path)

    def test_in_place_update_is_saved_for_the_next_start(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        retriever = HybridRetriever(embedder=HashingEmbedder())
        retriever.load(three_entries(taxonomy)[:2], directory=tmp_path)
        retriever.upsert(three_entries(taxonomy)[2], directory=tmp_path)
        embedded_once = retriever.embedder.embedded_texts
        restarted = HashingEmbedder()
        assert not HybridRetriever(embedder=restarted).load(three_entries(taxonomy), directory=tmp_path)
        assert restarted.embedded_texts == 0 and embedded_once > 0

    def test_upsert_embeds_only_that_entry(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        embedder = HashingEmbedder()
        retriever = HybridRetriever(embedder=embedder)
        retriever.load(three_entries(taxonomy)[:2])
        before = embedder.embedded_texts
        retriever.upsert(three_entries(taxonomy)[2])
        assert embedder.embedded_texts - before == len(passages(three_entries(taxonomy)[2], retriever.config))
        assert retriever.rank("boendeparkering")[0].entry_id == "park-boende"
