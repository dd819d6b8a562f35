"""From a question to a case to its status, through /api/chat on the real stack."""

from __future__ import annotations

import re

import pytest

from tests.support.conversation import Conversation, officer_of
from tests.support.stack import Stack

pytestmark = [pytest.mark.integration, pytest.mark.slow]
REFERENCE = re.compile(r"KC-[A-Z0-9-]{6,}")


def hand_over_by_email(conversation: Conversation) -> dict:
    conversation.say("hur ansöker jag om plats i förskolan för mitt barn")
    offer = conversation.click("/deny")
    assert offer["meta"]["offer_handover"] and offer["meta"]["answer_group"] == "forskola"
    asked = conversation.click("/request_human")
    assert asked["meta"]["action"] == "handover"
    for answer in ("email", "anna.svensson@example.se", "-", "sv", "yes", "Vi har väntat i fem månader", "send"):
        last = conversation.say(answer)
    return last


def test_question_becomes_a_case_for_the_right_group_with_a_promised_time(stack: Stack) -> None:
    created = hand_over_by_email(Conversation(stack))
    meta = created["meta"]
    assert meta["action"] == "handover" and meta["answer_group"] == "forskola"
    assert REFERENCE.fullmatch(meta["case_id"])
    assert meta["case_id"] in created["messages"][0]["text"] and "senast" in created["messages"][0]["text"]


def test_case_appears_in_the_owning_groups_queue_only(stack: Stack) -> None:
    reference = hand_over_by_email(Conversation(stack))["meta"]["case_id"]
    with stack.product.database.transaction() as session:
        own = stack.product.handover.queue(session=session, staff=officer_of("forskola"))
        other = stack.product.handover.queue(session=session, staff=officer_of("parkering"))
    assert reference in [item.reference for item in own]
    assert reference not in [item.reference for item in other]


def test_case_reference_in_a_new_conversation_gives_status_without_personal_data(stack: Stack) -> None:
    reference = hand_over_by_email(Conversation(stack))["meta"]["case_id"]
    reply = Conversation(stack).say(f"hur går det med mitt ärende {reference}?")
    assert reply["meta"]["action"] == "case_status" and reply["meta"]["answer_group"] == "forskola"
    text = " ".join(message["text"] for message in reply["messages"])
    assert reference in text and "anna.svensson" not in text


def test_a_wrong_email_is_explained_and_asked_again(stack: Stack) -> None:
    conversation = Conversation(stack)
    conversation.say("/request_human")
    conversation.say("email")
    reply = conversation.say("anna.svensson(at)example")
    texts = " ".join(message["text"] for message in reply["messages"])
    assert "e-post" in texts.lower() and reply["meta"]["action"] == "handover" and reply["meta"]["case_id"] is None


def test_cancelling_the_form_creates_no_case(stack: Stack) -> None:
    conversation = Conversation(stack)
    conversation.say("/request_human")
    conversation.say("phone")
    reply = conversation.say("/cancel_handover")
    assert reply["meta"]["case_id"] is None and reply["meta"]["action"] == "chitchat"
