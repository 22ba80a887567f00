"""Item pipeline: gather a page's renders, judge the page when all are in, save it to the run folder."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from checks.base import Status

from .devices import device_info
from .page_record import page_record
from .stop_signal import STOPPED_BY
from .journal import PAGE_ADOPTED, UnsavedPage
from .store import RunStore

WRITE_ERROR_STAT = "mobicrawl/write_error"  # why the run folder could not be written: the crawl stops


class RunStorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store: RunStore  # opened in open_spider
        self.pending: dict[int, dict[str, Any]] = {}  # page id -> {"page": item, "renders": {...}}

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        # spider_closed comes after close_spider and, unlike it, says why the crawl ended
        crawler.signals.connect(pipeline.finish, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.adopt, signal=PAGE_ADOPTED)
        return pipeline

    def open_spider(self, spider=None) -> None:
        spider = self.crawler.spider
        audit = spider.audit
        self.check_config = audit.check_config()
        self.journal = spider.journal
        self.store = RunStore(spider.run_dir)
        if not self.journal.begins_run():  # another worker of a shared crawl wrote run.json
            self.store.make_folders()
            return
        self.store.begin(
            run={"id": self.crawler.settings.get("MOBICRAWL_RUN_ID") or spider.run_dir.name,
                 "site": audit.site_name, "start_urls": audit.start_urls, "lang": audit.lang,
                 "devices": [device_info(p) for p in spider.profiles], "config_source": audit.source,
                 "browser": {"path": spider.browser.path, "version": spider.browser.version()}},
            config=audit.to_dict(),
            check_config=self.check_config,
            resumed=bool(self.crawler.settings.get("MOBICRAWL_RESUME")),
        )

    def adopt(self, page: UnsavedPage) -> None:
        """A page an earlier process (or a dead worker) left unfinished: it waits for its missing renders."""
        self.pending[page.item["id"]] = {"page": page.item, "renders": page.renders}
        if len(page.renders) == len(page.item["devices"]):
            self._save(page.item["id"])

    def process_item(self, item: dict[str, Any], spider=None) -> dict[str, Any]:
        if item["kind"] == "page":
            self.pending[item["id"]] = {"page": item, "renders": {}}
            if not item["audited"]:
                self._save(item["id"])
        else:
            entry = self.pending.get(item["page"])
            if entry is not None:
                self.journal.render_done(item["page"], item["device"], item["artifacts"])
                entry["renders"][item["device"]] = item["artifacts"]
                if len(entry["renders"]) == len(entry["page"]["devices"]):
                    self._save(item["page"])
        return item

    def _save(self, page_id: int, complete: bool = True) -> None:
        """Judge and write a page; one cut short by a stop (`complete` False) is written with the renders it
        has, and a resumed crawl finishes it."""
        entry = self.pending.pop(page_id)
        if self.stats.get_value(WRITE_ERROR_STAT):
            return
        for artifacts in entry["renders"].values():  # screenshot paths relative to the run folder
            if shot := artifacts.get("screenshot"):
                artifacts["screenshot"] = str(Path(shot).relative_to(self.store.dir))
        record = page_record(entry["page"], entry["renders"], self.check_config)
        try:
            self.store.save_page(entry["page"], entry["renders"], record)
        except OSError as exc:
            self.write_failed(exc)
            # a run that cannot be written is not worth crawling on
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="write_failed"))
            return
        if complete:
            self.journal.page_saved(page_id)
        self.stats.inc_value("mobicrawl/pages_done")
        if any(Status(r["status"]).is_finding for r in record["results"]):
            self.stats.inc_value("mobicrawl/pages_with_findings")

    def close_spider(self, spider=None) -> None:
        for page_id in list(self.pending):  # pages cut short by Ctrl-C keep the renders they have
            self._save(page_id, complete=False)

    def finish(self, spider, reason: str) -> None:
        writes_report = self.journal.finish(reason)  # a worker of a shared crawl leaves: the last one writes it
        self.journal.close()
        if self.stats.get_value(WRITE_ERROR_STAT) or not writes_report:
            return  # run.json stays `running`; its process being gone marks it interrupted later
        stopped_by = None if reason == "finished" else self.stats.get_value(STOPPED_BY) or reason
        try:
            self.store.finish("complete" if stopped_by is None else "interrupted", stopped_by=stopped_by)
            formats = set(self.crawler.settings.getlist("MOBICRAWL_FORMATS")) - {"json"}
            if formats:
                from .report import write_reports

                write_reports(self.store.dir, formats)
        except OSError as exc:
            self.write_failed(exc)

    def write_failed(self, exc: OSError) -> None:
        self.stats.set_value(WRITE_ERROR_STAT, f"{exc.strerror or exc}: {exc.filename or self.store.dir}")
