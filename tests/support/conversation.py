"""A citizen's conversation through POST /api/chat on a running stack: typed messages and button clicks."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from staff.identity import Role, StaffIdentity
from tests.support.stack import Stack


def officer_of(group: str) -> StaffIdentity:
    """An officer of one answer group, to read what reached that group's queue."""
    return StaffIdentity(
        id=1,
        username=f"officer.{group}",
        display_name="Officer",
        roles=frozenset({Role.OFFICER}),
        answer_groups=frozenset({group}),
        languages=frozenset({"sv"}),
    )


class Conversation:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.session_id = f"test-{uuid.uuid4().hex[:12]}"
        self.last: dict[str, Any] = {}

    def say(self, text: str) -> dict[str, Any]:
        response = httpx.post(
            f"{self.stack.base_url}/api/chat", json={"session_id": self.session_id, "text": text}, timeout=30
        )
        assert response.status_code == 200, response.text
        self.last = response.json()
        return self.last

    def click(self, payload_part: str) -> dict[str, Any]:
        """Clicks the button of the last reply whose payload contains `payload_part`, as the widget would."""
        payloads = [button["payload"] for message in self.last["messages"] for button in message["buttons"]]
        chosen = next((payload for payload in payloads if payload_part in payload), None)
        assert chosen is not None, f"no button with {payload_part!r} among {payloads}"
        return self.say(chosen)
