"""The case lifecycle as a state machine: only legal moves pass, every change is audited, a promise always stands."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from app.clock import FixedClock
from app.errors import DomainError
from app.settings import PROJECT_ROOT
from app.taxonomy import load_taxonomy
from handover.errors import IllegalTransition
from handover.flows import TRANSITIONS
from handover.models import Case, CaseAction, CaseEvent, CaseStatus, EventKind, Outcome
from handover.service import HandoverService
from tests.handover.conftest import sqlite_database
from tests.handover.factories import STOCKHOLM, create_case, make_service, officer

pytestmark = pytest.mark.integration
TAXONOMY = load_taxonomy(PROJECT_ROOT / "taxonomy.yml")
GROUPS = ["forskola", "skola", "avfall"]
STAFF = [officer(*GROUPS, id=1), officer(*GROUPS, id=2)]
N, AS, AN, C = CaseStatus.NEW, CaseStatus.ASSIGNED, CaseStatus.ANSWERED, CaseStatus.CLOSED
# The legal moves as the issue states them, written out independently of handover.flows so that a
# wrong entry in the implementation's table is caught rather than copied.
LEGAL: dict[tuple[CaseStatus, CaseAction], CaseStatus] = {
    (N, CaseAction.CLAIM): AS,
    (AS, CaseAction.REPLY): AN,
    (AN, CaseAction.REPLY): AN,
    **{(status, CaseAction.TRANSFER): N for status in (N, AS, AN)},
    **{(status, CaseAction.CLOSE): C for status in (N, AS, AN)},
    (C, CaseAction.REOPEN): AS,
}
STATUS_CHANGING = {
    EventKind.CREATED, EventKind.CLAIMED, EventKind.REPLIED, EventKind.TRANSFERRED, EventKind.CLOSED,
    EventKind.REOPENED,
}  # fmt: skip


class CaseLifecycle(RuleBasedStateMachine):
    """Drives one case through random officer actions and compares it with a model of the legal moves."""

    @initialize()
    def open_case(self) -> None:
        self.directory = tempfile.TemporaryDirectory()
        self.clock = FixedClock(datetime(2026, 11, 24, 10, tzinfo=STOCKHOLM))
        self.service: HandoverService = make_service(
            sqlite_database(Path(self.directory.name) / "lifecycle.db"), TAXONOMY, self.clock
        )
        self.reference = create_case(self.service).reference
        self.status = CaseStatus.NEW
        self.group = "forskola"
        self.changes = 1  # the creation

    def teardown(self) -> None:
        self.service.database.engine.dispose()
        self.directory.cleanup()

    def _attempt(self, action: CaseAction, call) -> None:  # type: ignore[no-untyped-def]
        legal = (self.status, action) in LEGAL
        try:
            with self.service.database.transaction() as session:
                detail = call(session)
        except IllegalTransition:
            assert not legal, f"{action} from {self.status} was refused but is legal"
            return
        assert legal, f"{action} from {self.status} was accepted but is illegal"
        assert detail.case.status is LEGAL[(self.status, action)]
        self.status = detail.case.status
        self.changes += 1

    @rule(staff=st.sampled_from(STAFF), minutes=st.integers(0, 600))
    def claim(self, staff, minutes: int) -> None:  # type: ignore[no-untyped-def]
        self.clock.advance(timedelta(minutes=minutes))
        self._attempt(CaseAction.CLAIM, lambda s: self.service.claim(session=s, staff=staff, reference=self.reference))

    @rule(staff=st.sampled_from(STAFF), text=st.text(min_size=1, max_size=30))
    def reply(self, staff, text: str) -> None:  # type: ignore[no-untyped-def]
        self._attempt(
            CaseAction.REPLY, lambda s: self.service.reply(session=s, staff=staff, reference=self.reference, text=text)
        )

    @rule(staff=st.sampled_from(STAFF), to_group=st.sampled_from(GROUPS))
    def transfer(self, staff, to_group: str) -> None:  # type: ignore[no-untyped-def]
        if to_group == self.group:
            return
        before = self.status
        self._attempt(
            CaseAction.TRANSFER,
            lambda s: self.service.transfer(
                session=s, staff=staff, reference=self.reference, to_group=to_group, reason="fel grupp"
            ),
        )
        if (before, CaseAction.TRANSFER) in LEGAL:
            self.group = to_group

    @rule(staff=st.sampled_from(STAFF), outcome=st.sampled_from(list(Outcome)))
    def close(self, staff, outcome: Outcome) -> None:  # type: ignore[no-untyped-def]
        self._attempt(
            CaseAction.CLOSE,
            lambda s: self.service.close(session=s, staff=staff, reference=self.reference, outcome=outcome),
        )

    @rule(staff=st.sampled_from(STAFF), days=st.integers(0, 30))
    def reopen(self, staff, days: int) -> None:  # type: ignore[no-untyped-def]
        self.clock.advance(timedelta(days=days))
        self._attempt(
            CaseAction.REOPEN,
            lambda s: self.service.reopen(session=s, staff=staff, reference=self.reference, reason="hörde av sig"),
        )

    @rule(staff=st.sampled_from(STAFF))
    def note(self, staff) -> None:  # type: ignore[no-untyped-def]
        with self.service.database.transaction() as session:
            self.service.add_note(session=session, staff=staff, reference=self.reference, text="intern anteckning")

    @rule()
    def outsider_is_refused(self) -> None:
        try:
            with self.service.database.transaction() as session:
                self.service.claim(session=session, staff=officer("parkering"), reference=self.reference)
        except DomainError as error:
            assert error.status_code == 403
        else:
            raise AssertionError("an officer of another group changed the case")

    @invariant()
    def stored_status_matches_the_model_and_every_change_is_audited(self) -> None:
        with self.service.database.transaction() as session:
            case = session.scalars(select(Case)).one()
            changes = session.scalar(
                select(func.count()).select_from(CaseEvent).where(CaseEvent.kind.in_(STATUS_CHANGING))
            )
            last = session.scalars(
                select(CaseEvent).where(CaseEvent.kind.in_(STATUS_CHANGING)).order_by(CaseEvent.id.desc()).limit(1)
            ).one()
            assert case.status is self.status
            assert changes == self.changes
            assert last.to_status is case.status and last.at is not None and last.actor
            assert case.due_at is not None
            if case.transfer_count >= 2:
                assert case.flagged_to_lead_at is not None


CaseLifecycle.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestCaseLifecycle = CaseLifecycle.TestCase


@pytest.mark.unit
def test_the_transition_table_matches_the_issue() -> None:
    """new -> assigned -> answered -> closed; reopen; transfer from any open status back to new."""
    assert TRANSITIONS == LEGAL
    assert TRANSITIONS[(CaseStatus.NEW, CaseAction.CLAIM)] is CaseStatus.ASSIGNED
    assert TRANSITIONS[(CaseStatus.ASSIGNED, CaseAction.REPLY)] is CaseStatus.ANSWERED
    assert TRANSITIONS[(CaseStatus.ANSWERED, CaseAction.CLOSE)] is CaseStatus.CLOSED
    assert TRANSITIONS[(CaseStatus.CLOSED, CaseAction.REOPEN)] is CaseStatus.ASSIGNED
    assert (CaseStatus.CLOSED, CaseAction.TRANSFER) not in TRANSITIONS
    assert (CaseStatus.CLOSED, CaseAction.REPLY) not in TRANSITIONS
    assert (CaseStatus.ASSIGNED, CaseAction.CLAIM) not in TRANSITIONS
