"""Settings of the whole product, read once from the environment at start-up.

Each domain may add its own settings class; this one holds what every part
shares. Defaults are the embedded development set-up that `make run` uses.
"""

from __future__ import annotations

import os
import secrets
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_FILE = "secret_key"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    environment: Environment = Environment.DEVELOPMENT
    var_dir: Path = Field(default=PROJECT_ROOT / "var", description="Runtime files: SQLite, index, models")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty means SQLite under var_dir")
    host: str = "127.0.0.1"
    port: int = 8000
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_seconds: float = 10.0
    secret_key: str = Field(
        default="",
        description=(
            "Signs what must not be forged (the token Rasa shows our action webhook). Required in production; "
            f"empty elsewhere means a random key made on first start and kept in var_dir/{SECRET_FILE} (mode 0600)"
        ),
    )
    city_site: str = Field(
        default="https://www.example-stad.se", description="The city's web site; sample links use it"
    )
    taxonomy_path: Path = PROJECT_ROOT / "taxonomy.yml"
    rasa_model_dir: Path | None = Field(default=None, description="Trained Rasa models; empty means var_dir/models")
    chat_rate_per_minute: int = Field(default=30, description="Messages one session may send a minute")
    chat_new_sessions_per_minute: int = Field(
        default=5, description="Conversations one client address may start a minute, so a new session_id cannot escape"
    )
    contact_forms_per_minute: int = Field(default=5, description="Contact forms one client address may send a minute")
    chat_text_retention_days: int = Field(
        default=90, description="Days the turn log keeps what a citizen wrote (redacted); the editors' inbox window"
    )
    dialogue_retention_days: int = Field(
        default=2, description="Days Rasa's tracker keeps a conversation's events, form answers included"
    )
    redis_url: str = Field(
        default="",
        description=(
            "Redis shared by every backend replica (redis://host:6379/0): rate limits count there, and a "
            "publish is announced there when the database is not PostgreSQL. Empty counts in this process"
        ),
    )
    content_check_seconds: float = Field(
        default=10.0,
        gt=0,
        description=(
            "How often a replica compares its index with the published content, the safety net under the "
            "announcements that normally bring a publish within a second"
        ),
    )
    jobs_in_process: bool = Field(
        default=True,
        description=(
            "Whether the backend runs the background jobs itself. On PostgreSQL, false leaves them to "
            "`python -m app worker` processes; each schedule runs once however many run. SQLite always in-process"
        ),
    )
    trusted_proxies: str = Field(
        default="",
        description=(
            "Comma-separated addresses or networks of the reverse proxies in front of the backend, whose "
            "X-Forwarded-For names the citizen's address for rate limits; empty believes no such header"
        ),
    )

    def uvicorn_proxy_options(self) -> dict[str, Any]:
        """uvicorn believes X-Forwarded-For from loopback by default, so a forged header got a fresh rate-limit
        budget; only the configured proxies are believed, and without any, nobody is."""
        return {"proxy_headers": bool(self.trusted_proxies), "forwarded_allow_ips": self.trusted_proxies or ""}

    @model_validator(mode="after")
    def _require_a_secret_in_production(self) -> Settings:
        """Every replica must sign alike, so production takes the key from its environment, never from a file."""
        if self.environment is Environment.PRODUCTION and not self.secret_key:
            raise ValueError("SECRET_KEY must be set to a real secret when ENVIRONMENT=production")
        return self

    @cached_property
    def secret(self) -> str:
        """SECRET_KEY, or this installation's own random key: no key that anyone else knows opens anything."""
        return self.secret_key or _installation_secret(self.var_dir / SECRET_FILE)

    @cached_property
    def sqlalchemy_url(self) -> str:
        """The database URL, with the SQLite default and the psycopg 3 driver filled in."""
        if not self.database_url:
            return f"sqlite:///{self.var_dir / 'kontaktcenter.db'}"
        url = self.database_url
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @property
    def models_dir(self) -> Path:
        return self.rasa_model_dir or self.var_dir / "models"

    @property
    def is_development(self) -> bool:
        return self.environment is not Environment.PRODUCTION


def _installation_secret(path: Path) -> str:
    """Read the key, or make it: written to a private temporary file and linked into place, so two processes
    starting at once agree on one key and neither reads a half-written file."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_urlsafe(48))
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text(encoding="ascii").strip()
