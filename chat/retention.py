"""How long the chat keeps what citizens wrote: the turn log's texts, and Rasa's record of each conversation.

The turn log is redacted when written, but a question can still tell a story
about a person, so its text is cleared after a while; the row stays, because
the follow-up figures count turns, not texts. Rasa's tracker keeps the form's
slot events, with contact details, for conversations that never became a
case, so its events are deleted after a few days.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, column, delete, inspect, table, update

from app.db import Database
from chat.models import ChatTurn

# Rasa's SQL tracker store keeps one row per event; only its timestamp (Unix seconds) matters here, so the
# table is named, not reflected on every run.
TRACKER_EVENTS = table("events", column("timestamp"))


def clear_turn_texts_before(database: Database, before: datetime) -> int:
    """Empty the text of turns logged before `before`; returns how many were cleared now."""
    with database.transaction() as session:
        result = session.execute(
            update(ChatTurn).where(ChatTurn.created_at < before, ChatTurn.text_redacted != "").values(text_redacted="")
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_dialogue_events_before(tracker_engine: Engine, before: datetime) -> int:
    """Delete Rasa's events older than `before` (Rasa stamps them in Unix seconds); none before Rasa made its
    table."""
    if not inspect(tracker_engine).has_table(TRACKER_EVENTS.name):
        return 0
    with tracker_engine.begin() as connection:
        result = connection.execute(delete(TRACKER_EVENTS).where(TRACKER_EVENTS.c.timestamp < before.timestamp()))
        return int(result.rowcount or 0)
