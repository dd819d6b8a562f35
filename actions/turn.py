"""Reading a Rasa turn and writing the bot's reply with its meta (API.md)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.texts import answer_language, say


def turn_language(tracker: Tracker) -> str:
    """The citizen's language as the gateway detected it, else the conversation's."""
    metadata = tracker.latest_message.get("metadata") or {}
    return metadata.get("lang") or tracker.get_slot("lang") or "sv"


def latest_intent(tracker: Tracker) -> tuple[str, float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name") or "nlu_fallback", float(intent.get("confidence") or 0.0)


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def meta(action: str, lang: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "action": action,
        "topic": None,
        "answer_group": None,
        "kb_entry_id": None,
        "confidence": 0.0,
        "candidates": [],
        "offer_handover": False,
        "case_id": None,
        "lang": answer_language(lang),
    }
    base.update(fields)
    base["confidence"] = round(min(1.0, max(0.0, float(base["confidence"]))), 4)
    return base


def reply(
    dispatcher: CollectingDispatcher,
    text: str,
    *,
    turn_meta: dict[str, Any] | None = None,
    buttons: list[dict[str, str]] | None = None,
    link: dict[str, str] | None = None,
    flags: list[str] | None = None,
    expects: str | None = None,
) -> None:
    """One bot message; meta, link and flags ride along in Rasa's `custom` payload, and so does the form slot
    the message asks for (`expects`), so the gateway knows that the citizen's next message answers it."""
    custom: dict[str, Any] = {}
    if expects is not None:
        custom["expects"] = expects
    if turn_meta is not None:
        custom["meta"] = turn_meta
    if link is not None:
        custom["link"] = link
    if flags:
        custom["flags"] = flags
    dispatcher.utter_message(text=text, buttons=buttons or [], json_message=custom or None)


def handover_buttons(lang: str) -> list[dict[str, str]]:
    return [
        {"title": say("contact_me", lang), "payload": "/request_human"},
        {"title": say("no_thanks", lang), "payload": "/goodbye"},
    ]


def feedback_buttons(lang: str) -> list[dict[str, str]]:
    return [{"title": say("yes", lang), "payload": "/affirm"}, {"title": say("no", lang), "payload": "/deny"}]
