"""The chat API contract (API.md): request, messages and the turn's meta."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.citizen_text import CitizenText

SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,128}$"
MAX_TEXT_LENGTH = 2000

TurnAction = Literal[
    "answer", "clarify", "handover", "case_status", "emergency", "out_of_scope", "chitchat", "fallback"
]


class ChatRequest(BaseModel):
    session_id: str = Field(pattern=SESSION_ID_PATTERN, description="One conversation; 1-128 chars of [A-Za-z0-9_-]")
    text: CitizenText = Field(
        min_length=1,
        max_length=MAX_TEXT_LENGTH,
        description=(
            f"What the citizen typed, or a button's payload: 1-{MAX_TEXT_LENGTH} characters of valid Unicode. "
            "Control and invisible characters are removed; a text that is empty after that is refused."
        ),
    )
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2}$", description="ISO 639-1 hint from the page")


class Button(BaseModel):
    title: str
    payload: str


class Link(BaseModel):
    title: str
    url: str


class ChatMessage(BaseModel):
    text: str
    buttons: list[Button] = Field(default_factory=list)
    link: Link | None = None


class ChatMeta(BaseModel):
    action: TurnAction = "fallback"
    topic: str | None = None
    answer_group: str | None = None
    kb_entry_id: str | None = None
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    candidates: list[str] = Field(default_factory=list)
    offer_handover: bool = False
    case_id: str | None = None
    lang: str = "sv"


class ChatResponse(BaseModel):
    session_id: str
    messages: list[ChatMessage]
    meta: ChatMeta


class NoticePublic(BaseModel):
    """The crisis message for the widget: the text in the asked language (Swedish unless English), both texts."""

    text: str
    lang: str
    texts: dict[str, str]
    ends_at: datetime
