"""Entries and their versions: editors' changes live here, one immutable version per save.

An entry is published when it points at a published version; answers only
ever come from that version, so drafts never reach citizens.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Entry(Base):
    __tablename__ = "kb_entries"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), index=True)
    answer_group: Mapped[str] = mapped_column(String(64), index=True)
    published_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("kb_entry_versions.id", use_alter=True, ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    published_version: Mapped[EntryVersion | None] = relationship(
        foreign_keys=[published_version_id], post_update=True, lazy="joined"
    )


class EntryVersion(Base):
    __tablename__ = "kb_entry_versions"
    __table_args__ = (UniqueConstraint("entry_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("kb_entries.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[VersionStatus] = mapped_column(
        Enum(VersionStatus, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
