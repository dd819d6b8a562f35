"""`python -m app run`: the whole product in the foreground, Rasa and the backend side by side.

Both run as child processes; Ctrl-C (or SIGTERM) stops both, politely first.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlparse

import httpx

from app.rasa_project import ensure_model, rasa_environment, rasa_server_command
from app.settings import PROJECT_ROOT, Settings

STOP_GRACE_SECONDS = 10
READY_TIMEOUT_SECONDS = 900


def backend_command(settings: Settings) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "app.main:create_app",
        "--factory",
        "--host",
        settings.host,
        "--port",
        str(settings.port),
        "--no-access-log",
        *_proxy_arguments(settings),
    ]


def _proxy_arguments(settings: Settings) -> list[str]:
    options = settings.uvicorn_proxy_options()
    if not options["proxy_headers"]:
        return ["--no-proxy-headers"]
    return ["--proxy-headers", "--forwarded-allow-ips", options["forwarded_allow_ips"]]


def start_processes(settings: Settings) -> list[subprocess.Popen[bytes]]:
    rasa_port = urlparse(settings.rasa_url.split(",")[0]).port or 5005
    model = ensure_model(settings)
    rasa = subprocess.Popen(
        rasa_server_command(settings, model, port=rasa_port), cwd=PROJECT_ROOT, env=rasa_environment()
    )
    backend = subprocess.Popen(backend_command(settings), cwd=PROJECT_ROOT, env=dict(os.environ))
    return [rasa, backend]


def wait_until_ready(settings: Settings, processes: list[subprocess.Popen[bytes]]) -> bool:
    url = f"http://{settings.host}:{settings.port}/readyz"
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            return False
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    return False


def stop_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def run_product(settings: Settings) -> int:
    processes = start_processes(settings)
    # Ctrl-C and SIGTERM both stop politely, also when started in the background (where SIGINT is ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        started = time.monotonic()
        if not wait_until_ready(settings, processes):
            print("The product did not become ready; see the messages above and var/rasa.log.", file=sys.stderr)
            return 1
        base = f"http://{settings.host}:{settings.port}"
        print(
            f"\nReady in {time.monotonic() - started:.1f} s. Open:\n"
            f"  Citizen demo page with the chat widget: {base}/\n"
            f"  Staff sign-in (officer, editor, admin):  {base}/staff/login\n"
            f"  API documentation (OpenAPI):             {base}/docs\n"
            f"  Readiness:                               {base}/readyz\n"
            "Stop with Ctrl-C.",
            flush=True,
        )
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        print("A process stopped; stopping the other.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping Rasa and the backend ...", flush=True)
        return 0
    finally:
        stop_processes(processes)
