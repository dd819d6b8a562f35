"""Talks to Rasa's REST channel; the only way the backend reaches the dialogue engine.

Rasa runs without --enable-api, so only the channel webhook and the root
"hello" endpoint exist. With several replicas, a conversation always goes to
the same one while it is up: open-source Rasa's lock store has a documented
race between replicas (rasa #9213), which sticky routing keeps a conversation
out of. Each conversation ranks the replicas by rendezvous hashing (sha256 of
session id and replica); when its first choice refuses the connection, the
message goes to the next, which reads the same tracker store (PostgreSQL) and
carries the conversation on, form slots and all. Only a refused or timed-out
connection fails over: then the message was never delivered. A replica that
dies while it holds a message answers a clean 503, never a second delivery.
"""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from app.errors import Unavailable

RasaMessage = dict[str, Any]


class RasaClient:
    def __init__(
        self, base_urls: list[str], *, timeout_seconds: float, client: httpx.AsyncClient | None = None
    ) -> None:
        if not base_urls:
            raise ValueError("at least one Rasa URL is needed")
        self._base_urls = [url.rstrip("/") for url in base_urls]
        self._client = client or httpx.AsyncClient(timeout=timeout_seconds)

    @classmethod
    def from_setting(cls, rasa_url: str, *, timeout_seconds: float) -> RasaClient:
        """RASA_URL may list replicas separated by commas."""
        return cls([url.strip() for url in rasa_url.split(",") if url.strip()], timeout_seconds=timeout_seconds)

    def replicas_for(self, session_id: str) -> list[str]:
        """Every replica, in the order this conversation tries them: the same order every time."""

        def weight(base_url: str) -> bytes:
            return hashlib.sha256(f"{session_id}\n{base_url}".encode()).digest()

        return sorted(self._base_urls, key=weight, reverse=True)

    def replica_for(self, session_id: str) -> str:
        return self.replicas_for(session_id)[0]

    async def send(self, *, session_id: str, text: str, metadata: dict[str, Any]) -> list[RasaMessage]:
        body = {"sender": session_id, "message": text, "metadata": metadata}
        for base_url in self.replicas_for(session_id):
            try:
                response = await self._client.post(f"{base_url}/webhooks/rest/webhook", json=body)
                response.raise_for_status()
                break
            except (httpx.ConnectError, httpx.ConnectTimeout):
                continue  # never delivered: the next replica takes the conversation over
            except (httpx.TransportError, httpx.HTTPStatusError) as error:
                raise Unavailable(f"the dialogue engine did not answer ({type(error).__name__})") from error
        else:
            raise Unavailable("no dialogue engine replica accepted the connection")
        messages = response.json()
        if not isinstance(messages, list):
            raise Unavailable("the dialogue engine answered something that is not a message list")
        return messages

    async def is_up(self) -> bool:
        """True when at least one replica answers its root endpoint: the others' conversations fail over to it."""
        return any([await self.replica_is_up(base_url) for base_url in self._base_urls])

    async def replica_is_up(self, base_url: str) -> bool:
        try:
            response = await self._client.get(f"{base_url}/", timeout=2.0)
        except httpx.TransportError:
            return False
        return response.status_code == 200

    async def aclose(self) -> None:
        await self._client.aclose()
