"""Extension: note which signal stopped the crawl (SIGINT is Ctrl-C: exit 130; another stop: exit 4)."""
from __future__ import annotations

import signal

from scrapy import signals
from scrapy.crawler import Crawler

STOPPED_BY = "mobicrawl/stopped_by"  # stats key


class NoteStopSignal:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NoteStopSignal:
        extension = cls(crawler)
        # Scrapy installs its own shutdown handlers when the process starts: chain in after it has
        crawler.signals.connect(extension.chain, signal=signals.engine_started)
        return extension

    def chain(self) -> None:
        for number in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(number)
            if callable(previous):
                signal.signal(number, self._noting(previous))

    def _noting(self, previous):
        def handler(number, frame):
            if not self.stats.get_value(STOPPED_BY):
                self.stats.set_value(STOPPED_BY, signal.Signals(number).name)
            previous(number, frame)
        return handler
