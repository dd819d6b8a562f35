"""The decision policy: answer a clear winner, clarify between close topics, fall back on weak matches."""

from __future__ import annotations

import pytest

from knowledge_base.policy import Policy, PolicyThresholds, decide
from tests.knowledge_base.factories import scored

pytestmark = pytest.mark.unit
THRESHOLDS = PolicyThresholds(answer_min=0.6, margin_min=0.05, clarify_min=0.5, clarify_window=0.05)


class TestDecide:
    def test_clear_winner_is_answered(self) -> None:
        decision = decide([scored("a", "t.a", 0.8), scored("b", "t.b", 0.6)], THRESHOLDS)
        assert decision.kind == "answer" and decision.hits[0].entry_id == "a" and decision.confidence == 0.8

    def test_two_entries_of_one_topic_do_not_block_an_answer(self) -> None:
        decision = decide([scored("a1", "t.a", 0.8), scored("a2", "t.a", 0.79), scored("b", "t.b", 0.6)], THRESHOLDS)
        assert decision.kind == "answer"

    def test_close_good_topics_are_clarified(self) -> None:
        ranked = [scored("a", "t.a", 0.7), scored("b", "t.b", 0.68), scored("c", "t.c", 0.67), scored("d", "t.d", 0.4)]
        decision = decide(ranked, THRESHOLDS)
        assert decision.kind == "clarify" and [h.topic for h in decision.hits] == ["t.a", "t.b", "t.c"]

    def test_clarify_offers_distinct_topics_only(self) -> None:
        ranked = [scored("a1", "t.a", 0.7), scored("a2", "t.a", 0.69), scored("b", "t.b", 0.68)]
        assert [h.topic for h in decide(ranked, THRESHOLDS).hits] == ["t.a", "t.b"]

    def test_weak_best_match_falls_back(self) -> None:
        decision = decide([scored("a", "t.a", 0.45), scored("b", "t.b", 0.2)], THRESHOLDS)
        assert decision.kind == "fallback"

    def test_fallback_still_carries_the_best_guess_for_routing(self) -> None:
        decision = decide([scored("a", "t.a", 0.45, group="forskola")], THRESHOLDS)
        assert decision.hits[0].answer_group == "forskola"

    def test_nothing_indexed_falls_back(self) -> None:
        assert decide([], THRESHOLDS).kind == "fallback"

    def test_the_classifier_agreeing_answers_a_close_race(self) -> None:
        agreeing = PolicyThresholds(0.6, 0.05, 0.5, 0.05, classifier_min=0.7, agreement_min=0.6)
        ranked = [scored("a", "t.a", 0.7, probability=0.8), scored("b", "t.b", 0.68, probability=0.1)]
        assert decide(ranked, THRESHOLDS).kind == "clarify"
        assert decide(ranked, agreeing).kind == "answer"

    def test_the_classifier_picks_among_close_topics(self) -> None:
        agreeing = PolicyThresholds(0.6, 0.05, 0.5, 0.05, classifier_min=0.7, agreement_min=0.6)
        ranked = [scored("a", "t.a", 0.7, probability=0.1), scored("b", "t.b", 0.68, probability=0.85)]
        decision = decide(ranked, agreeing)
        assert decision.kind == "answer" and [h.topic for h in decision.hits] == ["t.b", "t.a"]
        assert decision.topic_probability == 0.85

    def test_the_classifier_alone_does_not_answer_a_weak_match(self) -> None:
        agreeing = PolicyThresholds(0.6, 0.05, 0.5, 0.05, classifier_min=0.7, agreement_min=0.6)
        ranked = [scored("a", "t.a", 0.55, probability=0.95), scored("b", "t.b", 0.2)]
        assert decide(ranked, agreeing).kind == "fallback"

    def test_policy_round_trips_through_json(self, tmp_path) -> None:
        path = tmp_path / "policy.json"
        policy = Policy(
            THRESHOLDS, PolicyThresholds(answer_min=0.5, margin_min=0.0, clarify_min=0.4, clarify_window=0.1)
        )
        policy.save(path, fitted_on={"items": 3})
        assert Policy.load(path) == policy

    def test_other_languages_use_their_own_thresholds(self) -> None:
        lenient = PolicyThresholds(answer_min=0.4, margin_min=0.0, clarify_min=0.4, clarify_window=0.0)
        policy, ranked = Policy(THRESHOLDS, lenient), [scored("a", "t.a", 0.5), scored("b", "t.b", 0.2)]
        assert decide(ranked, policy.for_language("sv")).kind == "fallback"
        assert decide(ranked, policy.for_language("so")).kind == "answer"
