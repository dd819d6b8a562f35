"""HTTP edge of the chat: POST /api/chat (API.md) and GET /api/chat/notice (the crisis message)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from chat.notices import NoticeBoard
from chat.schemas import ChatRequest, ChatResponse, NoticePublic
from chat.service import ChatGateway

router = APIRouter(tags=["chat"])


def get_chat_gateway(request: Request) -> ChatGateway:
    return request.app.state.chat


@router.post(
    "/api/chat",
    response_model=ChatResponse,
    summary="Send one citizen message and get the bot's whole turn",
    responses={
        422: {"description": "The body breaks the contract"},
        429: {"description": "Too fast"},
        503: {"description": "The dialogue engine is unreachable; use the contact form"},
    },
)
async def chat(
    body: ChatRequest, request: Request, gateway: Annotated[ChatGateway, Depends(get_chat_gateway)]
) -> ChatResponse:
    client_key = request.client.host if request.client else "unknown"
    return await gateway.handle(body, client_key=client_key)


def get_notice_board(request: Request) -> NoticeBoard:
    return request.app.state.notices


@router.get(
    "/api/chat/notice",
    summary="The active crisis message, shown first in every new chat",
    responses={404: {"description": "No crisis message right now"}},
)
def crisis_notice(
    board: Annotated[NoticeBoard, Depends(get_notice_board)],
    lang: Annotated[str, Query(pattern=r"^[a-z]{2}$", description="The widget's language")] = "sv",
) -> NoticePublic:
    notice = board.current()
    if notice is None:
        raise HTTPException(status_code=404, detail="no crisis notice")
    shown = "en" if lang == "en" else "sv"
    return NoticePublic(
        text=notice.text_in(shown), lang=shown, texts={"sv": notice.text_sv, "en": notice.text_en},
        ends_at=notice.ends_at,
    )  # fmt: skip
