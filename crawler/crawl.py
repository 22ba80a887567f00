"""Run one audit crawl in this process (Scrapy's reactor runs once per process)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from .browser import Browser
from .config import AuditConfig
from .errors import CrawlFailed
from .spiders.site import SiteSpider, default_run_dir


def crawl(config: AuditConfig, profiles: list[dict[str, Any]], browser: Browser, formats: set[str],
          out: str | None = None, progress: bool = False) -> Path:
    run_dir = Path(out or default_run_dir(config))
    run_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict({
        "MOBICRAWL_FORMATS": sorted(formats),
        "MOBICRAWL_PROGRESS": progress,
        "MOBICRAWL_PROFILES": profiles,
        "MOBICRAWL_RUN_DIR": str(run_dir),
        "LOG_FILE": str(run_dir / "crawl.log"),
        "LOG_FILE_APPEND": False,
    }, priority="cmdline")
    process = AsyncCrawlerProcess(settings)
    crawl_done = process.crawl(SiteSpider, audit=config, browser=browser.path)
    process.start()
    if crawl_done.done() and crawl_done.exception():
        raise CrawlFailed(f"the crawl could not run: {crawl_done.exception()} (log: {run_dir / 'crawl.log'})")
    return run_dir
