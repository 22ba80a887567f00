"""Run one site from its config file: audit in a child process, record history, diff, alert, prune."""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from ..config import AuditConfig, load_config
from ..i18n import DEFAULT, report_language
from ..report import write_reports
from ..run_folder import close_if_abandoned
from ..runfiles import read_report
from .alerts import send_alerts
from .child import ChildOutcome, run_child
from .db import History, open_history
from .trends import site_trend, write_trend

log = logging.getLogger("mobicrawl.sites")

# The config fields that change what an audit finds; runs are compared only when these are equal.
AUDIT_FIELDS = ("start_urls", "allowed_domains", "devices", "max_pages", "max_depth", "obey_robots", "use_sitemaps",
                "timeout", "settle", "include", "exclude", "offers", "pixels", "vendors", "consent", "checks")


def baseline_key(config: AuditConfig) -> str:
    """The key a site's runs share when they are comparable: what the audit does, not the file's bytes,
    so a comment, a schedule or an alert address can change and the baseline stays."""
    audit = {name: value for name, value in config.to_dict().items() if name in AUDIT_FIELDS}
    return hashlib.sha256(json.dumps(audit, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def audit_in_subprocess(config_path: Path, run_dir: Path, max_minutes: float, share: bool,
                        baseline: str | None = None) -> ChildOutcome:
    """The local executor: one audit in a child process (Scrapy's reactor runs once per process),
    stopped with its whole process tree after `max_minutes`; the audit writes `since_last` against
    `baseline` into report.json itself."""
    command = [sys.executable, "-m", "crawler.cli", "audit", "--config", str(config_path), "--out", str(run_dir),
               "--quiet", "--fail-on", "never", *(["--share"] if share else []),
               *(["--baseline", baseline] if baseline else [])]
    return run_child(command, max_minutes * 60)


def run_site(config_path: Path, reports_dir: Path, keep: int | None = None, history_at: str | None = None,
             execute: Callable[[Path, Path, str | None], int | ChildOutcome] | None = None,
             share: bool = False) -> dict[str, Any]:
    """Audit one site into reports/<site>/<UTC time>/ (by `execute`, default a local child process
    with the site's max_minutes), compared with its last complete run with the same audit."""
    config = load_config(config_path)
    started = datetime.now(timezone.utc)
    with open_history(history_at or config.history_url or reports_dir) as history:
        run_id, run_dir = history.start_run(config.site_name, reports_dir / config.site_name /
                                            started.strftime("%Y%m%dT%H%M%SZ"), baseline_key(config),
                                            started.isoformat(timespec="seconds"))
        base = baseline_dir(history, config, run_id)
        if execute is None:
            child = audit_in_subprocess(config_path, run_dir, config.max_minutes, share, base)
        else:  # another executor (Scrapyd) keeps its own deadline and says only its exit code
            done = execute(config_path, run_dir, base)
            child = done if isinstance(done, ChildOutcome) else ChildOutcome(done, False, None)
        close_if_abandoned(run_dir)  # killed: interrupted, with the pages it wrote
        return record_outcome(history, run_id, config, run_dir, child.exit_code, base, keep,
                              child_problem(child, config.max_minutes))


def baseline_dir(history: History, config: AuditConfig, run_id: int) -> str | None:
    """The folder of the site's last complete run with the same audit, if it still has its report."""
    base = history.baseline(config.site_name, baseline_key(config), run_id)
    if base is None or read_report(Path(base["run_dir"])) is None:
        return None
    return str(Path(base["run_dir"]).resolve())


def record_outcome(history: History, run_id: int, config: AuditConfig, run_dir: Path, exit_code: int,
                   baseline: str | None, keep: int | None = None, problem: str | None = None) -> dict[str, Any]:
    """Record a finished audit and alert on what its report's `since_last` says got worse."""
    report = read_report(run_dir)
    history.finish_run(run_id, report)
    if report and report["run"]["status"] == "complete":
        write_trend(run_dir, site_trend(history, config.site_name))
        if (run_dir / "index.html").exists():
            write_reports(run_dir, {"html"})  # the report draws the trend up to this run
    since = (report or {}).get("since_last")  # written by the audit, with report.json, against `baseline`
    lang = report_language(report) if report else DEFAULT
    outcome: dict[str, Any] = {"site": config.site_name, "run_dir": str(run_dir), "exit_code": exit_code,
                               "since_last": since, "baseline": baseline, "problem": problem, "alert_failures": [],
                               "lang": lang}
    if since:
        outcome["alert_failures"] = send_alerts(config.alerts, config.site_name, since,
                                                str(run_dir / "index.html"), lang) or []
    if keep:
        prune_screenshots(history, config.site_name, keep)
    return outcome


def child_problem(child: ChildOutcome, max_minutes: float) -> str | None:
    if child.timed_out:
        return f"the audit was stopped after {max_minutes:g} minutes (the site's max_minutes)"
    if child.exit_code not in (0, 1):
        return child.last_error or f"the audit ended with exit code {child.exit_code}"
    return None


def prune_screenshots(history: History, site: str, keep: int) -> None:
    """Keep screenshots of the newest `keep` runs of a site; older runs keep their JSON reports."""
    for run in history.runs(site)[:-keep]:
        shutil.rmtree(Path(run["run_dir"]) / "screenshots", ignore_errors=True)
