"""Rate limits key on the citizen's real address: a forged X-Forwarded-For buys nothing, a real proxy's counts.

Run on uvicorn itself, because uvicorn's proxy-header middleware is what
decides which address the backend sees. Rasa is unreachable, so a message
that passes the limits ends in a 503; what is measured is only when the
429 comes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from app.composition import Product, build_product, seed_product
from app.migrations import upgrade_to_head
from app.settings import Environment, Settings
from tests.integration.conftest import CLOSED_PORT_URL
from tests.support.ports import free_port
from tests.support.stack import serve_backend

pytestmark = pytest.mark.integration
SESSION_LIMIT = 1  # so a client may send 10 a minute (the client limit is ten sessions' worth)
CLIENT_LIMIT = SESSION_LIMIT * 10


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        environment=Environment.TEST, var_dir=tmp_path_factory.mktemp("forwarded"), rasa_url=CLOSED_PORT_URL,
        chat_rate_per_minute=SESSION_LIMIT, chat_new_sessions_per_minute=CLIENT_LIMIT * 10,
    )  # fmt: skip


@pytest.fixture(scope="module")
def product(settings: Settings) -> Product:
    upgrade_to_head(settings.sqlalchemy_url)
    product = build_product(settings)
    seed_product(product)
    product.warm_up()
    return product


@contextmanager
def served(settings: Settings, product: Product, trusted_proxies: str) -> Iterator[str]:
    """The backend on its own port, believing X-Forwarded-For only from `trusted_proxies`."""
    own = settings.model_copy(update={"port": free_port(), "trusted_proxies": trusted_proxies})
    with serve_backend(own, product):
        base_url = f"http://{own.host}:{own.port}"
        for _ in range(100):
            try:
                httpx.get(f"{base_url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base_url


def statuses_with_a_new_forwarded_address_each_time(base_url: str, count: int) -> list[int]:
    statuses = []
    for number in range(count):
        response = httpx.post(
            f"{base_url}/api/chat",
            json={"session_id": f"fwd-{uuid.uuid4().hex[:12]}", "text": "hur söker jag förskola"},
            headers={"X-Forwarded-For": f"203.0.113.{number + 1}"},
            timeout=30,
        )
        statuses.append(response.status_code)
    return statuses


def test_a_forged_forwarded_for_from_an_untrusted_peer_gets_no_fresh_budget(
    settings: Settings, product: Product
) -> None:
    with served(settings, product, trusted_proxies="") as base_url:
        statuses = statuses_with_a_new_forwarded_address_each_time(base_url, CLIENT_LIMIT + 2)
    assert statuses[:CLIENT_LIMIT].count(429) == 0 and statuses[CLIENT_LIMIT:] == [429, 429]


def test_behind_a_trusted_proxy_each_citizen_has_a_budget_of_their_own(settings: Settings, product: Product) -> None:
    with served(settings, product, trusted_proxies="127.0.0.1") as base_url:
        statuses = statuses_with_a_new_forwarded_address_each_time(base_url, CLIENT_LIMIT + 2)
    assert 429 not in statuses
