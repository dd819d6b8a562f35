"""Every SQL query of the chat domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.db import Database
from chat.models import ChatTurn, CrisisNotice, InboxStatus, UnresolvedQuestion


def add_turn(database: Database, turn: ChatTurn) -> None:
    with database.transaction() as session:
        session.add(turn)


def latest_turn(database: Database, session_id: str) -> ChatTurn | None:
    """The conversation's most recent turn, for what the bot left open in it."""
    with database.transaction() as session:
        turn = session.scalars(
            select(ChatTurn)
            .where(ChatTurn.session_id == session_id)
            .order_by(ChatTurn.created_at.desc(), ChatTurn.id.desc())
            .limit(1)
        ).first()
        if turn is not None:
            session.expunge(turn)
        return turn


def record_feedback(database: Database, *, session_id: str, answered: bool) -> None:
    """Marks the conversation's latest answer as helpful or not ("Fick du svar?")."""
    with database.transaction() as session:
        turn = session.scalars(
            select(ChatTurn)
            .where(ChatTurn.session_id == session_id, ChatTurn.action == "answer")
            .order_by(ChatTurn.created_at.desc(), ChatTurn.id.desc())
            .limit(1)
        ).first()
        if turn is not None:
            turn.feedback = "yes" if answered else "no"


# --- the editors' inbox ----------------------------------------------------------------------------


def unresolved_turns(session: Session, *, actions: Sequence[str], since: datetime, limit: int) -> list[ChatTurn]:
    """Delivered turns the bot could not answer (given actions) or answered and got "no", not yet handled."""
    handled = select(UnresolvedQuestion.turn_id).where(UnresolvedQuestion.status != InboxStatus.OPEN)
    query = (
        select(ChatTurn)
        .where(
            ChatTurn.delivered.is_(True),
            ChatTurn.created_at >= since,
            or_(ChatTurn.action.in_(list(actions)), and_(ChatTurn.action == "answer", ChatTurn.feedback == "no")),
            ChatTurn.id.not_in(handled),
            ~ChatTurn.text_redacted.startswith("/"),  # button payloads are not questions
            ChatTurn.text_redacted != "",  # its text is past the retention period
        )
        .order_by(ChatTurn.created_at.desc(), ChatTurn.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def turns_by_id(session: Session, turn_ids: Sequence[int]) -> list[ChatTurn]:
    return list(session.scalars(select(ChatTurn).where(ChatTurn.id.in_(list(turn_ids))).order_by(ChatTurn.id)))


def inbox_state(session: Session, turn_id: int) -> UnresolvedQuestion | None:
    return session.get(UnresolvedQuestion, turn_id)


def add_inbox_state(session: Session, row: UnresolvedQuestion) -> None:
    session.add(row)


def handled_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(UnresolvedQuestion.status, func.count()).group_by(UnresolvedQuestion.status))
    return {str(status): int(count) for status, count in rows}


# --- crisis notices --------------------------------------------------------------------------------


def active_notice(session: Session, now: datetime) -> CrisisNotice | None:
    """The newest notice whose window holds now."""
    return session.scalars(
        select(CrisisNotice)
        .where(CrisisNotice.starts_at <= now, CrisisNotice.ends_at > now)
        .order_by(CrisisNotice.starts_at.desc(), CrisisNotice.id.desc())
        .limit(1)
    ).first()


def notices_running_at(session: Session, now: datetime) -> list[CrisisNotice]:
    return list(session.scalars(select(CrisisNotice).where(CrisisNotice.starts_at <= now, CrisisNotice.ends_at > now)))


def recent_notices(session: Session, limit: int) -> list[CrisisNotice]:
    return list(session.scalars(select(CrisisNotice).order_by(CrisisNotice.id.desc()).limit(limit)))


def notice_by_id(session: Session, notice_id: int) -> CrisisNotice | None:
    return session.get(CrisisNotice, notice_id)


def add_notice(session: Session, notice: CrisisNotice) -> None:
    session.add(notice)
    session.flush()
