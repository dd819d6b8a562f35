"""Replies to citizens, delivered at least once: an outbox table, senders per channel, retries with backoff.

An officer's reply is written to `handover_outbox` in the same transaction as
the case change, so a reply is never lost and never sent for a change that
was rolled back. `Outbox.deliver_pending` (run periodically by the app) takes
due messages with a short lease, hands each to its channel's sender, and marks
it sent, or schedules a retry with exponential backoff. A crash between
sending and marking means the message is sent again after the lease ends:
at least once, never zero times. E-mails carry a stable Message-ID so mail
clients can fold such a duplicate.

Channels: e-mail goes through SMTP. No SMS gateway exists here, so the
default `SmsSender` records a task for the officer to send the text by hand;
a city plugs in its gateway by passing another `SmsSender`. A reply to a
citizen who chose a phone call is always a task: call them.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy.orm import Session

from app.clock import Clock
from app.db import Database
from handover import repository
from handover.config import HandoverSettings
from handover.flows import SYSTEM, record_event
from handover.models import (
    Case,
    CasePrivate,
    ContactMethod,
    EventKind,
    OfficerTask,
    OutboxMessage,
    OutboxStatus,
    TaskKind,
)

log = logging.getLogger(__name__)
MAX_ERROR_CHARS = 500

SUBJECT = {"sv": "Svar på ditt ärende {reference}", "en": "Reply about your case {reference}"}
GREETING = {"sv": "Hej{name},", "en": "Hello{name},"}
SIGNATURE = {
    "sv": "Med vänliga hälsningar\n{group}\nKontaktcenter\n\nÄrendenummer: {reference}",
    "en": "Kind regards\n{group}\nContact center\n\nCase number: {reference}",
}


@dataclass(frozen=True)
class OutgoingMessage:
    """What a sender needs to deliver one reply; no database objects, so senders stay simple."""

    outbox_id: int
    case_id: int
    reference: str
    channel: ContactMethod
    recipient: str
    language: str
    subject: str
    body: str


class MessageSender(Protocol):
    def send(self, message: OutgoingMessage) -> None:
        """Deliver the message or raise; raising means "try again later"."""
        ...


class SmsSender(MessageSender, Protocol):
    """An SMS gateway. The default, `OfficerTaskRecorder`, asks an officer to send the text by hand."""


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    given_up: int = 0


class SmtpMailSender:
    """E-mail through the city's SMTP relay (HANDOVER_SMTP_HOST/PORT, optional STARTTLS and login)."""

    def __init__(self, settings: HandoverSettings) -> None:
        self._settings = settings

    def send(self, message: OutgoingMessage) -> None:
        settings = self._settings
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            smtp.send_message(self.compose(message))

    def compose(self, message: OutgoingMessage) -> EmailMessage:
        email = EmailMessage()
        domain = self._settings.mail_from.rsplit("@", 1)[-1]
        email["From"] = self._settings.mail_from
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email["Message-ID"] = f"<{message.reference.lower()}.{message.outbox_id}@{domain}>"
        email["Content-Language"] = message.language
        email.set_content(message.body)
        return email


class OfficerTaskRecorder:
    """Turns a message into a task for the officer: phone calls always, SMS while no gateway exists.

    One task per outbox message (unique `outbox_id`), so a retried delivery
    never gives the officer the same task twice.
    """

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    def send(self, message: OutgoingMessage) -> None:
        kind = TaskKind.SEND_SMS if message.channel is ContactMethod.SMS else TaskKind.CALL_CITIZEN
        with self._database.transaction() as session:
            if repository.task_for_outbox(session, message.outbox_id) is not None:
                return
            session.add(
                OfficerTask(
                    case_id=message.case_id,
                    outbox_id=message.outbox_id,
                    kind=kind,
                    recipient=message.recipient,
                    body=message.body,
                    created_at=self._clock.now(),
                )  # fmt: skip
            )


