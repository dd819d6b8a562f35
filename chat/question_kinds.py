"""What kind of question a message is: a general one, the citizen's own case, a request for a person,
or no matter for the city.

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

The person kind exists because Rasa's request_human intent, trained on
Swedish and English only, also claims "kan jag ändå få boendeparkering?" and
a Spanish recipe question; the handover form starts on its word only when
this check agrees, or when the bot has nothing better to say
(actions.decision.request_for_person_stands).
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
OWN_CASE, OUT_OF_SCOPE, PERSON = "own_case", "out_of_scope", "person"
KINDS = (OWN_CASE, OUT_OF_SCOPE, PERSON)
GENERAL_INTENTS = ("ask_question",)
PERSON_INTENT = "request_human"


@dataclass(frozen=True)
class QuestionKind:
    """The three probabilities and whether each passed its threshold."""

    own_case: bool
    out_of_scope: bool
    person: bool
    possibly_own_case: bool  # reaches the lower level that nearly every own case reaches
    own_case_probability: float
    out_of_scope_probability: float
    person_probability: float


@dataclass(frozen=True)
class KindThresholds:
    own_case: float
    out_of_scope: float
    person: float
    own_case_possible: float  # an answer also offers a person from here (95 % held-out own-case recall)

    @classmethod
    def load(cls, path: Path = THRESHOLDS_PATH) -> KindThresholds:
        return cls(**json.loads(path.read_text(encoding="utf-8"))["thresholds"])


@dataclass(frozen=True)
class KindTraining:
    """Texts by kind; 'other' is everything else a citizen writes (small talk, requests, case numbers)."""

    own_case: list[str]
    out_of_scope: list[str]
    person: list[str]
    general: list[str]
    other: list[str]

    @property
    def texts(self) -> list[str]:
        return self.own_case + self.out_of_scope + self.person + self.general + self.other

    def labels(self, kind: str) -> npt.NDArray[np.float64]:
        """1 for the texts of `kind` (the kinds come first, in KINDS order), 0 for every other text."""
        sizes = {OWN_CASE: len(self.own_case), OUT_OF_SCOPE: len(self.out_of_scope), PERSON: len(self.person)}
        start = sum(sizes[earlier] for earlier in KINDS[: KINDS.index(kind)])
        labels = np.zeros(len(self.texts))
        labels[start : start + sizes[kind]] = 1.0
        return labels


def load_kind_training(
    nlu_dir: Path = NLU_DATA, *, questions: Sequence[str], examples: Path = EXAMPLES_PATH
) -> KindTraining:
    """The NLU data's intents and this check's own examples, with the knowledge base's example questions
    as general questions."""
    intents = read_nlu_intents(nlu_dir)
    own = yaml.safe_load(examples.read_text(encoding="utf-8"))
    general = [text for intent in GENERAL_INTENTS for text in intents.get(intent, [])] + list(questions)
    kinds = {OWN_CASE, OUT_OF_SCOPE, PERSON_INTENT, *GENERAL_INTENTS, "emergency"}
    other = [text for intent, texts in intents.items() if intent not in kinds for text in texts]
    return KindTraining(
        intents.get(OWN_CASE, []) + own[OWN_CASE],
        intents.get(OUT_OF_SCOPE, []) + own[OUT_OF_SCOPE],
        intents.get(PERSON_INTENT, []) + own[PERSON],
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
    """One one-against-the-rest logistic regression per kind, fitted when the product starts."""

    def __init__(
        self, *, embed_training: Embed, embed_query: Embed, training: KindTraining, thresholds: KindThresholds
    ) -> None:
        self._embed_query = embed_query
        self.thresholds = thresholds
        vectors = embed_training(training.texts)
        self._models = {kind: fit_logistic(vectors, training.labels(kind)) for kind in KINDS}

    def classify(self, text: str) -> QuestionKind:
        vector = self._embed_query([text])
        probability = {kind: float(model.probabilities(vector)[0]) for kind, model in self._models.items()}
        return QuestionKind(
            own_case=probability[OWN_CASE] >= self.thresholds.own_case,
            out_of_scope=probability[OUT_OF_SCOPE] >= self.thresholds.out_of_scope,
            person=probability[PERSON] >= self.thresholds.person,
            possibly_own_case=probability[OWN_CASE] >= self.thresholds.own_case_possible,
            own_case_probability=probability[OWN_CASE],
            out_of_scope_probability=probability[OUT_OF_SCOPE],
            person_probability=probability[PERSON],
        )
