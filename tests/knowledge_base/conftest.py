"""Fixtures of the knowledge base's tests: a throwaway SQLite database with the tables, a fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db import Base, Database, create_db_engine
from knowledge_base import models  # noqa: F401  (registers the tables)
from tests.knowledge_base.factories import HashingEmbedder


@pytest.fixture
def kb_database(tmp_path: Path) -> Database:
    database = Database(create_db_engine(f"sqlite:///{tmp_path / 'kb.db'}"))
    Base.metadata.create_all(database.engine, tables=[models.Entry.__table__, models.EntryVersion.__table__])
    return database


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()
