"""Rasa's endpoints.yml: one writer for `make run` and the Rasa container, private, with the stores replicas share."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import yaml

from bot.addons.endpoints import action_webhook_token, database_tracker_store, lock_store, write_endpoints

pytestmark = pytest.mark.unit


def written(
    tmp_path: Path, *, redis_url: str | None = None, database_url: str = "postgresql://kc:pw@db:5432/kc"
) -> dict:
    path = write_endpoints(
        tmp_path / "rasa" / "endpoints.yml",
        action_url="http://backend:8000/webhook",
        secret_key="a shared secret",
        tracker_store=database_tracker_store(database_url),
        redis_url=redis_url,
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, "it holds the database password and the webhook token"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_rasa_presents_the_token_the_backend_derives_from_the_shared_secret(tmp_path: Path) -> None:
    endpoints = written(tmp_path)
    assert endpoints["action_endpoint"] == {
        "url": "http://backend:8000/webhook",
        "token": action_webhook_token("a shared secret"),
    }


def test_every_replica_keeps_its_conversations_in_the_products_database(tmp_path: Path) -> None:
    store = written(tmp_path, database_url="postgres://kc:pw@db:5433/kc?sslmode=require")["tracker_store"]
    assert store["type"] == "bot.addons.tracker_store.RedactingSQLTrackerStore"
    assert (store["dialect"], store["url"], store["port"], store["db"]) == ("postgresql", "db", 5433, "kc")
    assert store["query"] == {"sslmode": "require"}


def test_the_redis_lock_store_comes_only_with_a_redis_url(tmp_path: Path) -> None:
    assert "lock_store" not in written(tmp_path)
    assert written(tmp_path, redis_url="redis://redis:6379/2")["lock_store"] == lock_store("redis://redis:6379/2")
    assert lock_store("rediss://:secret@cache.example")["use_ssl"] is True
