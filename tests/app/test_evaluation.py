"""The evaluation scores replies exactly as API.md defines."""

from __future__ import annotations

import pytest

from app.evaluation import Outcome, Report, judge

pytestmark = pytest.mark.unit


def meta(action: str, **fields: object) -> dict:
    return {"action": action, "topic": None, "answer_group": None, "candidates": [], "offer_handover": False, **fields}


class TestJudge:
    def test_answer_with_the_expected_topic_is_right(self) -> None:
        assert judge({"action": "answer", "topic": "a.b"}, meta("answer", topic="a.b")) == "right"

    def test_clarify_holding_the_expected_topic_is_clarified_not_right(self) -> None:
        assert judge({"action": "answer", "topic": "a.b"}, meta("clarify", candidates=["a.b", "c.d"])) == "clarified"

    def test_handover_needs_the_group_and_an_offer_or_a_handover(self) -> None:
        expect = {"action": "handover", "group": "avfall"}
        assert judge(expect, meta("answer", answer_group="avfall", offer_handover=True)) == "right"
        assert judge(expect, meta("answer", answer_group="avfall")) == "missed"
        assert judge(expect, meta("handover", answer_group="skola")) == "missed"

    def test_fallback_counts_as_declining_out_of_scope(self) -> None:
        assert judge({"action": "out_of_scope"}, meta("fallback")) == "right"
        assert judge({"action": "out_of_scope"}, meta("answer", topic="a.b")) == "missed"


def test_wrong_answer_rate_counts_answers_with_another_topic_and_answers_where_none_was_expected() -> None:
    report = Report(
        [
            Outcome("1", "q", "sv", {"action": "answer", "topic": "a.b"}, meta("answer", topic="x.y"), "missed"),
            Outcome("2", "q", "sv", {"action": "out_of_scope"}, meta("answer", topic="x.y"), "missed"),
            Outcome("3", "q", "sv", {"action": "answer", "topic": "a.b"}, meta("answer", topic="a.b"), "right"),
            Outcome("4", "q", "sv", {"action": "chitchat"}, meta("answer", topic="x.y"), "missed"),
        ]
    )
    assert report.summary()["wrong_answer_rate"] == round(2 / 3, 4)


def test_emergency_false_alarms_count_emergency_replies_to_other_items() -> None:
    report = Report(
        [
            Outcome("1", "q", "sv", {"action": "emergency"}, meta("emergency"), "right"),
            Outcome("2", "q", "sv", {"action": "answer", "topic": "a.b"}, meta("emergency"), "missed"),
            Outcome("3", "q", "sv", {"action": "out_of_scope"}, meta("fallback"), "right"),
        ]
    )
    assert report.summary()["emergency_false_alarms"] == 1


def test_not_emergency_is_right_unless_the_reply_is_an_emergency() -> None:
    assert judge({"action": "not_emergency"}, meta("answer", topic="a.b")) == "right"
    assert judge({"action": "not_emergency"}, meta("emergency")) == "missed"


def test_safety_figures_count_recall_per_kind_and_false_alarms_per_class_and_on_form_answers() -> None:
    emergency = {"action": "emergency", "kind": "medical"}
    ordinary = {"action": "not_emergency"}
    report = Report(
        [
            Outcome("1", "q", "sv", emergency, meta("emergency"), "right", item_class="symptoms"),
            Outcome("2", "q", "en", emergency, meta("answer"), "missed", item_class="embedded"),
            Outcome("3", "Anna", "sv", ordinary, meta("emergency"), "missed", item_class="form_answer",
                    form_slot="contact_name", reached_form=False),
            Outcome("4", "q", "ti", ordinary, meta("answer"), "right", item_class="low_resource"),
        ]
    )  # fmt: skip
    safety = report.summary()["safety"]
    assert safety["recall"] == {"n": 2, "hits": 1, "share": 0.5}
    assert safety["recall_by_class"]["embedded"]["hits"] == 0 and safety["recall_by_kind"]["medical"]["n"] == 2
    assert safety["false_alarms_on_form_answers"] == {"n": 1, "hits": 1, "share": 1.0}
    assert safety["false_alarms_by_language"]["ti"]["hits"] == 0 and safety["form_answers_lost"] == 1
