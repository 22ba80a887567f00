"""Each device's browser context is replaced every N renders, through scrapy-playwright's public API."""
from __future__ import annotations

import asyncio
from contextlib import suppress

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

# A page whose script never stops may not close at all (Chromium waits on its busy renderer): the
# close then goes on in the background and the crawl does not wait for it past this.
PAGE_CLOSE_TIMEOUT_S = 10


def context_name(device: str, render_index: int, renders_per_context: int) -> str:
    """The `playwright_context` name of a device's render number `render_index` (from 0)."""
    return f"{device}#{render_index // renders_per_context}"


class ContextRecycler:
    """Names each render's context, and closes each page and each retired context once it is idle.

    Renders ask for their page (`playwright_include_page`), so the spider closes every page itself
    (`finish`, in the callback and the errback); a context whose device has moved on to the next name
    is closed once its last render is answered, with `page.context.close()`, and scrapy-playwright
    forgets it on its "close" event.
    """

    def __init__(self, renders_per_context: int):
        self.renders_per_context = renders_per_context
        self.started: dict[str, int] = {}  # device -> renders requested
        self.open: dict[str, dict[str, int]] = {}  # device -> context name -> renders not yet answered
        self.contexts: dict[str, BrowserContext] = {}  # context name -> the context, once a page showed it
        self._closing: set[asyncio.Task] = set()

    def start(self, device: str) -> str:
        """A new render of `device`: the context name it goes to."""
        index = self.started.get(device, 0)
        self.started[device] = index + 1
        name = context_name(device, index, self.renders_per_context)
        names = self.open.setdefault(device, {})
        names[name] = names.get(name, 0) + 1
        return name

    def finish(self, name: str, device: str, page: Page | None) -> None:
        """A render is answered (or failed): close its page, then its context if that is retired and idle."""
        if page is not None:
            self.contexts.setdefault(name, page.context)
        names = self.open[device]
        names[name] -= 1
        current = context_name(device, self.started[device] - 1, self.renders_per_context)
        retired = [n for n, count in names.items() if not count and n != current]
        for n in retired:
            del names[n]
        contexts = [self.contexts.pop(n) for n in retired if n in self.contexts]
        task = asyncio.ensure_future(_close(page, contexts))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)


async def _close(page: Page | None, contexts: list[BrowserContext]) -> None:
    with suppress(PlaywrightError, TimeoutError):  # the browser is gone (Ctrl-C), or the page hangs
        if page is not None:
            await asyncio.wait_for(page.close(), PAGE_CLOSE_TIMEOUT_S)
    for context in contexts:
        with suppress(PlaywrightError):
            await context.close()
