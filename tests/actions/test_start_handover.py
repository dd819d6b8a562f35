"""action_start_handover: a request for a person starts the form, unless action_respond overrules a typed one."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.handover import ActionStartHandover
from app.taxonomy import Taxonomy

pytestmark = pytest.mark.unit


class Respond:
    """Stands in for action_respond: overrules or not as told, and says which turn it took."""

    def __init__(self, *, overrules: bool) -> None:
        self.overrules = overrules
        self.runs = 0

    def overrules_request_for_person(self, tracker: Tracker) -> bool:
        return self.overrules

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        self.runs += 1
        dispatcher.utter_message(text="Boendeparkering söker du i e-tjänsten.")
        return [FollowupAction("action_listen")]


def request_tracker(text: str) -> Tracker:
    return Tracker(
        sender_id="start-handover-test",
        slots={"lang": "sv", "last_answer_group": "parkering"},
        latest_message={"intent": {"name": "request_human", "confidence": 0.74}, "text": text, "metadata": {}},
        events=[{"event": "user", "text": text}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def start(taxonomy: Taxonomy, respond: Respond, text: str) -> tuple[list, CollectingDispatcher]:
    desk = SimpleNamespace(route=lambda topic, text: "parkering")
    action = ActionStartHandover(desk=desk, taxonomy=taxonomy, respond=respond)
    dispatcher = CollectingDispatcher()
    return asyncio.run(action.run(dispatcher, request_tracker(text), {})), dispatcher


def test_a_request_that_stands_starts_the_handover_to_the_group(taxonomy: Taxonomy) -> None:
    respond = Respond(overrules=False)
    events, dispatcher = start(taxonomy, respond, "jag vill prata med en människa")
    assert respond.runs == 0
    assert dispatcher.messages[0]["custom"]["meta"]["action"] == "handover"
    assert {"event": "slot", "name": "handover_group", "value": "parkering", "timestamp": None} in events


def test_a_typed_question_that_respond_overrules_gets_its_answer_and_no_form(taxonomy: Taxonomy) -> None:
    respond = Respond(overrules=True)
    events, dispatcher = start(taxonomy, respond, "kan jag ändå få boendeparkering?")
    assert respond.runs == 1 and dispatcher.messages[0]["text"].startswith("Boendeparkering")
    assert events == [FollowupAction("action_listen")]
