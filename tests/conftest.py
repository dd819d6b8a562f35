"""Shared test fixtures: real databases (SQLite and PostgreSQL), migrated by Alembic."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import Base, Database, create_db_engine
from app.migrations import upgrade_to_head
from app.model_registry import import_all_models
from app.settings import PROJECT_ROOT
from app.taxonomy import Taxonomy, load_taxonomy
from tests.support.postgres import PostgresServer, start_postgres
from tests.support.redis import start_redis

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
# Every test server embeds the same sample content: one shared cache (the one `make run` fills) embeds it once.
os.environ.setdefault("KB_VECTOR_CACHE", str(PROJECT_ROOT / "var" / "vector-cache.sqlite"))


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy(PROJECT_ROOT / "taxonomy.yml")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | None]:
    """The PostgreSQL server of this test run (or TEST_POSTGRES_URL's, when given)."""
    if os.environ.get("TEST_POSTGRES_URL"):
        yield None
        return
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The Redis server of this test run (or TEST_REDIS_URL's, when given), as replicas would share it."""
    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    server = start_redis()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def new_postgres_database(postgres_server: PostgresServer | None):  # type: ignore[no-untyped-def]
    """Makes a fresh, empty database on the test run's server and returns its URL."""

    def make() -> str:
        if postgres_server is None:
            return os.environ["TEST_POSTGRES_URL"]
        return postgres_server.create_database(f"kc_test_{uuid.uuid4().hex[:8]}")

    return make


@pytest.fixture(scope="session")
def postgres_url(new_postgres_database) -> str:  # type: ignore[no-untyped-def]
    return new_postgres_database()


def _migrated(url: str) -> Database:
    import_all_models()
    upgrade_to_head(url)
    return Database(create_db_engine(url))


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path: Path = tmp_path_factory.mktemp("sqlite") / "test.db"
    return _migrated(f"sqlite:///{path}")


@pytest.fixture(scope="session")
def postgres_database(postgres_url: str) -> Database:
    from app.settings import Settings

    return _migrated(Settings(database_url=postgres_url).sqlalchemy_url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A migrated database on each backend, emptied after the test."""
    database: Database = request.getfixturevalue(f"{request.param}_database")
    yield database
    with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of the sentence-transformers backend need its extra, which the product's environment never has:
    `make test` runs them in .venv-embedders; anywhere else they are skipped and say where they run."""
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        skip = pytest.mark.skip(reason="needs the sentence-transformers extra: make test runs it in .venv-embedders")
        for item in items:
            if "embedders" in item.keywords:
                item.add_marker(skip)
