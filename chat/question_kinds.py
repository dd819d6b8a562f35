"""What kind of question a message is: a general one, the citizen's own case, or no matter for the city.

Rasa's classifier learns these from a few hundred NLU examples, and with
more own-case examples it began to take plain questions ("trygghetslarm
ansökan") for own cases. The knowledge base holds thousands of example
questions, in twelve languages, that are general by definition; a logistic
regression over the same multilingual embedding, trained on those and on
the NLU data's own_case and out_of_scope examples, tells the kinds apart far
better, and it needs no retraining of Rasa when editors add examples.
question_kind_examples.yml beside this file adds texts written for this check
alone: own cases across every topic, general questions worded like own
cases (the hard negatives), and matters that are no one's in the city; they
stay out of Rasa's data so its intent classes keep their balance. Its
thresholds are chosen by cross-validation over the same texts
(scripts/fit_question_kinds.py), never on an evaluation set.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from chat.classifier import NLU_DATA, BuiltOnce, Embed, fit_logistic, read_nlu_intents

THRESHOLDS_PATH = Path(__file__).with_name("question_kinds.json")
EXAMPLES_PATH = Path(__file__).with_name("question_kind_examples.yml")
OWN_CASE, OUT_OF_SCOPE = "own_case", "out_of_scope"
GENERAL_INTENTS = ("ask_question",)


@dataclass(frozen=True)
class QuestionKind:
    """The two probabilities and whether each passed its threshold."""

    own_case: bool
    out_of_scope: bool
    own_case_probability: float
    out_of_scope_probability: float


@dataclass(frozen=True)
class KindThresholds:
    own_case: float
    out_of_scope: float

    @classmethod
    def load(cls, path: Path = THRESHOLDS_PATH) -> KindThresholds:
        return cls(**json.loads(path.read_text(encoding="utf-8"))["thresholds"])


@dataclass(frozen=True)
class KindTraining:
    """Texts by kind; 'other' is everything else a citizen writes (small talk, requests, case numbers)."""

    own_case: list[str]
    out_of_scope: list[str]
    general: list[str]
    other: list[str]

    @property
    def texts(self) -> list[str]:
        return self.own_case + self.out_of_scope + self.general + self.other

    def labels(self, kind: str) -> npt.NDArray[np.float64]:
        positive = {OWN_CASE: (0, len(self.own_case)), OUT_OF_SCOPE: (len(self.own_case), len(self.out_of_scope))}
        start, count = positive[kind]
        labels = np.zeros(len(self.texts))
        labels[start : start + count] = 1.0
        return labels


def load_kind_training(
    nlu_dir: Path = NLU_DATA, *, questions: Sequence[str], examples: Path = EXAMPLES_PATH
) -> KindTraining:
    """The NLU data's intents and this check's own examples, with the knowledge base's example questions
    as general questions."""
    intents = read_nlu_intents(nlu_dir)
    own = yaml.safe_load(examples.read_text(encoding="utf-8"))
    general = [text for intent in GENERAL_INTENTS for text in intents.get(intent, [])] + list(questions)
    kinds = {OWN_CASE, OUT_OF_SCOPE, *GENERAL_INTENTS, "emergency"}
    other = [text for intent, texts in intents.items() if intent not in kinds for text in texts]
    return KindTraining(
        intents.get(OWN_CASE, []) + own[OWN_CASE],
        intents.get(OUT_OF_SCOPE, []) + own[OUT_OF_SCOPE],
        general + own["general"],
        other,
    )


def build_question_kinds(
    *, embed_training: Embed, embed_query: Embed, questions: Sequence[str]
) -> QuestionKindClassifier:
    """The check on its committed training texts and thresholds, with `questions` as the general questions."""
    return QuestionKindClassifier(
        embed_training=embed_training,
        embed_query=embed_query,
        training=load_kind_training(questions=questions),
        thresholds=KindThresholds.load(),
    )


class LazyQuestionKinds(BuiltOnce["QuestionKindClassifier"]):
    """The classifier, fitted at warm-up or on first use; callable on a message."""

    def __call__(self, text: str) -> QuestionKind:
        return self.get().classify(text)


class QuestionKindClassifier:
    """Two one-against-the-rest logistic regressions, fitted when the product starts."""

    def __init__(
        self, *, embed_training: Embed, embed_query: Embed, training: KindTraining, thresholds: KindThresholds
    ) -> None:
        self._embed_query = embed_query
        self.thresholds = thresholds
        vectors = embed_training(training.texts)
        self._own_case = fit_logistic(vectors, training.labels(OWN_CASE))
        self._out_of_scope = fit_logistic(vectors, training.labels(OUT_OF_SCOPE))

    def classify(self, text: str) -> QuestionKind:
        vector = self._embed_query([text])
        own_case = float(self._own_case.probabilities(vector)[0])
        out_of_scope = float(self._out_of_scope.probabilities(vector)[0])
        return QuestionKind(
            own_case=own_case >= self.thresholds.own_case,
            out_of_scope=out_of_scope >= self.thresholds.out_of_scope,
            own_case_probability=own_case,
            out_of_scope_probability=out_of_scope,
        )
