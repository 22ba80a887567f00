"""Browser pages kept between renders: a new page costs a renderer process, a navigation does not.

Each render ends by emptying the page's sessionStorage, as a new tab would have it, and sending the
page to about:blank with the mouse in the top-left corner (the old page would stay alive until the
next one arrives: what it sends meanwhile, a heartbeat or a late timer, must belong to no render;
and scrapy-playwright's copy of the page's HTML, which mobicrawl does not use, is then empty). A
clean render's page then waits for the next render of the same device and context. Everything else
(a failed render, a retired context, a full pool, a page that would not leave) closes the page, and
a render holds its concurrency slot until its page has left.
"""
from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Callable

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

# A page whose script never stops may not close at all (Chromium waits on its busy renderer): the
# close then goes on in the background and the crawl does not wait for it past this.
PAGE_CLOSE_TIMEOUT_S = 10
LEAVE_TIMEOUT_S = 5
BLANK = "about:blank"
CLEAR_SESSION = "() => { try { sessionStorage.clear(); } catch (e) {} }"  # storage may be blocked
# A parked page keeps its renderer process, which grows with the pages it has shown: at most one per
# context and this many in all (more hit more often but cost more memory than new pages would).
MAX_IDLE = 1
META_PAGE = "playwright_page"  # scrapy-playwright renders on this page when a request brings one
RENDER_DEVICE = "mobicrawl_device"  # request.meta key of renders: the device's name


class PagePool:
    def __init__(self) -> None:
        self.idle: dict[str, list[Page]] = {}  # context name -> parked pages
        self._closing: set[asyncio.Task] = set()

    def take(self, context: str) -> Page | None:
        """An idle page of `context`, or None (scrapy-playwright then opens one)."""
        pages = self.idle.get(context, [])
        while pages:
            page = pages.pop()
            if not page.is_closed():
                return page
        return None

    def give_back(self, context: str, page: Page, reusable: bool, is_current: Callable[[str], bool]) -> None:
        """A render is answered: park its page if `reusable` (a clean render that left for about:blank)
        and its context still takes renders (`is_current`) and there is room, else close it."""
        pages = self.idle.setdefault(context, [])
        if reusable and page.url == BLANK and is_current(context) and not pages \
                and sum(map(len, self.idle.values())) < MAX_IDLE:
            pages.append(page)
            return
        task = asyncio.ensure_future(close_page(page))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def retire(self, context: str) -> None:
        """The context is closing: forget its parked pages (closing the context closes them)."""
        self.idle.pop(context, None)


async def leave_for_next_render(page: Page) -> None:
    """A render's last page method: sessionStorage emptied, the page to about:blank, the pointer home.
    Never raises: a page that did not get there is closed instead of reused."""
    with suppress(PlaywrightError, TimeoutError):
        await asyncio.wait_for(_leave(page), LEAVE_TIMEOUT_S)


async def _leave(page: Page) -> None:
    # A new tab starts with an empty sessionStorage: so does every render ("once per session" pop-ups)
    await page.evaluate(CLEAR_SESSION)
    await asyncio.gather(
        page.goto(BLANK, wait_until="commit"),  # the old page is gone once about:blank commits
        page.mouse.move(0, 0))  # where Playwright's pointer is on a new page: no hover carried over


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
