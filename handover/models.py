"""Tables of the handover domain: cases, their audit trail, personal data, outbox and officer tasks.

Personal data (contact details and the conversation) lives in its own table,
`handover_case_private`, one row per case: the queue, the status answer and
the statistics never load it, only the owning group's officers read it, and
retention deletes it with one statement without touching the case record.

Staff are referred to by id without a foreign key: staff accounts are the
staff package's tables, and an audit trail must outlive an account.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime


def _enum(enum_class: type[StrEnum], length: int = 24) -> Enum:
    """Store an enum as its value in a VARCHAR: readable in SQL, no PostgreSQL ENUM type to migrate."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class CaseStatus(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    CLOSED = "closed"


class CaseAction(StrEnum):
    """What can happen to a case; `flows.TRANSITIONS` says from which status each is legal."""

    CREATE = "create"
    CLAIM = "claim"
    REPLY = "reply"
    TRANSFER = "transfer"
    CLOSE = "close"
    REOPEN = "reopen"


class EventKind(StrEnum):
    CREATED = "created"
    CLAIMED = "claimed"
    REPLIED = "replied"
    TRANSFERRED = "transferred"
    CLOSED = "closed"
    REOPENED = "reopened"
    NOTE = "note"
    FLAGGED_TO_LEAD = "flagged_to_lead"
    SLA_BREACHED = "sla_breached"
    DELIVERY_FAILED = "delivery_failed"
    TASK_DONE = "task_done"


class Outcome(StrEnum):
    RESOLVED = "resolved"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    NO_CONTACT = "no_contact"
    DUPLICATE = "duplicate"


class ContactMethod(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; the officer is told through a case event


class TaskKind(StrEnum):
    CALL_CITIZEN = "call_citizen"
    SEND_SMS = "send_sms"


class Case(Base):
    __tablename__ = "handover_case"
    __table_args__ = (Index("ix_handover_case_queue", "answer_group", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    # The chat session the case came from (the widget's random id): a contact form sent from the same
    # conversation after the chat timed out joins this case instead of making a second one.
    conversation: Mapped[str | None] = mapped_column(String(128), index=True)
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), default=CaseStatus.NEW)
    answer_group: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))

    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    transferred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    transfer_count: Mapped[int] = mapped_column(Integer, default=0)
    flagged_to_lead_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    private: Mapped[CasePrivate | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False, lazy="raise"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id", lazy="raise"
    )

    __mapper_args__ = {"version_id_col": version}  # two officers claiming at once: one wins

    def is_overdue(self, now: datetime) -> bool:
        """Overdue: the citizen still waits for an answer (new or assigned) after the promised time.

        Answered and closed cases are never overdue; a reopened or transferred
        case waits again and can be.
        """
        return self.status in (CaseStatus.NEW, CaseStatus.ASSIGNED) and now > self.due_at


class CasePrivate(Base):
    """Contact details and the conversation: personal data, read only by the owning group's officers."""

    __tablename__ = "handover_case_private"

    case_id: Mapped[int] = mapped_column(ForeignKey("handover_case.id", ondelete="CASCADE"), primary_key=True)
    contact_method: Mapped[ContactMethod] = mapped_column(_enum(ContactMethod, 8))
    contact_value: Mapped[str] = mapped_column(String(320))
    contact_name: Mapped[str | None] = mapped_column(String(120))
    preferred_language: Mapped[str] = mapped_column(String(16))
    consent_given_at: Mapped[datetime] = mapped_column(UTCDateTime())
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    case: Mapped[Case] = relationship(back_populates="private")


class CaseEvent(Base):
    """The audit trail: every change of a case, who made it, when, what and why."""

    __tablename__ = "handover_case_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("handover_case.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    actor: Mapped[str] = mapped_column(String(64))  # "citizen", "system" or "staff:<id>"
    actor_id: Mapped[int | None] = mapped_column(Integer)
    from_status: Mapped[CaseStatus | None] = mapped_column(_enum(CaseStatus))
    to_status: Mapped[CaseStatus | None] = mapped_column(_enum(CaseStatus))
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class OutboxMessage(Base):
    """A reply to a citizen, delivered at least once by `outbox.deliver_pending` with retries."""

    __tablename__ = "handover_outbox"
    __table_args__ = (Index("ix_handover_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("handover_case.id", ondelete="CASCADE"), index=True)
    channel: Mapped[ContactMethod] = mapped_column(_enum(ContactMethod, 8))
    recipient: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(_enum(OutboxStatus, 12), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OfficerTask(Base):
    """Something an officer must do by hand: call the citizen, or send an SMS when no gateway exists."""

    __tablename__ = "handover_officer_task"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("handover_case.id", ondelete="CASCADE"), index=True)
    outbox_id: Mapped[int | None] = mapped_column(Integer, unique=True)  # one task per outbox message, retries too
    kind: Mapped[TaskKind] = mapped_column(_enum(TaskKind, 16))
    recipient: Mapped[str] = mapped_column(String(320))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[int | None] = mapped_column(Integer)
    is_done: Mapped[bool] = mapped_column(Boolean, default=False)
