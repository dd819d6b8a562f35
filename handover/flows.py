"""The case lifecycle: which moves are legal, and what each move does.

One table (`TRANSITIONS`) says which action is legal from which status and
where it leads; one function (`transition`) checks it, stamps the time of the
new state, writes the audit event, and runs the move's side effects. Nothing
else in the package assigns `Case.status`, so every change is audited.

    new ──claim──► assigned ──reply──► answered ──close──► closed
     ▲  ◄──transfer── (any open status)             reopen │
     └───────────────────────────── assigned ◄──────────────┘
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from handover.errors import IllegalTransition
from handover.models import Case, CaseAction, CaseEvent, CaseStatus, EventKind, Outcome
from staff.identity import StaffIdentity

S, A = CaseStatus, CaseAction
TRANSITIONS: dict[tuple[CaseStatus, CaseAction], CaseStatus] = {
    (S.NEW, A.CLAIM): S.ASSIGNED,
    (S.ASSIGNED, A.REPLY): S.ANSWERED,
    (S.ANSWERED, A.REPLY): S.ANSWERED,  # a follow-up answer
    (S.NEW, A.TRANSFER): S.NEW,
    (S.ASSIGNED, A.TRANSFER): S.NEW,
    (S.ANSWERED, A.TRANSFER): S.NEW,
    (S.NEW, A.CLOSE): S.CLOSED,  # e.g. a duplicate, closed without claiming
    (S.ASSIGNED, A.CLOSE): S.CLOSED,
    (S.ANSWERED, A.CLOSE): S.CLOSED,
    (S.CLOSED, A.REOPEN): S.ASSIGNED,
}
EVENT_OF_ACTION = {
    A.CREATE: EventKind.CREATED,
    A.CLAIM: EventKind.CLAIMED,
    A.REPLY: EventKind.REPLIED,
    A.TRANSFER: EventKind.TRANSFERRED,
    A.CLOSE: EventKind.CLOSED,
    A.REOPEN: EventKind.REOPENED,
}
ACTION_WORDS = {
    A.CLAIM: "claimed",
    A.REPLY: "answered",
    A.TRANSFER: "transferred",
    A.CLOSE: "closed",
    A.REOPEN: "reopened",
}
RESOLVING_OUTCOMES = (Outcome.RESOLVED, Outcome.REFERRED_ELSEWHERE)
PING_PONG_TRANSFERS = 2


@dataclass(frozen=True)
class Actor:
    """Who made a change, as the audit trail records it."""

    label: str
    staff_id: int | None = None

    @classmethod
    def of(cls, staff: StaffIdentity) -> Actor:
        return cls(label=f"staff:{staff.id}", staff_id=staff.id)


CITIZEN = Actor("citizen")
SYSTEM = Actor("system")


@dataclass
class Move:
    """One requested change: the action and what it needs (reason, target group, outcome ...)."""

    action: CaseAction
    actor: Actor
    at: datetime
    reason: str | None = None
    to_group: str | None = None
    outcome: Outcome | None = None
    details: dict[str, Any] = field(default_factory=dict)


DueFor = Callable[[str, datetime], datetime]  # (answer group, start) -> promised instant


def is_legal(status: CaseStatus, action: CaseAction) -> bool:
    return (status, action) in TRANSITIONS


def transition(session: Session, case: Case, move: Move, *, due_for: DueFor) -> CaseEvent:
    """Apply a legal move to a case, stamp it, audit it, run its side effects; refuse any other move."""
    previous = case.status
    target = TRANSITIONS.get((previous, move.action))
    if target is None:
        raise IllegalTransition(previous.value, ACTION_WORDS.get(move.action, move.action.value))
    details = {**move.details, **_STAMPS[move.action](case, move, due_for)}
    case.status = target
    event = record_event(
        session, case, EVENT_OF_ACTION[move.action], move.actor, move.at, reason=move.reason, details=details,
        from_status=previous, to_status=target,
    )  # fmt: skip
    if move.action is A.TRANSFER and case.transfer_count >= PING_PONG_TRANSFERS:
        flag_to_lead(session, case, move.at)
    return event


def record_creation(session: Session, case: Case, at: datetime) -> CaseEvent:
    """The first audit event: the citizen created the case (status new, promise set)."""
    return record_event(
        session, case, EventKind.CREATED, CITIZEN, at, to_status=CaseStatus.NEW,
        details={"answer_group": case.answer_group, "due_at": case.due_at.isoformat()},
    )  # fmt: skip


def record_event(
    session: Session,
    case: Case,
    kind: EventKind,
    actor: Actor,
    at: datetime,
    *,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    from_status: CaseStatus | None = None,
    to_status: CaseStatus | None = None,
) -> CaseEvent:
    """Add one audit event (who, when, what, why); also used for changes that keep the status."""
    event = CaseEvent(
        case_id=case.id, at=at, kind=kind, actor=actor.label, actor_id=actor.staff_id, reason=reason,
        details=details or {}, from_status=from_status, to_status=to_status,
    )  # fmt: skip
    session.add(event)
    return event


def flag_to_lead(session: Session, case: Case, at: datetime) -> None:
    """Anti ping-pong: a case transferred twice needs the receiving group's lead to decide who owns it."""
    case.flagged_to_lead_at = at
    record_event(
        session, case, EventKind.FLAGGED_TO_LEAD, SYSTEM, at,
        reason=f"Transferred {case.transfer_count} times", details={"answer_group": case.answer_group},
    )  # fmt: skip


def _stamp_claim(case: Case, move: Move, _: DueFor) -> dict[str, Any]:
    case.assignee_id = move.actor.staff_id
    case.assigned_at = move.at
    return {"assignee_id": move.actor.staff_id}


def _stamp_reply(case: Case, move: Move, _: DueFor) -> dict[str, Any]:
    case.answered_at = move.at
    if case.first_response_at is None:
        case.first_response_at = move.at
    return {}


def _stamp_transfer(case: Case, move: Move, _: DueFor) -> dict[str, Any]:
    """The promise to the citizen stands: a transfer moves the case, not the deadline."""
    details = {"from_group": case.answer_group, "to_group": move.to_group}
    case.answer_group = move.to_group or case.answer_group
    case.assignee_id = None
    case.transferred_at = move.at
    case.transfer_count += 1
    return details


def _stamp_close(case: Case, move: Move, _: DueFor) -> dict[str, Any]:
    case.outcome = move.outcome
    case.closed_at = move.at
    if move.outcome in RESOLVING_OUTCOMES and case.resolved_at is None:
        case.resolved_at = move.at
    return {"outcome": move.outcome.value if move.outcome else None}


def _stamp_reopen(case: Case, move: Move, due_for: DueFor) -> dict[str, Any]:
    """A reopened case is the reopening officer's, with a fresh promise counted from now."""
    details = {"previous_outcome": case.outcome.value if case.outcome else None}
    case.outcome = None
    case.reopened_at = move.at
    case.assignee_id = move.actor.staff_id
    case.assigned_at = move.at
    case.due_at = due_for(case.answer_group, move.at)
    case.breached_at = None
    return {**details, "due_at": case.due_at.isoformat()}


_STAMPS: dict[CaseAction, Callable[[Case, Move, DueFor], dict[str, Any]]] = {
    A.CLAIM: _stamp_claim,
    A.REPLY: _stamp_reply,
    A.TRANSFER: _stamp_transfer,
    A.CLOSE: _stamp_close,
    A.REOPEN: _stamp_reopen,
}
