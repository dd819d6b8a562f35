"""A citizen's conversation through /api/chat on the real stack: Rasa decides, our actions answer."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select

from chat.models import ChatTurn
from tests.support.stack import Stack

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def new_session() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def say(stack: Stack, text: str, session_id: str, lang: str | None = None) -> dict:
    body = {"session_id": session_id, "text": text, **({"lang": lang} if lang else {})}
    response = httpx.post(f"{stack.base_url}/api/chat", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


class TestConversation:
    def test_greeting_is_small_talk_that_says_it_is_a_digital_assistant(self, stack: Stack) -> None:
        reply = say(stack, "hej", new_session())
        assert reply["meta"]["action"] == "chitchat"
        assert "digital" in reply["messages"][0]["text"]

    def test_question_is_answered_from_the_knowledge_base_with_topic_group_and_link(self, stack: Stack) -> None:
        reply = say(stack, "hur ansöker jag om plats i förskolan för mitt barn", new_session())
        meta = reply["meta"]
        assert (meta["action"], meta["topic"], meta["answer_group"]) == ("answer", "forskola.ansoka", "forskola")
        assert meta["kb_entry_id"] and reply["messages"][0]["link"]["url"].startswith("http")
        assert [b["payload"] for b in reply["messages"][-1]["buttons"]] == ["/affirm", "/deny"]

    def test_english_question_is_answered_in_english(self, stack: Stack) -> None:
        reply = say(stack, "how do I apply for a resident parking permit", new_session(), lang="en")
        assert reply["meta"]["lang"] == "en" and reply["meta"]["topic"] == "park.boende"

    def test_no_after_an_answer_offers_a_person_from_the_topics_group(self, stack: Stack) -> None:
        session_id = new_session()
        say(stack, "hur ansöker jag om plats i förskolan för mitt barn", session_id)
        reply = say(stack, "/deny", session_id)
        assert reply["meta"]["action"] == "handover" and reply["meta"]["answer_group"] == "forskola"
        assert reply["meta"]["offer_handover"] is True and len(reply["messages"]) == 1

    def test_a_message_no_rule_expects_gets_one_reply_and_the_bot_waits(self, stack: Stack) -> None:
        reply = say(stack, "/cancel_handover", new_session())
        assert len(reply["messages"]) == 1

    def test_emergency_gives_112_first(self, stack: Stack) -> None:
        reply = say(stack, "det brinner i trapphuset", new_session())
        assert reply["meta"]["action"] == "emergency"
        assert reply["messages"][0]["text"].lstrip().startswith(("Ring 112", "Call 112"))

    def test_every_turn_is_logged_without_personal_data(self, stack: Stack) -> None:
        session_id = new_session()
        say(stack, "min mejl är anna.svensson@example.se, hur söker jag förskola?", session_id)
        with stack.product.database.transaction() as session:
            turns = session.scalars(select(ChatTurn).where(ChatTurn.session_id == session_id)).all()
        assert len(turns) == 1 and "anna.svensson" not in turns[0].text_redacted


class TestContract:
    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"session_id": "ok"}, "text"),
            ({"session_id": "bad id!", "text": "hej"}, "session_id"),
            ({"session_id": "ok", "text": "   "}, "text"),
            ({"session_id": "ok", "text": "x" * 2001}, "text"),
            ({"session_id": "ok", "text": "hej", "lang": "svenska"}, "lang"),
        ],
    )
    def test_broken_request_gets_422_naming_the_field(self, stack: Stack, body: dict, field: str) -> None:
        response = httpx.post(f"{stack.base_url}/api/chat", json=body, timeout=10)
        assert response.status_code == 422
        assert field in [problem["field"] for problem in response.json()["detail"]]

    def test_ready_when_rasa_database_and_index_are_up(self, stack: Stack) -> None:
        response = httpx.get(f"{stack.base_url}/readyz", timeout=10)
        assert response.status_code == 200 and response.json()["not_ready"] == []
