"""What kind of turn the bot takes: the one place where all signals meet.

Emergencies never reach this point: the chat gateway answers them before
Rasa. Order matters and is deliberate: a short,
confidently recognised greeting or thanks is small talk; a question the
knowledge base answers well is answered even if Rasa thought it small talk or
out of scope (a wrong "out of scope" costs a citizen an answer); what the
knowledge base cannot answer is out of scope, an own-case matter for a person,
or a request to rephrase.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

CHITCHAT_INTENTS = frozenset({"greet", "goodbye", "thanks", "bot_challenge"})
SMALL_TALK_MAX_WORDS = 6
INTENT_TRUST = 0.6

TurnAction = Literal["answer", "clarify", "handover", "out_of_scope", "chitchat", "fallback"]


class Hit(Protocol):
    entry_id: str
    topic: str
    answer_group: str
    score: float


class KnowledgeDecision(Protocol):
    kind: Literal["answer", "clarify", "fallback"]
    hits: list  # list[Hit]
    confidence: float


@dataclass(frozen=True)
class Signals:
    text: str
    intent: str
    intent_confidence: float
    knowledge: KnowledgeDecision


@dataclass(frozen=True)
class TurnPlan:
    action: TurnAction
    confidence: float
    hit: Hit | None = None
    candidates: list[Hit] = field(default_factory=list)
    offer_handover: bool = False
    answer_group: str | None = None
    chitchat_intent: str | None = None


def plan_turn(signals: Signals, *, fallback_group: str) -> TurnPlan:
    knowledge = signals.knowledge
    trusted_intent = signals.intent if signals.intent_confidence >= INTENT_TRUST else None
    if trusted_intent in CHITCHAT_INTENTS and _is_small_talk(signals.text, knowledge):
        return TurnPlan("chitchat", signals.intent_confidence, chitchat_intent=trusted_intent)
    if knowledge.kind == "answer":
        return _answer(knowledge, own_case=trusted_intent == "own_case")
    if trusted_intent == "out_of_scope":
        return TurnPlan("out_of_scope", signals.intent_confidence)
    if trusted_intent == "own_case":
        group = knowledge.hits[0].answer_group if knowledge.hits else fallback_group
        return TurnPlan("handover", signals.intent_confidence, offer_handover=True, answer_group=group)
    if knowledge.kind == "clarify":
        return TurnPlan("clarify", knowledge.confidence, candidates=list(knowledge.hits[:3]))
    return TurnPlan("fallback", knowledge.confidence, offer_handover=True, answer_group=None)


def _answer(knowledge: KnowledgeDecision, *, own_case: bool) -> TurnPlan:
    """An own-case matter is a handover: the general rule is shown beside the offer, but a person decides it."""
    hit = knowledge.hits[0]
    action: TurnAction = "handover" if own_case else "answer"
    return TurnPlan(action, knowledge.confidence, hit=hit, offer_handover=own_case, answer_group=hit.answer_group)


def _is_small_talk(text: str, knowledge: KnowledgeDecision) -> bool:
    """A greeting with a real question inside ("hej, hur söker jag dagis?") is a question."""
    return len(text.split()) <= SMALL_TALK_MAX_WORDS or knowledge.kind == "fallback"
