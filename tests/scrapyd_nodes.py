"""Real Scrapyd nodes for tests: the project built as an egg, each node in a temporary folder on a loopback port."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from pg_cluster import free_port

REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


def build_egg(folder: Path) -> Path:
    """`scrapyd-deploy --build-egg` on a copy of the project, so the checkout gets no setup.py nor build/."""
    source = folder / "project"
    for name in ("crawler", "checks"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "scrapy.cfg", "README.md"):
        shutil.copy(REPO / name, source / name)
    egg = folder / "mobicrawl.egg"
    subprocess.run([BIN / "scrapyd-deploy", "--build-egg", str(egg)], cwd=source, check=True, capture_output=True,
                   timeout=180)
    return egg


class ScrapydNode:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ScrapydNode":
        self.folder.mkdir(parents=True)
        (self.folder / "scrapyd.conf").write_text(
            f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {self.port}\nmax_proc = 1\npoll_interval = 0.5\n"
            "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\n", encoding="utf-8")
        self.process = subprocess.Popen([BIN / "scrapyd"], cwd=self.folder, stdout=subprocess.DEVNULL,
                                        stderr=open(self.folder / "scrapyd.err", "wb"))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if self.get("daemonstatus.json")["status"] == "ok":
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"scrapyd did not start: {(self.folder / 'scrapyd.err').read_text()[-2000:]}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def get(self, endpoint: str) -> dict:
        with urllib.request.urlopen(f"{self.url}/{endpoint}", timeout=30) as response:
            return json.loads(response.read())

    def deploy(self, egg: Path, source: Path) -> None:
        """`scrapyd-deploy TARGET --egg FILE`, as a user deploys to each node."""
        (source / "scrapy.cfg").write_text(f"[settings]\ndefault = crawler.settings\n\n[deploy:node]\nurl = {self.url}/\n"
                                           "project = mobicrawl\n", encoding="utf-8")
        subprocess.run([BIN / "scrapyd-deploy", "node", "--egg", str(egg), "-v", "1"], cwd=source, check=True,
                       capture_output=True, timeout=120)

    def finished_jobs(self) -> list[dict]:
        return self.get("listjobs.json?project=mobicrawl")["finished"]

    def job_log(self, job: str) -> str:
        return (self.folder / "logs" / "mobicrawl" / "site" / f"{job}.log").read_text(encoding="utf-8")
