"""The run folder: run.json, per-page artifacts and records, report.json assembled from them."""
from __future__ import annotations

import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import psutil

from checks.artifacts import RenderArtifacts
from checks.registry import all_checks

from . import __version__
from .history.diff import diff_reports
from .records import PageItem, PageRecord, SavedPage
from .runfiles import REPORT_FILE, atomic_writer, read_report, write_json
from .summary import summarize

RUN_FILE = "run.json"


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RunStore:
    def __init__(self, run_dir: str | Path):
        self.dir = Path(run_dir)
        self.artifacts_dir = self.dir / "artifacts"
        self.pages_dir = self.dir / "pages"

    # ---- writing during a crawl ---------------------------------------------------------

    def make_folders(self) -> None:
        for folder in (self.dir, self.artifacts_dir, self.pages_dir, self.dir / "screenshots"):
            folder.mkdir(parents=True, exist_ok=True)

    def begin(self, run: dict[str, Any], config: dict[str, Any], check_config: dict[str, Any],
              resumed: bool = False) -> None:
        self.make_folders()
        # pid and host let a later command tell a run still going from one killed hard
        run = {"started_at": utc_now(), "finished_at": None, "status": "running", "pid": os.getpid(),
               "host": socket.gethostname(), **run}
        if resumed and (self.dir / RUN_FILE).is_file():  # a stopped crawl going on: it started back then
            before = self.load_run()["run"]
            run.update(started_at=before["started_at"], resumes=before.get("resumes", 0) + 1)
        write_json(self.dir / RUN_FILE, {"tool": tool(), "run": run, "config": config,
                                         "check_config": check_config})

    def save_page(self, page: PageItem, renders: dict[str, RenderArtifacts], record: PageRecord) -> None:
        name = f"{page['id']:06d}.json"
        write_json(self.artifacts_dir / name, SavedPage(page=page, renders=renders))
        write_json(self.pages_dir / name, record)

    def finish(self, status: str, finished_at: str | None = None, stopped_by: str | None = None) -> dict[str, Any]:
        meta = self.load_run()
        meta["run"].update(status=status, finished_at=finished_at or utc_now(), stopped_by=stopped_by)
        write_json(self.dir / RUN_FILE, meta)
        return self.write_report()

    def close_if_abandoned(self) -> bool:
        """A run left `running` by a process that is gone (killed hard) becomes `interrupted`, with the
        report of the pages it wrote; it ended when it last wrote a page."""
        if not process_gone(self.load_run()["run"]):
            return False
        last_write = max(path.stat().st_mtime for path in [self.dir / RUN_FILE, *self.page_files()])
        self.finish("interrupted", datetime.fromtimestamp(last_write, timezone.utc).isoformat(timespec="seconds"))
        return True

    # ---- reading ------------------------------------------------------------------------

    def load_run(self) -> dict[str, Any]:
        return json.loads((self.dir / RUN_FILE).read_text(encoding="utf-8"))

    def page_files(self) -> list[Path]:
        return sorted(self.pages_dir.glob("*.json"))

    def iter_pages(self) -> Iterator[PageRecord]:
        for path in self.page_files():
            yield json.loads(path.read_text(encoding="utf-8"))

    def iter_artifacts(self) -> Iterator[SavedPage]:
        for path in sorted(self.artifacts_dir.glob("*.json")):
            yield json.loads(path.read_text(encoding="utf-8"))

    # ---- report.json --------------------------------------------------------------------

    def write_report(self) -> dict[str, Any]:
        """Assemble report.json page by page, so memory does not grow with the site."""
        meta = self.load_run()
        head = {
            "tool": tool(),
            "run": meta["run"],
            "checks": [{"id": c.meta.id, "title": c.meta.title, "failure_title": c.meta.failure_title,
                        "description": c.meta.description, "applies_to": c.meta.applies_to,
                        "fix": c.meta.fix, "help_url": c.meta.help_url}
                       for c in all_checks()],
            "summary": summarize(self.iter_pages(), meta["run"]["devices"]),
        }
        since_last = self.since_last(meta, head)
        if since_last:
            head["since_last"] = since_last
        with atomic_writer(self.dir / REPORT_FILE) as out:
            out.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "pages": [\n')
            for i, page in enumerate(self.iter_pages()):
                out.write((",\n" if i else "") + json.dumps(page, ensure_ascii=False))
            out.write("\n]}\n")
        return head

    def since_last(self, meta: dict[str, Any], head: dict[str, Any]) -> dict[str, Any] | None:
        """The diff against the run's baseline (`--baseline`), for a complete run whose baseline is readable."""
        baseline = (meta.get("config") or {}).get("baseline")
        if not baseline or meta["run"].get("status") != "complete":
            return None
        old = read_report(baseline)
        if old is None:
            return None
        return diff_reports(old, {**head, "pages": list(self.iter_pages())}, baseline)


def process_gone(run: dict[str, Any]) -> bool:
    """A `running` run whose process on this host has ended (a reused pid started after the run)."""
    if run.get("status") != "running" or not run.get("pid") or run.get("host") != socket.gethostname():
        return False
    try:
        process = psutil.Process(run["pid"])
        started = datetime.fromisoformat(run["started_at"]).timestamp()
        return process.status() == psutil.STATUS_ZOMBIE or process.create_time() > started + 1
    except psutil.NoSuchProcess:
        return True


def tool() -> dict[str, str]:
    return {"name": "mobicrawl", "version": __version__}
