"""Turns Rasa's REST channel output into the API's messages and one turn meta.

Actions send `custom = {"meta": ..., "link": ...}` beside their text; Rasa's
REST channel returns that custom payload as a message of its own, right after
the text it belonged to. The first meta of a turn describes the turn.
"""

from __future__ import annotations

from chat.rasa_client import RasaMessage
from chat.schemas import Button, ChatMessage, ChatMeta, Link


def assemble_turn(rasa_messages: list[RasaMessage], *, lang: str) -> tuple[list[ChatMessage], ChatMeta, set[str]]:
    """The messages, the turn's meta, and flags the actions raised (e.g. "manager")."""
    messages: list[ChatMessage] = []
    meta: ChatMeta | None = None
    flags: set[str] = set()
    for raw in rasa_messages:
        if raw.get("text"):
            messages.append(_message(raw))
        custom = raw.get("custom")
        if not isinstance(custom, dict):
            continue
        if custom.get("link") and messages:
            messages[-1].link = Link.model_validate(custom["link"])
        if meta is None and isinstance(custom.get("meta"), dict):
            meta = ChatMeta.model_validate(custom["meta"])
        flags.update(custom.get("flags") or [])
    return messages, meta or ChatMeta(action="fallback", lang=lang), flags


def _message(raw: RasaMessage) -> ChatMessage:
    buttons = [Button(title=button["title"], payload=button["payload"]) for button in raw.get("buttons") or []]
    return ChatMessage(text=raw["text"], buttons=buttons)
