"""The Alembic revisions build exactly the schema the models describe, on SQLite and PostgreSQL, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.db import Base
from app.migrations import alembic_config, is_ours, upgrade_to_head
from app.model_registry import import_all_models
from app.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return Settings(database_url=request.getfixturevalue("new_postgres_database")()).sqlalchemy_url


def schema_drift(url: str) -> list:
    import_all_models()
    engine = create_engine(url)
    with engine.connect() as connection:
        drift = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True, "include_name": is_ours}), Base.metadata
        )
    engine.dispose()
    return drift


def test_migrations_match_the_models_so_no_change_is_left_unmigrated(empty_database_url: str) -> None:
    upgrade_to_head(empty_database_url)
    assert schema_drift(empty_database_url) == []


def test_migrations_downgrade_to_nothing_and_upgrade_again(empty_database_url: str) -> None:
    upgrade_to_head(empty_database_url)
    command.downgrade(alembic_config(empty_database_url), "base")
    upgrade_to_head(empty_database_url)
    assert schema_drift(empty_database_url) == []


@pytest.mark.postgres
def test_the_job_engine_schema_comes_with_the_migrations_and_goes_with_a_downgrade(new_postgres_database) -> None:  # type: ignore[no-untyped-def]
    url = Settings(database_url=new_postgres_database()).sqlalchemy_url
    upgrade_to_head(url)
    assert "procrastinate_jobs" in _tables(url)
    command.downgrade(alembic_config(url), "base")
    assert _tables(url) <= {"alembic_version"}


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    return tables
