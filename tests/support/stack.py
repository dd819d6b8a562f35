"""The whole product for integration and end-to-end tests: the real backend and a real Rasa server.

The Rasa model is trained by the test run when bot/ or config.yml changed,
into the same cache `make run` uses (var/models, keyed by a hash of the inputs).
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from app.composition import Product, build_product, seed_product
from app.main import create_app
from app.migrations import upgrade_to_head
from app.rasa_project import ensure_model, rasa_environment, rasa_server_command
from app.settings import PROJECT_ROOT, Environment, Settings
from tests.support.ports import free_port

READY_TIMEOUT_SECONDS = 900  # a fresh machine embeds the whole sample content once (minutes on two cores)


@dataclass
class Stack:
    base_url: str
    settings: Settings
    product: Product


def stack_settings(var_dir: Path, *, database_url: str = "") -> Settings:
    return Settings(
        environment=Environment.TEST,
        var_dir=var_dir,
        database_url=database_url,
        port=free_port(),
        rasa_url=f"http://127.0.0.1:{free_port()}",
        rasa_model_dir=PROJECT_ROOT / "var" / "models",
        chat_rate_per_minute=10_000,
        chat_new_sessions_per_minute=10_000,
    )


@contextmanager
def serve_backend(settings: Settings, product: Product) -> Iterator[None]:
    """uvicorn in a thread, on the settings' port; stopped when the block ends."""
    config = uvicorn.Config(
        create_app(settings, product), host=settings.host, port=settings.port, log_level="warning",
        **settings.uvicorn_proxy_options(),
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@contextmanager
def rasa_server(
    settings: Settings, *, random_seed: int | None = None, replica: int = 0
) -> Iterator[subprocess.Popen[bytes]]:
    """Rasa on the port of RASA_URL's `replica`-th address (a comma-separated list names several)."""
    model = ensure_model(settings, random_seed=random_seed)
    port = int(settings.rasa_url.split(",")[replica].rsplit(":", 1)[1])
    log = (settings.var_dir / f"rasa-stdout-{replica}.log").open("wb")
    process = subprocess.Popen(
        rasa_server_command(settings, model, port=port),
        cwd=PROJECT_ROOT,
        env=rasa_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_ready(base_url: str, process: subprocess.Popen[bytes], settings: Settings) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    last = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Rasa exited with {process.returncode}; see {settings.var_dir}/rasa-stdout-*.log")
        try:
            last = httpx.get(f"{base_url}/readyz", timeout=3)
            if last.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the stack was not ready in {READY_TIMEOUT_SECONDS} s: {last.text if last else 'no answer'}")


def rasa_answers(url: str) -> bool:
    """Whether a Rasa server's root answers: it does once its model is loaded."""
    try:
        return httpx.get(f"{url}/", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def wait_for_rasa(url: str, timeout: float = 300) -> None:
    """The backend is ready when one Rasa replica is; this waits for one replica in particular."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if rasa_answers(url):
            return
        time.sleep(0.5)
    raise RuntimeError(f"Rasa at {url} did not answer within {timeout} s")


@contextmanager
def running_stack(var_dir: Path, *, database_url: str = "", random_seed: int | None = None) -> Iterator[Stack]:
    """The product on `database_url` (SQLite when empty), with Rasa trained by config.yml (or DIET's `random_seed`)."""
    settings = stack_settings(var_dir, database_url=database_url)
    var_dir.mkdir(parents=True, exist_ok=True)
    upgrade_to_head(settings.sqlalchemy_url)
    product = build_product(settings)
    seed_product(product)
    base_url = f"http://{settings.host}:{settings.port}"
    with serve_backend(settings, product), rasa_server(settings, random_seed=random_seed) as process:
        wait_ready(base_url, process, settings)
        yield Stack(base_url=base_url, settings=settings, product=product)
