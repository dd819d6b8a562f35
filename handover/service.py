"""What the handover domain does: open cases, tell their status, let officers work them, run the timers.

Two kinds of callers, two ways of holding a transaction:

- The chat actions (and the widget's contact form) call `create_case` and
  `case_status` without a request session. Creation owns its transaction on
  purpose: an idempotent insert must be able to fail on the unique key,
  roll back, and read the winner's case, which a shared request session
  cannot do cleanly on every backend.
- The officer API passes the request's session (`app.deps.SessionDep`), which
  commits once when the route returns; officer methods only add and flush.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.clock import Clock
from app.db import Database
from app.errors import Conflict, Forbidden, InvalidInput
from app.redaction import redact
from app.settings import Settings
from app.taxonomy import Taxonomy
from handover import repository
from handover.config import HandoverSettings
from handover.contact import normalise_contact, parse_method
from handover.errors import (
    CaseChangedMeanwhile,
    CaseNotFound,
    ConsentMissing,
    NotAnOfficer,
    NotYourGroup,
    ReasonRequired,
    UnknownAnswerGroup,
)
from handover.flows import CITIZEN, SYSTEM, Actor, Move, record_creation, record_event, transition
from handover.models import Case, CaseAction, CasePrivate, CaseStatus, ContactMethod, EventKind, Outcome
from handover.outbox import (
    DeliveryReport,
    MessageSender,
    OfficerTaskRecorder,
    Outbox,
    SmsSender,
    SmtpMailSender,
    enqueue_reply,
)
from handover.routing import Router, TopicClassifier, offered_first_to
from handover.schemas import (
    PUBLIC_STATUS,
    CaseDetail,
    CaseReceipt,
    CaseStatusView,
    ContactView,
    DeliveryView,
    EventView,
    QueueItem,
    TaskView,
    TranscriptLine,
)
from handover.sla import STOCKHOLM, SlaCalendar, due_in_words
from staff.identity import Role, StaffIdentity

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: read aloud over the phone
REFERENCE_RANDOM_CHARS = 8  # 40 random bits: guessing a live reference is hopeless
REFERENCE_ATTEMPTS = 5
TRANSCRIPT_MAX_LINES = 500


def new_reference(now: datetime) -> str:
    """A case reference such as KC-2026-7H3KQ9XT: year for humans, random for everyone else."""
    random_part = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_RANDOM_CHARS))
    return f"KC-{now.astimezone(STOCKHOLM).year}-{random_part}"


class CaseRequestLike(Protocol):
    """The shape the chat's handover form sends (actions.handover.CaseRequest)."""

    @property
    def idempotency_key(self) -> str: ...
    @property
    def conversation(self) -> str: ...
    @property
    def answer_group(self) -> str | None: ...
    @property
    def topic(self) -> str | None: ...
    @property
    def language(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def transcript(self) -> Sequence[Mapping[str, str]]: ...
    @property
    def contact_method(self) -> str: ...
    @property
    def contact_value(self) -> str: ...
    @property
    def contact_name(self) -> str | None: ...
    @property
    def consent_given(self) -> bool: ...


class HandoverService:
    def __init__(
        self,
        *,
        database: Database,
        taxonomy: Taxonomy,
        clock: Clock,
        settings: HandoverSettings,
        router: Router,
        outbox: Outbox,
    ) -> None:
        self.database = database
        self.taxonomy = taxonomy
        self.clock = clock
        self.settings = settings
        self.router = router
        self.calendar = SlaCalendar(taxonomy)
        self.outbox = outbox

    # -- the citizen's side ---------------------------------------------------------------------

    def create_case(
        self,
        *,
        idempotency_key: str,
        summary: str,
        contact_method: str,
        contact_value: str,
        consent_given: bool,
        language: str = "sv",
        topic: str | None = None,
        answer_group: str | None = None,
        transcript: Sequence[Mapping[str, str]] = (),
        contact_name: str | None = None,
        preferred_language: str | None = None,
        conversation: str | None = None,
    ) -> CaseReceipt:
        """Open a case in one transaction; the same idempotency key always returns the same case.

        Concurrent duplicates race on the unique key: the loser's insert fails,
        rolls back, and it returns the winner's case. A reference collision
        (random, so rare) is retried with a fresh reference.
        """
        if not consent_given:
            raise ConsentMissing()
        method = parse_method(contact_method)
        value = normalise_contact(method, contact_value)
        existing = self._receipt_for_key(idempotency_key) or self._join_conversation(
            conversation, method, value, summary
        )
        if existing is not None:
            return existing
        lines = _clean_transcript(transcript)
        group = self._group_for(answer_group, topic, summary, lines)
        for _ in range(REFERENCE_ATTEMPTS):
            now = self.clock.now()
            case = Case(
                reference=new_reference(now), idempotency_key=idempotency_key, status=CaseStatus.NEW,
                answer_group=group, topic=topic if topic in self.taxonomy.topics else None, language=language,
                conversation=conversation,
                summary=redact(summary.strip()), created_at=now, due_at=self.due_for(group, now), transfer_count=0,
            )  # fmt: skip
            private = CasePrivate(
                contact_method=method, contact_value=value, contact_name=(contact_name or "").strip() or None,
                preferred_language=preferred_language or language, consent_given_at=now, transcript=lines,
            )  # fmt: skip
            try:
                return self._insert(case, private, now)
            except IntegrityError:
                existing = self._receipt_for_key(idempotency_key)
                if existing is not None:
                    return existing
        raise Conflict("Could not allocate a unique case reference; try again.")

    def case_status(self, reference: str) -> CaseStatusView | None:
        """Status, group and promised time of a case; None when no case has this reference."""
        with self.database.transaction() as session:
            case = repository.case_by_reference(session, reference.strip())
            if case is None:
                return None
            return CaseStatusView(
                reference=case.reference, status=PUBLIC_STATUS[case.status], answer_group=case.answer_group,
                due_at=case.due_at,
            )  # fmt: skip

    def route(self, *, topic: str | None, text: str) -> str:
        return self.router.route(topic=topic, text=text)

    def due_for(self, group_id: str, start: datetime) -> datetime:
        """The promised instant for a case of this group started at `start` (the group's SLA)."""
        return self.calendar.due_at(self.taxonomy.groups[group_id], start)

    # The chat actions' CaseDesk protocol (actions/handover.py) --------------------------------

    def open_case(self, request: CaseRequestLike) -> CaseReceipt:
        return self.create_case(
            idempotency_key=request.idempotency_key, answer_group=request.answer_group, topic=request.topic,
            language=request.language, summary=request.summary, transcript=request.transcript,
            contact_method=request.contact_method, contact_value=request.contact_value,
            contact_name=request.contact_name, consent_given=request.consent_given,
            conversation=request.conversation,
        )  # fmt: skip

    def status_of(self, reference: str) -> CaseStatusView | None:
        return self.case_status(reference)

    @staticmethod
    def normalise_contact(method: str, value: str) -> str:
        """Stored form of a contact value; raises InvalidContact (also a ValueError) with a bilingual message."""
        return normalise_contact(method, value)

    @staticmethod
    def due_in_words(due_at: datetime, lang: str) -> str:
        return due_in_words(due_at, lang)

    # -- the officer's side (request session) ----------------------------------------------------

    def queue(self, *, session: Session, staff: StaffIdentity, group: str | None = None) -> list[QueueItem]:
        """Open cases of the officer's groups: overdue first, then waiting, then answered; by due time."""
        _require_officer(staff)
        if group is not None and not staff.serves_group(group):
            raise Forbidden(f"You do not serve the answer group {group!r}.")
        groups = [group] if group else sorted(staff.answer_groups)
        now = self.clock.now()
        items = [self._queue_item(case, staff, now) for case in repository.open_cases_of_groups(session, groups)]
        return sorted(items, key=_queue_order)

    def read(self, *, session: Session, staff: StaffIdentity, reference: str) -> CaseDetail:
        return self._detail(session, self._case_for(session, staff, reference), staff)

    def claim(self, *, session: Session, staff: StaffIdentity, reference: str) -> CaseDetail:
        return self._move(session, staff, reference, CaseAction.CLAIM)

    def reply(self, *, session: Session, staff: StaffIdentity, reference: str, text: str) -> CaseDetail:
        """Answer the citizen: the case becomes answered and the text goes to the outbox, in one commit."""
        case = self._case_for(session, staff, reference)
        private = repository.private_of(session, case.id)
        if private is None:
            raise Conflict("The contact details of this case have been deleted; it cannot be answered here.")
        self._apply(session, case, self._moved(staff, CaseAction.REPLY))
        group_name = self.taxonomy.groups[case.answer_group].name(private.preferred_language)
        enqueue_reply(session, case=case, private=private, text=text, group_name=group_name, now=self.clock.now())
        return self._detail(session, case, staff)

    def add_note(self, *, session: Session, staff: StaffIdentity, reference: str, text: str) -> CaseDetail:
        """An internal note: audited, never sent to the citizen, no change of status."""
        case = self._case_for(session, staff, reference)
        record_event(session, case, EventKind.NOTE, Actor.of(staff), self.clock.now(), reason=text.strip())
        return self._detail(session, case, staff)

    def transfer(
        self, *, session: Session, staff: StaffIdentity, reference: str, to_group: str, reason: str
    ) -> CaseDetail:
        """Pass a case to another group with a reason; the officer loses access once it has moved."""
        if to_group not in self.taxonomy.groups:
            raise UnknownAnswerGroup(to_group)
        if not reason.strip():
            raise ReasonRequired("transfer a case")
        case = self._case_for(session, staff, reference)
        if case.answer_group == to_group:
            raise InvalidInput(f"Case {case.reference} already belongs to {to_group}.")
        self._apply(session, case, self._moved(staff, CaseAction.TRANSFER, reason=reason.strip(), to_group=to_group))
        return self._detail(session, case, staff, after_transfer=True)

    def close(
        self, *, session: Session, staff: StaffIdentity, reference: str, outcome: Outcome, comment: str | None = None
    ) -> CaseDetail:
        case = self._case_for(session, staff, reference)
        self._apply(session, case, self._moved(staff, CaseAction.CLOSE, reason=comment, outcome=outcome))
        return self._detail(session, case, staff)

    def reopen(self, *, session: Session, staff: StaffIdentity, reference: str, reason: str) -> CaseDetail:
        if not reason.strip():
            raise ReasonRequired("reopen a case")
        case = self._case_for(session, staff, reference)
        self._apply(session, case, self._moved(staff, CaseAction.REOPEN, reason=reason.strip()))
        return self._detail(session, case, staff)

    def complete_task(self, *, session: Session, staff: StaffIdentity, reference: str, task_id: int) -> CaseDetail:
        """Mark a call or SMS task done (the officer called or texted the citizen)."""
        case = self._case_for(session, staff, reference)
        task = repository.task_of_case(session, case.id, task_id)
        if task is None:
            raise CaseNotFound(f"{reference} task {task_id}")
        if not task.is_done:
            now = self.clock.now()
            task.is_done, task.done_at, task.done_by = True, now, staff.id
            record_event(session, case, EventKind.TASK_DONE, Actor.of(staff), now, details={"task_id": task.id})
        return self._detail(session, case, staff)

    # -- timers (background jobs, app/jobs.py) ------------------------------------------------

    def deliver_pending(self) -> DeliveryReport:
        """Send what waits in the outbox (e-mail by SMTP, SMS/phone as officer tasks), with retries."""
        return self.outbox.deliver_pending()

    def mark_overdue(self) -> int:
        """Mark cases that passed their promise and write an SLA-breach event once (Chatwoot's evaluator)."""
        now = self.clock.now()
        with self.database.transaction() as session:
            cases = repository.newly_overdue(session, now)
            for case in cases:
                case.breached_at = now
                record_event(
                    session, case, EventKind.SLA_BREACHED, SYSTEM, now, details={"due_at": case.due_at.isoformat()}
                )
            return len(cases)

    def purge_personal_data(self, now: datetime | None = None) -> int:
        """Forget what was written about cases closed longer ago than the retention period, as the consent
        text promises (contact details, the matter, replies, notes); returns the cases forgotten now."""
        before = (now or self.clock.now()) - timedelta(days=self.settings.personal_data_retention_days)
        with self.database.transaction() as session:
            return repository.forget_cases_closed_before(session, before)

    # -- helpers ----------------------------------------------------------------------------

    def _insert(self, case: Case, private: CasePrivate, now: datetime) -> CaseReceipt:
        with self.database.transaction() as session:
            session.add(case)
            session.flush()
            private.case_id = case.id
            session.add(private)
            record_creation(session, case, now)
            session.flush()
            return _receipt(case, created=True)

    def _join_conversation(
        self, conversation: str | None, method: ContactMethod, value: str, summary: str
    ) -> CaseReceipt | None:
        """A second request from a conversation that already has an open case, to be answered the same way,
        is that case: the chat may have made it after the widget gave up waiting and showed the contact form.
        What the citizen wrote in the second request is kept on the case, redacted, as a note."""
        if not conversation:
            return None
        with self.database.transaction() as session:
            case = repository.open_case_of_conversation(session, conversation, method, value)
            if case is None:
                return None
            addition = redact(summary.strip())
            if addition and addition != case.summary:
                record_event(
                    session, case, EventKind.NOTE, CITIZEN, self.clock.now(),
                    reason=f"Invånaren skrev också / The citizen also wrote: {addition}",
                )  # fmt: skip
            return _receipt(case, created=False)

    def _receipt_for_key(self, key: str) -> CaseReceipt | None:
        with self.database.transaction() as session:
            case = repository.case_by_idempotency_key(session, key)
            return None if case is None else _receipt(case, created=False)

    def _group_for(self, answer_group: str | None, topic: str | None, summary: str, lines: list[dict[str, str]]) -> str:
        """The group the chat chose when it is a real group, else routing over topic and conversation."""
        if answer_group in self.taxonomy.groups:
            return str(answer_group)
        citizen_text = " ".join(line["text"] for line in lines if line.get("who") == "citizen")
        return self.router.route(topic=topic, text=f"{summary} {citizen_text}".strip())

    def _case_for(self, session: Session, staff: StaffIdentity, reference: str) -> Case:
        """The case, if the officer may see it: officer role and one of their answer groups."""
        _require_officer(staff)
        case = repository.case_by_reference(session, reference.strip())
        if case is None:
            raise CaseNotFound(reference)
        if not staff.serves_group(case.answer_group):
            raise NotYourGroup(case.reference)
        return case

    def _moved(
        self,
        staff: StaffIdentity,
        action: CaseAction,
        *,
        reason: str | None = None,
        to_group: str | None = None,
        outcome: Outcome | None = None,
    ) -> Move:
        return Move(action, Actor.of(staff), self.clock.now(), reason=reason, to_group=to_group, outcome=outcome)

    def _move(self, session: Session, staff: StaffIdentity, reference: str, action: CaseAction) -> CaseDetail:
        case = self._case_for(session, staff, reference)
        self._apply(session, case, self._moved(staff, action))
        return self._detail(session, case, staff)

    def _apply(self, session: Session, case: Case, move: Move) -> None:
        """Run the one transition function and flush, so a concurrent change shows up as a 409 here."""
        transition(session, case, move, due_for=self.due_for)
        try:
            session.flush()
        except StaleDataError as error:
            raise CaseChangedMeanwhile(case.reference) from error

    def _queue_item(self, case: Case, staff: StaffIdentity, now: datetime) -> QueueItem:
        window = timedelta(minutes=self.settings.language_offer_minutes)
        return QueueItem(
            reference=case.reference, status=case.status, answer_group=case.answer_group, topic=case.topic,
            language=case.language, summary=case.summary, created_at=case.created_at, due_at=case.due_at,
            overdue=case.is_overdue(now), assignee_id=case.assignee_id, transfer_count=case.transfer_count,
            flagged_to_lead=case.flagged_to_lead_at is not None,
            in_your_language=case.status is CaseStatus.NEW
            and offered_first_to(staff, language=case.language, created_at=case.created_at, now=now, window=window),
        )  # fmt: skip

    def _detail(
        self, session: Session, case: Case, staff: StaffIdentity, *, after_transfer: bool = False
    ) -> CaseDetail:
        """The full case for its group's officers; after a transfer away, the officer sees no personal data."""
        private = None if after_transfer else repository.private_of(session, case.id)
        return CaseDetail(
            case=self._queue_item(case, staff, self.clock.now()),
            outcome=case.outcome, first_response_at=case.first_response_at, resolved_at=case.resolved_at,
            closed_at=case.closed_at,
            contact=None if private is None else ContactView(
                method=private.contact_method, value=private.contact_value, name=private.contact_name,
                preferred_language=private.preferred_language, consent_given_at=private.consent_given_at,
            ),
            transcript=[] if private is None else [TranscriptLine(**line) for line in private.transcript],
            events=[EventView.model_validate(event) for event in repository.events_of(session, case.id)],
            tasks=[] if after_transfer else [TaskView.model_validate(t) for t in repository.tasks_of(session, case.id)],
            deliveries=[DeliveryView.model_validate(m) for m in repository.outbox_of_case(session, case.id)],
        )  # fmt: skip


def _require_officer(staff: StaffIdentity) -> None:
    if not staff.has_role(Role.OFFICER):
        raise NotAnOfficer()


def _queue_order(item: QueueItem) -> tuple[int, bool, datetime, str]:
    tier = 0 if item.overdue else 2 if item.status is CaseStatus.ANSWERED else 1
    return tier, not item.in_your_language, item.due_at, item.reference


def _receipt(case: Case, *, created: bool) -> CaseReceipt:
    return CaseReceipt(reference=case.reference, answer_group=case.answer_group, due_at=case.due_at, created=created)


def _clean_transcript(transcript: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    """Keep only who/text/at as strings, the last TRANSCRIPT_MAX_LINES lines: nothing else is stored."""
    lines = [
        {"who": str(line.get("who", "")), "text": str(line.get("text", "")), "at": str(line.get("at", ""))}
        for line in list(transcript)[-TRANSCRIPT_MAX_LINES:]
    ]
    return [line for line in lines if line["text"]]


def build_handover(
    settings: Settings,
    database: Database,
    taxonomy: Taxonomy,
    clock: Clock,
    *,
    handover_settings: HandoverSettings | None = None,
    classifier: TopicClassifier | None = None,
    sms_sender: SmsSender | None = None,
    mail_sender: MessageSender | None = None,
) -> HandoverService:
    """The composition function the app factory calls; its result goes on `app.state.handover`.

    `settings` is the product's; the domain's own settings come from HANDOVER_*
    unless given. Pass `classifier=classifier_from_decisions(knowledge_base.decide)`
    to route conversations without a topic.
    """
    config = handover_settings or HandoverSettings()
    tasks = OfficerTaskRecorder(database, clock)
    senders: dict[ContactMethod, MessageSender] = {
        ContactMethod.EMAIL: mail_sender or SmtpMailSender(config),
        ContactMethod.SMS: sms_sender or tasks,
        ContactMethod.PHONE: tasks,
    }
    return HandoverService(
        database=database,
        taxonomy=taxonomy,
        clock=clock,
        settings=config,
        router=Router(taxonomy, classifier, config.classifier_min_confidence),
        outbox=Outbox(database=database, clock=clock, settings=config, senders=senders),
    )
