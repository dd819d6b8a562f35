"""Small text classifiers over sentence embeddings, and the Rasa NLU data they learn from.

The emergency check and the question-kind check are both logistic
regressions over the knowledge base's embedder, fitted at start-up on our own
texts; this module holds what they share.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
import yaml

NLU_DATA = Path(__file__).resolve().parents[1] / "bot" / "data" / "nlu"
_NLU_EXAMPLE = re.compile(r"^\s*-\s+(.*)$")
_NLU_ENTITY = re.compile(r"\[([^\]]+)\]\([^)]+\)")

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
T = TypeVar("T")


class BuiltOnce(Generic[T]):
    """A classifier fitted at warm-up, or on first use if a citizen comes first; never twice."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._built: T | None = None
        self._lock = threading.Lock()

    def is_ready(self) -> bool:
        return self._built is not None

    def warm_up(self) -> None:
        self.get()

    def get(self) -> T:
        with self._lock:
            if self._built is None:
                self._built = self._build()
            return self._built


@dataclass(frozen=True)
class LogisticModel:
    """Standardised features, then weights: e5's vectors all point much the same way (cosines of
    0.7-0.9), so without centring and scaling the regression barely sees the directions that matter."""

    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    bias: float

    def probabilities(self, vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        logits = ((vectors - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-logits))


def fit_logistic(
    vectors: npt.NDArray[np.float32], labels: npt.NDArray[np.float64], *, l2: float = 0.02, iterations: int = 25
) -> LogisticModel:
    """Class-balanced, L2-regularised logistic regression, solved by Newton's method (no extra dependency).

    With 384 features the Hessian is small, so a dozen Newton steps reach the
    optimum in well under a second, where gradient descent took 30 s on two
    cores and stopped short of it. The bias is not regularised.
    """
    mean = vectors.mean(axis=0).astype(np.float64)
    scale = vectors.std(axis=0).astype(np.float64) + 1e-6
    features = np.hstack([(vectors - mean) / scale, np.ones((len(vectors), 1))])
    balance = np.where(labels == 1.0, (1 - labels).sum() / max(labels.sum(), 1.0), 1.0)
    balance /= balance.mean()
    penalty = np.full(features.shape[1], l2)
    penalty[-1] = 0.0
    theta = np.zeros(features.shape[1])
    for _ in range(iterations):
        predicted = 1.0 / (1.0 + np.exp(-(features @ theta)))
        gradient = features.T @ ((predicted - labels) * balance) / len(labels) + penalty * theta
        curvature = (features * (balance * predicted * (1 - predicted))[:, None]).T @ features / len(labels)
        step = np.linalg.solve(curvature + np.diag(penalty) + 1e-9 * np.eye(len(theta)), gradient)
        theta -= step
        if float(np.abs(step).max()) < 1e-6:
            break
    return LogisticModel(mean, scale, theta[:-1], float(theta[-1]))


def read_nlu_intents(nlu_dir: Path = NLU_DATA) -> dict[str, list[str]]:
    """Intent -> its example texts, from Rasa NLU YAML files (entity markup removed)."""
    intents: dict[str, list[str]] = {}
    for path in sorted(nlu_dir.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" not in item:
                continue
            examples = [
                _NLU_ENTITY.sub(r"\1", m.group(1))
                for line in item["examples"].splitlines()
                if (m := _NLU_EXAMPLE.match(line))
            ]
            intents.setdefault(item["intent"], []).extend(examples)
    return intents


def held_out_probabilities(
    vectors: npt.NDArray[np.float32], labels: npt.NDArray[np.float64], *, folds: int, seed: int = 7
) -> npt.NDArray[np.float64]:
    """Each text's probability under a model fitted without its fold: what fitting scripts choose thresholds on."""
    order = np.random.default_rng(seed).permutation(len(labels))
    probabilities = np.zeros(len(labels))
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        probabilities[test] = fit_logistic(vectors[train], labels[train]).probabilities(vectors[test])
    return probabilities


def held_out_message_scores(
    vectors: npt.NDArray[np.float32],
    labels: npt.NDArray[np.float64],
    *,
    sources: npt.NDArray[np.int64],
    part_vectors: npt.NDArray[np.float32],
    part_owner: npt.NDArray[np.int64],
    fit: Callable[[npt.NDArray[np.float32], npt.NDArray[np.float64]], Callable[[npt.NDArray[np.float32]], Any]],
    folds: int,
    seed: int = 7,
) -> npt.NDArray[np.float64]:
    """Each text's score under a model fitted without its fold, read as the product reads a message: the highest
    score over the text and its parts (`part_owner[i]` is the text that part i belongs to). Texts that share a
    source (`sources`: a part cut from an ordinary text and that text) share a fold, so no text is scored by a
    model that learnt a piece of it."""
    unique_sources = np.unique(sources)
    shuffled = np.random.default_rng(seed).permutation(len(unique_sources)) % folds
    fold_of_source = dict(zip(unique_sources, shuffled, strict=True))
    fold_of = np.array([fold_of_source[source] for source in sources])
    scores = np.full(len(labels), -np.inf)
    for fold in range(folds):
        test, train = np.flatnonzero(fold_of == fold), np.flatnonzero(fold_of != fold)
        score = fit(vectors[train], labels[train])
        scores[test] = score(vectors[test])
        in_test = np.isin(part_owner, test)
        if in_test.any():
            np.maximum.at(scores, part_owner[in_test], score(part_vectors[in_test]))
    return scores


def threshold_for_recall(
    probabilities: npt.NDArray[np.float64],
    labels: npt.NDArray[np.float64],
    recall: float,
    grid: npt.NDArray[np.float64],
) -> float:
    """The highest threshold of `grid` at which the positives' held-out recall still reaches `recall` (else the
    lowest): for checks where a miss costs more than a false alarm."""
    positives = probabilities[labels == 1.0]
    return float(next((t for t in grid[::-1] if (positives >= t).mean() >= recall), grid[0]))