def enqueue_reply(
    session: Session, *, case: Case, private: CasePrivate, text: str, group_name: str, now: datetime
) -> OutboxMessage:
    """Put a reply in the outbox, in the citizen's preferred language (Swedish or English wording)."""
    lang = "sv" if private.preferred_language == "sv" else "en"
    name = f" {private.contact_name}" if private.contact_name else ""
    body = "\n\n".join(
        (
            GREETING[lang].format(name=name),
            text.strip(),
            SIGNATURE[lang].format(group=group_name, reference=case.reference),
        )
    )
    message = OutboxMessage(
        case_id=case.id, channel=private.contact_method, recipient=private.contact_value, language=lang,
        subject=SUBJECT[lang].format(reference=case.reference), body=body, status=OutboxStatus.PENDING,
        attempts=0, next_attempt_at=now, created_at=now,
    )  # fmt: skip
    session.add(message)
    return message


class Outbox:
    """Delivers due outbox messages through one sender per channel."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        settings: HandoverSettings,
        senders: Mapping[ContactMethod, MessageSender],
    ) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings
        self._senders = dict(senders)

    def deliver_pending(self) -> DeliveryReport:
        """Try every due message once; what fails waits for its backoff. Safe to run from several workers."""
        now = self._clock.now()
        with self._database.transaction() as session:
            ids = repository.due_outbox_ids(session, now, self._settings.outbox_batch_size)
        outcomes = [self._deliver_one(message_id) for message_id in ids]
        return DeliveryReport(
            sent=outcomes.count(OutboxStatus.SENT),
            retried=outcomes.count(OutboxStatus.PENDING),
            given_up=outcomes.count(OutboxStatus.FAILED),
        )

    def _deliver_one(self, message_id: int) -> OutboxStatus | None:
        message = self._lease(message_id)
        if message is None:
            return None
        try:
            self._senders[message.channel].send(message)
        except Exception as error:  # any failure of a sender means "later"; the error is kept for the officer
            log.warning("outbox message %s not delivered: %s", message_id, error)
            return self._record_failure(message_id, f"{type(error).__name__}: {error}")
        return self._record_success(message_id)

    def _lease(self, message_id: int) -> OutgoingMessage | None:
        now = self._clock.now()
        until = now + timedelta(seconds=self._settings.outbox_lease_seconds)
        with self._database.transaction() as session:
            if not repository.lease_outbox_message(session, message_id, now, until):
                return None
            row = repository.outbox_message(session, message_id)
            case = session.get(Case, row.case_id) if row else None
            if row is None or case is None:
                return None
            return OutgoingMessage(
                outbox_id=row.id, case_id=row.case_id, reference=case.reference, channel=row.channel,
                recipient=row.recipient, language=row.language, subject=row.subject, body=row.body,
            )  # fmt: skip

    def _record_success(self, message_id: int) -> OutboxStatus:
        with self._database.transaction() as session:
            row = repository.outbox_message(session, message_id)
            if row is not None:
                row.attempts += 1
                row.status = OutboxStatus.SENT
                row.sent_at = self._clock.now()
                row.locked_until = None
                row.last_error = None
        return OutboxStatus.SENT

    def _record_failure(self, message_id: int, error: str) -> OutboxStatus:
        now = self._clock.now()
        with self._database.transaction() as session:
            row = repository.outbox_message(session, message_id)
            if row is None:
                return OutboxStatus.FAILED
            row.attempts += 1
            row.last_error = error[:MAX_ERROR_CHARS]
            row.locked_until = None
            if row.attempts >= self._settings.outbox_max_attempts:
                row.status = OutboxStatus.FAILED
                self._tell_officer(session, row, now)
            else:
                row.next_attempt_at = now + self.backoff(row.attempts)
            return row.status

    def backoff(self, attempts: int) -> timedelta:
        """Wait before the next attempt: base, 2x base, 4x base ... capped (relays recover in minutes)."""
        seconds = self._settings.outbox_backoff_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self._settings.outbox_backoff_max_seconds))

    @staticmethod
    def _tell_officer(session: Session, row: OutboxMessage, now: datetime) -> None:
        """A reply that could not be delivered is a case event, so the officer can choose another way."""
        case = session.get(Case, row.case_id)
        if case is not None:
            record_event(
                session, case, EventKind.DELIVERY_FAILED, SYSTEM, now,
                reason=row.last_error, details={"outbox_id": row.id, "channel": row.channel.value},
            )  # fmt: skip
