"""The product as a small cluster on one machine: PostgreSQL, Redis, Rasa and backend replicas, a job worker, and
nginx in front, each a real process. `make cluster` starts one to try by hand; the `cluster` tests drive one.

    .venv/bin/python -m tests.support.cluster [--backends 2] [--rasas 2] [--port 8080]

Every backend runs `python -m app serve` with its own VAR_DIR, the shared DATABASE_URL and REDIS_URL, and
JOBS_IN_PROCESS=false, so the one `python -m app worker` runs the jobs. Rasa replicas share the tracker store
in PostgreSQL and the lock store in Redis, and call the actions through nginx. Debian's postgresql,
redis-server and nginx-light provide the servers (scripts/ensure-system-packages.sh installs them).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from app.composition import build_product, seed_product
from app.migrations import upgrade_to_head
from app.rasa_project import ensure_model, rasa_environment, rasa_server_command
from app.settings import PROJECT_ROOT, Environment, Settings
from tests.support.ports import free_port, wait_for_port
from tests.support.postgres import PostgresServer, start_postgres
from tests.support.redis import RedisServer, start_redis
from tests.support.stack import rasa_answers

READY_TIMEOUT_SECONDS = 900
NGINX = "/usr/sbin/nginx"


@dataclass
class Replica:
    """One process of the cluster and the address it serves."""

    name: str
    url: str
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        """SIGKILL: the replica dies at once, as on a crashed machine, with whatever it was doing."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


@dataclass
class Cluster:
    root: Path
    settings: Settings  # what every backend shares (database, Redis, Rasa replicas); port is the balancer's
    postgres: PostgresServer
    redis: RedisServer
    backends: list[Replica] = field(default_factory=list)
    rasas: list[Replica] = field(default_factory=list)
    workers: list[Replica] = field(default_factory=list)
    balancer: Replica | None = None

    @property
    def url(self) -> str:
        """Where citizens and staff reach the product: the load balancer."""
        assert self.balancer is not None
        return self.balancer.url

    def stop(self) -> None:
        replicas = [*self.backends, *self.workers, *self.rasas, *([self.balancer] if self.balancer else [])]
        for replica in replicas:
            if replica.process.poll() is None:
                replica.process.terminate()
        for replica in replicas:
            try:
                replica.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                replica.process.kill()
        self.redis.stop()
        self.postgres.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(
    *, backends: int = 2, rasas: int = 2, port: int | None = None, pin_backends_to_rasa: bool = False
) -> Cluster:
    """Start every process, seed the database once, and return when every backend's /readyz answers 200.

    With pin_backends_to_rasa, backend n talks only to Rasa replica n: for measuring what happens when two
    replicas work on one conversation at once (scripts/load/lock_race.py), which routing otherwise prevents."""
    root = Path(tempfile.mkdtemp(prefix="kc-cluster-"))
    postgres, redis = start_postgres(), start_redis()
    cluster = Cluster(root=root, settings=_shared_settings(root, postgres, redis, port, rasas), postgres=postgres,
                      redis=redis)  # fmt: skip
    try:
        _seed(cluster.settings)
        cluster.rasas = [_start_rasa(cluster, number) for number in range(rasas)]
        cluster.backends = [
            _start_backend(cluster, number, pinned_to=cluster.rasas[number].url if pin_backends_to_rasa else None)
            for number in range(backends)
        ]
        cluster.workers = [_start_process(cluster, "worker", [sys.executable, "-m", "app", "worker"], url="")]
        cluster.balancer = _start_nginx(cluster)
        for replica in cluster.backends:
            wait_until_ready(replica, cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def wait_until_ready(replica: Replica, cluster: Cluster) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        for process in [*cluster.rasas, replica]:
            if process.process.poll() is not None:
                raise RuntimeError(f"{process.name} exited with {process.process.returncode}; see {cluster.root}")
        try:
            ready = httpx.get(f"{replica.url}/readyz", timeout=3).status_code == 200
            if ready and all(rasa_answers(rasa.url) for rasa in cluster.rasas):
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{replica.name} was not ready within {READY_TIMEOUT_SECONDS} s")


def _shared_settings(
    root: Path, postgres: PostgresServer, redis: RedisServer, port: int | None, rasas: int
) -> Settings:
    database_url = postgres.create_database("kontaktcenter")
    rasa_url = ",".join(f"http://127.0.0.1:{free_port()}" for _ in range(rasas))
    return Settings(
        environment=Environment.TEST,
        var_dir=root / "seed",
        database_url=database_url,
        redis_url=redis.url,
        rasa_url=rasa_url,
        port=port or free_port(),
        secret_key=secrets.token_urlsafe(32),
        rasa_model_dir=PROJECT_ROOT / "var" / "models",
        jobs_in_process=False,
        trusted_proxies="127.0.0.1",
        chat_rate_per_minute=10_000,
        chat_new_sessions_per_minute=10_000,
    )


def _seed(settings: Settings) -> None:
    upgrade_to_head(settings.sqlalchemy_url)
    seed_product(build_product(settings))


def _environment(settings: Settings, **overrides: str) -> dict[str, str]:
    """The backend's settings as the environment a process of its own reads them from."""
    shared = {
        "ENVIRONMENT": settings.environment.value,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "RASA_URL": settings.rasa_url,
        "SECRET_KEY": settings.secret_key,
        "RASA_MODEL_DIR": str(settings.rasa_model_dir),
        "JOBS_IN_PROCESS": "false",
        "TRUSTED_PROXIES": settings.trusted_proxies,
        "CHAT_RATE_PER_MINUTE": str(settings.chat_rate_per_minute),
        "CHAT_NEW_SESSIONS_PER_MINUTE": str(settings.chat_new_sessions_per_minute),
        "KB_VECTOR_CACHE": os.environ.get("KB_VECTOR_CACHE", str(PROJECT_ROOT / "var" / "vector-cache.sqlite")),
        "HF_HUB_OFFLINE": "1",
    }
    return {**os.environ, **shared, **overrides}


def _start_process(cluster: Cluster, name: str, command: list[str], *, url: str, **environment: str) -> Replica:
    var_dir = cluster.root / name
    var_dir.mkdir(parents=True, exist_ok=True)
    log = (var_dir / "output.log").open("wb")
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=_environment(cluster.settings, VAR_DIR=str(var_dir), **environment),
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return Replica(name, url, process)


def _start_backend(cluster: Cluster, number: int, *, pinned_to: str | None = None) -> Replica:
    port = free_port()
    rasa = {"RASA_URL": pinned_to} if pinned_to else {}
    return _start_process(
        cluster, f"backend-{number + 1}", [sys.executable, "-m", "app", "serve"],
        url=f"http://127.0.0.1:{port}", PORT=str(port), HOST="127.0.0.1", **rasa,
    )  # fmt: skip


def _start_rasa(cluster: Cluster, number: int) -> Replica:
    """A Rasa replica whose actions go through the balancer, so a dead backend never strands a conversation."""
    url = cluster.settings.rasa_url.split(",")[number]
    var_dir = cluster.root / f"rasa-{number + 1}"
    var_dir.mkdir(parents=True, exist_ok=True)
    settings = cluster.settings.model_copy(update={"var_dir": var_dir})
    model = ensure_model(settings)
    command = rasa_server_command(settings, model, port=int(url.rsplit(":", 1)[1]))
    log = (var_dir / "output.log").open("wb")
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=rasa_environment(), stdout=log, stderr=subprocess.STDOUT)
    return Replica(f"rasa-{number + 1}", url, process)


