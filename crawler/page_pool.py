"""Browser pages kept between renders: a new page costs a renderer process, a navigation does not.

A render that ended cleanly hands its page back: the mouse goes to the top-left corner and the page
goes to about:blank (the old page stays alive until the next one arrives: what it sends meanwhile, a
heartbeat or a late timer, must belong to no render), then it waits for the next render of the same
device and context. Everything else (a failed render, a retired context, a full pool, a page that
will not leave) closes the page.
"""
from __future__ import annotations

import asyncio
from contextlib import suppress

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

# A page whose script never stops may not close at all (Chromium waits on its busy renderer): the
# close then goes on in the background and the crawl does not wait for it past this.
PAGE_CLOSE_TIMEOUT_S = 10
PARK_TIMEOUT_S = 5
# A parked page keeps its renderer process, which grows with the pages it has shown: at most one per
# context and this many in all (more hit more often but cost more memory than new pages would).
MAX_IDLE = 1
META_PAGE = "playwright_page"  # scrapy-playwright renders on this page when a request brings one
RENDER_DEVICE = "mobicrawl_device"  # request.meta key of renders: the device's name


class PagePool:
    def __init__(self) -> None:
        self.idle: dict[str, list[Page]] = {}  # context name -> parked pages
        self._tasks: set[asyncio.Task] = set()

    def take(self, context: str) -> Page | None:
        """An idle page of `context`, or None (scrapy-playwright then opens one)."""
        pages = self.idle.get(context, [])
        while pages:
            page = pages.pop()
            if not page.is_closed():
                return page
        return None

    def give_back(self, context: str, page: Page, reusable: bool, is_current) -> None:
        """A render is answered: park its page if `reusable`, else close it. `is_current(context)` says,
        once the page is parked, whether its context still takes renders."""
        self._background(self._park(context, page, is_current) if reusable else close_page(page))

    def retire(self, context: str) -> None:
        """The context is closing: forget its parked pages (closing the context closes them)."""
        self.idle.pop(context, None)

    async def _park(self, context: str, page: Page, is_current) -> None:
        try:
            await asyncio.wait_for(_leave(page), PARK_TIMEOUT_S)
        except (PlaywrightError, TimeoutError):
            await close_page(page)
            return
        pages = self.idle.setdefault(context, [])
        if is_current(context) and not pages and sum(map(len, self.idle.values())) < MAX_IDLE:
            pages.append(page)
        else:
            await close_page(page)

    def _background(self, work) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


async def _leave(page: Page) -> None:
    await page.mouse.move(0, 0)  # where Playwright's pointer is on a new page: no hover left behind
    await page.goto("about:blank")


async def close_page(page: Page) -> None:
    with suppress(PlaywrightError, TimeoutError):  # the browser is gone (Ctrl-C), or the page hangs
        await asyncio.wait_for(page.close(), PAGE_CLOSE_TIMEOUT_S)


class RenderOnIdlePages:
    """Downloader middleware: a render leaving the scheduler takes an idle page of its context, so
    pages are given out only as fast as renders are downloaded."""

    @classmethod
    def from_crawler(cls, crawler) -> RenderOnIdlePages:
        return cls(crawler)

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    def process_request(self, request, spider=None) -> None:
        if request.meta.get(RENDER_DEVICE) and META_PAGE not in request.meta:
            if page := self.crawler.spider.contexts.pages.take(request.meta["playwright_context"]):
                request.meta[META_PAGE] = page
