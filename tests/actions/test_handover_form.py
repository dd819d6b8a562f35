"""validate_handover_form: wrong answers are explained, cleared slots are not complained about."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handover import FORM_SLOTS, ActionAskSlot, ActionCreateCase, ValidateHandoverForm
from app.settings import PROJECT_ROOT
from app.taxonomy import load_taxonomy
from handover.contact import normalise_contact

pytestmark = pytest.mark.unit
DOMAIN: dict[str, Any] = {
    "slots": {slot: {"type": "text"} for slot in FORM_SLOTS},
    "forms": {"handover_form": {"required_slots": list(FORM_SLOTS)}},
}


def form_tracker(candidates: dict[str, Any], *, filled: dict[str, Any] | None = None) -> Tracker:
    """A tracker whose last events are the slot candidates the form hands to its validators."""
    events = [{"event": "user", "text": "hej"}, {"event": "action", "name": "action_start_handover"}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in candidates.items()]
    return Tracker(
        sender_id="form-test",
        slots={"lang": "sv", **dict.fromkeys(FORM_SLOTS), **(filled or {}), **candidates},
        latest_message={"intent": {"name": "request_human"}, "text": "hej", "metadata": {}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "handover_form"},
        latest_action_name="action_start_handover",
    )


def validate(tracker: Tracker) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    form = ValidateHandoverForm(desk=SimpleNamespace(normalise_contact=normalise_contact))
    dispatcher = CollectingDispatcher()
    events = asyncio.run(form.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher


def test_slots_cleared_when_a_handover_starts_are_not_treated_as_wrong_answers() -> None:
    events, dispatcher = validate(form_tracker(dict.fromkeys(FORM_SLOTS)))
    assert dispatcher.messages == []
    assert all(event.get("value") is None for event in events if event.get("event") == "slot")


def test_an_email_address_that_is_not_one_is_explained_and_asked_again() -> None:
    tracker = form_tracker({"contact_value": "anna(at)example"}, filled={"contact_method": "email"})
    events, dispatcher = validate(tracker)
    assert "e-post" in dispatcher.messages[0]["text"].lower()
    assert {"event": "slot", "name": "contact_value", "value": None, "timestamp": None} in events


def test_a_swedish_mobile_number_is_stored_in_international_form() -> None:
    tracker = form_tracker({"contact_value": "070-123 45 67"}, filled={"contact_method": "phone"})
    events, dispatcher = validate(tracker)
    assert dispatcher.messages == []
    assert {"event": "slot", "name": "contact_value", "value": "+46701234567", "timestamp": None} in events


def test_the_confirmation_names_the_matter_and_the_citizens_addition_once() -> None:
    addition = "Vi har väntat i fem månader"
    events = [
        {"event": "user", "text": "hur ansöker jag om plats i förskolan"},
        {"event": "action", "name": "action_start_handover"},
        {"event": "user", "text": "anna.svensson@example.se"},
        {"event": "user", "text": addition},
    ]
    tracker = form_tracker({})
    tracker.events = events
    tracker.slots.update({"contact_method": "email", "contact_value": "anna@example.se", "summary_addition": addition})
    dispatcher = CollectingDispatcher()
    asyncio.run(
        ActionAskSlot("confirmed", city_site="https://example.se", retention_days=14).run(dispatcher, tracker, {})
    )
    text = dispatcher.messages[0]["text"]
    assert "hur ansöker jag om plats i förskolan" in text and text.count(addition) == 1
    assert "anna.svensson" not in text.split("Ärende")[-1]


class RecordingDesk:
    """A CaseDesk that records the requests it is asked to open and answers each with a receipt."""

    def __init__(self) -> None:
        self.requests: list[Any] = []

    def open_case(self, request: Any) -> Any:
        self.requests.append(request)
        return SimpleNamespace(reference="KC-2026-AAAAAA", answer_group=request.answer_group, due_at=None)

    def due_in_words(self, due_at: Any, lang: str) -> str:
        return "i morgon"


def confirmed_tracker(*, events_before: int, contact_value: str = "anna@example.se") -> Tracker:
    """The handover form filled in and confirmed, after `events_before` earlier messages."""
    tracker = form_tracker({})
    tracker.events = [
        {"event": "user", "text": f"meddelande {number}", "timestamp": 1_700_000_000 + number}
        for number in range(events_before)
    ] + [{"event": "user", "text": "hur ansöker jag om plats i förskolan"}]
    tracker.slots.update(
        {"contact_method": "email", "contact_value": contact_value, "consent": "yes", "handover_group": "forskola"}
    )
    return tracker


def create_case(desk: RecordingDesk, tracker: Tracker) -> str:
    action = ActionCreateCase(desk=desk, taxonomy=load_taxonomy(PROJECT_ROOT / "taxonomy.yml"))  # type: ignore[arg-type]
    asyncio.run(action.run(CollectingDispatcher(), tracker, {}))
    return desk.requests[-1].idempotency_key


def test_confirming_the_same_matter_again_after_a_timeout_is_the_same_case() -> None:
    desk = RecordingDesk()
    first = create_case(desk, confirmed_tracker(events_before=2))
    again = create_case(desk, confirmed_tracker(events_before=4))  # "Ja, skicka" once more: new events, same matter
    assert first == again


def test_a_different_way_to_be_contacted_is_a_different_request() -> None:
    desk = RecordingDesk()
    first = create_case(desk, confirmed_tracker(events_before=2))
    other = create_case(desk, confirmed_tracker(events_before=2, contact_value="bo@example.se"))
    assert first != other
