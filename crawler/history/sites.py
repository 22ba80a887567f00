"""Run one site from its config file: audit in a child process, record history, diff, alert, prune."""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..config import load_config
from .alerts import send_alerts
from .db import History
from .diff import diff_reports

log = logging.getLogger("mobicrawl.sites")


def config_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def read_report(run_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def run_site(config_path: Path, reports_dir: Path, keep: int | None = None,
             audit_command: list[str] | None = None) -> dict[str, Any]:
    """Audit one site into reports/<site>/<UTC time>/ and compare it with its last complete run."""
    config = load_config(config_path)
    started = datetime.now(timezone.utc)
    run_dir = reports_dir / config.site_name / started.strftime("%Y%m%dT%H%M%SZ")
    history = History(reports_dir)
    try:
        run_id = history.start_run(config.site_name, str(run_dir), config_hash(config_path),
                                   started.isoformat(timespec="seconds"))
        command = (audit_command or [sys.executable, "-m", "crawler.cli"]) + [
            "audit", "--config", str(config_path), "--out", str(run_dir), "--quiet", "--fail-on", "never"]
        exit_code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).returncode
        report = read_report(run_dir)
        history.finish_run(run_id, report)
        outcome = {"site": config.site_name, "run_dir": str(run_dir), "exit_code": exit_code, "since_last": None}
        base = history.baseline(config.site_name, config_hash(config_path), run_id)
        if report and report["run"]["status"] == "complete" and base is not None:
            old = read_report(Path(base["run_dir"]))
            if old:
                since = diff_reports(old, report, base["run_dir"])
                report["since_last"] = since
                (run_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
                _rewrite_html(run_dir)
                outcome["since_last"] = since
                outcome["alerted"] = send_alerts(config.alerts, config.site_name, since, str(run_dir / "index.html"))
        if keep:
            prune_screenshots(history, config.site_name, keep)
        return outcome
    finally:
        history.close()


def _rewrite_html(run_dir: Path) -> None:
    from ..report import write_reports

    write_reports(run_dir, {"html"})


def prune_screenshots(history: History, site: str, keep: int) -> None:
    """Keep screenshots of the newest `keep` runs of a site; older runs keep their JSON reports."""
    for run in history.runs(site)[:-keep]:
        shutil.rmtree(Path(run["run_dir"]) / "screenshots", ignore_errors=True)
