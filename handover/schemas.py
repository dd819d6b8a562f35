"""Shapes at the edge of the handover domain: what the chat actions and the officer API receive and send."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from app.citizen_text import CitizenText, OptionalCitizenText
from app.languages import OFFERED_LANGUAGES
from handover.models import CaseStatus, ContactMethod, EventKind, OutboxStatus, Outcome, TaskKind

TEXT_MAX = 5000
LINE_MAX = 2000  # one chat message, as /api/chat takes it
LINES_MAX = 200
OfferedLanguage = Literal[OFFERED_LANGUAGES]  # type: ignore[valid-type]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)


class PublicStatus(StrEnum):
    """What a citizen is told about a case: nothing finer than this."""

    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"


PUBLIC_STATUS = {
    CaseStatus.NEW: PublicStatus.RECEIVED,
    CaseStatus.ASSIGNED: PublicStatus.IN_PROGRESS,
    CaseStatus.ANSWERED: PublicStatus.ANSWERED,
    CaseStatus.CLOSED: PublicStatus.ANSWERED,  # closed cases were answered or settled; the citizen needs no more
}


class TranscriptLine(Frozen):
    who: str = Field(description="citizen, bot or officer")
    text: str
    at: str = Field(description="ISO 8601 instant")


class CitizenLine(Frozen):
    """One of the citizen's own chat messages, as the widget kept it.

    Only the citizen's lines are taken from the public form: a line said to be the bot's or an officer's
    would show in the console as if the city had written it.
    """

    who: Literal["citizen"] = Field(description="Only the citizen's own lines are accepted")
    text: CitizenText = Field(min_length=1, max_length=LINE_MAX)
    at: AwareDatetime = Field(description="ISO 8601 instant with a time zone")


class CaseCreate(Frozen):
    """A request to open a case from the widget's contact form, in the citizen's own words."""

    idempotency_key: str = Field(pattern=r"^[A-Za-z0-9_-]{8,128}$")
    topic: str | None = Field(default=None, max_length=64)
    answer_group: str | None = Field(default=None, max_length=64)
    language: OfferedLanguage = Field(default="sv", description="A language the city answers in")
    summary: CitizenText = Field(min_length=1, max_length=TEXT_MAX)
    transcript: list[CitizenLine] = Field(default_factory=list, max_length=LINES_MAX)
    contact_method: ContactMethod
    contact_value: CitizenText = Field(min_length=1, max_length=320)
    contact_name: OptionalCitizenText = Field(default=None, max_length=120)
    preferred_language: OfferedLanguage | None = None
    consent_given: bool


class CaseReceipt(Frozen):
    """What the citizen is told on creation: the reference, the group and the promised time."""

    reference: str
    answer_group: str
    due_at: datetime
    created: bool = Field(description="False when an earlier request with the same idempotency key made it")


class CaseStatusView(Frozen):
    """A case's status for the citizen: never personal data, never the conversation."""

    reference: str
    status: PublicStatus
    answer_group: str
    due_at: datetime


class QueueItem(Frozen):
    reference: str
    status: CaseStatus
    answer_group: str
    topic: str | None
    language: str
    summary: str
    created_at: datetime
    due_at: datetime
    overdue: bool
    assignee_id: int | None
    transfer_count: int
    flagged_to_lead: bool
    in_your_language: bool = Field(description="A non-Swedish case offered first to you because you speak it")


class ContactView(Frozen):
    method: ContactMethod
    value: str
    name: str | None
    preferred_language: str
    consent_given_at: datetime


class EventView(Frozen):
    at: datetime
    kind: EventKind
    actor: str
    from_status: CaseStatus | None
    to_status: CaseStatus | None
    reason: str | None
    details: dict[str, Any]


class TaskView(Frozen):
    id: int
    kind: TaskKind
    recipient: str
    body: str
    created_at: datetime
    done_at: datetime | None


class DeliveryView(Frozen):
    id: int
    channel: ContactMethod
    status: OutboxStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class CaseDetail(Frozen):
    case: QueueItem
    outcome: Outcome | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    contact: ContactView | None = Field(description="None once retention has deleted it")
    transcript: list[TranscriptLine]
    events: list[EventView]
    tasks: list[TaskView]
    deliveries: list[DeliveryView]


class ReplyRequest(BaseModel):
    text: str = Field(min_length=1, max_length=TEXT_MAX, description="Sent to the citizen by their chosen channel")


class NoteRequest(BaseModel):
    text: str = Field(min_length=1, max_length=TEXT_MAX, description="Internal: never shown to the citizen")


class TransferRequest(BaseModel):
    to_group: str = Field(description="Answer group id from the taxonomy")
    reason: str = Field(min_length=3, max_length=1000)


class CloseRequest(BaseModel):
    outcome: Outcome
    comment: str | None = Field(default=None, max_length=1000)


class ReopenRequest(BaseModel):
    reason: str = Field(min_length=3, max_length=1000)


class ContactForm(CaseCreate):
    """The widget's contact form, used when the dialogue engine is away: a case straight away."""

    session_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,128}$")
