"""A throw-away PostgreSQL server for the test run: initdb in a temp dir, loopback port, stopped at the end.

Debian's `postgresql` package provides the binaries (scripts/ensure-system-packages.sh
installs it). PostgreSQL refuses to run as root, so as root the server runs as
the `postgres` system user that the package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.ports import free_port, wait_for_port


@dataclass
class PostgresServer:
    data_dir: Path
    port: int
    bin_dir: Path
    run_as: str | None

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        self._run(self.bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url_for(name)

    def stop(self) -> None:
        self._run(self.bin_dir / "pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop", check=False)
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)

    def _run(self, *command: object, check: bool = True) -> None:
        argv = [str(part) for part in command]
        if self.run_as:
            argv = ["runuser", "-u", self.run_as, "--", *argv]
        subprocess.run(argv, check=check, capture_output=True)


def find_bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def start_postgres() -> PostgresServer:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise RuntimeError(
            "PostgreSQL is not installed: run scripts/ensure-system-packages.sh (apt-get install postgresql)"
        )
    run_as = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="kc-postgres-"))
    data_dir = root / "data"
    if run_as:
        user = pwd.getpwnam(run_as)
        os.chown(root, user.pw_uid, user.pw_gid)
    server = PostgresServer(data_dir=data_dir, port=free_port(), bin_dir=bin_dir, run_as=run_as)
    server._run(bin_dir / "initdb", "-D", data_dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale")
    options = f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    server._run(bin_dir / "pg_ctl", "-D", data_dir, "-o", options, "-l", root / "server.log", "-w", "start")
    wait_for_port(server.port, server="PostgreSQL")
    return server
