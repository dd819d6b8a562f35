"""Rasa's SQL tracker store, storing what a citizen wrote only after personal data is taken out.

Rasa keeps every message of every conversation, including the many that never
become a case, so its tracker would otherwise be a register of personnummer,
phone numbers, e-mail addresses and names. The text and the entities of each
message are redacted before they are written. The form's slot events keep the
contact details the case needs until the case is made; the backend's retention
job deletes a conversation's events after a few days.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from app.redaction import FORM_ANSWER_TAGS, redact

TAGGED_ENTITIES = FORM_ANSWER_TAGS  # a name or a contact detail is replaced whole, whatever its shape
FREE_TEXT_ENTITIES = {"summary_addition"}


class RedactingSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        for event in tracker.events:
            if isinstance(event, UserUttered):
                redact_message(event)
        await super().save(tracker)


def redact_message(event: UserUttered) -> None:
    """Redact the event in place (idempotent); a form answer sent as a payload is rewritten with its tags."""
    entities = [_redacted_entity(entity) for entity in event.entities]
    personal = any(entity.get("entity") in TAGGED_ENTITIES or entity.get("entity") in FREE_TEXT_ENTITIES
                   for entity in event.entities)  # fmt: skip
    if personal and event.text and event.text.startswith("/"):
        values = {entity["entity"]: entity.get("value") for entity in entities}
        event.text = f"/{event.intent_name}{json.dumps(values, ensure_ascii=False)}"
    elif event.text:
        event.text = redact(event.text)
    event.entities = entities
    event.parse_data["entities"] = entities
    event.parse_data["text"] = event.text


def _redacted_entity(entity: dict[str, Any]) -> dict[str, Any]:
    kind, value = entity.get("entity"), entity.get("value")
    if kind in TAGGED_ENTITIES:
        return {**entity, "value": TAGGED_ENTITIES[kind]}
    if isinstance(value, str) and kind in FREE_TEXT_ENTITIES:
        return {**entity, "value": redact(value)}
    return entity
