"""The handover conversation: start, the form's questions and checks, the case, cancel, case status.

The actions speak to the handover domain through the narrow `CaseDesk`
protocol, so they hold no case logic of their own: routing, contact
validation, SLA and the case itself are the handover package's.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.texts import answer_language, say
from actions.turn import latest_text, meta, reply, turn_language
from app.payloads import inform_payload, payload_words
from app.taxonomy import Taxonomy
from handover.schemas import CaseReceipt, CaseStatusView

FORM_SLOTS = (
    "contact_method",
    "contact_value",
    "contact_name",
    "contact_language",
    "consent",
    "summary_addition",
    "confirmed",
)
CONTACT_METHODS = ("phone", "sms", "email")
SKIPPED = "-"
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English", "fi": "Suomi"}
SUMMARY_MAX_CHARS = 400


@dataclass(frozen=True)
class CaseRequest:
    idempotency_key: str
    conversation: str
    answer_group: str
    topic: str | None
    language: str
    summary: str
    transcript: list[dict[str, str]]
    contact_method: str
    contact_value: str
    contact_name: str | None
    consent_given: bool


class CaseDesk(Protocol):
    def open_case(self, request: CaseRequest) -> CaseReceipt: ...
    def status_of(self, reference: str) -> CaseStatusView | None: ...
    def route(self, *, topic: str | None, text: str) -> str: ...
    def normalise_contact(self, method: str, value: str) -> str: ...
    def due_in_words(self, due_at: datetime, lang: str) -> str: ...


def _group_name(taxonomy: Taxonomy, group_id: str, lang: str) -> str:
    return taxonomy.groups[group_id].name(answer_language(lang))


def citizen_texts(tracker: Tracker) -> list[str]:
    """What the citizen wrote about the matter, without button payloads and without the form's answers.

    Only messages before the latest handover started count: contact details
    and the addition asked for in the form are not the matter itself.
    """
    events = tracker.events
    starts = [i for i, event in enumerate(events) if event.get("name") == "action_start_handover"]
    before = events[: starts[-1]] if starts else events
    texts = [event.get("text") or "" for event in before if event.get("event") == "user"]
    return [text for text in texts if text and not text.startswith("/")]


def transcript(tracker: Tracker) -> list[dict[str, str]]:
    """The whole conversation as the officer will read it: who said what, when."""
    lines = []
    for event in tracker.events:
        kind = event.get("event")
        text = event.get("text") or ""
        if kind in ("user", "bot") and text:
            text = payload_words(text) if kind == "user" else text
            at = datetime.fromtimestamp(event.get("timestamp") or 0).astimezone().isoformat(timespec="seconds")
            lines.append({"who": "citizen" if kind == "user" else "bot", "text": text, "at": at})
    return lines


def _summary(tracker: Tracker) -> str:
    questions = [text for text in citizen_texts(tracker) if len(text.split()) >= 3 or "?" in text]
    summary = " / ".join(questions[-3:]) or " / ".join(citizen_texts(tracker)[-1:])
    return summary[:SUMMARY_MAX_CHARS]


class Responder(Protocol):
    """action_respond, as far as the start of a handover needs it."""

    def overrules_request_for_person(self, tracker: Tracker) -> bool: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]: ...


class ActionStartHandover(Action):
    """Rasa's rule for request_human runs this, then the form; a typed message that is better answered is
    passed to action_respond instead, whose closing action_listen keeps the form from starting."""

    def __init__(self, *, desk: CaseDesk, taxonomy: Taxonomy, respond: Responder) -> None:
        self._desk = desk
        self._taxonomy = taxonomy
        self._respond = respond

    def name(self) -> str:
        return "action_start_handover"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if self._respond.overrules_request_for_person(tracker):
            return await self._respond.run(dispatcher, tracker, domain)
        lang = turn_language(tracker)
        group = tracker.get_slot("last_answer_group") or self._desk.route(
            topic=tracker.get_slot("last_topic"), text=" ".join(citizen_texts(tracker)[-3:])
        )
        turn_meta = meta("handover", lang, answer_group=group, confidence=1.0, offer_handover=True)
        reply(
            dispatcher, say("handover_start", lang, group=_group_name(self._taxonomy, group, lang)), turn_meta=turn_meta
        )
        return [
            SlotSet("handover_group", group),
            SlotSet("lang", lang),
            SlotSet("awaiting_feedback", False),
            *[SlotSet(slot, None) for slot in FORM_SLOTS],
        ]


class ActionAskSlot(Action):
    """action_ask_<slot>: one class asks every question of the form, each in the citizen's language."""

    def __init__(self, slot: str, *, city_site: str, retention_days: int) -> None:
        self._slot = slot
        self._city_site = city_site
        self._retention_days = retention_days

    def name(self) -> str:
        return f"action_ask_{self._slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        lang = tracker.get_slot("lang") or "sv"
        text, buttons = self._question(tracker, lang)
        buttons.append({"title": say("cancel", lang), "payload": "/cancel_handover"})
        group = tracker.get_slot("handover_group")
        reply(
            dispatcher,
            text,
            buttons=buttons,
            turn_meta=meta("handover", lang, answer_group=group, confidence=1.0, offer_handover=True),
            expects=self._slot,
        )
        return []

    def _question(self, tracker: Tracker, lang: str) -> tuple[str, list[dict[str, str]]]:
        if self._slot == "contact_method":
            return say("ask_contact_method", lang), [
                {"title": say(f"method_{method}", lang), "payload": inform_payload(self._slot, method)}
                for method in CONTACT_METHODS
            ]
        if self._slot == "contact_value":
            return say(f"ask_contact_value_{tracker.get_slot('contact_method') or 'phone'}", lang), []
        if self._slot == "contact_name":
            skip = {"title": say("skip", lang), "payload": inform_payload(self._slot, SKIPPED)}
            return say("ask_contact_name", lang), [skip]
        if self._slot == "contact_language":
            buttons = [
                {"title": name, "payload": inform_payload(self._slot, code)} for code, name in LANGUAGE_NAMES.items()
            ]
            return say("ask_contact_language", lang), buttons
        if self._slot == "consent":
            privacy_url = f"{self._city_site}/personuppgifter"
            text = say("ask_consent", lang, privacy_url=privacy_url, retention_days=str(self._retention_days))
            return text, [{"title": say("consent_yes", lang), "payload": inform_payload(self._slot, "yes")}]
        if self._slot == "summary_addition":
            return say("ask_summary_addition", lang, summary=_summary(tracker)), [
                {"title": say("that_is_right", lang), "payload": inform_payload(self._slot, SKIPPED)}
            ]
        return self._confirmation(tracker, lang)

    def _confirmation(self, tracker: Tracker, lang: str) -> tuple[str, list[dict[str, str]]]:
        method = tracker.get_slot("contact_method") or "phone"
        language = tracker.get_slot("contact_language") or "sv"
        text = say(
            "ask_confirmed",
            lang,
            method=say(f"method_{method}", lang),
            value=tracker.get_slot("contact_value") or "",
            language=LANGUAGE_NAMES.get(language, language),
            summary=_full_summary(tracker),
        )
        buttons = [
            {"title": say(choice, lang), "payload": inform_payload("confirmed", choice)}
            for choice in ("send", "change_contact", "change_summary")
        ]
        return text, buttons


