"""When Rasa is unreachable: a clear 503, readiness says why, and the contact form still creates a case."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from chat.models import ChatTurn
from tests.support.contact import contact_form

pytestmark = pytest.mark.integration


def test_chat_answers_503_with_retry_after_and_a_reason(client_without_rasa: TestClient) -> None:
    response = client_without_rasa.post("/api/chat", json={"session_id": "s-503", "text": "hur söker jag förskola"})
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert "dialogue engine" in response.json()["detail"]


def test_the_undelivered_message_is_logged_not_lost(client_without_rasa: TestClient) -> None:
    client_without_rasa.post("/api/chat", json={"session_id": "s-lost", "text": "min faktura är fel"})
    with client_without_rasa.product.database.transaction() as session:  # type: ignore[attr-defined]
        turn = session.scalars(select(ChatTurn).where(ChatTurn.session_id == "s-lost")).one()
    assert turn.delivered is False and turn.text_redacted == "min faktura är fel"


def test_readiness_names_the_dialogue_engine(client_without_rasa: TestClient) -> None:
    response = client_without_rasa.get("/readyz")
    assert response.status_code == 503 and response.json()["not_ready"] == ["dialogue_engine"]


def test_liveness_still_answers(client_without_rasa: TestClient) -> None:
    assert client_without_rasa.get("/healthz").status_code == 200


def test_contact_form_creates_a_case_and_a_retry_returns_the_same_one(client_without_rasa: TestClient) -> None:
    first = client_without_rasa.post("/api/contact", json=contact_form())
    again = client_without_rasa.post("/api/contact", json=contact_form())
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]


def test_contact_form_without_consent_is_refused_with_a_reason(client_without_rasa: TestClient) -> None:
    form = contact_form(idempotency_key="contact-form-0002", consent_given=False)
    response = client_without_rasa.post("/api/contact", json=form)
    assert response.status_code == 422
