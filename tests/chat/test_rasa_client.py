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


class FakeReplicas:
    """Rasa replicas behind one mock transport: each is up, refusing connections, or dying mid-request."""

    def __init__(self, count: int) -> None:
        self.urls = replicas(count)
        self.state = dict.fromkeys(self.urls, "up")
        self.delivered: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        base_url = f"{request.url.scheme}://{request.url.host}:{request.url.port}"
        state = self.state[base_url]
        if state == "refusing":
            raise httpx.ConnectError("connection refused", request=request)
        self.delivered.append(base_url)
        if state == "dying":
            raise httpx.RemoteProtocolError("server disconnected", request=request)
        return httpx.Response(200, json=[{"text": f"svar från {base_url}"}])

    def client(self) -> RasaClient:
        transport = httpx.MockTransport(self.handle)
        return RasaClient(self.urls, timeout_seconds=1, client=httpx.AsyncClient(transport=transport))


def send(client: RasaClient, session_id: str = "s-failover") -> list[dict]:
    import asyncio

    return asyncio.run(client.send(session_id=session_id, text="hej", metadata={}))


class TestFailover:
    def test_a_conversation_whose_replica_refuses_goes_on_on_the_next_and_returns_when_it_is_back(self) -> None:
        rasa = FakeReplicas(3)
        client = rasa.client()
        first, second, _ = client.replicas_for("s-failover")
        rasa.state[first] = "refusing"
        assert send(client) == [{"text": f"svar från {second}"}]
        rasa.state[first] = "up"
        assert send(client) == [{"text": f"svar från {first}"}]

    def test_a_replica_that_dies_holding_the_message_gives_a_clean_unavailable_and_no_second_delivery(self) -> None:
        rasa = FakeReplicas(2)
        client = rasa.client()
        rasa.state[client.replica_for("s-failover")] = "dying"
        with pytest.raises(Unavailable):
            send(client)
        assert len(rasa.delivered) == 1

    def test_when_every_replica_refuses_the_message_is_unavailable(self) -> None:
        rasa = FakeReplicas(2)
        rasa.state = dict.fromkeys(rasa.urls, "refusing")
        with pytest.raises(Unavailable, match="no dialogue engine replica"):
            send(rasa.client())
