"""Rasa's endpoints.yml, written the same way wherever Rasa starts: by `make run` (app/rasa_project.py) and by
the Rasa container's entrypoint (deploy/rasa/entrypoint.py).

It lives here, beside the tracker store, because both Pythons import it: the backend's 3.11 and Rasa's 3.10.
It needs only the standard library, PyYAML and SQLAlchemy's URL parser, which both environments have.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import make_url

REDACTING_TRACKER_STORE = "bot.addons.tracker_store.RedactingSQLTrackerStore"


def action_webhook_token(secret_key: str) -> str:
    """The token Rasa presents when it calls the backend's action webhook, derived from the shared secret key."""
    return hmac.new(secret_key.encode(), b"rasa-action-webhook", hashlib.sha256).hexdigest()


def sqlite_tracker_store(path: Path) -> dict[str, Any]:
    return {"type": REDACTING_TRACKER_STORE, "dialect": "sqlite", "db": str(path)}


def database_tracker_store(database_url: str) -> dict[str, Any]:
    """The redacting SQL tracker store in the product's own database, so every Rasa replica shares it."""
    if database_url.startswith("postgres://"):  # a spelling SQLAlchemy refuses
        database_url = "postgresql://" + database_url[len("postgres://") :]
    url = make_url(database_url)
    config: dict[str, Any] = {
        "type": REDACTING_TRACKER_STORE,
        "dialect": url.get_backend_name(),  # Rasa connects with its own driver
        "url": url.host,
        "port": url.port,
        "db": url.database,
        "username": url.username,
        "password": url.password,
    }
    if url.query:  # e.g. sslmode=require for a managed PostgreSQL
        config["query"] = dict(url.query)
    return config


def lock_store(redis_url: str) -> dict[str, Any]:
    """Rasa's Redis lock store, so replicas that share the tracker store also share its conversation locks.

    Sticky routing (chat/rasa_client.py) keeps a conversation on one replica; the lock covers the moment a
    conversation fails over while its old replica still finishes a message.
    """
    url = make_url(redis_url)
    config: dict[str, Any] = {"type": "redis", "url": url.host, "port": url.port or 6379, "key_prefix": "kc"}
    if url.database:
        config["db"] = int(url.database)
    if url.password:
        config["password"] = url.password
    if url.drivername == "rediss":
        config["use_ssl"] = True
    return config


def write_endpoints(
    path: Path,
    *,
    action_url: str,
    secret_key: str,
    tracker_store: dict[str, Any],
    redis_url: str | None = None,
) -> Path:
    """endpoints.yml with mode 0600 from the start: it holds the database password and the webhook token."""
    endpoints: dict[str, Any] = {
        "action_endpoint": {"url": action_url, "token": action_webhook_token(secret_key)},
        "tracker_store": tracker_store,
    }
    if redis_url:
        endpoints["lock_store"] = lock_store(redis_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        yaml.safe_dump(endpoints, file, sort_keys=False)
    os.chmod(path, 0o600)  # an existing file keeps its old mode on open
    return path
