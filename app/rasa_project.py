"""The Rasa side of the product: its model (trained only when inputs change), its endpoints, its process.

Rasa lives in its own virtual environment (.venv-rasa, Python 3.10) and is
driven only through its command line and its REST channel.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import yaml
from sqlalchemy import Engine

from app.db import Database, create_db_engine, create_private_file
from app.settings import PROJECT_ROOT, Settings
from bot.addons import endpoints

RASA_BIN = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL_INPUTS = (PROJECT_ROOT / "bot", PROJECT_ROOT / "config.yml")


def rasa_environment() -> dict[str, str]:
    """The environment every Rasa command runs in: telemetry off, no hub access."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),  # bot.addons
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "HF_HUB_OFFLINE": "1",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
    )
    return env


def model_inputs_hash(inputs: tuple[Path, ...] = MODEL_INPUTS) -> str:
    """A hash of everything training reads; the model file is named after it."""
    digest = hashlib.sha256()
    for root in inputs:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix in {".yml", ".yaml", ".txt", ".in"}:
                digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(settings: Settings, *, random_seed: int | None = None) -> Path:
    seeded = "" if random_seed is None else f"-seed{random_seed}"
    return settings.models_dir / f"kontaktcenter-{model_inputs_hash()}{seeded}.tar.gz"


def ensure_model(settings: Settings, *, random_seed: int | None = None) -> Path:
    """Train the Rasa model unless one for exactly these inputs exists; show Rasa's progress.

    `random_seed` replaces DIET's seed in config.yml: the tests train with several seeds to prove that
    nothing the citizen clicks or answers in a form depends on what one trained model happens to read.
    """
    path = model_path(settings, random_seed=random_seed)
    if path.exists():
        print(f"Rasa model up to date: {path.name}", flush=True)
        return path
    _require_rasa()
    print(f"Training the Rasa model ({path.name}); this takes a few minutes on two cores ...", flush=True)
    command = [
        str(RASA_BIN),
        "train",
        "--config",
        str(_config_with_seed(settings, random_seed)),
        "--domain",
        "bot/domain",
        "--data",
        "bot/data",
        "--out",
        str(path.parent),
        "--fixed-model-name",
        path.name.removesuffix(".tar.gz"),
    ]
    subprocess.run(command, cwd=PROJECT_ROOT, env=rasa_environment(), check=True, stdout=sys.stdout, stderr=sys.stderr)
    return path


def _config_with_seed(settings: Settings, random_seed: int | None) -> Path:
    config = PROJECT_ROOT / "config.yml"
    if random_seed is None:
        return config
    raw = yaml.safe_load(config.read_text(encoding="utf-8"))
    for component in raw["pipeline"]:
        if "random_seed" in component:
            component["random_seed"] = random_seed
    seeded = settings.var_dir / f"config-seed{random_seed}.yml"
    seeded.parent.mkdir(parents=True, exist_ok=True)
    seeded.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return seeded


def action_webhook_token(settings: Settings) -> str:
    """The token Rasa presents when it calls our action webhook, derived from the secret key."""
    return endpoints.action_webhook_token(settings.secret)


def tracker_sqlite_path(settings: Settings) -> Path:
    return settings.var_dir / "rasa-tracker.db"


def tracker_store_config(settings: Settings) -> dict[str, object]:
    """Rasa's SQL tracker store, redacting (bot/addons): beside our SQLite file, or in the same PostgreSQL database."""
    if not settings.database_url:
        return endpoints.sqlite_tracker_store(tracker_sqlite_path(settings))
    return endpoints.database_tracker_store(settings.sqlalchemy_url)


def write_endpoints(settings: Settings) -> Path:
    if not settings.database_url:
        create_private_file(tracker_sqlite_path(settings))  # Rasa would create it readable by everyone
    return endpoints.write_endpoints(
        settings.var_dir / "endpoints.yml",
        action_url=f"http://{settings.host}:{settings.port}/webhook",
        secret_key=settings.secret,
        tracker_store=tracker_store_config(settings),
        redis_url=settings.redis_url or None,
    )


def rasa_server_command(settings: Settings, model: Path, *, port: int) -> list[str]:
    """Loopback only, no --enable-api (CVE-2024-49375), REST channel only."""
    return [
        str(RASA_BIN),
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(write_endpoints(settings)),
        "--credentials",
        str(PROJECT_ROOT / "bot" / "credentials.yml"),
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-file",
        str(settings.var_dir / "rasa.log"),
    ]


def _require_rasa() -> None:
    if not RASA_BIN.exists():
        raise SystemExit(f"Rasa is not installed at {RASA_BIN}. Run `make rasa-env` (or `make run`) first.")


def tracker_engine(settings: Settings, database: Database) -> Engine:
    """Where Rasa's tracker store keeps its events, for the retention job: its SQLite file, or our database."""
    if not settings.database_url:
        return create_db_engine(f"sqlite:///{tracker_sqlite_path(settings)}")
    return database.engine
