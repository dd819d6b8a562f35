"""action_feedback: Ja / Nej to "Fick du svar?" is recorded; any other yes or no is an ordinary turn."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import ActionFeedback
from app.taxonomy import Taxonomy

pytestmark = pytest.mark.unit


class RecordingRespond(Action):
    """Stands in for action_respond so the test sees whether the turn was passed on."""

    def __init__(self) -> None:
        self.calls = 0

    def name(self) -> str:
        return "action_respond"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        self.calls += 1
        return []


def tracker_after(intent: str, *, awaiting_feedback: bool, last_answer_group: str | None = "forskola") -> Tracker:
    return Tracker(
        sender_id="feedback-test",
        slots={"awaiting_feedback": awaiting_feedback, "last_answer_group": last_answer_group, "lang": "sv"},
        latest_message={"intent": {"name": intent, "confidence": 1.0}, "text": f"/{intent}", "metadata": {}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_feedback(tracker: Tracker, taxonomy: Taxonomy) -> tuple[list, CollectingDispatcher, list, RecordingRespond]:
    recorded: list[tuple[str, bool]] = []
    respond = RecordingRespond()
    action = ActionFeedback(
        taxonomy=taxonomy,
        record_feedback=lambda session, answered: recorded.append((session, answered)),
        respond=respond,
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher, recorded, respond


def test_no_after_an_answer_is_recorded_and_offers_the_answer_groups_person(taxonomy: Taxonomy) -> None:
    events, dispatcher, recorded, respond = run_feedback(tracker_after("deny", awaiting_feedback=True), taxonomy)
    assert recorded == [("feedback-test", False)] and respond.calls == 0
    meta = dispatcher.messages[0]["custom"]["meta"]
    assert (meta["action"], meta["answer_group"], meta["offer_handover"]) == ("handover", "forskola", True)
    assert SlotSet("awaiting_feedback", False) in events


def test_yes_after_an_answer_is_recorded_as_answered(taxonomy: Taxonomy) -> None:
    _, dispatcher, recorded, _ = run_feedback(tracker_after("affirm", awaiting_feedback=True), taxonomy)
    assert recorded == [("feedback-test", True)]
    assert dispatcher.messages[0]["custom"]["meta"]["action"] == "chitchat"


def test_yes_or_no_when_no_question_was_asked_is_passed_on_and_not_recorded(taxonomy: Taxonomy) -> None:
    _, dispatcher, recorded, respond = run_feedback(tracker_after("deny", awaiting_feedback=False), taxonomy)
    assert respond.calls == 1 and recorded == [] and dispatcher.messages == []
