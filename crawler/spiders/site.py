"""The site spider: probe each URL, render each HTML page once per device, follow rendered links."""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, AsyncIterator
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, DownloadCancelledError, IgnoreRequest
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from scrapy_playwright.page import PageMethod
from twisted.internet.defer import CancelledError
from twisted.internet.task import LoopingCall

from checks.artifacts import RenderArtifacts, ServerHtml
from checks.pixel_catalog import catalog

from ..browser import Browser, find_browser
from ..config import AuditConfig, check_url, config_from_dict, load_config, spider_overrides
from ..contexts import ContextRecycler
from ..devices import config_profiles, device_info
from ..crawl_state import crawl_state
from ..frontier import Found
from ..journal import PAGE_ADOPTED, UnsavedPage
from ..page_pool import gathered, leave_for_next_render
from ..gather.collect import (CONTEXT_DEFAULTS, GATHERED_AT, META_KEY, gather_options, gather_render, init_page,
                              renderer_crash)
from ..gather.page_watch import LAST_URL, RENDER_PROBLEM
from ..offsite import OffSite
from ..probe_stop import is_download, is_html
from ..gather.script import script_options
from ..records import PageItem, RenderItem
from ..login import log_in
from ..server_html import read_server_html
from ..settings import audit_settings
from ..sitemaps import MAX_SITEMAP_BYTES, SitemapQueue
from ..urls import SiteBoundary, UrlFilter, normalize, origin_of

ERROR_STATUSES = list(range(400, 600))


def default_run_dir(config: AuditConfig) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return str(Path("reports") / config.site_name / stamp)


def error_text(failure) -> str:
    exc = failure.value
    if "max redirections" in str(exc):
        return "too many redirects (a redirect loop?)"
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if "Timeout" in type(exc).__name__ or "Timeout" in first:
        return f"timed out: {first}"[:300]
    if crash := renderer_crash(first):
        return crash[:300]
    return f"{type(exc).__name__}: {first}"[:300]


def probe_error_text(failure, max_page_mb: float) -> str:
    """A failed probe's cause as the report says it."""
    if failure.check(OffSite):
        return f"redirected off the site (to {failure.value.origin})"
    if failure.check(CancelledError, DownloadCancelledError) or "DOWNLOAD_MAXSIZE" in str(failure.value):
        return f"too large: over {max_page_mb:g} MB of HTML, not rendered"
    return error_text(failure)


