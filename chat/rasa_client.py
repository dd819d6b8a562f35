"""Talks to Rasa's REST channel; the only way the backend reaches the dialogue engine.

Rasa runs without --enable-api, so only the channel webhook and the root
"hello" endpoint exist. With several replicas, a conversation always goes to
the same one (stable hash of session_id): open-source Rasa's lock store has a
documented race between replicas.
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

    def replica_for(self, session_id: str) -> str:
        digest = hashlib.sha256(session_id.encode()).digest()
        return self._base_urls[int.from_bytes(digest[:4], "big") % len(self._base_urls)]

    async def send(self, *, session_id: str, text: str, metadata: dict[str, Any]) -> list[RasaMessage]:
        url = f"{self.replica_for(session_id)}/webhooks/rest/webhook"
        body = {"sender": session_id, "message": text, "metadata": metadata}
        try:
            response = await self._client.post(url, json=body)
            response.raise_for_status()
        except (httpx.TransportError, httpx.HTTPStatusError) as error:
            raise Unavailable(f"the dialogue engine did not answer ({type(error).__name__})") from error
        messages = response.json()
        if not isinstance(messages, list):
            raise Unavailable("the dialogue engine answered something that is not a message list")
        return messages

    async def is_up(self) -> bool:
        """True when every replica answers its root endpoint."""
        for base_url in self._base_urls:
            try:
                response = await self._client.get(f"{base_url}/", timeout=2.0)
                if response.status_code != 200:
                    return False
            except httpx.TransportError:
                return False
        return True

    async def aclose(self) -> None:
        await self._client.aclose()
