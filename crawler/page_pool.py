"""Browser pages kept between renders: a new page costs a renderer process, a navigation does not.

Each render ends by emptying the page's sessionStorage, as a new tab would have it, sending the page
to about:blank with the mouse in the top-left corner (the old page would stay alive until the next one
arrives: what it sends meanwhile, a heartbeat or a late timer, must belong to no render; and
scrapy-playwright's copy of the page's HTML, which mobicrawl does not use, is then empty), and
collecting the tab's garbage. A clean render's page is then parked as its download ends, and the
scheduler (`render_order`) sends a render of the same device and context to it. Everything else (a
failed render, a retired context, an older parked page, a page that would not leave) closes the page,
and a render holds its concurrency slot until its page has left.
"""
from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Callable

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from checks.artifacts import RenderArtifacts

from .gather.page_watch import RENDER_PROBLEM
from .gather.tab_session import tab_session

# A page whose script never stops may not close at all (Chromium waits on its busy renderer): the
# close then goes on in the background and the crawl does not wait for it past this.
PAGE_CLOSE_TIMEOUT_S = 10
LEAVE_TIMEOUT_S = 5
BLANK = "about:blank"
CLEAR_SESSION = "() => { try { sessionStorage.clear(); } catch (e) {} }"  # storage may be blocked
# A parked page keeps its renderer process: this many at most (the newest). The scheduler gives a parked
# page the next render of its device, so one is enough; more would cost memory while they wait.
MAX_IDLE = 1
META_PAGE = "playwright_page"  # scrapy-playwright renders on this page when a request brings one
RENDER_DEVICE = "mobicrawl_device"  # request.meta key of renders: the device's name


def gathered(meta) -> RenderArtifacts | None:
    """A render's artifacts, once downloaded: the result of its first page method, `gather_render`."""
    return meta["playwright_page_methods"][0].result


class PagePool:
    def __init__(self) -> None:
        self.parked: list[tuple[str, Page]] = []  # (context name, page), the newest last
        self._closing: set[asyncio.Task] = set()

    def take(self, context: str) -> Page | None:
        """A parked page of `context`, or None (scrapy-playwright then opens one)."""
        for entry in reversed(self.parked):
            if entry[0] == context:
                self.parked.remove(entry)
                if not entry[1].is_closed():
                    return entry[1]
        return None

    def parked_contexts(self) -> set[str]:
        """The contexts a parked page waits in."""
        return {context for context, _ in self.parked}

    def give_back(self, context: str, page: Page, reusable: bool, is_current: Callable[[str], bool]) -> None:
        """A render's download is over: park its page if `reusable` (a clean render that left for
        about:blank) and its context still takes renders (`is_current`), else close it. The newest parked
        pages are kept: the scheduler looks for a render of theirs among the next requests."""
        closing: Page | None = page
        if reusable and page.url == BLANK and is_current(context):
            self.parked.append((context, page))
            closing = self.parked.pop(0)[1] if len(self.parked) > MAX_IDLE else None
        if closing is not None:
            task = asyncio.ensure_future(close_page(closing))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    def retire(self, context: str) -> None:
        """The context is closing: forget its parked pages (closing the context closes them)."""
        self.parked = [entry for entry in self.parked if entry[0] != context]


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
    session = await tab_session(page)  # made by the interaction phase; asked of about:blank otherwise
    # What the old page left in the tab's JavaScript heap is garbage; V8 keeps it until its heap is
    # full (a tab that showed ten heavy pages holds ~100 MB more than a new one). A full collection on
    # about:blank takes 10-30 ms.
    await session.cdp.send("HeapProfiler.collectGarbage")


async def close_page(page: Page) -> None:
    with suppress(PlaywrightError, TimeoutError):  # the browser is gone (Ctrl-C), or the page hangs
        await asyncio.wait_for(page.close(), PAGE_CLOSE_TIMEOUT_S)


class RenderOnIdlePages:
    """Downloader middleware: a render leaving the scheduler takes an idle page of its context, so
    pages are given out only as fast as renders are downloaded; its page is handed back as its download
    ends, before Scrapy lets the next request out of the scheduler (which then prefers a render that
    takes it, `crawler.render_order`)."""

    @classmethod
    def from_crawler(cls, crawler) -> RenderOnIdlePages:
        return cls(crawler)

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    def process_request(self, request, spider=None) -> None:
        if request.meta.get(RENDER_DEVICE) and META_PAGE not in request.meta:
            if page := self.crawler.spider.contexts.pages.take(request.meta["playwright_context"]):
                request.meta[META_PAGE] = page

    def process_response(self, request, response, spider=None):
        if page := self._page_of(request):
            # only the render's own error counts: a page with an HTTP error, or that left the site, leaves a clean tab
            artifacts = gathered(request.meta)
            clean = bool(artifacts) and not artifacts.get("error") and not request.meta.get(RENDER_PROBLEM)
            self.crawler.spider.contexts.hand_back(request.meta["playwright_context"], page, reusable=clean)
        return response

    def process_exception(self, request, exception, spider=None) -> None:
        if page := self._page_of(request):  # the failure came after the page opened (a timeout, a crash)
            self.crawler.spider.contexts.hand_back(request.meta["playwright_context"], page, reusable=False)

    @staticmethod
    def _page_of(request) -> Page | None:
        """A render's page, out of its meta: from now on it belongs to the pool (a request made again
        from this one opens or takes its own)."""
        return request.meta.pop(META_PAGE, None) if request.meta.get(RENDER_DEVICE) else None
