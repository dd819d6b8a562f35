"""The turn decision: small talk, answers, out of scope, own case, clarify, fallback, and when Rasa's
request for a person stands."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from actions.decision import Signals, plan_turn, request_for_person_stands

pytestmark = pytest.mark.unit
FALLBACK_GROUP = "stockholm_direkt"


@dataclass(frozen=True)
class FakeHit:
    entry_id: str = "forskola-ansoka-plats"
    topic: str = "forskola.ansoka"
    answer_group: str = "forskola"
    score: float = 0.9


@dataclass(frozen=True)
class Knowledge:
    kind: str = "fallback"
    hits: list = field(default_factory=list)
    confidence: float = 0.2
    topic_probability: float = 0.3


def signals(
    text: str = "hur söker jag förskola",
    intent: str = "ask_question",
    confidence: float = 0.9,
    knowledge: Knowledge | None = None,
    own_case: bool = False,
    out_of_scope: bool = False,
    asks_for_person: bool = False,
    possibly_own_case: bool = False,
) -> Signals:
    return Signals(
        text=text,
        intent=intent,
        intent_confidence=confidence,
        knowledge=knowledge or Knowledge(),
        own_case=own_case,
        out_of_scope=out_of_scope,
        asks_for_person=asks_for_person,
        possibly_own_case=possibly_own_case,
    )


def answering() -> Knowledge:
    return Knowledge(kind="answer", hits=[FakeHit()], confidence=0.85)


class TestPlanTurn:
    def test_short_greeting_is_small_talk(self) -> None:
        plan = plan_turn(signals("hej hej", intent="greet"), fallback_group=FALLBACK_GROUP)
        assert plan.action == "chitchat" and plan.chitchat_intent == "greet"

    def test_greeting_with_a_real_question_is_answered(self) -> None:
        text = "hej! hur gör jag för att söka plats på förskola till min dotter i höst"
        plan = plan_turn(signals(text, intent="greet", knowledge=answering()), fallback_group=FALLBACK_GROUP)
        assert plan.action == "answer"

    def test_knowledge_base_answer_wins_over_a_doubtful_out_of_scope(self) -> None:
        plan = plan_turn(
            signals(intent="out_of_scope", confidence=0.7, knowledge=answering()), fallback_group=FALLBACK_GROUP
        )
        assert plan.action == "answer"

    def test_out_of_scope_when_the_knowledge_base_has_nothing(self) -> None:
        plan = plan_turn(signals("berätta ett skämt", intent="out_of_scope"), fallback_group=FALLBACK_GROUP)
        assert plan.action == "out_of_scope"

    def test_own_case_is_a_handover_to_the_owning_group_with_the_general_rule_beside_it(self) -> None:
        plan = plan_turn(signals(own_case=True, knowledge=answering()), fallback_group=FALLBACK_GROUP)
        assert plan.action == "handover" and plan.offer_handover and plan.answer_group == "forskola"
        assert plan.hit is not None and plan.hit.entry_id == "forskola-ansoka-plats"

    def test_an_answer_that_may_be_the_citizens_own_case_also_offers_the_groups_officer(self) -> None:
        text = "mamma fick en faktura för förskolan, hur räknas avgiften?"
        plan = plan_turn(signals(text, knowledge=answering(), possibly_own_case=True), fallback_group=FALLBACK_GROUP)
        assert (plan.action, plan.offer_handover, plan.answer_group) == ("answer", True, "forskola")
        assert not plan_turn(signals(knowledge=answering()), fallback_group=FALLBACK_GROUP).offer_handover

    def test_rasas_own_case_does_not_override_a_confident_answer(self) -> None:
        plan = plan_turn(signals(intent="own_case", knowledge=answering()), fallback_group=FALLBACK_GROUP)
        assert plan.action == "answer"

    def test_no_city_matter_is_declined_even_when_an_entry_looks_close(self) -> None:
        plan = plan_turn(signals(out_of_scope=True, knowledge=answering()), fallback_group=FALLBACK_GROUP)
        assert plan.action == "out_of_scope"

    def test_an_answer_sure_on_both_readings_wins_over_out_of_scope(self) -> None:
        sure = Knowledge(kind="answer", hits=[FakeHit()], confidence=0.88, topic_probability=0.95)
        plan = plan_turn(signals(out_of_scope=True, knowledge=sure), fallback_group=FALLBACK_GROUP)
        assert plan.action == "answer"

    def test_own_case_with_a_doubtful_match_gets_no_general_rule(self) -> None:
        knowledge = Knowledge(kind="clarify", hits=[FakeHit(answer_group="avfall"), FakeHit()])
        plan = plan_turn(signals(own_case=True, knowledge=knowledge), fallback_group=FALLBACK_GROUP)
        assert (plan.action, plan.answer_group, plan.hit) == ("handover", "avfall", None)

    def test_own_case_without_answer_is_handed_to_the_best_guess_group(self) -> None:
        knowledge = Knowledge(kind="fallback", hits=[FakeHit(answer_group="avfall")])
        plan = plan_turn(signals(intent="own_case", knowledge=knowledge), fallback_group=FALLBACK_GROUP)
        assert plan.action == "handover" and plan.answer_group == "avfall"

    def test_own_case_with_no_clue_goes_to_the_fallback_group(self) -> None:
        plan = plan_turn(signals(intent="own_case"), fallback_group=FALLBACK_GROUP)
        assert plan.answer_group == FALLBACK_GROUP

    def test_close_candidates_are_clarified(self) -> None:
        knowledge = Knowledge(kind="clarify", hits=[FakeHit(), FakeHit(entry_id="b", topic="forskola.erbjudande")])
        plan = plan_turn(signals(knowledge=knowledge), fallback_group=FALLBACK_GROUP)
        assert plan.action == "clarify" and len(plan.candidates) == 2

    def test_unsure_intent_is_not_trusted(self) -> None:
        plan = plan_turn(signals("vad", intent="greet", confidence=0.3), fallback_group=FALLBACK_GROUP)
        assert plan.action == "fallback" and plan.offer_handover

    def test_rasas_own_case_turns_a_clarify_question_into_a_handover(self) -> None:
        knowledge = Knowledge(kind="clarify", hits=[FakeHit(answer_group="avfall"), FakeHit()])
        plan = plan_turn(signals(intent="own_case", knowledge=knowledge), fallback_group=FALLBACK_GROUP)
        assert (plan.action, plan.answer_group, plan.hit) == ("handover", "avfall", None)

    def test_a_longer_thank_you_is_small_talk_when_nothing_answers_it(self) -> None:
        knowledge = Knowledge(kind="clarify", hits=[FakeHit(), FakeHit(entry_id="b", topic="forskola.erbjudande")])
        plan = plan_turn(
            signals("tack så mycket, du var till stor hjälp", intent="thanks", knowledge=knowledge),
            fallback_group=FALLBACK_GROUP,
        )
        assert plan.action == "chitchat"

    def test_a_short_greeting_with_a_question_the_knowledge_base_answers_is_answered(self) -> None:
        plan = plan_turn(
            signals("hej, hur söker jag dagis?", intent="greet", knowledge=answering()), fallback_group=FALLBACK_GROUP
        )
        assert plan.action == "answer"


class TestRequestForPerson:
    """Rasa's request_human on a typed message, checked against what the bot would say without it."""

    def check(self, turn: Signals) -> bool:
        return request_for_person_stands(turn, plan_turn(turn, fallback_group=FALLBACK_GROUP))

    def test_a_question_the_knowledge_base_answers_is_answered_instead(self) -> None:
        assert not self.check(
            signals("kan jag ändå få boendeparkering?", intent="request_human", knowledge=answering())
        )

    def test_a_message_for_no_one_in_the_city_is_declined_instead(self) -> None:
        assert not self.check(signals("¿Me das una receta de paella?", intent="request_human", out_of_scope=True))

    def test_a_request_the_question_kind_check_also_reads_stands_beside_an_answer(self) -> None:
        turn = signals(
            "jag vill prata med en handläggare om förskolan",
            intent="request_human",
            knowledge=answering(),
            asks_for_person=True,
        )
        assert self.check(turn)

    def test_a_request_stands_when_the_bot_has_nothing_better_than_a_person(self) -> None:
        assert self.check(signals("jag vill prata med en människa", intent="request_human"))
        assert self.check(signals("min faktura är fel, ring mig", intent="request_human", own_case=True))
