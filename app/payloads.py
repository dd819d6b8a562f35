"""Rasa intent payloads (``/intent{"entity": "value"}``): the contract between buttons, the gateway and the bot.

A payload is parsed by Rasa's own regex reader, never classified, so a button
means the same on every trained model. The gateway uses the same form for a
typed answer to a form question: the bot asked for a name, so what comes back
is the name, whatever a classifier would have made of it.
"""

from __future__ import annotations

import json
import re

INFORM_INTENT = "inform"
CANCEL_HANDOVER = "/cancel_handover"

# Rasa's reading of a payload: an intent name, then optionally entities as a JSON object.
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)


def inform_payload(slot: str, value: str) -> str:
    """The payload that fills `slot` of the active form with `value`, exactly as given."""
    return f"/{INFORM_INTENT}{json.dumps({slot: value}, ensure_ascii=False)}"


def parse_payload(text: str) -> tuple[str, dict[str, object]] | None:
    """(intent, entities) when `text` is a well-formed intent payload, else None."""
    match = _PAYLOAD.match(text)
    if match is None:
        return None
    entities: dict[str, object] = {}
    if match["entities"]:
        try:
            parsed = json.loads(match["entities"])
        except json.JSONDecodeError:
            return None
        if not isinstance(parsed, dict):
            return None
        entities = parsed
    return match["intent"], entities


def payload_words(text: str) -> str:
    """What a payload says in words, for a person reading the transcript: the values it carries, else its intent."""
    parsed = parse_payload(text)
    if parsed is None:
        return text
    intent, entities = parsed
    values = [str(value) for value in entities.values()]
    return " ".join(values) if values else intent
