"""The scheduler: Scrapy's, except that a render whose device has a tab parked goes first among the next
few requests, so the tab a render just left is reused instead of a new one being opened (a new tab costs
a renderer process: time, and memory while the parked one waits).

Renders are queued page after page, each page's devices in turn; with one tab parked at a time (see
`page_pool`), the next request in line is mostly another device's. Reading a few requests ahead finds
one of the parked tab's device. A request waits behind at most LOOKAHEAD others it would have gone
before, so the crawl stays breadth first and a page's renders stay close together.
"""
from __future__ import annotations

from scrapy import Request
from scrapy.core.scheduler import Scheduler

from .page_pool import RENDER_DEVICE, PagePool
from .spiders.site import SiteSpider

LOOKAHEAD = 6


class ParkedTabFirst(Scheduler):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ahead: list[Request] = []  # taken out of Scrapy's queues in their order, not yet given out
        self.pool = PagePool()  # the spider's, once open

    def open(self, spider):
        if isinstance(spider, SiteSpider):
            self.pool = spider.contexts.pages
        return super().open(spider)

    def has_pending_requests(self) -> bool:
        return bool(self.ahead) or super().has_pending_requests()

    def __len__(self) -> int:
        return len(self.ahead) + super().__len__()

    def next_request(self) -> Request | None:
        while len(self.ahead) < LOOKAHEAD and (request := super().next_request()) is not None:
            self.ahead.append(request)
        if not self.ahead:
            return None
        parked = self.pool.parked_contexts()
        chosen = next((r for r in self.ahead if r.meta.get(RENDER_DEVICE) and r.meta["playwright_context"] in parked),
                      self.ahead[0])
        self.ahead.remove(chosen)
        return chosen
