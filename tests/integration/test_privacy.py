"""The privacy sweep: personal data planted through a real conversation is redacted where it is not needed,
and after the retention periods none of it is left in any table of either database."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from app.rasa_project import tracker_engine
from handover.models import Outcome
from tests.support.conversation import Conversation, officer_of
from tests.support.privacy import dump_tables
from tests.support.stack import Stack

pytestmark = [pytest.mark.integration, pytest.mark.slow]
PERSONNUMMER = "850709–9805"  # with an en dash, as phones and word processors write it
PHONE = "070-123 45 67"
EMAIL = "beatrice.lindqvist@example.se"
NAME = "Beatrice Lindqvist"
# What would give the person away, however it was stored (digits only, normalised, lower case).
TRACES = ["850709", "701234567", "123 45 67", "beatrice", "lindqvist"]


def hand_over_with_personal_data(stack: Stack) -> str:
    conversation = Conversation(stack)
    conversation.say(f"Mitt personnummer är {PERSONNUMMER} och mitt nummer {PHONE}. Hur söker jag förskola?")
    conversation.say("/request_human")
    for answer in ("email", EMAIL, NAME, "sv", "yes", f"Igen: {PERSONNUMMER}, ring {PHONE}", "send"):
        last = conversation.say(answer)
    reference = last["meta"]["case_id"]
    assert reference, last
    return reference


def traces_in(dump: str) -> list[str]:
    lowered = dump.lower()
    return [trace for trace in TRACES if trace in lowered]


def everything(stack: Stack) -> str:
    tracker = tracker_engine(stack.settings, stack.product.database)
    return dump_tables(stack.product.database) + "\n" + dump_tables(tracker, prefix="events")


def test_personal_data_is_redacted_outside_the_case_and_gone_after_retention(stack: Stack) -> None:
    reference = hand_over_with_personal_data(stack)
    tracker = tracker_engine(stack.settings, stack.product.database)
    with tracker.connect() as connection:
        said = [
            json.loads(row[0]) for row in connection.execute(text("SELECT data FROM events WHERE type_name='user'"))
        ]
    assert said, "Rasa stored no messages: its redacting tracker store was not loaded"
    assert traces_in(json.dumps(said, ensure_ascii=False)) == []
    assert traces_in(dump_tables(stack.product.database, prefix="chat_")) == []

    staff = officer_of("forskola")
    with stack.product.database.transaction() as session:
        stack.product.handover.claim(session=session, staff=staff, reference=reference)
        stack.product.handover.reply(session=session, staff=staff, reference=reference, text=f"Hej {NAME}!")
        stack.product.handover.close(session=session, staff=staff, reference=reference, outcome=Outcome.RESOLVED)
        summary = stack.product.handover.read(session=session, staff=staff, reference=reference).case.summary
    assert "850709" not in summary

    later = stack.product.clock.now() + timedelta(days=stack.settings.chat_text_retention_days + 1)
    stack.product.retention.purge(now=later)
    assert traces_in(everything(stack)) == []
