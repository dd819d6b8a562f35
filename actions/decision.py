"""What kind of turn the bot takes: the one place where all signals meet.

Emergencies never reach this point: the chat gateway answers them before
Rasa. Order matters and is deliberate: a short, confidently recognised
greeting or thanks is small talk; the citizen's own case goes to a person
(with the general rule beside the offer when the knowledge base knows it);
a message that is no matter for the city is declined; a question the
knowledge base answers well is answered; what it cannot answer is asked
about (clarify) or passed on (fallback). Own case and out of scope come from
the question-kind check (chat.question_kinds), which knows the knowledge
base's thousands of example questions; Rasa's own_case and out_of_scope
intents decide only where the knowledge base has no confident answer (Rasa
still catches own cases the question-kind check misses).

Rasa's request_human starts the handover form directly (a rule), and it is
right for a button or "jag vill prata med en människa". Typed into the chat,
its word is checked (request_for_person_stands): trained on Swedish and
English alone, it also claims "kan jag ändå få boendeparkering?" and a
Spanish recipe question. Such a message gets the turn it would have had
without the intent, an answer (whose "Fick du svar?" offers a person on a
Nej) or a polite no, unless the question-kind check also reads a request for
a person.

An answer to a question that may be the citizen's own case (the check's
lower level, which 95 % of own cases reach) also offers the owning group's
officer: "mamma fick en faktura, hur räknas avgiften?" is answered by the
rule, and the citizen whose bill is wrong is one click from a person.

The out-of-scope verdict yields to an answer only when the knowledge base is
sure on both of its readings: it answers, and its example classifier gives
the topic at least SURE_TOPIC ("gammal tv och kyl vart slänger jag" reads
like shopping, but every example of grovavfall agrees). Matters that are no
one's in the city spread the classifier's probability over many topics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

CHITCHAT_INTENTS = frozenset({"greet", "goodbye", "thanks", "bot_challenge"})
SMALL_TALK_MAX_WORDS = 8  # "tack så mycket, du var till stor hjälp" is still small talk
BARE_SMALL_TALK_WORDS = 3  # "hej", "tack så mycket": small talk whatever the knowledge base finds
INTENT_TRUST = 0.6
SURE_TOPIC = 0.9

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
    topic_probability: float


@dataclass(frozen=True)
class Signals:
    text: str
    intent: str
    intent_confidence: float
    knowledge: KnowledgeDecision
    own_case: bool = False  # the question-kind check's verdicts
    out_of_scope: bool = False
    asks_for_person: bool = False
    possibly_own_case: bool = False  # below the own-case verdict, but where nearly all own cases are


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
    if signals.own_case:
        return _own_case(knowledge, fallback_group=fallback_group)
    if signals.out_of_scope and not _is_sure_answer(knowledge):
        return TurnPlan("out_of_scope", 1.0 - knowledge.confidence)
    if knowledge.kind == "answer":
        hit = knowledge.hits[0]
        offer = signals.possibly_own_case
        return TurnPlan("answer", knowledge.confidence, hit=hit, offer_handover=offer, answer_group=hit.answer_group)
    if trusted_intent == "out_of_scope":
        return TurnPlan("out_of_scope", signals.intent_confidence)
    if trusted_intent == "own_case":
        return _own_case(knowledge, fallback_group=fallback_group)
    if knowledge.kind == "clarify":
        return TurnPlan("clarify", knowledge.confidence, candidates=list(knowledge.hits[:3]))
    return TurnPlan("fallback", knowledge.confidence, offer_handover=True, answer_group=None)


def request_for_person_stands(signals: Signals, plan: TurnPlan) -> bool:
    """Whether Rasa's request_human on a typed message should start the handover form.

    It stands when the question-kind check also reads a request for a person,
    and whenever the bot has nothing better to say than an offer of a person
    (own case, clarify, fallback): only an answer or a decline overrules it.
    """
    return signals.asks_for_person or plan.action not in ("answer", "out_of_scope")


def _own_case(knowledge: KnowledgeDecision, *, fallback_group: str) -> TurnPlan:
    """A handover to the group of the best match; the general rule rides along only when it is a confident one."""
    if not knowledge.hits:
        return TurnPlan("handover", knowledge.confidence, offer_handover=True, answer_group=fallback_group)
    best = knowledge.hits[0]
    hit = best if knowledge.kind == "answer" else None
    return TurnPlan("handover", knowledge.confidence, hit=hit, offer_handover=True, answer_group=best.answer_group)


def _is_sure_answer(knowledge: KnowledgeDecision) -> bool:
    return knowledge.kind == "answer" and knowledge.topic_probability >= SURE_TOPIC


def _is_small_talk(text: str, knowledge: KnowledgeDecision) -> bool:
    """A greeting with a real question inside ("hej, hur söker jag dagis?") is a question: one the knowledge
    base answers, or a long message that is not about nothing."""
    words = len(text.split())
    if words <= BARE_SMALL_TALK_WORDS or knowledge.kind == "fallback":
        return True
    return words <= SMALL_TALK_MAX_WORDS and knowledge.kind != "answer"
