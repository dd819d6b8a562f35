"""One chat turn: limit, detect the language, check for an emergency, relay to Rasa, assemble, log.

An emergency is answered here, before Rasa: whatever the dialogue is doing
(a form half filled in, a request for a person), acute danger gets 112 first,
and it does so even when the dialogue engine is down.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anyio import to_thread

from app.clock import Clock
from app.db import Database
from app.errors import RateLimited, Unavailable
from app.ratelimit import RateLimiter
from chat import repository
from chat.assembly import assemble_turn
from chat.models import ChatTurn
from chat.rasa_client import RasaClient
from chat.safety import Emergency, guidance
from chat.schemas import ChatMessage, ChatMeta, ChatRequest, ChatResponse

LanguageDetector = Callable[[str, str | None], str]
EmergencyDetector = Callable[[str], Emergency | None]
Redactor = Callable[[str], str]


class ChatGateway:
    def __init__(
        self,
        *,
        rasa: RasaClient,
        database: Database,
        clock: Clock,
        detect_language: LanguageDetector,
        detect_emergency: EmergencyDetector,
        redact: Redactor,
        session_limiter: RateLimiter,
        client_limiter: RateLimiter,
    ) -> None:
        self._rasa = rasa
        self._database = database
        self._clock = clock
        self._detect_language = detect_language
        self._detect_emergency = detect_emergency
        self._redact = redact
        self._session_limiter = session_limiter
        self._client_limiter = client_limiter

    async def handle(self, request: ChatRequest, *, client_key: str) -> ChatResponse:
        if not self._session_limiter.allow(request.session_id) or not self._client_limiter.allow(client_key):
            raise RateLimited("too many messages in a short time; wait a moment and send again")
        lang = self._turn_language(request)
        emergency = None if _is_button(request.text) else await to_thread.run_sync(self._detect_emergency, request.text)
        if emergency is not None:
            return await self._emergency_turn(request, emergency, lang)
        metadata: dict[str, Any] = {"lang": lang, "page_lang": request.lang}
        try:
            raw = await self._rasa.send(session_id=request.session_id, text=request.text, metadata=metadata)
        except Unavailable:
            await to_thread.run_sync(self._record, request, lang, None, set())
            raise
        messages, meta, flags = assemble_turn(raw, lang=lang)
        await to_thread.run_sync(self._record, request, lang, meta, flags)
        return ChatResponse(session_id=request.session_id, messages=messages, meta=meta)

    async def _emergency_turn(self, request: ChatRequest, emergency: Emergency, lang: str) -> ChatResponse:
        text, spoken = guidance(emergency, lang)
        meta = ChatMeta(action="emergency", confidence=1.0, lang=spoken)
        flags = {"manager"} if emergency.flags_manager else set()
        await to_thread.run_sync(self._record, request, lang, meta, flags)
        return ChatResponse(session_id=request.session_id, messages=[ChatMessage(text=text)], meta=meta)

    def _turn_language(self, request: ChatRequest) -> str:
        """Button payloads ("/affirm") carry no language; the page hint or Swedish stands."""
        if _is_button(request.text):
            return request.lang or "sv"
        return self._detect_language(request.text, request.lang)

    def _record(self, request: ChatRequest, lang: str, meta: ChatMeta | None, flags: set[str]) -> None:
        """Logs the turn, redacted; an undelivered message is logged too, so none is lost silently."""
        turn = ChatTurn(
            session_id=request.session_id,
            created_at=self._clock.now(),
            text_redacted=self._redact(request.text),
            lang=meta.lang if meta else lang,
            delivered=meta is not None,
            flagged_for_manager="manager" in flags,
        )
        if meta is not None:
            turn.action = meta.action
            turn.topic = meta.topic
            turn.answer_group = meta.answer_group
            turn.kb_entry_id = meta.kb_entry_id
            turn.confidence = meta.confidence
            turn.candidates = list(meta.candidates)
            turn.offer_handover = meta.offer_handover
            turn.case_id = meta.case_id
        repository.add_turn(self._database, turn)

    async def dialogue_engine_is_up(self) -> bool:
        return await self._rasa.is_up()

    async def aclose(self) -> None:
        await self._rasa.aclose()


def _is_button(text: str) -> bool:
    """A button's payload ("/affirm"), not words the citizen typed."""
    return text.startswith("/")