class SiteSpider(scrapy.Spider):
    """`scrapy crawl site -a url=URL` or `-a config=SITE.toml` (the CLI passes a ready AuditConfig)."""

    name = "site"
    browser: Browser

    @classmethod
    def from_crawler(cls, crawler, *args, audit: AuditConfig | None = None, url: str | None = None,
                     config: str | None = None, out: str | None = None, browser: str | None = None,
                     format: str | None = None, baseline: str | None = None, _job: str | None = None,
                     _version: str | None = None, **arguments: str):
        """Every other spider argument is a [site] key (`-a max_pages=2`); Scrapyd adds `_job` and `_version`."""
        if audit is None:
            overrides = spider_overrides(arguments)
            if url:
                overrides["start_urls"] = [check_url(url)]
            audit = load_config(config, overrides) if config else config_from_dict({}, "spider arguments", overrides)
            audit.baseline = baseline or audit.baseline  # an earlier run folder: report.json gets since_last
        profiles = crawler.settings.get("MOBICRAWL_PROFILES") or config_profiles(audit)
        run_dir = out or crawler.settings.get("MOBICRAWL_RUN_DIR") or default_run_dir(audit)
        found = find_browser(browser)
        crawler.settings.setdict(audit_settings(audit, run_dir, found, profiles), priority="spider")
        if format:
            from ..report import parse_formats

            crawler.settings.set("MOBICRAWL_FORMATS", sorted(parse_formats(format)), priority="spider")
        # Scrapy applies LOG_LEVEL to its log handler only; scrapy-playwright attaches a request and a
        # response logger to every page (each asks the browser for a header) when its logger is at DEBUG.
        logging.getLogger("scrapy-playwright").setLevel(crawler.settings.get("LOG_LEVEL"))
        spider = super().from_crawler(crawler, *args)
        spider.browser = found
        spider.setup(audit, profiles, run_dir)
        return spider

    def setup(self, audit: AuditConfig, profiles: list[dict[str, Any]], run_dir: str) -> None:
        self.audit = audit
        self.profiles = profiles
        self.run_dir = Path(run_dir)
        (self.run_dir / "screenshots").mkdir(parents=True, exist_ok=True)
        self.boundary = SiteBoundary(audit.allowed_domains, audit.start_urls)
        self.max_page_bytes = int(audit.max_page_mb * 2**20)
        self.url_filter = UrlFilter(audit.include, audit.exclude)
        self.gather_options = gather_options(audit, script_options(audit))
        self.vendors = catalog(audit.vendors)
        self.use_auth()
        self.contexts = ContextRecycler(self.settings.getint("MOBICRAWL_CONTEXT_PAGES"))
        self.sitemaps = SitemapQueue()
        self.renders_pending = 0  # requested, not answered yet
        state = crawl_state(self.settings, audit, [p["name"] for p in profiles], self.run_dir)
        self.frontier, self.page_ids, self.journal, self.shared = state.frontier, state.page_ids, state.journal, \
            state.shared

    # ---- discovery ----------------------------------------------------------------------

    def use_auth(self) -> None:
        """What the probes and the renders send: the same credentials, headers and cookies (or session)."""
        auth = self.audit.auth
        start_hosts = sorted({urlsplit(u).hostname or "" for u in self.audit.start_urls})
        self.auth_context = auth.context_kwargs(start_hosts)
        self.auth_cookies = auth.probe_cookies()
        start_netlocs = sorted({urlsplit(u).netloc.lower() for u in self.audit.start_urls})
        self.auth_meta = auth.probe_meta(start_netlocs[0] if len(start_netlocs) == 1 else None)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if login := self.audit.auth.pending_login():  # under Scrapyd (`mobicrawl audit` logs in before)
            self.audit.auth.session = await log_in(self.browser, login, self.audit.timeout)
            self.use_auth()
        for url in self.audit.start_urls:
            if normalized := normalize(url):
                self.keep(Found(normalized, depth=0, start=True))
        for request in self.adopt(self.journal.unsaved_pages()):
            yield request
        for request in self.release():
            yield request
        if self.shared:
            self.keep_shared_crawl()
        if self.audit.use_sitemaps and (not self.shared or self.shared.seeds()):
            for origin in sorted({origin_of(u) for u in self.audit.start_urls}):
                # a 4xx/5xx reaches on_robots too: a site without robots.txt still has /sitemap.xml read
                yield scrapy.Request(f"{origin}/robots.txt", callback=self.on_robots, errback=self.ignore,
                                     priority=100, meta={"dont_obey_robotstxt": True, "mobicrawl_origin": origin,
                                                         "handle_httpstatus_list": ERROR_STATUSES})

    def discover(self, url: str, depth: int) -> None:
        """A link or sitemap entry: kept in the frontier if it is on the site and within the depth limit."""
        normalized = normalize(url)
        if normalized and depth <= self.audit.max_depth and self.boundary.allows(normalized) \
                and self.url_filter.allows(normalized):
            self.keep(Found(normalized, depth))

    def keep(self, found: Found) -> None:
        if self.frontier.add(found, len(self.page_ids)):
            self.journal.url_found(found)

    def adopt(self, pages: list[UnsavedPage]) -> list[scrapy.Request]:
        """Pages a stop (or a dead worker) left unfinished: the pipeline takes them with the renders they
        have, and the missing renders are requested."""
        requests = []
        for page in pages:
            self.crawler.signals.send_catch_log(signal=PAGE_ADOPTED, page=page)
            item = page.item
            if item["audited"] and page.render_url and page.server_html is not None:
                requests += [self.render_request(page.render_url, item["id"], item["depth"], profile, page.server_html)
                             for profile in self.profiles if profile["name"] not in page.renders]
        return requests

    # ---- a crawl shared with other workers (--redis) ----------------------------------------

    def keep_shared_crawl(self) -> None:
        """Beat while alive, take over what dead workers left, and stay open until the whole crawl is done."""
        from ..shared_crawl import HEARTBEAT_S, POLL_S  # redis is imported only by a --redis worker

        self.loops = [LoopingCall(self.on_heartbeat), LoopingCall(self.take_shared_urls)]
        self.loops[0].start(HEARTBEAT_S, now=False)
        self.loops[1].start(POLL_S, now=False)
        self.crawler.signals.connect(self.on_idle, signal=signals.spider_idle)

    def on_heartbeat(self) -> None:
        self.shared.beat()
        for request in self.adopt(self.shared.reclaim()):
            self.crawler.engine.crawl(request)

    def take_shared_urls(self) -> None:
        """URLs other workers found: this worker probes its share while it has room."""
        for request in self.release():
            self.crawler.engine.crawl(request)

    def on_idle(self) -> None:
        self.take_shared_urls()
        if not self.shared.done():
            raise DontCloseSpider("other workers are still crawling")

    def release(self) -> list[scrapy.Request]:
        """Probe requests for as many waiting URLs as --max-pages can still audit, and the next sitemap
        while the frontier has room for its entries. A worker of a shared crawl takes URLs only while its
        renders do not keep it busy, so the others get their share."""
        taking = not self.shared or self.renders_pending < self.audit.concurrency
        requests = [self.probe(found) for found in self.frontier.release(len(self.page_ids))] if taking else []
        if not self.frontier.full(len(self.page_ids)) and (sitemap := self.sitemaps.next()):
            requests.append(scrapy.Request(sitemap, callback=self.on_sitemap, errback=self.on_sitemap_error,
                                           priority=90, dont_filter=True,  # the queue reads each once
                                           meta={"dont_obey_robotstxt": True, "download_maxsize": MAX_SITEMAP_BYTES}))
        return requests

    def probe(self, found: Found) -> scrapy.Request:
        """A GET before any rendering: status, redirects, content type and size (only HTML bodies are read)."""
        self.crawler.stats.inc_value("mobicrawl/queued")
        # dont_filter: the frontier dedupes, and a redirect loop must reach the errback
        return scrapy.Request(found.url, callback=self.on_probe, errback=self.on_probe_error,
                              priority=-10 * found.depth, dont_filter=True, headers=self.audit.auth.headers,
                              cookies=self.auth_cookies,
                              meta={**self.auth_meta, "mobicrawl_probe": True, "mobicrawl_url": found.url,
                                    "mobicrawl_depth": found.depth,
                                    "mobicrawl_start": found.start, "download_maxsize": self.max_page_bytes,
                                    # let 4xx/5xx through to the callback; redirects are still followed
                                    "handle_httpstatus_list": ERROR_STATUSES})

    def on_robots(self, response):
        urls = list(sitemap_urls_from_robots(response.body, base_url=response.url)) if response.status == 200 else []
        for url in urls + [f"{response.meta['mobicrawl_origin']}/sitemap.xml"]:
            if self.boundary.allows(url):  # a hostile robots.txt must not send the crawl elsewhere
                self.sitemaps.add(url)
        yield from self.release()

    def on_sitemap(self, response):
        self.sitemaps.done()
        self.read_sitemap(response.body)
        yield from self.release()

    def read_sitemap(self, body: bytes) -> None:
        """Its entries on the site go to the frontier (an index's to the sitemaps), until the frontier is full."""
        try:
            if body[:2] == b"\x1f\x8b":
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            sitemap = Sitemap(body)
        except Exception:  # not XML (an HTML page at /sitemap.xml), a broken .gz, or one over the size limit
            return
        for entry in sitemap:
            if self.frontier.full(len(self.page_ids)):
                return  # read no further: the crawl cannot use more URLs
            loc = entry.get("loc")
            if not loc or not self.boundary.allows(loc):
                continue
            if sitemap.type == "sitemapindex":
                self.sitemaps.add(loc)
            else:
                self.discover(loc, depth=1)

    def on_sitemap_error(self, failure):
        self.sitemaps.done()
        self.ignore(failure)
        yield from self.release()

    def ignore(self, failure):
        self.logger.info("ignored: %s", error_text(failure))

    # ---- probing ------------------------------------------------------------------------

    def on_probe(self, response):
        yield from self.page_from_probe(response)
        # only now: a page admitted above is in progress before its URL stops being (a shared crawl is
        # done when nothing is, and another worker may look in between)
        self.frontier.answered(response.meta["mobicrawl_url"])
        self.journal.url_probed(response.meta["mobicrawl_url"])
        yield from self.release()

    def page_from_probe(self, response):
        final_url = normalize(response.url)
        if final_url in self.page_ids:
            return  # another URL already redirected to this page: audit it once
        if not (response.meta.get("mobicrawl_start") or self.url_filter.allows(final_url)):
            return  # redirected to a page the site's include/exclude keeps out
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").split(";")[0].strip() or None
        error, not_html = None, False
        if response.status >= 400:
            error = f"HTTP {response.status}"
        elif not is_html(response.headers):
            kind = "a download" if is_download(response.headers) else content_type or "no content type"
            error, not_html = f"not HTML ({kind}): not audited", True
        server_html = None if error else read_server_html(response.body, getattr(response, "encoding", None),
                                                           response.headers.get("Vary"), self.vendors)
        page = self.page_item(final_url, response.request, final_url=response.url, http_status=response.status,
                              content_type=content_type, error=error, not_html=not_html, server_html=server_html)
        if page is None:
            return
        self.frontier.mark_seen(final_url)
        yield page
        if server_html is not None:
            for profile in self.profiles:
                yield self.render_request(response.url, page["id"], page["depth"], profile, server_html)

    def on_probe_error(self, failure):
        request = failure.request
        if failure.check(IgnoreRequest) and "robots" in str(failure.value):
            self.crawler.stats.inc_value("mobicrawl/robots_forbidden")
        elif page := self.page_item(f"error:{request.url}", request,
                                    error=probe_error_text(failure, self.audit.max_page_mb)):
            yield page
        self.frontier.answered(request.meta["mobicrawl_url"])
        self.journal.url_probed(request.meta["mobicrawl_url"])
        yield from self.release()

    def page_item(self, key: str, request: scrapy.Request, final_url: str | None = None,
                  http_status: int | None = None, content_type: str | None = None,
                  error: str | None = None, not_html: bool = False,
                  server_html: ServerHtml | None = None) -> PageItem | None:
        """The one page item of a probed URL (audited when `error` is None), or None past --max-pages; the
        journal keeps it with what its renders need."""
        page_id = self.page_ids.admit(key)
        if page_id is None:
            return None
        page = PageItem(kind="page", id=page_id, url=request.meta.get("redirect_urls", [request.url])[0],
                        final_url=final_url, http_status=http_status, depth=request.meta["mobicrawl_depth"],
                        content_type=content_type, error=error, audited=error is None, not_html=not_html,
                        start=request.meta.get("mobicrawl_start", False),
                        devices=[p["name"] for p in self.profiles] if error is None else [])
        self.journal.page_admitted(key, page, final_url, server_html)
        return page

    # ---- rendering ----------------------------------------------------------------------

    def render_request(self, url: str, page_id: int, depth: int, profile: dict[str, Any],
                       server_html: ServerHtml) -> scrapy.Request:
        device = profile["name"]
        self.renders_pending += 1
        slug = "".join(c if c.isalnum() else "-" for c in device.lower()).strip("-")
        options = {**self.gather_options, "screenshot": str(self.run_dir / "screenshots" / f"{page_id:06d}-{slug}.jpg")}
        return scrapy.Request(
            url, callback=self.on_render, errback=self.on_render_error, priority=-10 * depth + 5,
            meta={
                "playwright": True,
                "playwright_context": self.contexts.start(device),
                "playwright_include_page": True,  # handed back by on_render and on_render_error, in every case
                "playwright_context_kwargs": {**profile["context"], **CONTEXT_DEFAULTS, **self.auth_context},
                "playwright_page_init_callback": init_page,
                # scrapy-playwright asks the driver for the headers of every response its goto sees (a
                # round trip each): its goto ends at the commit, and gather_render waits for the load.
                "playwright_page_goto_kwargs": {"wait_until": "commit"},
                "playwright_page_methods": [PageMethod(gather_render, options), PageMethod(leave_for_next_render)],
                META_KEY: options,
                "mobicrawl_page": page_id,
                "mobicrawl_device": device,
                "mobicrawl_depth": depth,
                "mobicrawl_server_html": server_html,
                "handle_httpstatus_all": True,
                "max_retry_times": 0,  # a page that hangs must not cost twice the timeout
            },
        )

    def on_render(self, response):
        self.renders_pending -= 1
        meta = response.meta
        artifacts: RenderArtifacts = gathered(meta) or {"error": "no artifacts were gathered"}
        artifacts.update(url=response.request.url, http_status=response.status, device=self.device(meta),
                         server_html=meta["mobicrawl_server_html"])
        if gathered_at := meta[META_KEY].get(GATHERED_AT):
            artifacts["timing"]["handoff_ms"] = round((time.monotonic() - gathered_at) * 1000)
        artifacts["error"] = (artifacts.get("error") or meta.get(RENDER_PROBLEM)
                              or self.render_problem(artifacts.get("http_status"), artifacts.get("final_url")))
        self.contexts.finish(meta["playwright_context"], meta["mobicrawl_device"])
        if not artifacts["error"]:  # before the item: its page is still in progress while its links are kept
            for link in (artifacts.get("page") or {}).get("links", []):
                self.discover(link, depth=meta["mobicrawl_depth"] + 1)
        yield RenderItem(kind="render", page=meta["mobicrawl_page"], device=meta["mobicrawl_device"],
                         artifacts=artifacts)
        yield from self.release()

    def render_problem(self, http_status: int | None, final_url: str | None) -> str | None:
        """Why a render is not the page the crawl asked for, or None."""
        if (http_status or 0) >= 400:
            return f"HTTP {http_status} at this device"
        if final_url and not self.boundary.allows(final_url):
            return f"left the site: a script sent the browser to {origin_of(final_url)}"
        return None

    def on_render_error(self, failure):
        self.renders_pending -= 1
        meta = failure.request.meta
        self.contexts.finish(meta["playwright_context"], meta["mobicrawl_device"])
        yield RenderItem(kind="render", page=meta["mobicrawl_page"], device=meta["mobicrawl_device"],
                         artifacts={"url": failure.request.url, "final_url": None, "http_status": None,
                                    "error": meta.get(RENDER_PROBLEM) or self.render_problem(None, meta.get(LAST_URL))
                                    or error_text(failure), "device": self.device(meta)})

    def device(self, meta) -> dict[str, Any]:
        return device_info(next(p for p in self.profiles if p["name"] == meta["mobicrawl_device"]))

    def closed(self, reason: str) -> None:
        for loop in self.loops if self.shared else ():
            if loop.running:
                loop.stop()
