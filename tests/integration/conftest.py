"""The running product (real backend + real Rasa server with a trained model) on each database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.composition import build_product, seed_product
from app.main import create_app
from app.migrations import upgrade_to_head
from app.settings import Environment, Settings
from tests.support.stack import Stack, running_stack

CLOSED_PORT_URL = "http://127.0.0.1:9"


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    database_url = "" if request.param == "sqlite" else request.getfixturevalue("new_postgres_database")()
    with running_stack(tmp_path_factory.mktemp(f"stack-{request.param}"), database_url=database_url) as stack:
        yield stack


@pytest.fixture(scope="session")
def client_without_rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The whole backend on SQLite with Rasa unreachable: for what the edge decides before the dialogue."""
    var_dir = tmp_path_factory.mktemp("no-rasa")
    settings = Settings(
        environment=Environment.TEST, var_dir=var_dir, rasa_url=CLOSED_PORT_URL, chat_new_sessions_per_minute=10_000,
        contact_forms_per_minute=10_000,
    )  # fmt: skip
    upgrade_to_head(settings.sqlalchemy_url)
    product = build_product(settings)
    seed_product(product)
    product.warm_up()  # index and classifiers loaded before the first request, so readiness can only lack Rasa
    with TestClient(create_app(settings, product)) as client:
        client.product = product  # type: ignore[attr-defined]
        yield client
