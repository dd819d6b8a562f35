"""Which answer group gets a case, and which officers of it should see it first.

Routing takes the first of: the group owning the conversation's topic; a
classifier's guess over the conversation when it is confident enough; the
taxonomy's fallback group. The classifier is a narrow callable so that the
knowledge base's search (or any other model) can be passed in without this
package importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from app.taxonomy import Taxonomy
from staff.identity import Role, StaffIdentity

SWEDISH = "sv"


@dataclass(frozen=True)
class TopicGuess:
    topic: str
    confidence: float


class TopicClassifier(Protocol):
    def __call__(self, text: str) -> TopicGuess | None:
        """The most likely topic of a text with a confidence in 0..1, or None."""
        ...


class _Hit(Protocol):
    @property
    def topic(self) -> str: ...


class _Decision(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def hits(self) -> list[Any]: ...
    @property
    def confidence(self) -> float: ...


def classifier_from_decisions(decide: Callable[[str], _Decision]) -> TopicClassifier:
    """Adapt `KnowledgeBase.decide(text)`: a topic only where the knowledge base itself would answer or clarify.

    Routing on raw search scores needed a second threshold on the same scale as the
    knowledge base's fitted policy; reusing the policy keeps one calibrated notion of
    "sure enough", and a vague "can I talk to a person" goes to the fallback group.
    """

    def classify(text: str) -> TopicGuess | None:
        decision = decide(text)
        if decision.kind == "fallback" or not decision.hits:
            return None
        return TopicGuess(decision.hits[0].topic, float(decision.confidence))

    return classify


@dataclass(frozen=True)
class Router:
    taxonomy: Taxonomy
    classifier: TopicClassifier | None = None
    min_confidence: float = 0.5

    def route(self, *, topic: str | None, text: str) -> str:
        """The answer group id for a conversation: topic owner, else classifier, else fallback."""
        if topic and topic in self.taxonomy.topics:
            return self.taxonomy.group_of_topic(topic).id
        guessed = self._classify(text)
        if guessed is not None:
            return self.taxonomy.group_of_topic(guessed).id
        return self.taxonomy.fallback_group.id

    def _classify(self, text: str) -> str | None:
        """A confident guess of a known topic, or None (an unsure guess would bounce the citizen)."""
        if self.classifier is None or not text.strip():
            return None
        guess = self.classifier(text)
        if guess is None or guess.confidence < self.min_confidence or guess.topic not in self.taxonomy.topics:
            return None
        return guess.topic


def rank_officers(officers: Iterable[StaffIdentity], *, group: str, language: str) -> list[StaffIdentity]:
    """Officers who may take a case of `group`, those who speak its language first (for non-Swedish cases).

    Within each tier the order is by username, so the offer order is stable
    and explainable.
    """
    eligible = [o for o in officers if o.has_role(Role.OFFICER) and o.serves_group(group)]
    if language == SWEDISH:
        return sorted(eligible, key=lambda o: o.username)
    return sorted(eligible, key=lambda o: (not o.speaks(language), o.username))


def offered_first_to(
    officer: StaffIdentity, *, language: str, created_at: datetime, now: datetime, window: timedelta
) -> bool:
    """Whether a case is, right now, offered first to this officer because they speak its language.

    Only for a limited window after creation: after that, every officer of the
    group sees it in due-time order, so the language preference never costs
    the citizen the promised time.
    """
    return language != SWEDISH and officer.speaks(language) and now - created_at < window
