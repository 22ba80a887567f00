"""Extension: one live line while crawling (pages done, queued, findings); off unless asked for."""
from __future__ import annotations

import time

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import signals
from scrapy.exceptions import NotConfigured


class Progress:
    def __init__(self, stats):
        self.stats = stats
        self.started = time.monotonic()
        self.live = Live(get_renderable=self.line, console=Console(stderr=True), refresh_per_second=4,
                         transient=True)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("MOBICRAWL_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.live.start, signal=signals.engine_started)
        crawler.signals.connect(extension.stop, signal=signals.engine_stopped)
        return extension

    def line(self) -> Text:
        done = self.stats.get_value("mobicrawl/pages_done", 0)
        queued = self.stats.get_value("mobicrawl/queued", 0)
        findings = self.stats.get_value("mobicrawl/pages_with_findings", 0)
        elapsed = time.monotonic() - self.started
        return Text.assemble(
            ("mobicrawl ", "bold"), f"{done} pages done, {max(queued - done, 0)} queued, ",
            (f"{findings} with findings", "yellow" if findings else "green"), f"  [{elapsed:.0f}s]")

    def stop(self) -> None:
        self.live.stop()
