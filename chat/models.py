"""The turn log (one row per citizen message, redacted), the editors' inbox state, and crisis notices."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Enum, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class ChatTurn(Base):
    __tablename__ = "chat_turns"
    __table_args__ = (Index("ix_chat_turns_session_created", "session_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    text_redacted: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    delivered: Mapped[bool] = mapped_column(Boolean, default=True)
    action: Mapped[str | None] = mapped_column(String(32), index=True)
    topic: Mapped[str | None] = mapped_column(String(64))
    answer_group: Mapped[str | None] = mapped_column(String(64))
    kb_entry_id: Mapped[str | None] = mapped_column(String(128))
    confidence: Mapped[float | None] = mapped_column(Float)
    candidates: Mapped[list[str]] = mapped_column(JSON, default=list)
    offer_handover: Mapped[bool] = mapped_column(Boolean, default=False)
    case_id: Mapped[str | None] = mapped_column(String(64))
    feedback: Mapped[str | None] = mapped_column(String(8))  # "yes" / "no" after "Fick du svar?"
    flagged_for_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the bot left open after this turn (chat.dialogue_state): the payloads of the buttons it offered, which
    # alone skip the emergency check, and the form slot it asked for, whose answer is sent to Rasa as a payload.
    offered_payloads: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    expects: Mapped[str | None] = mapped_column(String(40))


class InboxStatus(StrEnum):
    OPEN = "open"
    ADDED = "added"  # made into an example question or a new entry
    DISMISSED = "dismissed"


class UnresolvedQuestion(Base):
    """The editors' handling of one unresolved turn; a turn without a row here is still open.

    Keyed by the turn, so the turn log stays append-only and the inbox can be
    rebuilt from it at any time.
    """

    __tablename__ = "chat_unresolved"

    turn_id: Mapped[int] = mapped_column(ForeignKey("chat_turns.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[InboxStatus] = mapped_column(
        Enum(InboxStatus, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    entry_id: Mapped[str | None] = mapped_column(String(100))  # the entry it went into
    entry_version: Mapped[int | None] = mapped_column(Integer)  # the draft version that carries it
    handled_by: Mapped[str] = mapped_column(String(120))
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CrisisNotice(Base):
    """A short message shown first in every new chat until ends_at; questions about it are answered by it."""

    __tablename__ = "chat_crisis_notices"
    __table_args__ = (Index("ix_chat_crisis_notices_window", "starts_at", "ends_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text_sv: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def text_in(self, lang: str) -> str:
        """English for English, Swedish for everyone else (the notice has these two)."""
        return self.text_en if lang == "en" and self.text_en else self.text_sv

    def is_active(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at
