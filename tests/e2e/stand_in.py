"""A tiny stand-in for the chat API, for the widget's rendering and keyboard tests only.

It answers POST /api/chat with canned turns in the API.md shape, serves an
optional crisis notice, and accepts the contact form. The real chat (Rasa,
the knowledge base, handover) is tested end to end by the full-stack tests.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

CASE_REFERENCE = "KC-2026-7H3KQ9XT"
CONTACT_REFERENCE = "KC-2026-4F7K2QAB"


def meta(action: str, lang: str = "sv", **fields: Any) -> dict[str, Any]:
    return {"action": action, "topic": None, "answer_group": None, "kb_entry_id": None, "confidence": 0.9,
            "candidates": [], "offer_handover": False, "case_id": None, "lang": lang} | fields  # fmt: skip


class ChatStandIn:
    def __init__(self) -> None:
        self.notice: str | None = None
        self.down = False
        self.chat_requests: list[dict[str, Any]] = []
        self.contact_requests: list[dict[str, Any]] = []
        self.router = APIRouter()
        self.router.add_api_route("/api/chat", self.chat, methods=["POST"])
        self.router.add_api_route("/api/chat/notice", self.crisis_notice, methods=["GET"])
        self.router.add_api_route("/api/contact", self.contact, methods=["POST"])

    async def chat(self, body: dict[str, Any]) -> JSONResponse:
        self.chat_requests.append(body)
        text = body["text"].lower()
        if self.down or "trasig" in text:
            return JSONResponse(
                {"detail": "Dialogue engine unavailable"}, status_code=503, headers={"Retry-After": "10"}
            )
        if text == "/affirm":
            turn = [{"text": "Vad bra! Skriv gärna om du undrar något mer."}], meta("chitchat")
        elif text in {"/request_human", "jag vill prata med en människa"}:
            turn = (
                [{"text": "Tack! Ditt ärende är skickat till Förskola. En handläggare ringer dig."}],
                meta("handover", answer_group="forskola", case_id=CASE_REFERENCE),
            )
        elif "preschool" in text:
            turn = (
                [
                    {
                        "text": "You can apply for a preschool place when your child is four months old.",
                        "link": {"title": "Apply for a preschool place", "url": "https://www.example-stad.se/forskola"},
                    }
                ],
                meta("answer", "en", topic="forskola.ansoka", answer_group="forskola"),
            )
        else:
            turn = [
                {"text": "Du kan ansöka om förskoleplats när barnet är fyra månader.\nDu får plats inom fyra månader.",
                 "link": {"title": "Ansök om förskoleplats", "url": "https://www.example-stad.se/forskola"}},
                {"text": "Fick du svar på din fråga?",
                 "buttons": [{"title": "Ja", "payload": "/affirm"}, {"title": "Nej", "payload": "/deny"}]},
            ], meta("answer", topic="forskola.ansoka", answer_group="forskola")  # fmt: skip
        messages, turn_meta = turn
        return JSONResponse({"session_id": body["session_id"], "messages": messages, "meta": turn_meta})

    async def crisis_notice(self) -> JSONResponse:
        if self.notice is None:
            return JSONResponse({"detail": "No active notice"}, status_code=404)
        return JSONResponse({"text": self.notice, "ends_at": "2026-11-25T18:00:00Z"})

    async def contact(self, body: dict[str, Any]) -> JSONResponse:
        self.contact_requests.append(body)
        if body.get("contact_value") == "070":
            return JSONResponse(
                {"detail": [{"field": "contact_value", "problem": "Telefonnumret gick inte att känna igen."}]},
                status_code=422,
            )
        return JSONResponse(
            {
                "reference": CONTACT_REFERENCE,
                "answer_group": "forskola",
                "due_at": "2026-11-25T15:00:00Z",
                "created": True,
            },
            status_code=201,
        )
