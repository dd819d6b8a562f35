"""The outbox: an officer's reply reaches a real local SMTP server, at least once, after retries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.clock import FixedClock
from app.db import Database
from app.taxonomy import Taxonomy
from handover.config import HandoverSettings
from handover.models import EventKind, OfficerTask, OutboxMessage, OutboxStatus, TaskKind
from handover.outbox import OutgoingMessage
from handover.service import HandoverService
from tests.handover.factories import create_case, make_service, officer
from tests.support.mailbox import Mailbox
from tests.support.ports import free_port

pytestmark = pytest.mark.integration


def service_for(database: Database, taxonomy: Taxonomy, clock: FixedClock, port: int) -> HandoverService:
    settings = HandoverSettings(smtp_host="127.0.0.1", smtp_port=port, outbox_backoff_seconds=60, outbox_max_attempts=3)
    return make_service(database, taxonomy, clock, settings=settings)


def answered_case(service: HandoverService, text: str = "Du har fått en plats.", **fields: object) -> str:
    reference = create_case(service, **fields).reference
    staff = officer()
    with service.database.transaction() as session:
        service.claim(session=session, staff=staff, reference=reference)
        service.reply(session=session, staff=staff, reference=reference, text=text)
    return reference


def outbox_rows(database: Database) -> list[OutboxMessage]:
    with database.transaction() as session:
        return list(session.scalars(select(OutboxMessage)))


class TestEmail:
    def test_reply_arrives_at_the_smtp_server(
        self, sqlite_db: Database, taxonomy: Taxonomy, clock: FixedClock, mailbox: Mailbox, smtp_port: int
    ) -> None:
        service = service_for(sqlite_db, taxonomy, clock, smtp_port)
        reference = answered_case(service)
        report = service.deliver_pending()
        assert report.sent == 1
        [mail] = mailbox.received
        assert mail["To"] == "anna.andersson@example.se"
        assert mail["Subject"] == f"Svar på ditt ärende {reference}"
        body = mail.get_content()
        assert "Hej Anna," in body and "Du har fått en plats." in body and "Förskola" in body
        assert outbox_rows(sqlite_db)[0].status is OutboxStatus.SENT
        assert service.deliver_pending().sent == 0  # sent once, not again

    def test_english_speakers_get_english_wording(
        self, sqlite_db: Database, taxonomy: Taxonomy, clock: FixedClock, mailbox: Mailbox, smtp_port: int
    ) -> None:
        service = service_for(sqlite_db, taxonomy, clock, smtp_port)
        reference = answered_case(service, text="You have a place.", language="en", preferred_language="en")
        service.deliver_pending()
        assert mailbox.received[0]["Subject"] == f"Reply about your case {reference}"

    def test_a_refused_message_is_retried_after_backoff(
        self, sqlite_db: Database, taxonomy: Taxonomy, clock: FixedClock, mailbox: Mailbox, smtp_port: int
    ) -> None:
        mailbox.refuse_left = 1
        service = service_for(sqlite_db, taxonomy, clock, smtp_port)
        answered_case(service)
        assert service.deliver_pending().retried == 1
        [row] = outbox_rows(sqlite_db)
        assert row.attempts == 1 and "451" in (row.last_error or "")
        assert row.next_attempt_at == clock.now() + timedelta(seconds=60)
        assert service.deliver_pending().sent == 0  # backoff not over yet
        clock.advance(timedelta(seconds=61))
        assert service.deliver_pending().sent == 1
        assert len(mailbox.received) == 1 and outbox_rows(sqlite_db)[0].attempts == 2

    def test_a_server_that_is_down_is_retried_until_it_comes_up(
        self, sqlite_db: Database, taxonomy: Taxonomy, clock: FixedClock
    ) -> None:
        port = free_port()
        service = service_for(sqlite_db, taxonomy, clock, port)
        answered_case(service)
        assert service.deliver_pending().retried == 1  # connection refused
        box = Mailbox()
        controller = Controller(box, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            clock.advance(timedelta(minutes=5))
            assert service.deliver_pending().sent == 1
        finally:
            controller.stop()
        assert len(box.received) == 1

    def test_after_the_last_attempt_the_officer_is_told(
        self, sqlite_db: Database, taxonomy: Taxonomy, clock: FixedClock
    ) -> None:
        service = service_for(sqlite_db, taxonomy, clock, free_port())
        reference = answered_case(service)
        for _ in range(3):
            service.deliver_pending()
            clock.advance(timedelta(hours=2))
        assert outbox_rows(sqlite_db)[0].status is OutboxStatus.FAILED
        with service.database.transaction() as session:
            detail = service.read(session=session, staff=officer(), reference=reference)
        assert detail.events[-1].kind is EventKind.DELIVERY_FAILED
        assert detail.deliveries[0].status is OutboxStatus.FAILED


class TestTasks:
    def test_sms_without_a_gateway_becomes_an_officer_task(
        self, sqlite_db: Database, taxonomy: Taxonomy, clock: FixedClock
    ) -> None:
        service = service_for(sqlite_db, taxonomy, clock, free_port())
        reference = answered_case(service, contact_method="sms", contact_value="070-123 45 67")
        assert service.deliver_pending().sent == 1
        with service.database.transaction() as session:
            task = session.scalars(select(OfficerTask)).one()
            assert (task.kind, task.recipient) == (TaskKind.SEND_SMS, "+46701234567")
            detail = service.complete_task(session=session, staff=officer(), reference=reference, task_id=task.id)
        assert detail.tasks[0].done_at == clock.now()

    def test_phone_reply_becomes_a_call_task(self, sqlite_db: Database, taxonomy: Taxonomy, clock: FixedClock) -> None:
        service = service_for(sqlite_db, taxonomy, clock, free_port())
        answered_case(service, contact_method="phone", contact_value="08-508 000 00")
        service.deliver_pending()
        with service.database.transaction() as session:
            assert session.scalars(select(OfficerTask)).one().kind is TaskKind.CALL_CITIZEN

    def test_a_pluggable_sms_gateway_is_used_when_given(
        self, sqlite_db: Database, taxonomy: Taxonomy, clock: FixedClock
    ) -> None:
        sent: list[OutgoingMessage] = []

        class Gateway:
            def send(self, message: OutgoingMessage) -> None:
                sent.append(message)

        from app.settings import Settings
        from handover.service import build_handover

        service = build_handover(Settings(), sqlite_db, taxonomy, clock, sms_sender=Gateway())
        answered_case(service, contact_method="sms", contact_value="+46 70 123 45 67")
        service.deliver_pending()
        assert [m.recipient for m in sent] == ["+46701234567"]