def _full_summary(tracker: Tracker) -> str:
    addition = tracker.get_slot("summary_addition")
    summary = _summary(tracker)
    return f"{summary} / {addition}" if addition and addition != SKIPPED else summary


Validator = Callable[["ValidateHandoverForm", Any, CollectingDispatcher, Tracker, DomainDict], dict[str, Any]]


def _cleared_is_not_an_answer(validate: Validator) -> Validator:
    """A slot set to None is no answer to check or complain about.

    Starting a handover clears the last one's answers, and rasa_sdk hands
    those cleared slots to the validators as if the citizen had typed them.
    """
    slot = validate.__name__.removeprefix("validate_")

    @functools.wraps(validate)
    def checked(
        self: ValidateHandoverForm, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {slot: None}
        return validate(self, value, dispatcher, tracker, domain)

    return checked


class ValidateHandoverForm(FormValidationAction):
    """Checks each answer; a wrong one is explained and asked again, and any answer can be changed."""

    def __init__(self, *, desk: CaseDesk) -> None:
        self._desk = desk

    def name(self) -> str:
        return "validate_handover_form"

    @_cleared_is_not_an_answer
    def validate_contact_method(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        method = _contact_method(str(value or ""))
        if method is None:
            dispatcher.utter_message(text=say("invalid_method", tracker.get_slot("lang") or "sv"))
        return {"contact_method": method}

    @_cleared_is_not_an_answer
    def validate_contact_value(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        method = tracker.get_slot("contact_method") or "phone"
        try:
            return {"contact_value": self._desk.normalise_contact(method, str(value or ""))}
        except ValueError:
            problem = "invalid_email" if method == "email" else "invalid_phone"
            dispatcher.utter_message(text=say(problem, tracker.get_slot("lang") or "sv"))
            return {"contact_value": None}

    @_cleared_is_not_an_answer
    def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = str(value or "").strip()[:120]
        return {"contact_name": name or SKIPPED}

    @_cleared_is_not_an_answer
    def validate_contact_language(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"contact_language": str(value or "sv").strip()[:40] or "sv"}

    @_cleared_is_not_an_answer
    def validate_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if says_yes(str(value or "")):
            return {"consent": "yes"}
        lang = tracker.get_slot("lang") or "sv"
        dispatcher.utter_message(text=say("consent_needed", lang))
        return {"consent": None}

    @_cleared_is_not_an_answer
    def validate_summary_addition(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"summary_addition": str(value or SKIPPED).strip()[:SUMMARY_MAX_CHARS] or SKIPPED}

    @_cleared_is_not_an_answer
    def validate_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        choice = str(value or "").strip().lower()
        if choice == "change_contact":
            return {"confirmed": None, "contact_method": None, "contact_value": None}
        if choice == "change_summary":
            return {"confirmed": None, "summary_addition": None}
        if says_yes(choice):
            return {"confirmed": "yes"}
        return {"confirmed": None}


YES_WORDS = frozenset(
    {"yes", "ja", "jo", "japp", "ok", "okej", "okay", "kyllä", "joo", "send", "skicka", "godkänner", "agree", "sure",
     "gärna", "absolut", "lähetä", "hyväksyn"}
)  # fmt: skip
NO_WORDS = frozenset({"nej", "no", "not", "inte", "ej", "ei", "don't", "dont", "nä", "aldrig", "never"})


def says_yes(text: str) -> bool:
    """A typed yes ("ja skicka", "Yes, send it", "ok"), with no no in it."""
    words = set(re.findall(r"[\w']+", text.lower()))
    return bool(words & YES_WORDS) and not words & NO_WORDS


def _contact_method(text: str) -> str | None:
    words = {
        "phone": ("phone", "telefon", "ring", "samtal", "puhelu", "soita"),
        "sms": ("sms", "text", "tekstiviesti"),
        "email": ("email", "e-post", "epost", "mejl", "mail", "sähköposti"),
    }
    lowered = text.strip().lower()
    return next((method for method, keys in words.items() if any(key in lowered for key in keys)), None)


class ActionCreateCase(Action):
    def __init__(self, *, desk: CaseDesk, taxonomy: Taxonomy) -> None:
        self._desk = desk
        self._taxonomy = taxonomy

    def name(self) -> str:
        return "action_create_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        lang = tracker.get_slot("lang") or "sv"
        group = tracker.get_slot("handover_group") or self._taxonomy.fallback_group.id
        receipt = self._desk.open_case(_case_request(tracker, group))
        method = tracker.get_slot("contact_method") or "phone"
        text = say(
            "case_created",
            lang,
            reference=receipt.reference,
            group=_group_name(self._taxonomy, receipt.answer_group, lang),
            due=self._desk.due_in_words(receipt.due_at, answer_language(lang)),
            method=say(f"method_{method}", lang).lower(),
        )
        turn_meta = meta(
            "handover",
            lang,
            answer_group=receipt.answer_group,
            case_id=receipt.reference,
            confidence=1.0,
            offer_handover=True,
        )
        reply(dispatcher, text, turn_meta=turn_meta)
        return [SlotSet(slot, None) for slot in (*FORM_SLOTS, "handover_group")]


def _case_request(tracker: Tracker, group: str) -> CaseRequest:
    name = tracker.get_slot("contact_name")
    topic = tracker.get_slot("last_topic")
    summary = _full_summary(tracker)
    method = tracker.get_slot("contact_method") or "phone"
    value = tracker.get_slot("contact_value") or ""
    return CaseRequest(
        idempotency_key=idempotency_key(tracker.sender_id, group, topic, summary, method, value),
        conversation=tracker.sender_id,
        answer_group=group,
        topic=topic,
        language=tracker.get_slot("contact_language") or tracker.get_slot("lang") or "sv",
        summary=summary,
        transcript=transcript(tracker),
        contact_method=method,
        contact_value=value,
        contact_name=None if name in (None, SKIPPED) else name,
        consent_given=tracker.get_slot("consent") == "yes",
    )


def idempotency_key(conversation: str, *content: str | None) -> str:
    """One conversation asking for the same thing to be sent the same way is one case.

    Keyed by what the case says, not by the confirming message: when the gateway gave up on a slow Rasa
    and the citizen pressed "Ja, skicka" again, or Rasa retried the action, the second request has new
    events and timestamps but is the same matter.
    """
    material = "\x1f".join([conversation, *(part or "" for part in content)])
    return hashlib.sha256(material.encode()).hexdigest()


class ActionCancelHandover(Action):
    def name(self) -> str:
        return "action_cancel_handover"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        lang = tracker.get_slot("lang") or "sv"
        reply(dispatcher, say("handover_cancelled", lang), turn_meta=meta("chitchat", lang, confidence=1.0))
        return [SlotSet(slot, None) for slot in (*FORM_SLOTS, "handover_group")]


class ActionCaseStatus(Action):
    def __init__(self, *, desk: CaseDesk, taxonomy: Taxonomy, find_references: Callable[[str], list[str]]) -> None:
        self._desk = desk
        self._taxonomy = taxonomy
        self._find_references = find_references

    def name(self) -> str:
        return "action_case_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        lang = turn_language(tracker)
        references = self._find_references(latest_text(tracker))
        if not references:
            reply(dispatcher, say("ask_case_reference", lang), turn_meta=meta("case_status", lang, confidence=0.5))
            return []
        status = self._desk.status_of(references[0])
        if status is None:
            reply(
                dispatcher,
                say("case_not_found", lang, reference=references[0]),
                turn_meta=meta("case_status", lang, confidence=1.0),
            )
            return []
        text = say(
            "case_status",
            lang,
            reference=status.reference,
            status=say(f"status_{status.status}", lang),
            group=_group_name(self._taxonomy, status.answer_group, lang),
            due=self._desk.due_in_words(status.due_at, answer_language(lang)),
        )
        reply(dispatcher, text, turn_meta=meta("case_status", lang, answer_group=status.answer_group, confidence=1.0))
        return []
