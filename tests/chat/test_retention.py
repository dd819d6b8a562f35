"""The chat forgets what citizens wrote on time: turn texts after their period, Rasa's events after theirs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, insert, select

import chat.models  # noqa: F401  (registers the tables on Base.metadata)
from app.db import Base, Database, create_db_engine
from chat.models import ChatTurn
from chat.retention import clear_turn_texts_before, delete_dialogue_events_before

pytestmark = pytest.mark.unit
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    database = Database(create_db_engine(f"sqlite:///{tmp_path / 'chat.db'}"))
    Base.metadata.create_all(database.engine)
    return database


def turn(database: Database, text: str, age: timedelta) -> None:
    with database.transaction() as session:
        session.add(ChatTurn(session_id="s-1", created_at=NOW - age, text_redacted=text, lang="sv", action="answer"))


def rasa_events_table(metadata: MetaData) -> Table:
    """The table Rasa's SQL tracker store makes (rasa.core.tracker_store.SQLTrackerStore.SQLEvent)."""
    return Table(
        "events", metadata,
        Column("id", Integer, primary_key=True), Column("sender_id", String(255)), Column("type_name", String(255)),
        Column("timestamp", Float), Column("intent_name", String(255)), Column("action_name", String(255)),
        Column("data", Text),
    )  # fmt: skip


def test_turn_texts_past_their_period_are_emptied_and_the_rows_stay_for_the_figures(database: Database) -> None:
    turn(database, "gammal fråga om Anna", timedelta(days=91))
    turn(database, "ny fråga", timedelta(days=1))
    assert clear_turn_texts_before(database, NOW - timedelta(days=90)) == 1
    assert clear_turn_texts_before(database, NOW - timedelta(days=90)) == 0
    with database.transaction() as session:
        texts = session.scalars(select(ChatTurn.text_redacted).order_by(ChatTurn.id)).all()
    assert texts == ["", "ny fråga"]


def test_rasa_events_past_their_period_are_deleted(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'rasa-tracker.db'}")
    metadata = MetaData()
    events = rasa_events_table(metadata)
    assert delete_dialogue_events_before(engine, NOW) == 0  # before Rasa has made its table
    metadata.create_all(engine)
    slot = json.dumps({"event": "slot", "name": "contact_value", "value": "+46701234567"})
    with engine.begin() as connection:
        for age in (timedelta(days=3), timedelta(hours=1)):
            connection.execute(
                insert(events).values(sender_id="s-1", type_name="slot", timestamp=(NOW - age).timestamp(), data=slot)
            )
    assert delete_dialogue_events_before(engine, NOW - timedelta(days=2)) == 1
    with engine.connect() as connection:
        assert connection.execute(select(events.c.timestamp)).scalars().all() == [
            (NOW - timedelta(hours=1)).timestamp()
        ]
