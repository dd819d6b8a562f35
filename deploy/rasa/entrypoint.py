"""The Rasa container's command: write endpoints.yml from the environment, then become `rasa run`.

endpoints.yml is written by bot/addons/endpoints.py, the same code `make run` uses
(app/rasa_project.py), so the webhook token, the redacting tracker store in DATABASE_URL's database and,
with REDIS_URL, the Redis lock store are the same wherever Rasa starts. No --enable-api
(CVE-2024-49375): only the REST channel and the root endpoint. The port listens on the container's
network, not loopback, so keep it off any public network (compose: internal network; Kubernetes: the
NetworkPolicy in deploy/k8s).

Environment: SECRET_KEY, DATABASE_URL (PostgreSQL), ACTION_ENDPOINT_URL (the backend's /webhook),
REDIS_URL (optional), RASA_PORT (5005), RASA_MODEL, RASA_RUNTIME_DIR (a writable directory, /tmp/rasa).
Extra arguments are passed on to `rasa run`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bot.addons.endpoints import database_tracker_store, write_endpoints

PROJECT_DIR = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    env = os.environ
    missing = [name for name in ("SECRET_KEY", "DATABASE_URL", "ACTION_ENDPOINT_URL") if not env.get(name)]
    if missing:
        print(f"rasa entrypoint: set {', '.join(missing)}", file=sys.stderr)
        return 2
    if not env["DATABASE_URL"].startswith(("postgres://", "postgresql")):
        print("rasa entrypoint: DATABASE_URL must be PostgreSQL (the tracker store is shared)", file=sys.stderr)
        return 2
    endpoints = write_endpoints(
        Path(env.get("RASA_RUNTIME_DIR", "/tmp/rasa")) / "endpoints.yml",
        action_url=env["ACTION_ENDPOINT_URL"],
        secret_key=env["SECRET_KEY"],
        tracker_store=database_tracker_store(env["DATABASE_URL"]),
        redis_url=env.get("REDIS_URL") or None,
    )
    command = [
        str(Path(sys.executable).with_name("rasa")),
        "run",
        "--model",
        env.get("RASA_MODEL", str(PROJECT_DIR / "models" / "kontaktcenter.tar.gz")),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(PROJECT_DIR / "bot" / "credentials.yml"),
        "--interface",
        "0.0.0.0",
        "--port",
        env.get("RASA_PORT", "5005"),
        *argv[1:],
    ]
    os.execv(command[0], command)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv))
