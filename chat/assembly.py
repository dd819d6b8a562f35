"""Turns Rasa's REST channel output into the API's messages and one turn meta.

Actions send `custom = {"meta": ..., "link": ...}` beside their text; Rasa's
REST channel returns that custom payload as a message of its own, right after
the text it belonged to. The first meta of a turn describes the turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chat.dialogue_state import DialogueState
from chat.rasa_client import RasaMessage
from chat.schemas import Button, ChatMessage, ChatMeta, Link


@dataclass
class AssembledTurn:
    """The bot's messages, the turn's meta, the flags the actions raised (e.g. "manager"), and what it left open."""

    messages: list[ChatMessage]
    meta: ChatMeta
    flags: set[str] = field(default_factory=set)
    state: DialogueState = field(default_factory=DialogueState)


def assemble_turn(rasa_messages: list[RasaMessage], *, lang: str) -> AssembledTurn:
    """Joins each action's custom payload to its text; the last form question asked is what the turn expects."""
    messages: list[ChatMessage] = []
    meta: ChatMeta | None = None
    flags: set[str] = set()
    expects: str | None = None
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
        expects = custom.get("expects") if isinstance(custom.get("expects"), str) else expects
    offered = frozenset(button.payload for message in messages for button in message.buttons)
    meta = meta or ChatMeta(action="fallback", lang=lang)
    return AssembledTurn(messages, meta, flags, DialogueState(offered, expects))


def _message(raw: RasaMessage) -> ChatMessage:
    buttons = [Button(title=button["title"], payload=button["payload"]) for button in raw.get("buttons") or []]
    return ChatMessage(text=raw["text"], buttons=buttons)
