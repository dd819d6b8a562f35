"""An emergency is answered by the gateway before the dialogue engine: 112 first, whatever Rasa is doing."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from app.clock import SystemClock
from app.db import Database
from app.errors import RateLimited
from app.ratelimit import RateLimits
from app.redaction import redact
from chat.models import ChatTurn
from chat.rasa_client import RasaClient
from chat.safety import GUIDANCE, GUIDANCE_LANGUAGES, Emergency, EmergencyKind
from chat.schemas import ChatRequest
from chat.service import ChatGateway, ChatLimits

pytestmark = pytest.mark.integration
CLOSED_PORT = "http://127.0.0.1:9"  # no dialogue engine: the emergency must not need one


def generous_limits(clock: SystemClock) -> ChatLimits:
    return ChatLimits.per_minute(
        RateLimits(clock=clock), messages_per_session=100, messages_per_client=100, new_sessions_per_client=100
    )


def gateway(database: Database, found: Emergency | None, limits: ChatLimits | None = None) -> ChatGateway:
    clock = SystemClock()
    return ChatGateway(
        rasa=RasaClient.from_setting(CLOSED_PORT, timeout_seconds=1),
        database=database,
        clock=clock,
        detect_language=lambda text, hint: hint or "sv",
        detect_emergency=lambda text, patterns_only=False: found,
        redact=redact,
        limits=limits or generous_limits(clock),
    )


def send(chat: ChatGateway, text: str, lang: str | None = None, session_id: str = "s-emergency"):  # type: ignore[no-untyped-def]
    return asyncio.run(chat.handle(ChatRequest(session_id=session_id, text=text, lang=lang), client_key="test"))


def test_a_new_session_id_does_not_escape_the_limits_but_a_running_conversation_goes_on(database: Database) -> None:
    limits = ChatLimits.per_minute(
        RateLimits(clock=SystemClock()), messages_per_session=100, messages_per_client=100, new_sessions_per_client=2
    )
    chat = gateway(database, Emergency(EmergencyKind.FIRE, flags_manager=False), limits)
    send(chat, "det brinner", session_id="s-new-1")
    send(chat, "det brinner", session_id="s-new-2")
    with pytest.raises(RateLimited, match="new conversations"):
        send(chat, "det brinner", session_id="s-new-3")
    assert send(chat, "det brinner fortfarande", session_id="s-new-1").meta.action == "emergency"


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


class ScriptedDialogue:
    """Rasa's REST channel as the gateway sees it, answering every message with one canned turn."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.received: list[str] = []

    async def send(self, *, session_id: str, text: str, metadata: dict) -> list[dict]:  # type: ignore[type-arg]
        self.received.append(text)
        meta = {"action": "answer", "topic": "skola.fritids", "confidence": 0.9, "lang": "sv"}
        return [{"text": self.answer}, {"custom": {"meta": meta}}]

    async def is_up(self) -> bool:
        return True

    async def aclose(self) -> None:
        return None


class RecordingCheck:
    def __init__(self, found: Emergency | None) -> None:
        self.found = found
        self.calls: list[tuple[str, bool]] = []

    def __call__(self, text: str, *, patterns_only: bool = False) -> Emergency | None:
        self.calls.append((text, patterns_only))
        return self.found


def gateway_with(database: Database, dialogue: ScriptedDialogue, check: RecordingCheck) -> ChatGateway:
    clock = SystemClock()
    return ChatGateway(
        rasa=dialogue,
        database=database,
        clock=clock,
        detect_language=lambda text, hint: hint or "sv",
        detect_emergency=check,
        redact=redact,
        limits=generous_limits(clock),
    )


def ask(chat: ChatGateway, session_id: str, text: str):  # type: ignore[no-untyped-def]
    return asyncio.run(chat.handle(ChatRequest(session_id=session_id, text=text), client_key="test"))


def bot_turn_before(database: Database, session_id: str, *, offered: list[str], expects: str | None = None) -> None:
    """A logged earlier turn in which the bot offered these buttons and, in a form, asked for a slot."""
    with database.transaction() as session:
        session.add(
            ChatTurn(session_id=session_id, created_at=SystemClock().now(), text_redacted="fråga", lang="sv",
                     offered_payloads=offered, expects=expects)
        )  # fmt: skip


