"""One scrapy-playwright download handler for both http and https.

Scrapy builds a handler per scheme, and each scrapy-playwright handler starts its own Playwright
driver (a Node process of ~150 MB) and would launch its own browser for that scheme's pages.
"""
from __future__ import annotations

from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

_shared: WeakKeyDictionary[Crawler, SharedPlaywrightHandler] = WeakKeyDictionary()


class SharedPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.close_started = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPlaywrightHandler:
        if crawler not in _shared:
            _shared[crawler] = cls(crawler)
        return _shared[crawler]

    async def close(self) -> None:  # Scrapy closes it once per scheme
        if not self.close_started:
            self.close_started = True
            await super().close()
