"""action_feedback: the citizen's Ja / Nej to "Fick du svar på din fråga?".

Every yes or no comes here; one that answers no feedback question (a "nej"
out of the blue) is a turn like any other and goes to action_respond.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.texts import answer_language, say
from actions.turn import handover_buttons, latest_intent, meta, reply, turn_language
from app.taxonomy import Taxonomy

FeedbackRecorder = Callable[[str, bool], None]  # (session_id, answered) -> None


class ActionFeedback(Action):
    def __init__(self, *, taxonomy: Taxonomy, record_feedback: FeedbackRecorder, respond: Action) -> None:
        self._taxonomy = taxonomy
        self._record_feedback = record_feedback
        self._respond = respond

    def name(self) -> str:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if not tracker.get_slot("awaiting_feedback"):
            return await self._respond.run(dispatcher, tracker, domain)
        lang = turn_language(tracker)
        answered = latest_intent(tracker)[0] == "affirm"
        self._record_feedback(tracker.sender_id, answered)
        if answered:
            reply(dispatcher, say("glad_to_help", lang), turn_meta=meta("chitchat", lang, confidence=1.0))
            return [SlotSet("awaiting_feedback", False)]
        group_id = tracker.get_slot("last_answer_group") or self._taxonomy.fallback_group.id
        group = self._taxonomy.groups[group_id]
        turn_meta = meta("handover", lang, answer_group=group.id, confidence=1.0, offer_handover=True)
        reply(
            dispatcher,
            say("offer_person", lang, group=group.name(answer_language(lang))),
            turn_meta=turn_meta,
            buttons=handover_buttons(lang),
        )
        return [SlotSet("awaiting_feedback", False)]
