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


def test_production_refuses_to_start_without_a_secret() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(environment=Environment.PRODUCTION)


def test_production_accepts_a_real_secret() -> None:
    assert Settings(environment=Environment.PRODUCTION, secret_key="s3cr3t-" * 6).is_development is False


def test_without_a_secret_each_installation_makes_its_own_private_one(tmp_path: Path) -> None:
    first = Settings(var_dir=tmp_path / "a").secret
    again = Settings(var_dir=tmp_path / "a").secret
    other = Settings(var_dir=tmp_path / "b").secret
    assert first == again and first != other and len(first) >= 48
    assert (tmp_path / "a" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_set_secret_key_is_used_and_no_file_is_written(tmp_path: Path) -> None:
    assert Settings(var_dir=tmp_path, secret_key="from-the-environment").secret == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()
