"""A message is read in the light of the bot's last turn: a click, an answer to the form, or a new message."""

from __future__ import annotations

import json

import pytest

from app.payloads import inform_payload, parse_payload, payload_words
from chat.dialogue_state import DialogueState, Reading, read_message

pytestmark = pytest.mark.unit

FEEDBACK = DialogueState(offered_payloads=frozenset({"/affirm", "/deny"}))
ASKING_NAME = DialogueState(
    offered_payloads=frozenset({inform_payload("contact_name", "-"), "/cancel_handover"}), expects="contact_name"
)


def test_only_a_payload_the_bot_offered_is_a_click() -> None:
    incoming = read_message("/affirm", FEEDBACK)
    assert incoming.reading is Reading.BUTTON and incoming.rasa_text == "/affirm"


def test_typed_text_that_starts_with_a_slash_is_read_as_text() -> None:
    incoming = read_message("/jag vill ta livet av mig", FEEDBACK)
    assert incoming.reading is Reading.MESSAGE
    assert incoming.checked_text == "jag vill ta livet av mig" == incoming.rasa_text


def test_a_payload_not_offered_now_is_checked_by_its_words_and_sent_as_it_is() -> None:
    incoming = read_message('/choose_entry{"entry_id": "forskola-avgift"}', FEEDBACK)
    assert incoming.reading is Reading.MESSAGE and incoming.checked_text == "forskola-avgift"
    assert incoming.rasa_text == '/choose_entry{"entry_id": "forskola-avgift"}'


@pytest.mark.parametrize("name", ["Anna Svensson", "Anna", "ተስፋይ ገብረ", "Storm", 'Ali "Bosse" {Khan}'])
def test_a_typed_answer_to_the_form_reaches_the_asked_slot_exactly(name: str) -> None:
    incoming = read_message(name, ASKING_NAME)
    assert incoming.reading is Reading.FORM_ANSWER
    intent, entities = parse_payload(incoming.rasa_text) or ("", {})
    assert intent == "inform" and entities == {"contact_name": name}


@pytest.mark.parametrize("words", ["avbryt", "Avbryt!", "cancel", "glöm det", "peruuta"])
def test_typed_cancel_words_in_the_form_cancel_it(words: str) -> None:
    assert read_message(words, ASKING_NAME).rasa_text == "/cancel_handover"


def test_the_form_buttons_payload_is_a_click_not_an_answer() -> None:
    skip = inform_payload("contact_name", "-")
    assert read_message(skip, ASKING_NAME).reading is Reading.BUTTON


def test_payload_words_show_the_values_a_payload_carries() -> None:
    assert payload_words(inform_payload("contact_value", "anna@example.se")) == "anna@example.se"
    assert payload_words("/request_human") == "request_human"
    assert json.loads(inform_payload("x", "å")[len("/inform") :]) == {"x": "å"}