def test_a_disclosure_inside_a_question_gets_guidance_first_then_the_answer_to_the_rest(database: Database) -> None:
    dialogue = ScriptedDialogue("Fritids kostar ...")
    found = Emergency(EmergencyKind.CHILD_AT_RISK, flags_manager=False, rest="Vad kostar fritids?")
    reply = ask(gateway_with(database, dialogue, RecordingCheck(found)), "s-mixed", "Vad kostar fritids? ...")
    assert reply.meta.action == "emergency" and reply.messages[0].text.startswith(
        "Är ett barn i fara just nu: ring 112"
    )
    assert dialogue.received == ["Vad kostar fritids?"] and reply.messages[-1].text == "Fritids kostar ..."


def test_typed_text_with_a_slash_in_front_is_checked(database: Database) -> None:
    check = RecordingCheck(None)
    ask(gateway_with(database, ScriptedDialogue("..."), check), "s-slash", "/jag vill ta livet av mig")
    assert check.calls == [("jag vill ta livet av mig", False)]


def test_a_form_answer_is_read_by_the_patterns_only_and_reaches_the_form(database: Database) -> None:
    dialogue = ScriptedDialogue("Vilket språk?")
    check = RecordingCheck(None)
    chat = gateway_with(database, dialogue, check)
    bot_turn_before(database, "s-form", offered=["/cancel_handover"], expects="contact_name")
    ask(chat, "s-form", "Anna Svensson")
    assert check.calls == [("Anna Svensson", True)]
    assert dialogue.received == ['/inform{"contact_name": "Anna Svensson"}']


@pytest.mark.parametrize(
    ("slot", "typed", "logged"),
    [
        ("contact_name", "Anna Svensson", "[namn]"),
        ("contact_value", "070 12 34 56 7", "[kontaktuppgift]"),
        ("summary_addition", "mitt personnummer är 850709-9805", "mitt personnummer är [personnummer]"),
    ],
)
def test_a_name_or_contact_detail_typed_into_the_form_is_logged_as_a_tag(
    database: Database, slot: str, typed: str, logged: str
) -> None:
    chat = gateway_with(database, ScriptedDialogue("Nästa fråga"), RecordingCheck(None))
    bot_turn_before(database, f"s-{slot}", offered=[], expects=slot)
    ask(chat, f"s-{slot}", typed)
    assert logged_texts(database, f"s-{slot}")[-1] == logged


def logged_texts(database: Database, session_id: str) -> list[str]:
    with database.transaction() as session:
        query = select(ChatTurn.text_redacted).where(ChatTurn.session_id == session_id).order_by(ChatTurn.id)
        return list(session.scalars(query))


def test_a_form_answer_that_matches_a_danger_pattern_still_reaches_the_form(database: Database) -> None:
    dialogue = ScriptedDialogue("Vilket språk?")
    chat = gateway_with(database, dialogue, RecordingCheck(Emergency(EmergencyKind.VIOLENCE, flags_manager=False)))
    bot_turn_before(database, "s-form2", offered=[], expects="summary_addition")
    reply = ask(chat, "s-form2", "han slår mig")
    assert reply.meta.action == "emergency" and dialogue.received == ['/inform{"summary_addition": "han slår mig"}']
    assert [message.text for message in reply.messages][-1] == "Vilket språk?"


def test_only_offered_buttons_skip_the_check(database: Database) -> None:
    dialogue = ScriptedDialogue("Tack!")
    check = RecordingCheck(None)
    chat = gateway_with(database, dialogue, check)
    bot_turn_before(database, "s-button", offered=["/affirm", "/deny"])
    ask(chat, "s-button", "/affirm")
    assert check.calls == []
    ask(chat, "s-button", "/affirm")  # the answer to it offered no buttons
    assert check.calls == [("affirm", False)]


def test_an_unsure_reading_asks_about_danger_before_the_usual_answer(database: Database) -> None:
    dialogue = ScriptedDialogue("Fritids kostar ...")
    unsure = Emergency(EmergencyKind.MEDICAL, flags_manager=False, rest="...", sure=False)
    reply = ask(gateway_with(database, dialogue, RecordingCheck(unsure)), "s-unsure", "min mamma mår inte bra")
    assert reply.meta.action == "answer" and "112" in reply.messages[0].text
    assert reply.messages[-1].text == "Fritids kostar ..." and dialogue.received == ["min mamma mår inte bra"]
