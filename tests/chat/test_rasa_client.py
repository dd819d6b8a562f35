"""The Rasa client keeps a conversation on one replica and says clearly when Rasa is away."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

from app.errors import Unavailable
from chat.rasa_client import RasaClient

pytestmark = pytest.mark.unit


def replicas(count: int) -> list[str]:
    return [f"http://127.0.0.1:{5005 + index}" for index in range(count)]


class TestReplicaChoice:
    def test_a_conversation_always_goes_to_the_same_replica(self) -> None:
        client = RasaClient(replicas(3), timeout_seconds=1)
        assert {client.replica_for("session-42") for _ in range(20)} == {client.replica_for("session-42")}

    def test_conversations_spread_over_all_replicas(self) -> None:
        client = RasaClient(replicas(3), timeout_seconds=1)
        assert {client.replica_for(f"session-{n}") for n in range(200)} == set(replicas(3))

    def test_setting_lists_replicas_separated_by_commas(self) -> None:
        client = RasaClient.from_setting(" http://a:1, http://b:2 ", timeout_seconds=1)
        assert {client.replica_for(f"s{n}") for n in range(50)} == {"http://a:1", "http://b:2"}


class TestUnreachableRasa:
    async def _send(self, client: RasaClient) -> None:
        await client.send(session_id="s", text="hej", metadata={})

    def test_refused_connection_is_reported_as_unavailable(self) -> None:
        import asyncio

        client = RasaClient(["http://127.0.0.1:9"], timeout_seconds=1)
        with pytest.raises(Unavailable):
            asyncio.run(self._send(client))

    def test_server_error_is_reported_as_unavailable(self) -> None:
        import asyncio

        failing_rasa = FastAPI()

        @failing_rasa.post("/webhooks/rest/webhook")
        async def _fail() -> PlainTextResponse:
            return PlainTextResponse("internal error", status_code=500)

        transport = httpx.ASGITransport(app=failing_rasa)
        client = RasaClient(["http://rasa"], timeout_seconds=1, client=httpx.AsyncClient(transport=transport))
        with pytest.raises(Unavailable):
            asyncio.run(self._send(client))
