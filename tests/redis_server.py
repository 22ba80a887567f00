"""A real redis-server (Debian's package) for tests: on a free loopback port, in memory, stopped afterwards."""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import redis

from pg_cluster import free_port


class RedisServer:
    def __init__(self, folder: Path, password: str | None = None):
        self.folder = folder
        self.port = free_port()
        self.password = password
        auth = f":{password}@" if password else ""
        self.url = f"redis://{auth}127.0.0.1:{self.port}/0"

    def __enter__(self) -> "RedisServer":
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        args = [server, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
                "--dir", str(self.folder)]
        if self.password:
            args += ["--requirepass", self.password]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_timeout=2)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    self.process.kill()
                    raise
                time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
