"""The handover domain's own settings (environment prefix HANDOVER_)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class HandoverSettings(BaseSettings):
    """Mail relay, outbox retry policy, routing threshold and retention.

    Defaults suit development: an SMTP relay on localhost:25 without TLS,
    which a city replaces with its own relay through HANDOVER_SMTP_*.
    """

    model_config = SettingsConfigDict(env_prefix="HANDOVER_", env_file=None, extra="ignore", frozen=True)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0
    mail_from: str = Field(default="kontaktcenter@example-stad.se", description="Sender of replies to citizens")

    outbox_max_attempts: int = Field(default=8, ge=1, description="Attempts before a message is given up")
    outbox_backoff_seconds: float = Field(default=30.0, gt=0, description="Wait after the first failure; doubles")
    outbox_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    outbox_batch_size: int = Field(default=50, ge=1)
    outbox_lease_seconds: float = Field(default=120.0, gt=0, description="How long a worker holds a message")

    classifier_min_confidence: float = Field(
        default=0.5, ge=0, le=1, description="Below this, an unknown topic goes to the fallback group"
    )
    language_offer_minutes: int = Field(
        default=60, ge=0, description="How long a non-Swedish case is shown first to officers who speak it"
    )
    personal_data_retention_days: int = Field(
        default=14, ge=0, description="Days after closing before contact details and transcript are deleted"
    )
