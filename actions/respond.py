"""action_respond: answers a question, clarifies, declines, or offers a person.

The decision is `actions.decision.plan_turn`; this action gathers the signals
and says the plan in the citizen's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.decision import Signals, TurnPlan, plan_turn, request_for_person_stands
from actions.texts import answer_language, say
from actions.turn import (
    feedback_buttons,
    handover_buttons,
    latest_intent,
    latest_text,
    meta,
    reply,
    turn_language,
)
from app.taxonomy import Taxonomy


class ActionRespond(Action):
    def __init__(
        self,
        *,
        knowledge_base: Any,
        taxonomy: Taxonomy,
        classify_question: Callable[[str], Any],
        crisis_notice: Callable[[str], Any],
        find_references: Callable[[str], list[str]],
        case_status: Action,
    ) -> None:
        self._knowledge_base = knowledge_base
        self._taxonomy = taxonomy
        self._classify_question = classify_question
        self._crisis_notice = crisis_notice
        self._find_references = find_references
        self._case_status = case_status

    def name(self) -> str:
        return "action_respond"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """One reply, then wait for the citizen.

        This is also Rasa's core fallback action: without the explicit
        action_listen, a state no rule covers would predict it again and again
        until Rasa's limit of ten actions a turn.
        """
        events = await self._respond(dispatcher, tracker, domain)
        return [*events, FollowupAction("action_listen")]

    async def _respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lang = turn_language(tracker)
        chosen_entry = _chosen_entry(tracker)
        if chosen_entry:
            return self._say_answer(dispatcher, chosen_entry, lang, confidence=1.0, offer_person=False)
        text = latest_text(tracker)
        if self._find_references(text):
            return await self._case_status.run(dispatcher, tracker, domain)
        notice = self._crisis_notice(text)
        if notice is not None:
            return self._say_notice(dispatcher, notice, lang)
        plan = plan_turn(self._signals(tracker, text, lang), fallback_group=self._taxonomy.fallback_group.id)
        return self._say(dispatcher, plan, lang) + [SlotSet("lang", lang)]

    def overrules_request_for_person(self, tracker: Tracker) -> bool:
        """Rasa read a request for a person in a typed message, but the turn is better answered or declined.

        A button's payload ("/request_human") is always a request; see
        actions.decision.request_for_person_stands for typed text.
        """
        text = latest_text(tracker)
        if not text or text.startswith("/") or self._find_references(text):
            return False
        signals = self._signals(tracker, text, turn_language(tracker))
        plan = plan_turn(signals, fallback_group=self._taxonomy.fallback_group.id)
        return not request_for_person_stands(signals, plan)

    def _signals(self, tracker: Tracker, text: str, lang: str) -> Signals:
        intent, intent_confidence = latest_intent(tracker)
        kind = self._classify_question(text)
        return Signals(
            text=text,
            intent=intent,
            intent_confidence=intent_confidence,
            knowledge=self._knowledge_base.decide(text, lang=lang),
            own_case=kind.own_case,
            out_of_scope=kind.out_of_scope,
            asks_for_person=kind.person,
            possibly_own_case=kind.possibly_own_case,
        )

    def _say(self, dispatcher: CollectingDispatcher, plan: TurnPlan, lang: str) -> list[EventType]:
        if plan.action == "answer" and plan.hit is not None:
            return self._say_answer(
                dispatcher, plan.hit.entry_id, lang, plan.confidence, offer_person=plan.offer_handover
            )
        if plan.action == "clarify":
            return self._say_clarify(dispatcher, plan, lang)
        if plan.action == "handover":
            return self._say_own_case(dispatcher, plan, lang)
        if plan.action == "chitchat":
            reply(
                dispatcher,
                say(plan.chitchat_intent or "greet", lang),
                turn_meta=meta("chitchat", lang, confidence=plan.confidence),
            )
            return []
        if plan.action == "out_of_scope":
            reply(
                dispatcher, say("out_of_scope", lang), turn_meta=meta("out_of_scope", lang, confidence=plan.confidence)
            )
            return [SlotSet("awaiting_feedback", False)]
        turn_meta = meta("fallback", lang, confidence=plan.confidence, offer_handover=True)
        buttons = [{"title": say("talk_to_person", lang), "payload": "/request_human"}]
        reply(dispatcher, say("fallback", lang), turn_meta=turn_meta, buttons=buttons)
        return [SlotSet("awaiting_feedback", False)]

    def _say_answer(
        self, dispatcher: CollectingDispatcher, entry_id: str, lang: str, confidence: float, *, offer_person: bool
    ) -> list[EventType]:
        """The entry's answer and "Fick du svar?"; where it may be the citizen's own case, a person beside it."""
        view = self._knowledge_base.view(entry_id, answer_language(lang))
        turn_meta = meta(
            "answer",
            lang,
            topic=view.topic,
            answer_group=view.answer_group,
            kb_entry_id=view.entry_id,
            confidence=confidence,
            offer_handover=offer_person,
        )
        reply(dispatcher, view.answer, turn_meta=turn_meta, link=_link(view))
        if offer_person:
            group = self._taxonomy.groups[view.answer_group].name(answer_language(lang))
            buttons = [*feedback_buttons(lang), {"title": say("contact_officer", lang), "payload": "/request_human"}]
            reply(dispatcher, say("did_that_help_or_own_case", lang, group=group), buttons=buttons)
        else:
            reply(dispatcher, say("did_that_help", lang), buttons=feedback_buttons(lang))
        return [
            SlotSet("last_topic", view.topic),
            SlotSet("last_answer_group", view.answer_group),
            SlotSet("awaiting_feedback", True),
        ]

    def _say_own_case(self, dispatcher: CollectingDispatcher, plan: TurnPlan, lang: str) -> list[EventType]:
        """The citizen's own matter: offer the owning group's officer, with the general rule when we know it."""
        group = self._taxonomy.groups[plan.answer_group or self._taxonomy.fallback_group.id]
        turn_meta = meta("handover", lang, answer_group=group.id, confidence=plan.confidence, offer_handover=True)
        offer = say("offer_person_own_case", lang, group=group.name(answer_language(lang)))
        events: list[EventType] = [SlotSet("last_answer_group", group.id), SlotSet("awaiting_feedback", False)]
        if plan.hit is None:
            reply(dispatcher, offer, turn_meta=turn_meta, buttons=handover_buttons(lang))
            return events
        view = self._knowledge_base.view(plan.hit.entry_id, answer_language(lang))
        reply(dispatcher, offer, turn_meta=turn_meta)
        reply(
            dispatcher, say("general_rule", lang, answer=view.answer), link=_link(view), buttons=handover_buttons(lang)
        )
        return [*events, SlotSet("last_topic", view.topic)]

    def _say_notice(self, dispatcher: CollectingDispatcher, notice: Any, lang: str) -> list[EventType]:
        """A question about the current crisis is answered by the editors' crisis message itself."""
        shown = "en" if lang == "en" else "sv"
        turn_meta = meta("answer", shown, kb_entry_id=f"crisis-notice-{notice.id}", confidence=1.0)
        reply(dispatcher, notice.text_in(shown), turn_meta=turn_meta)
        reply(dispatcher, say("did_that_help", lang), buttons=feedback_buttons(lang))
        return [SlotSet("awaiting_feedback", True), SlotSet("last_topic", None)]

    def _say_clarify(self, dispatcher: CollectingDispatcher, plan: TurnPlan, lang: str) -> list[EventType]:
        views = [self._knowledge_base.view(hit.entry_id, answer_language(lang)) for hit in plan.candidates]
        buttons = [{"title": view.title, "payload": f'/choose_entry{{"entry_id":"{view.entry_id}"}}'} for view in views]
        buttons.append({"title": say("none_of_these", lang), "payload": "/request_human"})
        turn_meta = meta("clarify", lang, confidence=plan.confidence, candidates=[view.topic for view in views])
        reply(dispatcher, say("clarify", lang), turn_meta=turn_meta, buttons=buttons)
        return [SlotSet("awaiting_feedback", False)]


def _link(view: Any) -> dict[str, str] | None:
    return {"title": view.links[0].title, "url": view.links[0].url} if view.links else None


def _chosen_entry(tracker: Tracker) -> str | None:
    """The entry a citizen picked from a clarify question's buttons."""
    if (tracker.latest_message.get("intent") or {}).get("name") != "choose_entry":
        return None
    return next(tracker.get_latest_entity_values("entry_id"), None)
