"""Every SQL query of the staff package, nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from staff.models import StaffAccount, StaffSession


def account_by_id(session: Session, account_id: int) -> StaffAccount | None:
    return session.get(StaffAccount, account_id)


def account_by_username(session: Session, username: str) -> StaffAccount | None:
    return session.scalar(select(StaffAccount).where(StaffAccount.username == username))


def all_accounts(session: Session) -> Sequence[StaffAccount]:
    return session.scalars(select(StaffAccount).order_by(StaffAccount.active.desc(), StaffAccount.username)).all()


def add_account(session: Session, account: StaffAccount) -> StaffAccount:
    session.add(account)
    session.flush()
    return account


def active_accounts(session: Session) -> Sequence[StaffAccount]:
    return session.scalars(select(StaffAccount).where(StaffAccount.active.is_(True))).all()


def count_accounts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(StaffAccount)) or 0


def add_session(session: Session, staff_session: StaffSession) -> None:
    session.add(staff_session)
    session.flush()


def session_by_token_hash(session: Session, token_hash: str) -> StaffSession | None:
    return session.get(StaffSession, token_hash)


def delete_session(session: Session, token_hash: str) -> None:
    session.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash))


def delete_sessions_of(session: Session, account_id: int) -> None:
    session.execute(delete(StaffSession).where(StaffSession.account_id == account_id))


def delete_sessions_older_than(session: Session, *, seen_before: datetime, created_before: datetime) -> int:
    result = session.execute(
        delete(StaffSession).where(
            or_(StaffSession.last_seen_at < seen_before, StaffSession.created_at < created_before)
        )
    )
    return result.rowcount or 0
