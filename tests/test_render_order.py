"""The scheduler sends a parked tab the next render of its device (no browser: the order of requests)."""
from __future__ import annotations

import asyncio

import scrapy
from scrapy.utils.test import get_crawler

from crawler import settings
from crawler.page_pool import BLANK, MAX_IDLE, PagePool, RENDER_DEVICE
from crawler.render_order import LOOKAHEAD, ParkedTabFirst


class Tab:
    """What the pool asks of a page."""
    url = BLANK
    closed = False

    def is_closed(self) -> bool:
        return self.closed

    async def close(self) -> None:
        self.closed = True


def render(page: int, device: str) -> scrapy.Request:
    return scrapy.Request(f"http://shop.test/p{page}?{device}", meta={RENDER_DEVICE: device,
                                                                      "playwright_context": f"{device}#0"})


def scheduler_with(requests: list[scrapy.Request]) -> ParkedTabFirst:
    # Scrapy's default queue of queues asks the engine's downloader: there is none without a crawl
    crawler = get_crawler(scrapy.Spider, {"SCHEDULER_MEMORY_QUEUE": settings.SCHEDULER_MEMORY_QUEUE,
                                          "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue"})
    scheduler = ParkedTabFirst.from_crawler(crawler)
    scheduler.open(scrapy.Spider("shop"))
    for request in requests:
        scheduler.enqueue_request(request)
    return scheduler


def urls(scheduler: ParkedTabFirst) -> list[str]:
    out = []
    while (request := scheduler.next_request()) is not None:
        out.append(request.url)
    return out


def test_without_a_parked_tab_requests_leave_in_their_order():
    requests = [render(page, device) for page in range(3) for device in ("phone", "tablet", "desktop")]
    assert urls(scheduler_with(requests)) == [r.url for r in requests]


def test_the_next_render_of_a_parked_tabs_device_goes_first():
    scheduler = scheduler_with([render(page, device) for page in range(3) for device in ("phone", "tablet", "desktop")])
    scheduler.pool.parked.append(("desktop#0", Tab()))
    assert scheduler.next_request().url == "http://shop.test/p0?desktop"
    assert scheduler.next_request().url == "http://shop.test/p1?desktop"  # the tab is parked again
    scheduler.pool.parked.clear()
    assert urls(scheduler) == ["http://shop.test/p0?phone", "http://shop.test/p0?tablet", "http://shop.test/p1?phone",
                               "http://shop.test/p1?tablet", "http://shop.test/p2?phone", "http://shop.test/p2?tablet",
                               "http://shop.test/p2?desktop"]


def test_a_render_jumps_at_most_the_lookahead():
    phones = [render(page, "phone") for page in range(LOOKAHEAD + 5)]
    far = render(LOOKAHEAD + 5, "desktop")
    scheduler = scheduler_with([*phones, far])
    scheduler.pool.parked.append(("desktop#0", Tab()))
    order = urls(scheduler)
    assert sorted(order) == sorted(r.url for r in [*phones, far])  # nothing is lost by reading ahead
    assert len(phones) - order.index(far.url) == LOOKAHEAD - 1  # it goes before LOOKAHEAD - 1 requests, no more


def test_the_pool_keeps_the_newest_clean_page_and_closes_the_rest():
    async def scenario():
        pool, tabs = PagePool(), [Tab() for _ in range(4)]
        pool.give_back("phone#0", tabs[0], reusable=True, is_current=lambda context: True)
        pool.give_back("desktop#0", tabs[1], reusable=True, is_current=lambda context: True)
        pool.give_back("tablet#0", tabs[2], reusable=False, is_current=lambda context: True)
        pool.give_back("tablet#0", tabs[3], reusable=True, is_current=lambda context: False)  # a retired context
        await asyncio.sleep(0)
        return pool, tabs

    pool, tabs = asyncio.run(scenario())
    assert MAX_IDLE == 1 and pool.parked_contexts() == {"desktop#0"}
    assert [tab.closed for tab in tabs] == [True, False, True, True]
    assert pool.take("phone#0") is None and pool.take("desktop#0") is tabs[1] and pool.take("desktop#0") is None
