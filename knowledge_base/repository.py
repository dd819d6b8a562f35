"""Every SQL query of the knowledge base, nothing else."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge_base.models import Entry, EntryVersion


def get_entry(session: Session, entry_id: str) -> Entry | None:
    return session.get(Entry, entry_id)


def add(session: Session, row: Entry | EntryVersion) -> None:
    session.add(row)
    session.flush()


def get_version(session: Session, entry_id: str, number: int) -> EntryVersion | None:
    return session.scalar(select(EntryVersion).where(EntryVersion.entry_id == entry_id, EntryVersion.number == number))


def versions(session: Session, entry_id: str) -> list[EntryVersion]:
    return list(
        session.scalars(select(EntryVersion).where(EntryVersion.entry_id == entry_id).order_by(EntryVersion.number))
    )


def latest_number(session: Session, entry_id: str) -> int:
    return (
        session.scalar(select(func.coalesce(func.max(EntryVersion.number), 0)).where(EntryVersion.entry_id == entry_id))
        or 0
    )


def latest_by_author(session: Session, entry_id: str, author: str) -> EntryVersion | None:
    return session.scalar(
        select(EntryVersion)
        .where(EntryVersion.entry_id == entry_id, EntryVersion.author == author)
        .order_by(EntryVersion.number.desc())
        .limit(1)
    )


def published_versions(session: Session) -> list[EntryVersion]:
    """The version each published entry answers from."""
    query = select(EntryVersion).join(Entry, Entry.published_version_id == EntryVersion.id).order_by(Entry.id)
    return list(session.scalars(query))


def published_version_ids(session: Session) -> dict[str, int]:
    """Which version each published entry answers from: what a replica compares to see if its index is current."""
    query = select(Entry.id, Entry.published_version_id).where(Entry.published_version_id.is_not(None))
    return {entry_id: version_id for entry_id, version_id in session.execute(query)}


def find_entries(session: Session, *, topic: str | None = None, answer_group: str | None = None) -> list[Entry]:
    """Entries for an editor's list, by topic and/or group."""
    query = select(Entry).order_by(Entry.answer_group, Entry.id)
    if topic:
        query = query.where(Entry.topic == topic)
    if answer_group:
        query = query.where(Entry.answer_group == answer_group)
    return list(session.scalars(query))


def latest_versions(session: Session, entry_ids: list[str]) -> dict[str, EntryVersion]:
    """Each entry's newest version (what an editor last saved)."""
    newest = (
        select(EntryVersion.entry_id, func.max(EntryVersion.number).label("number"))
        .where(EntryVersion.entry_id.in_(entry_ids))
        .group_by(EntryVersion.entry_id)
        .subquery()
    )
    query = select(EntryVersion).join(
        newest, (EntryVersion.entry_id == newest.c.entry_id) & (EntryVersion.number == newest.c.number)
    )
    return {version.entry_id: version for version in session.scalars(query)}
