"""Each device's browser context is replaced every N renders, through scrapy-playwright's public API."""
from __future__ import annotations

import asyncio
from contextlib import suppress

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from .page_pool import PagePool


def context_name(device: str, render_index: int, renders_per_context: int) -> str:
    """The `playwright_context` name of a device's render number `render_index` (from 0)."""
    return f"{device}#{render_index // renders_per_context}"


class ContextRecycler:
    """Names each render's context, hands each page back to the pool (or closes it) and closes each
    retired context once it is idle.

    Renders ask for their page (`playwright_include_page`), so every page is handed back by mobicrawl
    (`hand_back`, by the page pool's middleware as the download ends); a context whose device has moved
    on to the next name is closed once its last render is answered (`finish`, by the spider's callback
    or errback), with `page.context.close()`, and scrapy-playwright forgets it on its "close" event.
    """

    def __init__(self, renders_per_context: int):
        self.renders_per_context = renders_per_context
        self.started: dict[str, int] = {}  # device -> renders requested
        self.open: dict[str, dict[str, int]] = {}  # device -> context name -> renders not yet answered
        self.contexts: dict[str, BrowserContext] = {}  # context name -> the context, once a page showed it
        self.pages = PagePool()
        self._closing: set[asyncio.Task] = set()

    def start(self, device: str) -> str:
        """A new render of `device`: the context name it goes to."""
        index = self.started.get(device, 0)
        self.started[device] = index + 1
        name = context_name(device, index, self.renders_per_context)
        names = self.open.setdefault(device, {})
        names[name] = names.get(name, 0) + 1
        return name

    def hand_back(self, name: str, page: Page, reusable: bool) -> None:
        """A render's download is over: its page goes back to the pool if `reusable` (a clean render),
        else it is closed."""
        self.contexts.setdefault(name, page.context)
        self.pages.give_back(name, page, reusable, self.is_current)

    def finish(self, name: str, device: str) -> None:
        """A render is answered (or failed), its page handed back: its context is closed if that is
        retired and idle."""
        names = self.open[device]
        names[name] -= 1
        retired = [n for n, count in names.items() if not count and not self.is_current(n)]
        for n in retired:
            del names[n]
            self.pages.retire(n)
        if contexts := [self.contexts.pop(n) for n in retired if n in self.contexts]:
            task = asyncio.ensure_future(_close(contexts))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    def is_current(self, name: str) -> bool:
        """The context still takes its device's renders."""
        device = name.rpartition("#")[0]
        return name == context_name(device, self.started[device] - 1, self.renders_per_context)


async def _close(contexts: list[BrowserContext]) -> None:
    for context in contexts:
        with suppress(PlaywrightError):  # the browser is gone (Ctrl-C)
            await context.close()
