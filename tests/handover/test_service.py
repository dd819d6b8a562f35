"""The case service: creation (idempotent, also under concurrency), status for citizens, officers' work."""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.clock import FixedClock
from app.db import Database
from app.errors import Forbidden
from app.taxonomy import Taxonomy
from handover.config import HandoverSettings
from handover.errors import CaseNotFound, ConsentMissing, IllegalTransition, InvalidContact, NotYourGroup
from handover.models import Case, CaseEvent, CasePrivate, CaseStatus, EventKind, OutboxMessage, Outcome
from handover.routing import TopicGuess
from handover.schemas import PublicStatus
from handover.service import HandoverService
from tests.handover.factories import STOCKHOLM, case_fields, create_case, make_service, officer
from tests.support.privacy import dump_tables

pytestmark = pytest.mark.integration
REFERENCE = re.compile(r"^KC-[A-Z0-9-]{6,}$")


def count(database: Database, model: type) -> int:
    with database.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


class TestCreation:
    def test_a_case_gets_a_reference_group_and_promise(self, service: HandoverService, clock: FixedClock) -> None:
        receipt = create_case(service)
        assert REFERENCE.match(receipt.reference) and receipt.reference.startswith("KC-2026-")
        assert receipt.answer_group == "forskola" and receipt.created
        # Tuesday 10:00: 6.5 h until 16:30, then 1.5 h on Wednesday morning.
        assert receipt.due_at == datetime(2026, 11, 25, 9, 30, tzinfo=STOCKHOLM)

    def test_references_are_random_not_sequential(self, service: HandoverService) -> None:
        references = {create_case(service).reference for _ in range(20)}
        assert len(references) == 20
        assert len({reference[-8:-4] for reference in references}) > 1

    def test_contact_is_normalised_and_consent_time_kept(
        self, service: HandoverService, sqlite_db: Database, clock: FixedClock
    ) -> None:
        create_case(service, contact_method="sms", contact_value="070-123 45 67")
        with sqlite_db.transaction() as session:
            private = session.scalars(select(CasePrivate)).one()
            assert private.contact_value == "+46701234567"
            assert private.consent_given_at == clock.now()

    def test_no_consent_no_case(self, service: HandoverService, sqlite_db: Database) -> None:
        with pytest.raises(ConsentMissing):
            create_case(service, consent_given=False)
        assert count(sqlite_db, Case) == 0

    def test_invalid_contact_no_case(self, service: HandoverService, sqlite_db: Database) -> None:
        with pytest.raises(InvalidContact):
            create_case(service, contact_method="phone", contact_value="123")
        assert count(sqlite_db, Case) == 0

    def test_unknown_topic_is_routed_by_the_classifier(
        self, sqlite_db: Database, taxonomy: Taxonomy, clock: FixedClock
    ) -> None:
        service = make_service(sqlite_db, taxonomy, clock, classifier=lambda text: TopicGuess("avfall.utebliven", 0.9))
        assert create_case(service, topic=None, answer_group=None).answer_group == "avfall"

    def test_creation_is_audited(self, service: HandoverService, sqlite_db: Database) -> None:
        create_case(service)
        with sqlite_db.transaction() as session:
            event = session.scalars(select(CaseEvent)).one()
            assert (event.kind, event.actor, event.to_status) == (EventKind.CREATED, "citizen", CaseStatus.NEW)


