"""The Scrapyd executor: each audit is a job on the least busy of several Scrapyd nodes, awaited."""
from __future__ import annotations

import json
import logging
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from ..runfiles import read_report

log = logging.getLogger("mobicrawl.scrapyd")
PROJECT, SPIDER = "mobicrawl", "site"
DEFAULT_DEADLINE = 6 * 3600.0  # seconds a job may take, queueing included, before it is cancelled
REQUEST_TIMEOUT = 30.0
EXIT_OK, EXIT_CANNOT_RUN = 0, 3


class ScrapydUnavailable(RuntimeError):
    """No node answered, or a node refused the job; the text is one line."""


class ScrapydNodes:
    """Called as `execute(config_path, run_dir)` by run_site, like the local child-process executor."""

    def __init__(self, urls: list[str], deadline: float = DEFAULT_DEADLINE, poll: float = 2.0):
        self.urls = [url.rstrip("/") for url in urls]
        self.deadline, self.poll = deadline, poll
        self.choosing = threading.Lock()  # parallel sites pick nodes one at a time, each seeing the others' jobs

    def call(self, node: str, endpoint: str, **params: str) -> dict[str, Any]:
        """GET (no params) or POST a form to one Scrapyd endpoint; its JSON answer, status checked."""
        data = urllib.parse.urlencode(params).encode() if params else None
        with urllib.request.urlopen(f"{node}/{endpoint}", data=data, timeout=REQUEST_TIMEOUT) as response:
            answer = json.loads(response.read())
        if answer.get("status") != "ok":
            raise ScrapydUnavailable(f"Scrapyd at {node} refused {endpoint}: {answer.get('message', answer)}")
        return answer

    def load(self, node: str) -> int | None:
        """Jobs pending or running on a node (listjobs.json); None when it does not answer."""
        try:
            jobs = self.call(node, f"listjobs.json?project={PROJECT}")
        except (OSError, ValueError, ScrapydUnavailable) as exc:
            log.warning("Scrapyd node %s skipped: %s", node, exc)
            return None
        return len(jobs["pending"]) + len(jobs["running"])

    def loads(self) -> dict[str, int]:
        """Each answering node's load; raises when none answers (or none has the project deployed)."""
        loads = {node: load for node in self.urls if (load := self.load(node)) is not None}
        if not loads:
            raise ScrapydUnavailable(f"no Scrapyd node answers with the {PROJECT} project deployed "
                                     f"({', '.join(self.urls)})")
        return loads

    def submit(self, **arguments: str) -> tuple[str, str]:
        """Schedule the audit on the least busy node that answers: (node, job id)."""
        with self.choosing:
            loads = self.loads()
            node = min(loads, key=lambda name: loads[name])
            return node, self.call(node, "schedule.json", project=PROJECT, spider=SPIDER, **arguments)["jobid"]

    def wait(self, node: str, job: str) -> bool:
        """Whether the job finished before the deadline; a job past it is cancelled."""
        ends = time.monotonic() + self.deadline
        while time.monotonic() < ends:
            try:
                if self.call(node, f"status.json?job={job}&project={PROJECT}")["currstate"] in ("finished", None):
                    return True
            except (OSError, ValueError, ScrapydUnavailable) as exc:
                log.warning("Scrapyd job %s on %s: %s (still waiting)", job, node, exc)
            time.sleep(self.poll)
        log.error("Scrapyd job %s on %s still not done after %.0f s: cancelled", job, node, self.deadline)
        try:
            self.call(node, "cancel.json", project=PROJECT, job=job)
        except (OSError, ValueError, ScrapydUnavailable) as exc:
            log.warning("cancelling job %s on %s failed: %s", job, node, exc)
        return False

    def __call__(self, config_path: Path, run_dir: Path, baseline: str | None = None) -> int:
        """Paths are sent absolute: the nodes must see the sites and reports folders at the same paths (the
        audit writes `since_last` against `baseline` itself)."""
        try:
            node, job = self.submit(config=str(Path(config_path).resolve()), out=str(Path(run_dir).resolve()),
                                    **({"baseline": baseline} if baseline else {}))
        except (OSError, ValueError, ScrapydUnavailable) as exc:
            log.error("%s: could not be sent to Scrapyd: %s", config_path, exc)
            return EXIT_CANNOT_RUN
        log.info("%s: job %s on %s", config_path, job, node)
        report = read_report(run_dir) if self.wait(node, job) else None
        return EXIT_OK if report and report["summary"]["pages"] else EXIT_CANNOT_RUN
