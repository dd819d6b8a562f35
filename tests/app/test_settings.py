"""Settings: embedded defaults for development, and safety in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.settings import Environment, Settings

pytestmark = pytest.mark.unit


def test_default_database_is_a_sqlite_file_under_var(tmp_path: Path) -> None:
    assert Settings(var_dir=tmp_path).sqlalchemy_url == f"sqlite:///{tmp_path / 'kontaktcenter.db'}"


@pytest.mark.parametrize("scheme", ["postgres://", "postgresql://"])
def test_postgres_urls_use_the_psycopg3_driver(scheme: str) -> None:
    url = Settings(database_url=f"{scheme}kc:secret@db.example:5432/kc").sqlalchemy_url
    assert url == "postgresql+psycopg://kc:secret@db.example:5432/kc"


def test_production_refuses_the_placeholder_secret() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(environment=Environment.PRODUCTION)


def test_production_accepts_a_real_secret() -> None:
    assert Settings(environment=Environment.PRODUCTION, secret_key="s3cr3t-" * 6).is_development is False
