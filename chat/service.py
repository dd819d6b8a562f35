"""One chat turn: limit, detect the language, check for an emergency, relay to Rasa, assemble, log.

An emergency is answered here, before Rasa: whatever the dialogue is doing
(a form half filled in, a request for a person), acute danger gets 112 first,
and it does so even when the dialogue engine is down. What the bot's last turn
left open (the buttons it offered, the form question it asked) is read from
the turn log, so any backend replica reads a message the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from anyio import to_thread

from app.clock import Clock
from app.db import Database
from app.errors import RateLimited, Unavailable
from app.payloads import parse_payload
from app.ratelimit import Limiter, RateLimits
from app.redaction import FORM_ANSWER_TAGS
from chat import repository
from chat.assembly import AssembledTurn, assemble_turn
from chat.dialogue_state import DialogueState, IncomingMessage, Reading, read_message
from chat.models import ChatTurn
from chat.rasa_client import RasaMessage
from chat.safety import Emergency, guidance, safety_question
from chat.schemas import ChatMessage, ChatMeta, ChatRequest, ChatResponse

LanguageDetector = Callable[[str, str | None], str]
Redactor = Callable[[str], str]


class DialogueEngine(Protocol):
    """Rasa's REST channel, as the gateway uses it (chat.rasa_client.RasaClient)."""

    async def send(self, *, session_id: str, text: str, metadata: dict[str, Any]) -> list[RasaMessage]: ...

    async def is_up(self) -> bool: ...

    async def aclose(self) -> None: ...


class EmergencyCheck(Protocol):
    def __call__(self, text: str, *, patterns_only: bool = False) -> Emergency | None: ...


# Said between the emergency guidance and the answer to the rest of the message.
OTHER_QUESTION = {"sv": "Om din andra fråga:", "en": "About your other question:", "fi": "Toisesta kysymyksestäsi:"}


@dataclass(frozen=True)
class ChatLimits:
    """How much one conversation and one client address may send in a minute.

    A fresh session_id would escape the per-session limit, so a client may
    also start only a few conversations a minute.
    """

    per_session: Limiter
    per_client: Limiter
    new_sessions_per_client: Limiter

    @classmethod
    def per_minute(
        cls, limits: RateLimits, *, messages_per_session: int, messages_per_client: int, new_sessions_per_client: int
    ) -> ChatLimits:
        minute = timedelta(minutes=1)
        return cls(
            per_session=limits.limiter("chat-session", limit=messages_per_session, window=minute),
            per_client=limits.limiter("chat-client", limit=messages_per_client, window=minute),
            new_sessions_per_client=limits.limiter("chat-new-session", limit=new_sessions_per_client, window=minute),
        )


