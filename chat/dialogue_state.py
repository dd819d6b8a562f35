"""What the bot's last turn left open, and how the next message is read in its light.

Two things decide how a message is checked and what Rasa gets:

* **The buttons the bot offered.** Only a message that is exactly the payload
  of one of them is a click, and only a click skips the emergency check.
  Anything else that starts with "/" was typed, and is read like any text
  ("/jag vill ta livet av mig").
* **The form question the bot asked.** A typed answer to it is a name, an
  address or a number, so it is checked by the explicit danger patterns only
  (the semantic check would take "Anna" in Tigrinya script for a cry for help)
  and it goes to Rasa as ``/inform{"<slot>": "<text>"}``, which no classifier
  reads: a name always reaches the form. Typed cancel words cancel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from app.payloads import CANCEL_HANDOVER, inform_payload, parse_payload, payload_words

# A typed answer to a form question that means "stop", in the languages the form is asked in.
CANCEL_PHRASES = frozenset(
    {
        "avbryt", "avbryt ärendet", "jag vill avbryta", "glöm det", "strunta i det", "sluta", "stopp", "avsluta",
        "jag ångrar mig", "ångra", "cancel", "stop", "abort", "never mind", "nevermind", "forget it",
        "i changed my mind", "peruuta", "lopeta",
    }
)  # fmt: skip


class Reading(StrEnum):
    """How the emergency check reads a message."""

    BUTTON = "button"  # a payload the bot offered: not checked
    FORM_ANSWER = "form_answer"  # an answer to a form question: the explicit patterns only
    MESSAGE = "message"  # everything else: patterns and the semantic check, per clause


@dataclass(frozen=True)
class DialogueState:
    """The payloads of the buttons the bot's last turn offered, and the form slot it asked for."""

    offered_payloads: frozenset[str] = frozenset()
    expects: str | None = None


@dataclass(frozen=True)
class IncomingMessage:
    """A citizen's message read in the light of the dialogue: what to check, how, and what Rasa gets."""

    reading: Reading
    checked_text: str
    rasa_text: str
    answered_slot: str | None = None  # the form question a typed answer answers (a name, a phone number ...)


def read_message(text: str, state: DialogueState) -> IncomingMessage:
    """The one place that tells a click from typing and an answer to the form from a new message."""
    if text in state.offered_payloads:
        return IncomingMessage(Reading.BUTTON, "", text)
    if parse_payload(text) is not None:
        # A well-formed payload of an older turn's button (or the widget's): sent as it is, its words checked.
        return IncomingMessage(Reading.MESSAGE, payload_words(text), text)
    typed = text.lstrip("/").strip() or text
    if state.expects is not None:
        if _means_cancel(typed):
            return IncomingMessage(Reading.FORM_ANSWER, typed, CANCEL_HANDOVER)
        return IncomingMessage(Reading.FORM_ANSWER, typed, inform_payload(state.expects, typed), state.expects)
    return IncomingMessage(Reading.MESSAGE, typed, typed)


def _means_cancel(text: str) -> bool:
    return re.sub(r"[^\w\s']", "", text.lower()).strip() in CANCEL_PHRASES
