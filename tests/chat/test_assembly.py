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
        messages = assemble_turn(
            [text_message("Svar"), custom_message(link={"title": "Ansök", "url": "https://x.se/a"})], lang="sv"
        ).messages
        assert len(messages) == 1
        assert messages[0].link is not None and messages[0].link.url == "https://x.se/a"

    def test_first_meta_of_the_turn_describes_the_turn(self) -> None:
        meta = assemble_turn(
            [
                text_message("Svar"),
                custom_message(meta=answer_meta()),
                text_message("Fick du svar?"),
                custom_message(meta=answer_meta(action="chitchat", topic=None)),
            ],
            lang="sv",
        ).meta
        assert meta.action == "answer" and meta.topic == "forskola.ansoka"

    def test_buttons_keep_title_and_payload(self) -> None:
        turn = assemble_turn([text_message("Fick du svar?", [{"title": "Ja", "payload": "/affirm"}])], lang="sv")
        assert turn.messages[0].buttons[0].payload == "/affirm"

    def test_offered_button_payloads_are_what_the_turn_leaves_open(self) -> None:
        buttons = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nej", "payload": "/deny"}]
        turn = assemble_turn([text_message("Svar"), text_message("Fick du svar?", buttons)], lang="sv")
        assert turn.state.offered_payloads == {"/affirm", "/deny"} and turn.state.expects is None

    def test_the_form_question_asked_is_what_the_turn_expects(self) -> None:
        turn = assemble_turn(
            [
                text_message("Vad heter du?"),
                custom_message(meta=answer_meta(action="handover"), expects="contact_name"),
            ],
            lang="sv",
        )
        assert turn.state.expects == "contact_name"

    def test_turn_without_meta_is_a_fallback_in_the_detected_language(self) -> None:
        turn = assemble_turn([], lang="en")
        messages, meta = turn.messages, turn.meta
        assert messages == [] and meta.action == "fallback" and meta.lang == "en"

    def test_flags_raised_by_actions_are_collected(self) -> None:
        turn = assemble_turn(
            [text_message("Ring 112"), custom_message(meta=answer_meta(), flags=["manager"])], lang="sv"
        )
        assert turn.flags == {"manager"}