class ChatGateway:
    def __init__(
        self,
        *,
        rasa: DialogueEngine,
        database: Database,
        clock: Clock,
        detect_language: LanguageDetector,
        detect_emergency: EmergencyCheck,
        redact: Redactor,
        limits: ChatLimits,
    ) -> None:
        self._rasa = rasa
        self._database = database
        self._clock = clock
        self._detect_language = detect_language
        self._detect_emergency = detect_emergency
        self._redact = redact
        self._limits = limits

    async def handle(self, request: ChatRequest, *, client_key: str) -> ChatResponse:
        limits = self._limits
        if not limits.per_session.allow(request.session_id) or not limits.per_client.allow(client_key):
            raise RateLimited("too many messages in a short time; wait a moment and send again")
        latest = await to_thread.run_sync(repository.latest_turn, self._database, request.session_id)
        if latest is None and not limits.new_sessions_per_client.allow(client_key):
            raise RateLimited("too many new conversations from this address; wait a moment and send again")
        state = _state_after(latest)
        incoming = read_message(request.text, state)
        lang = self._turn_language(request, incoming)
        emergency = await to_thread.run_sync(self._check, incoming)
        if emergency is not None and emergency.sure:
            return await self._emergency_turn(request, incoming, emergency, lang, state)
        try:
            turn = await self._relay(request.session_id, incoming.rasa_text, lang, request.lang)
        except Unavailable:
            await to_thread.run_sync(self._record, request, incoming.answered_slot, lang, None, set(), state)
            raise
        if emergency is not None:  # the semantic check is unsure: ask, then answer as usual
            turn.messages.insert(0, ChatMessage(text=safety_question(turn.meta.lang)))
        await to_thread.run_sync(self._record, request, incoming.answered_slot, lang, turn.meta, turn.flags, turn.state)
        return ChatResponse(session_id=request.session_id, messages=turn.messages, meta=turn.meta)

    def _check(self, incoming: IncomingMessage) -> Emergency | None:
        """A click is not checked; an answer to a form question only by the explicit danger patterns."""
        if incoming.reading is Reading.BUTTON:
            return None
        return self._detect_emergency(incoming.checked_text, patterns_only=incoming.reading is Reading.FORM_ANSWER)

    async def _relay(self, session_id: str, text: str, lang: str, page_lang: str | None) -> AssembledTurn:
        metadata: dict[str, Any] = {"lang": lang, "page_lang": page_lang}
        raw = await self._rasa.send(session_id=session_id, text=text, metadata=metadata)
        return assemble_turn(raw, lang=lang)

    async def _emergency_turn(
        self, request: ChatRequest, incoming: IncomingMessage, emergency: Emergency, lang: str, state: DialogueState
    ) -> ChatResponse:
        """112 and the right line first, whatever else the message said; then, in the same turn, the rest of it.

        The rest is the form answer itself (so a name is never lost to a false alarm) or the parts of a mixed
        message that carry no danger ("what does fritids cost"). If Rasa is down, the guidance still stands.
        """
        text, spoken = guidance(emergency, lang)
        messages = [ChatMessage(text=text)]
        meta = ChatMeta(action="emergency", confidence=1.0, lang=spoken)
        flags = {"manager"} if emergency.flags_manager else set()
        follow_up = incoming.rasa_text if incoming.reading is Reading.FORM_ANSWER else emergency.rest
        if follow_up:
            try:
                rest = await self._relay(request.session_id, follow_up, lang, request.lang)
            except Unavailable:
                rest = None
            if rest is not None and rest.messages:
                if incoming.reading is not Reading.FORM_ANSWER:
                    messages.append(ChatMessage(text=OTHER_QUESTION.get(spoken, OTHER_QUESTION["en"])))
                messages += rest.messages
                flags |= rest.flags
                state = rest.state
        await to_thread.run_sync(self._record, request, incoming.answered_slot, lang, meta, flags, state)
        return ChatResponse(session_id=request.session_id, messages=messages, meta=meta)

    def _turn_language(self, request: ChatRequest, incoming: IncomingMessage) -> str:
        """A click or a form answer (a name, a number) carries no language; the page hint or Swedish stands."""
        if incoming.reading is not Reading.MESSAGE or parse_payload(request.text) is not None:
            return request.lang or "sv"
        return self._detect_language(incoming.checked_text, request.lang)

    def _record(
        self,
        request: ChatRequest,
        answered_slot: str | None,
        lang: str,
        meta: ChatMeta | None,
        flags: set[str],
        state: DialogueState,
    ) -> None:
        """Logs the turn, redacted (a name or contact detail typed into the form as a whole), with what the bot
        left open; an undelivered message is logged too, so none is lost silently (and the form question it
        answered stays open)."""
        turn = ChatTurn(
            session_id=request.session_id,
            created_at=self._clock.now(),
            text_redacted=FORM_ANSWER_TAGS.get(answered_slot or "") or self._redact(request.text),
            lang=meta.lang if meta else lang,
            delivered=meta is not None,
            flagged_for_manager="manager" in flags,
            offered_payloads=sorted(state.offered_payloads),
            expects=state.expects,
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


def _state_after(turn: ChatTurn | None) -> DialogueState:
    """What the bot's latest turn left open; nothing for a new conversation."""
    if turn is None:
        return DialogueState()
    return DialogueState(frozenset(turn.offered_payloads or ()), turn.expects)
