"""Run Alembic migrations from code: `python -m app migrate`, the test fixtures, start-up checks."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from app.settings import PROJECT_ROOT


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["url"] = url
    return config


def upgrade_to_head(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


def is_ours(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's include_name: the job engine's tables (procrastinate_*) come from its own schema, not our models."""
    return not (type_ == "table" and name is not None and name.startswith("procrastinate_"))
