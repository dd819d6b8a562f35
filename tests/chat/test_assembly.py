"""Rasa's REST output becomes the API's messages and one turn meta."""

from __future__ import annotations

import pytest

from chat.assembly import assemble_turn

pytestmark = pytest.mark.unit


def text_message(text: str, buttons: list[dict[str, str]] | None = None) -> dict:
    return {"recipient_id": "s1", "text": text, **({"buttons": buttons} if buttons else {})}


def custom_message(**custom: object) -> dict:
    return {"recipient_id": "s1", "custom": custom}


def answer_meta(**fields: object) -> dict:
    return {
        "action": "answer",
        "topic": "forskola.ansoka",
        "answer_group": "forskola",
        "confidence": 0.8,
        "lang": "sv",
        **fields,
    }


class TestAssembleTurn:
    def test_link_in_custom_payload_joins_the_text_before_it(self) -> None:
        messages, _, _ = assemble_turn(
            [text_message("Svar"), custom_message(link={"title": "Ansök", "url": "https://x.se/a"})], lang="sv"
        )
        assert len(messages) == 1
        assert messages[0].link is not None and messages[0].link.url == "https://x.se/a"

    def test_first_meta_of_the_turn_describes_the_turn(self) -> None:
        _, meta, _ = assemble_turn(
            [
                text_message("Svar"),
                custom_message(meta=answer_meta()),
                text_message("Fick du svar?"),
                custom_message(meta=answer_meta(action="chitchat", topic=None)),
            ],
            lang="sv",
        )
        assert meta.action == "answer" and meta.topic == "forskola.ansoka"

    def test_buttons_keep_title_and_payload(self) -> None:
        messages, _, _ = assemble_turn(
            [text_message("Fick du svar?", [{"title": "Ja", "payload": "/affirm"}])], lang="sv"
        )
        assert messages[0].buttons[0].payload == "/affirm"

    def test_turn_without_meta_is_a_fallback_in_the_detected_language(self) -> None:
        messages, meta, _ = assemble_turn([], lang="en")
        assert messages == [] and meta.action == "fallback" and meta.lang == "en"

    def test_flags_raised_by_actions_are_collected(self) -> None:
        _, _, flags = assemble_turn(
            [text_message("Ring 112"), custom_message(meta=answer_meta(), flags=["manager"])], lang="sv"
        )
        assert flags == {"manager"}
