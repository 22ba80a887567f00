"""Run one audit crawl in this process (Scrapy's reactor runs once per process)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from .browser import Browser
from .config import AuditConfig
from .errors import CrawlFailed
from .pipelines import WRITE_ERROR_STAT
from .run_folder import run_folder
from .spiders.site import SiteSpider, default_run_dir


def crawl(config: AuditConfig, profiles: list[dict[str, Any]], browser: Browser, formats: set[str],
          out: str | None = None, progress: bool = False, force: bool = False, resume: Path | None = None,
          shared: str | None = None) -> tuple[Path, str]:
    """Crawl into a new run folder (or replace the run in `out` with --force); with `resume` (a journal
    folder) or `shared` (a Redis URL), straight into the run folder, which other processes continue.
    Returns the run folder and why the crawl ended (Scrapy's reason: "finished", "shutdown", ...)."""
    run_dir = Path(out or default_run_dir(config))
    if resume or shared:
        run_dir.mkdir(parents=True, exist_ok=True)
        return run_dir, _crawl_into(run_dir, run_dir.name, config, profiles, browser, formats, progress, resume, shared)
    with run_folder(run_dir, force) as work_dir:
        reason = _crawl_into(work_dir, run_dir.name, config, profiles, browser, formats, progress)
    return run_dir, reason


def _crawl_into(run_dir: Path, run_id: str, config: AuditConfig, profiles: list[dict[str, Any]], browser: Browser,
                formats: set[str], progress: bool, resume: Path | None = None, shared: str | None = None) -> str:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict({
        "MOBICRAWL_FORMATS": sorted(formats),
        "MOBICRAWL_PROGRESS": progress,
        "MOBICRAWL_PROFILES": profiles,
        "MOBICRAWL_RUN_DIR": str(run_dir),
        "MOBICRAWL_RUN_ID": run_id,
        "MOBICRAWL_RESUME": str(resume) if resume else None,
        "MOBICRAWL_REDIS": shared,
        "LOG_FILE": str(run_dir / (f"crawl-{os.getpid()}.log" if shared else "crawl.log")),
        "LOG_FILE_APPEND": bool(resume),
    }, priority="cmdline")
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    crawl_done = process.crawl(crawler, audit=config, browser=browser.path)
    process.start()
    if crawl_done.done() and crawl_done.exception():
        raise CrawlFailed(f"the crawl could not run: {crawl_done.exception()} (log: {run_dir / 'crawl.log'})")
    if write_error := crawler.stats.get_value(WRITE_ERROR_STAT):
        raise CrawlFailed(f"could not write the run folder, the audit stopped: {write_error}")
    return str(crawler.stats.get_value("finish_reason"))