class TestIdempotency:
    def test_a_retry_returns_the_same_case(self, any_db: Database, taxonomy: Taxonomy, clock: FixedClock) -> None:
        service = make_service(any_db, taxonomy, clock)
        fields = case_fields()
        first = service.create_case(**fields)
        again = service.create_case(**fields)
        assert again.reference == first.reference and not again.created
        assert count(any_db, Case) == 1

    def test_concurrent_duplicates_make_one_case(self, any_db: Database, taxonomy: Taxonomy, clock: FixedClock) -> None:
        service = make_service(any_db, taxonomy, clock)
        fields = case_fields()
        threads_count = 12
        barrier = threading.Barrier(threads_count)
        references: list[str] = []
        errors: list[BaseException] = []

        def create() -> None:
            barrier.wait()
            try:
                references.append(service.create_case(**fields).reference)
            except BaseException as error:  # collected so the assertion shows it
                errors.append(error)

        threads = [threading.Thread(target=create) for _ in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert len(references) == threads_count and len(set(references)) == 1
        assert count(any_db, Case) == 1 and count(any_db, CasePrivate) == 1 and count(any_db, CaseEvent) == 1


class TestCitizenStatus:
    def test_status_says_only_status_group_and_promise(self, service: HandoverService) -> None:
        receipt = create_case(service)
        status = service.case_status(receipt.reference.lower())
        assert status is not None
        assert status.model_dump() == {
            "reference": receipt.reference,
            "status": PublicStatus.RECEIVED,
            "answer_group": "forskola",
            "due_at": receipt.due_at,
        }

    def test_status_follows_the_case(self, service: HandoverService) -> None:
        reference = create_case(service).reference
        staff = officer("forskola")
        with service.database.transaction() as session:
            service.claim(session=session, staff=staff, reference=reference)
        assert service.case_status(reference).status is PublicStatus.IN_PROGRESS  # type: ignore[union-attr]
        with service.database.transaction() as session:
            service.reply(session=session, staff=staff, reference=reference, text="Här är svaret.")
        assert service.case_status(reference).status is PublicStatus.ANSWERED  # type: ignore[union-attr]

    def test_unknown_reference_is_none(self, service: HandoverService) -> None:
        assert service.case_status("KC-2026-NOTHERE") is None


class TestOfficerWork:
    def test_officer_of_another_group_is_refused(self, service: HandoverService) -> None:
        reference = create_case(service).reference
        with service.database.transaction() as session, pytest.raises(NotYourGroup):
            service.read(session=session, staff=officer("skola"), reference=reference)

    def test_only_officers_use_the_queue(self, service: HandoverService) -> None:
        from staff.identity import Role

        with service.database.transaction() as session, pytest.raises(Forbidden):
            service.queue(session=session, staff=officer("forskola", roles=(Role.EDITOR,)))

    def test_unknown_case(self, service: HandoverService) -> None:
        with service.database.transaction() as session, pytest.raises(CaseNotFound):
            service.read(session=session, staff=officer(), reference="KC-2026-NOTHERE")

    def test_reply_goes_to_the_outbox_and_records_first_response(
        self, service: HandoverService, sqlite_db: Database, clock: FixedClock
    ) -> None:
        reference = create_case(service).reference
        staff = officer()
        with service.database.transaction() as session:
            service.claim(session=session, staff=staff, reference=reference)
            clock.advance(timedelta(minutes=30))
            detail = service.reply(session=session, staff=staff, reference=reference, text="Välkommen!")
        assert detail.first_response_at == clock.now() and detail.case.status is CaseStatus.ANSWERED
        with sqlite_db.transaction() as session:
            message = session.scalars(select(OutboxMessage)).one()
            assert message.recipient == "anna.andersson@example.se"
            assert "Välkommen!" in message.body and reference in message.subject

    def test_reply_before_claiming_is_illegal(self, service: HandoverService) -> None:
        reference = create_case(service).reference
        with service.database.transaction() as session, pytest.raises(IllegalTransition):
            service.reply(session=session, staff=officer(), reference=reference, text="x")

    def test_second_transfer_flags_the_case_to_the_lead(self, service: HandoverService) -> None:
        reference = create_case(service).reference
        with service.database.transaction() as session:
            first = service.transfer(
                session=session, staff=officer("forskola"), reference=reference, to_group="skola", reason="Skolfråga"
            )
            assert not first.case.flagged_to_lead and first.contact is None
            second = service.transfer(
                session=session,
                staff=officer("skola"),
                reference=reference,
                to_group="forskola",
                reason="Nej, förskola",
            )
        assert second.case.transfer_count == 2 and second.case.flagged_to_lead
        assert [e.kind for e in second.events][-2:] == [EventKind.TRANSFERRED, EventKind.FLAGGED_TO_LEAD]

    def test_transfer_keeps_the_promise(self, service: HandoverService) -> None:
        receipt = create_case(service)
        with service.database.transaction() as session:
            detail = service.transfer(
                session=session, staff=officer(), reference=receipt.reference, to_group="avfall", reason="Sopfråga"
            )
        assert detail.case.due_at == receipt.due_at and detail.case.answer_group == "avfall"

    def test_close_and_reopen_with_a_fresh_promise(self, service: HandoverService, clock: FixedClock) -> None:
        reference = create_case(service).reference
        staff = officer()
        with service.database.transaction() as session:
            service.claim(session=session, staff=staff, reference=reference)
            service.reply(session=session, staff=staff, reference=reference, text="Svar")
            closed = service.close(session=session, staff=staff, reference=reference, outcome=Outcome.RESOLVED)
            assert closed.resolved_at == clock.now() and closed.outcome is Outcome.RESOLVED
            clock.advance(timedelta(days=7))
            reopened = service.reopen(
                session=session, staff=staff, reference=reference, reason="Medborgaren hörde av sig"
            )
        assert reopened.case.status is CaseStatus.ASSIGNED and reopened.case.due_at > clock.now()
        assert reopened.outcome is None


class TestQueueAndOverdue:
    def test_overdue_cases_come_first_and_are_marked(self, service: HandoverService, clock: FixedClock) -> None:
        old = create_case(service).reference
        clock.advance(timedelta(days=3))
        fresh = create_case(service).reference
        with service.database.transaction() as session:
            queue = service.queue(session=session, staff=officer())
        assert [item.reference for item in queue] == [old, fresh]
        assert queue[0].overdue and not queue[1].overdue

    def test_mark_overdue_writes_one_breach_event(self, service: HandoverService, clock: FixedClock) -> None:
        create_case(service)
        assert service.mark_overdue() == 0
        clock.advance(timedelta(days=3))
        assert service.mark_overdue() == 1
        assert service.mark_overdue() == 0

    def test_non_swedish_case_offered_first_to_speakers(self, service: HandoverService, clock: FixedClock) -> None:
        swedish = create_case(service).reference
        clock.advance(timedelta(minutes=5))
        somali = create_case(service, language="so").reference
        with service.database.transaction() as session:
            speaker_queue = service.queue(session=session, staff=officer(languages=("sv", "so")))
            other_queue = service.queue(session=session, staff=officer())
        assert [item.reference for item in speaker_queue] == [somali, swedish]
        assert [item.reference for item in other_queue] == [swedish, somali]

    def test_queue_of_a_group_not_served_is_refused(self, service: HandoverService) -> None:
        with service.database.transaction() as session, pytest.raises(Forbidden):
            service.queue(session=session, staff=officer("forskola"), group="skola")


def test_personal_data_is_purged_after_retention(service: HandoverService, clock: FixedClock) -> None:
    reference = create_case(service).reference
    staff = officer()
    with service.database.transaction() as session:
        service.close(session=session, staff=staff, reference=reference, outcome=Outcome.DUPLICATE)
    assert service.purge_personal_data() == 0
    clock.advance(timedelta(days=service.settings.personal_data_retention_days + 1))
    assert service.purge_personal_data() == 1
    with service.database.transaction() as session:
        detail = service.read(session=session, staff=staff, reference=reference)
    assert detail.contact is None and detail.transcript == []
    assert service.case_status(reference) is not None


def test_a_personnummer_in_the_matter_never_reaches_the_case_summary(service: HandoverService) -> None:
    reference = create_case(service, summary="Mitt personnummer är 850709-9805, var är beslutet?").reference
    with service.database.transaction() as session:
        detail = service.read(session=session, staff=officer(), reference=reference)
    assert "9805" not in detail.case.summary and "[personnummer]" in detail.case.summary


def test_everything_written_about_a_closed_case_is_forgotten_after_retention(
    any_db: Database, taxonomy: Taxonomy, clock: FixedClock, handover_settings: HandoverSettings
) -> None:
    service = make_service(any_db, taxonomy, clock, settings=handover_settings)
    planted = ["0701234567", "+46701234567", "Svarstexten om Anna", "Anteckning om Anna", "Fel grupp, Anna"]
    reference = create_case(
        service, contact_method="phone", contact_value=planted[0], summary="Ring Anna om förskolan"
    ).reference
    staff = officer()
    with service.database.transaction() as session:
        service.claim(session=session, staff=staff, reference=reference)
        service.reply(session=session, staff=staff, reference=reference, text=planted[2])
        service.add_note(session=session, staff=staff, reference=reference, text=planted[3])
        service.close(session=session, staff=staff, reference=reference, outcome=Outcome.RESOLVED, comment=planted[4])
    clock.advance(timedelta(days=service.settings.personal_data_retention_days + 1))
    assert service.purge_personal_data() == 1 and service.purge_personal_data() == 0
    everything = dump_tables(service.database, prefix="handover_")
    assert [text for text in [*planted, "Anna"] if text in everything] == []


class TestOneConversationOneCase:
    """The widget gives up on a slow chat and shows the contact form, while the chat may still make the case."""

    def test_a_contact_form_from_the_conversation_that_made_a_case_joins_it(self, service: HandoverService) -> None:
        chat = create_case(service, conversation="s-slow", summary="Var är mitt beslut om förskoleplats?")
        form = create_case(service, conversation="s-slow", summary="Jag har väntat i sex veckor på beslut.")
        assert (form.reference, form.created) == (chat.reference, False)
        with service.database.transaction() as session:
            detail = service.read(session=session, staff=officer(), reference=chat.reference)
        assert any("sex veckor" in (event.reason or "") for event in detail.events if event.kind is EventKind.NOTE)

    def test_another_conversation_or_another_way_to_answer_is_a_case_of_its_own(self, service: HandoverService) -> None:
        first = create_case(service, conversation="s-1")
        assert create_case(service, conversation="s-2").reference != first.reference
        assert create_case(service, conversation="s-1", contact_value="bo@example.se").reference != first.reference
