"""Every SQL query of the handover domain, nothing else. Functions take the caller's session."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from handover.models import (
    Case,
    CaseEvent,
    CasePrivate,
    CaseStatus,
    ContactMethod,
    OfficerTask,
    OutboxMessage,
    OutboxStatus,
)

OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.ASSIGNED, CaseStatus.ANSWERED)


def case_by_reference(session: Session, reference: str) -> Case | None:
    return session.scalars(select(Case).where(Case.reference == reference.upper())).one_or_none()


def case_by_idempotency_key(session: Session, key: str) -> Case | None:
    return session.scalars(select(Case).where(Case.idempotency_key == key)).one_or_none()


def open_case_of_conversation(session: Session, conversation: str, method: ContactMethod, value: str) -> Case | None:
    """The open case this conversation already made, to be answered the same way; None when there is none."""
    query = (
        select(Case)
        .join(CasePrivate, CasePrivate.case_id == Case.id)
        .where(
            Case.conversation == conversation,
            Case.status.in_(OPEN_STATUSES),
            CasePrivate.contact_method == method,
            CasePrivate.contact_value == value,
        )
        .order_by(Case.id)
        .limit(1)
    )
    return session.scalars(query).one_or_none()


def reference_exists(session: Session, reference: str) -> bool:
    return session.scalar(select(Case.id).where(Case.reference == reference)) is not None


def private_of(session: Session, case_id: int) -> CasePrivate | None:
    return session.get(CasePrivate, case_id)


def events_of(session: Session, case_id: int) -> Sequence[CaseEvent]:
    return session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()


def tasks_of(session: Session, case_id: int) -> Sequence[OfficerTask]:
    return session.scalars(select(OfficerTask).where(OfficerTask.case_id == case_id).order_by(OfficerTask.id)).all()


def task_of_case(session: Session, case_id: int, task_id: int) -> OfficerTask | None:
    return session.scalars(
        select(OfficerTask).where(OfficerTask.id == task_id, OfficerTask.case_id == case_id)
    ).one_or_none()


def open_cases_of_groups(session: Session, groups: Iterable[str]) -> Sequence[Case]:
    """Cases not closed in the given groups, earliest due first (the caller puts overdue ones on top)."""
    return session.scalars(
        select(Case)
        .where(Case.answer_group.in_(list(groups)), Case.status.in_(OPEN_STATUSES))
        .order_by(Case.due_at, Case.id)
    ).all()


def newly_overdue(session: Session, now: datetime) -> Sequence[Case]:
    """Waiting cases past their promise that have not been marked as breached yet."""
    return session.scalars(
        select(Case).where(
            Case.status.in_((CaseStatus.NEW, CaseStatus.ASSIGNED)),
            Case.due_at < now,
            Case.breached_at.is_(None),
        )
    ).all()


def due_outbox_ids(session: Session, now: datetime, limit: int) -> Sequence[int]:
    return session.scalars(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()


def lease_outbox_message(session: Session, message_id: int, now: datetime, until: datetime) -> bool:
    """Take a message for delivery unless another worker holds it; True when this worker got it.

    A conditional UPDATE works the same on SQLite and PostgreSQL and needs no
    row locks held across the (slow) SMTP conversation.
    """
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.PENDING,
            or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now),
        )
        .values(locked_until=until)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def outbox_message(session: Session, message_id: int) -> OutboxMessage | None:
    return session.get(OutboxMessage, message_id)


def outbox_of_case(session: Session, case_id: int) -> Sequence[OutboxMessage]:
    return session.scalars(
        select(OutboxMessage).where(OutboxMessage.case_id == case_id).order_by(OutboxMessage.id)
    ).all()


def task_for_outbox(session: Session, outbox_id: int) -> OfficerTask | None:
    return session.scalars(select(OfficerTask).where(OfficerTask.outbox_id == outbox_id)).one_or_none()


def forget_cases_closed_before(session: Session, before: datetime) -> int:
    """Delete what a citizen or an officer wrote about cases closed before `before`: the private record
    (contact details, transcript), the summary, replies and task texts with their recipients, and the reasons
    written on events. What is left (group, topic, times, statuses, outcome) is statistics about no one.
    Returns the number of cases whose private record went now; running it again changes nothing."""
    closed = select(Case.id).where(Case.status == CaseStatus.CLOSED, Case.closed_at < before)
    forgotten = session.execute(
        delete(CasePrivate).where(CasePrivate.case_id.in_(closed)).execution_options(synchronize_session=False)
    )
    for statement in (
        update(Case).where(Case.id.in_(closed), Case.summary != "").values(summary=""),
        update(OutboxMessage).where(OutboxMessage.case_id.in_(closed), OutboxMessage.body != "")
        .values(recipient="", body=""),
        update(OfficerTask).where(OfficerTask.case_id.in_(closed), OfficerTask.body != "")
        .values(recipient="", body=""),
        update(CaseEvent).where(CaseEvent.case_id.in_(closed), CaseEvent.reason.is_not(None)).values(reason=None),
    ):  # fmt: skip
        session.execute(statement.execution_options(synchronize_session=False))
    return int(forgotten.rowcount or 0)  # type: ignore[attr-defined]
