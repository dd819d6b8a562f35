"""The example classifier: topic probabilities from all of an entry's questions, refitted after a publish."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from app.taxonomy import Taxonomy
from knowledge_base.classifier import ExampleClassifier, Refitter
from knowledge_base.retrieval import HybridRetriever
from tests.knowledge_base.factories import HashingEmbedder, entry_content

pytestmark = pytest.mark.unit


def clustered(centre: list[float], count: int, *, seed: int) -> np.ndarray:
    """Unit vectors scattered around a centre, as an entry's paraphrased examples are."""
    rng = np.random.default_rng(seed)
    vectors = np.array(centre) + 0.1 * rng.standard_normal((count, len(centre)))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class TestExampleClassifier:
    def test_probabilities_of_one_topic_sum_its_entries(self) -> None:
        vectors = {
            "a1": clustered([1, 0, 0], 8, seed=1),
            "a2": clustered([0.9, 0.3, 0], 8, seed=2),
            "b": clustered([0, 0, 1], 8, seed=3),
        }
        classifier = ExampleClassifier.fit(vectors, {"a1": "t.a", "a2": "t.a", "b": "t.b"})
        assert classifier is not None
        probabilities = classifier.topic_probabilities(np.array([1.0, 0.1, 0.0]))
        assert set(probabilities) == {"t.a", "t.b"}
        assert probabilities["t.a"] > 0.9 and sum(probabilities.values()) == pytest.approx(1.0)

    def test_a_refit_from_the_previous_solution_gives_the_same_probabilities(self) -> None:
        vectors = {"a": clustered([1, 0, 0], 8, seed=1), "b": clustered([0, 0, 1], 8, seed=3)}
        first = ExampleClassifier.fit(vectors, {"a": "t.a", "b": "t.b"})
        again = ExampleClassifier.fit(vectors, {"a": "t.a", "b": "t.b"}, previous=first)
        assert again is not None
        query = np.array([1.0, 0.1, 0.0])
        assert again.topic_probabilities(query)["t.a"] == pytest.approx(
            first.topic_probabilities(query)["t.a"], abs=0.01
        )

    def test_a_new_entry_is_fitted_from_scratch(self) -> None:
        vectors = {"a": clustered([1, 0, 0], 8, seed=1), "b": clustered([0, 0, 1], 8, seed=3)}
        first = ExampleClassifier.fit(vectors, {"a": "t.a", "b": "t.b"})
        grown = ExampleClassifier.fit(
            {**vectors, "c": clustered([0, 1, 0], 8, seed=4)}, {"a": "t.a", "b": "t.b", "c": "t.c"}, previous=first
        )
        assert grown is not None and grown.entry_ids == {"a", "b", "c"}

    def test_fewer_than_two_entries_give_no_classifier(self) -> None:
        assert ExampleClassifier.fit({"a": clustered([1, 0], 3, seed=1)}, {"a": "t.a"}) is None
        assert ExampleClassifier.fit({"a": clustered([1, 0], 3, seed=1), "b": np.empty((0, 2))}, {}) is None


class TestRefitter:
    def test_a_change_during_a_fit_is_fitted_again_afterwards(self) -> None:
        started, release, fits = threading.Event(), threading.Event(), []

        def fit() -> None:
            fits.append(len(fits))
            started.set()
            release.wait(5)

        refitter = Refitter(fit)
        refitter.request()
        started.wait(5)
        refitter.request()
        refitter.request()
        release.set()
        refitter.wait(5)
        assert fits == [0, 1]

    def test_a_failed_fit_does_not_stop_later_ones(self) -> None:
        outcomes = iter([RuntimeError("broken"), None])

        def fit() -> None:
            failure = next(outcomes)
            if failure:
                raise failure

        refitter = Refitter(fit)
        refitter.request()
        refitter.wait(5)
        refitter.request()
        refitter.wait(5)
        assert next(outcomes, "all used") == "all used"


class TestRetrieverProbabilities:
    def test_ranked_entries_carry_their_topics_probability(self, taxonomy: Taxonomy) -> None:
        retriever = HybridRetriever(embedder=HashingEmbedder())
        retriever.load([entry_content(topic, taxonomy=taxonomy) for topic in ("forskola.ansoka", "park.boende")])
        ranked = retriever.rank("hur söker jag plats i förskolan")
        assert ranked[0].topic == "forskola.ansoka" and ranked[0].topic_probability > 0.5
        assert sum(scored.topic_probability for scored in ranked) == pytest.approx(1.0)

    def test_a_published_entry_reaches_the_classifier_after_the_refit(self, taxonomy: Taxonomy) -> None:
        retriever = HybridRetriever(embedder=HashingEmbedder())
        retriever.load([entry_content(topic, taxonomy=taxonomy) for topic in ("forskola.ansoka", "park.boende")])
        retriever.upsert(entry_content("avfall.grovavfall", taxonomy=taxonomy))
        retriever.wait_for_classifier(30)
        by_topic = {scored.topic: scored.topic_probability for scored in retriever.rank("grovsopor soffa")}
        assert max(by_topic, key=by_topic.__getitem__) == "avfall.grovavfall"
