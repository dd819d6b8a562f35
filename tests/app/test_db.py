"""The database files hold personal data: only their owner may read them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import create_db_engine
from app.rasa_project import tracker_sqlite_path, write_endpoints
from app.settings import Environment, Settings

pytestmark = pytest.mark.unit


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_sqlite_database_and_its_wal_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'var' / 'kontaktcenter.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x TEXT)"))
        connection.execute(text("INSERT INTO t VALUES ('850709-9805')"))
    files = sorted((tmp_path / "var").iterdir())
    assert [file.name for file in files][:1] == ["kontaktcenter.db"]
    assert {file.name: mode(file) for file in files} == {file.name: 0o600 for file in files}


def test_rasas_tracker_file_is_made_private_before_rasa_opens_it(tmp_path: Path) -> None:
    settings = Settings(environment=Environment.TEST, var_dir=tmp_path)
    write_endpoints(settings)
    assert mode(tracker_sqlite_path(settings)) == 0o600
