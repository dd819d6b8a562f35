"""The retention policy, one period per kind of personal data, and the job that enforces it.

Each domain knows how to forget its own data; this module only says when.
The defaults are in the README; every period is a setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from app.clock import Clock
from app.db import Database
from chat.retention import clear_turn_texts_before, delete_dialogue_events_before
from handover.service import HandoverService


@dataclass(frozen=True)
class Retention:
    clock: Clock
    database: Database
    tracker_engine: Engine
    handover: HandoverService
    chat_text_days: int
    dialogue_days: int

    def purge(self, now: datetime | None = None) -> dict[str, int]:
        """Forget everything past its period; returns how much of each kind went now (0s when run again)."""
        now = now or self.clock.now()
        return {
            "closed cases": self.handover.purge_personal_data(now),
            "chat turn texts": clear_turn_texts_before(self.database, now - timedelta(days=self.chat_text_days)),
            "dialogue events": delete_dialogue_events_before(
                self.tracker_engine, now - timedelta(days=self.dialogue_days)
            ),
        }
