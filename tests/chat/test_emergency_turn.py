"""An emergency is answered by the gateway before the dialogue engine: 112 first, whatever Rasa is doing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.clock import SystemClock
from app.db import Database
from app.ratelimit import RateLimiter
from app.redaction import redact
from chat.models import ChatTurn
from chat.rasa_client import RasaClient
from chat.safety import GUIDANCE, GUIDANCE_LANGUAGES, Emergency, EmergencyKind
from chat.schemas import ChatRequest
from chat.service import ChatGateway

pytestmark = pytest.mark.integration
CLOSED_PORT = "http://127.0.0.1:9"  # no dialogue engine: the emergency must not need one


def gateway(database: Database, found: Emergency | None) -> ChatGateway:
    clock = SystemClock()
    return ChatGateway(
        rasa=RasaClient.from_setting(CLOSED_PORT, timeout_seconds=1),
        database=database,
        clock=clock,
        detect_language=lambda text, hint: hint or "sv",
        detect_emergency=lambda text: found,
        redact=redact,
        session_limiter=RateLimiter(clock=clock, limit=100, window=timedelta(minutes=1)),
        client_limiter=RateLimiter(clock=clock, limit=100, window=timedelta(minutes=1)),
    )


def send(chat: ChatGateway, text: str, lang: str | None = None):  # type: ignore[no-untyped-def]
    return asyncio.run(chat.handle(ChatRequest(session_id="s-emergency", text=text, lang=lang), client_key="test"))


def test_emergency_gets_guidance_even_with_the_dialogue_engine_down(database: Database) -> None:
    reply = send(gateway(database, Emergency(EmergencyKind.FIRE, flags_manager=False)), "det brinner i trapphuset")
    assert reply.meta.action == "emergency" and reply.messages[0].text.startswith("Ring 112")


def test_threat_to_staff_is_logged_redacted_and_flagged_for_a_manager(database: Database) -> None:
    threat = Emergency(EmergencyKind.THREAT_TO_OFFICIAL, flags_manager=True)
    send(gateway(database, threat), "jag ska skada handläggaren, ring mig på 070-123 45 67")
    with database.transaction() as session:
        turn = session.scalars(select(ChatTurn).where(ChatTurn.session_id == "s-emergency")).one()
    assert turn.action == "emergency" and turn.flagged_for_manager and "070-123" not in turn.text_redacted


def test_a_language_without_guidance_gets_english(database: Database) -> None:
    reply = send(gateway(database, Emergency(EmergencyKind.SUICIDE, flags_manager=False)), "...", lang="so")
    assert reply.meta.lang == "en" and reply.messages[0].text.startswith("If you are in immediate danger, call 112")


@pytest.mark.unit
@pytest.mark.parametrize("kind", list(EmergencyKind))
@pytest.mark.parametrize("lang", GUIDANCE_LANGUAGES)
def test_guidance_names_112_before_any_other_number(kind: EmergencyKind, lang: str) -> None:
    text = GUIDANCE[kind][lang]
    numbers = [
        text.find(number) for number in ("112", "1177", "114 14", "90101", "116 111", "020-50") if number in text
    ]
    assert text.find("112") == min(numbers)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (EmergencyKind.SUICIDE, "90101"),
        (EmergencyKind.VIOLENCE, "020-50 50 50"),
        (EmergencyKind.CHILD_AT_RISK, "116 111"),
        (EmergencyKind.MEDICAL, "1177"),
    ],
)
def test_guidance_gives_the_exact_national_numbers(kind: EmergencyKind, number: str) -> None:
    assert all(number in GUIDANCE[kind][lang] for lang in GUIDANCE_LANGUAGES)
