"""When Rasa is unreachable: a clear 503, readiness says why, and the contact form still creates a case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.composition import build_product, seed_product
from app.main import create_app
from app.migrations import upgrade_to_head
from app.settings import Environment, Settings
from chat.models import ChatTurn

pytestmark = pytest.mark.integration
CLOSED_PORT_URL = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    var_dir: Path = tmp_path_factory.mktemp("no-rasa")
    settings = Settings(environment=Environment.TEST, var_dir=var_dir, rasa_url=CLOSED_PORT_URL)
    upgrade_to_head(settings.sqlalchemy_url)
    product = build_product(settings)
    seed_product(product)
    product.warm_up()  # index and classifiers loaded before the first request, so readiness can only lack Rasa
    with TestClient(create_app(settings, product)) as client:
        client.product = product  # type: ignore[attr-defined]
        yield client


def contact_form(**fields: object) -> dict:
    return {
        "idempotency_key": "contact-form-0001",
        "summary": "Fakturan för förskolan är fel",
        "language": "sv",
        "contact_method": "email",
        "contact_value": "anna@example.se",
        "consent_given": True,
        **fields,
    }


def test_chat_answers_503_with_retry_after_and_a_reason(client: TestClient) -> None:
    response = client.post("/api/chat", json={"session_id": "s-503", "text": "hur söker jag förskola"})
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert "dialogue engine" in response.json()["detail"]


def test_the_undelivered_message_is_logged_not_lost(client: TestClient) -> None:
    client.post("/api/chat", json={"session_id": "s-lost", "text": "min faktura är fel"})
    with client.product.database.transaction() as session:  # type: ignore[attr-defined]
        turn = session.scalars(select(ChatTurn).where(ChatTurn.session_id == "s-lost")).one()
    assert turn.delivered is False and turn.text_redacted == "min faktura är fel"


def test_readiness_names_the_dialogue_engine(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["not_ready"] == ["dialogue_engine"]


def test_liveness_still_answers(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200


def test_contact_form_creates_a_case_and_a_retry_returns_the_same_one(client: TestClient) -> None:
    first = client.post("/api/contact", json=contact_form())
    again = client.post("/api/contact", json=contact_form())
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]


def test_contact_form_without_consent_is_refused_with_a_reason(client: TestClient) -> None:
    response = client.post("/api/contact", json=contact_form(idempotency_key="contact-form-0002", consent_given=False))
    assert response.status_code == 422
