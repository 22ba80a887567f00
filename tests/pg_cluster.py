"""A throwaway PostgreSQL cluster: initdb in a temporary folder, a free loopback port, stopped at the end."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

USER, PASSWORD = "mobicrawl", "s3cret-" + uuid.uuid4().hex[:12]


def pg_program(name: str) -> str:
    """Debian keeps the server programs out of PATH, under /usr/lib/postgresql/VERSION/bin."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    program = found[-1] if found else shutil.which(name)
    if not program:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: run `make setup` (Debian's postgresql package)")
    return program


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresCluster:
    """Run as the `postgres` user when the tests run as root (the server refuses to run as root)."""

    def __enter__(self) -> "PostgresCluster":
        self.folder = Path(tempfile.mkdtemp(prefix="mobicrawl-pg-"))
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        (self.folder / "password").write_text(PASSWORD)
        if self.as_user:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.folder / "password", "postgres")
        self.data, self.port = self.folder / "data", free_port()
        self._run(pg_program("initdb"), "-D", str(self.data), "-U", USER, "--auth=scram-sha-256", "--no-sync",
                  f"--pwfile={self.folder / 'password'}", "-E", "UTF8")
        self._run(pg_program("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60",
                  "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off", "start")
        return self

    def __exit__(self, *exc) -> None:
        self._run(pg_program("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=120)

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database on this cluster; its URL."""
        import psycopg

        name = "h" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return self.url(name)