def _start_nginx(cluster: Cluster) -> Replica:
    """nginx in front of the backends: a backend that refuses the connection is skipped, and a request whose
    backend died under it gets a clean 503 with Retry-After, never an nginx error page."""
    directory = cluster.root / "nginx"
    (directory / "temp").mkdir(parents=True, exist_ok=True)
    for path in (cluster.root, directory):  # nginx's workers run as nobody: they may pass through, not list
        os.chmod(path, 0o711)
    os.chmod(directory / "temp", 0o777)
    servers = "\n".join(f"    server {backend.url.removeprefix('http://')} max_fails=1 fail_timeout=5s;"
                        for backend in cluster.backends)  # fmt: skip
    port = cluster.settings.port
    temp = directory / "temp"
    config = directory / "nginx.conf"
    config.write_text(
        f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_buffer_size 1m;
  client_body_temp_path {temp}/body;
  proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  upstream backends {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://backends;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
      proxy_next_upstream error timeout;
      proxy_intercept_errors on;
      error_page 502 504 = @unavailable;
    }}
    location @unavailable {{
      add_header Retry-After 5 always;
      default_type application/json;
      return 503 '{{"detail": "Tjänsten är tillfälligt otillgänglig. / The service is briefly unavailable."}}';
    }}
  }}
}}
""",
        encoding="utf-8",
    )
    if not Path(NGINX).exists():
        raise RuntimeError(
            "nginx is not installed: run scripts/ensure-system-packages.sh (apt-get install nginx-light)"
        )
    log = (directory / "output.log").open("wb")
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(directory), "-g", "daemon off;"],
                               stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    wait_for_port(port, server="nginx")
    return Replica("balancer", f"http://127.0.0.1:{port}", process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", type=int, default=2)
    parser.add_argument("--rasas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="where nginx listens")
    args = parser.parse_args()
    print("Starting PostgreSQL, Redis, Rasa and backend replicas, a worker and nginx ...", flush=True)
    cluster = start_cluster(backends=args.backends, rasas=args.rasas, port=args.port)
    backends, rasas = (", ".join(replica.url for replica in group) for group in (cluster.backends, cluster.rasas))
    print(f"Ready: {cluster.url}/ (backends {backends}; Rasa {rasas}; logs in {cluster.root}). Stop with Ctrl-C.")
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C, with every process
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
