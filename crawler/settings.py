"""Scrapy settings of the mobicrawl project; per-audit settings come from `audit_settings`."""
from __future__ import annotations

from typing import Any

from scrapy.settings import default_settings

from . import __version__
from .page_pool import MAX_IDLE
from .report import FORMATS

BOT_NAME = "mobicrawl"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DOWNLOAD_HANDLERS = {
    "http": "crawler.render_handler.SharedPlaywrightHandler",
    "https": "crawler.render_handler.SharedPlaywrightHandler",
}
# Renders keep the device's own headers (user agent included); Scrapy's apply to probes only.
PLAYWRIGHT_PROCESS_REQUEST_HEADERS = None
USER_AGENT = f"Mozilla/5.0 (compatible; mobicrawl/{__version__}; +https://github.com/mobicrawl)"
REQUEST_FINGERPRINTER_CLASS = "crawler.fingerprint.DeviceFingerprinter"
ROBOTSTXT_OBEY = True
# Breadth first: the spider sets priorities by depth; FIFO within a priority.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
DEPTH_PRIORITY = 0
# ... except that a render may go up to five requests early, to take the tab a render of its device left
SCHEDULER = "crawler.render_order.ParkedTabFirst"
DEPTH_STATS_VERBOSE = False
REDIRECT_MAX_TIMES = 10
RETRY_TIMES = 1
DOWNLOAD_TIMEOUT = 30
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's RemoteControl is an HTTP server that runs code inside the crawl: an audit listens on nothing.
# Scrapy imports every listed extension, even one set to None: it is left out of the base list, so its module
# and aiohttp (8 MB) are not loaded.
REMOTE_CONTROL_ENABLED = False
EXTENSIONS_BASE = {name: order for name, order in default_settings.EXTENSIONS_BASE.items()
                   if name != "scrapy.extensions.remote_control.RemoteControl"}
LOG_LEVEL = "INFO"
ITEM_PIPELINES = {"crawler.pipelines.RunStorePipeline": 300}
DOWNLOADER_MIDDLEWARES = {"crawler.offsite.StayOnSite": 50, "crawler.digest_auth.DigestAuth": 310,
                          "crawler.page_pool.RenderOnIdlePages": 900}
EXTENSIONS = {"crawler.progress.Progress": 500, "crawler.probe_stop.StopProbeBodies": 0,
              "crawler.stop_signal.NoteStopSignal": 0}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_MAX_CONTEXTS = None
# Contexts are recycled every this many pages so memory stays flat on large sites.
MOBICRAWL_CONTEXT_PAGES = 100
MOBICRAWL_FORMATS = list(FORMATS)
MOBICRAWL_PROGRESS = False


def audit_settings(config, run_dir: str, browser, profiles: list[dict[str, Any]]) -> dict[str, Any]:
    """The settings one audit needs, derived from its config: applied by the spider before the crawl."""
    return {
        "PLAYWRIGHT_LAUNCH_OPTIONS": browser.launch_options(),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": config.timeout * 1000,
        # renders, pages still closing and a parked page: scrapy-playwright counts them all as open
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 2 * config.concurrency + MAX_IDLE,
        "CONCURRENT_REQUESTS": config.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": config.concurrency,
        "ROBOTSTXT_OBEY": config.obey_robots,
        "DOWNLOAD_TIMEOUT": config.timeout,
        "MOBICRAWL_RUN_DIR": run_dir,
        "MOBICRAWL_PROFILES": profiles,
    }
