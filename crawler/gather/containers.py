"""Read tag-manager containers (GTM's gtm.js) as they load, to list the tags each one holds."""
from __future__ import annotations

import asyncio
from typing import Any

from playwright.async_api import Error as PlaywrightError

from checks.pixel_catalog import catalog, container_tags, script_vendor

from .network import PageEvents

READ_TIMEOUT_S = 2.0
# A site serves the same container on every page: read and parse it once per crawl.
_tags_by_url: dict[tuple[str, tuple], list[tuple[str, str]]] = {}
MAX_CACHED = 256


class ContainerReader:
    def __init__(self, vendors: list[dict[str, Any]]):
        self.known = catalog(vendors)
        self.managers = tuple(v for v in self.known if v.container)
        self.found: dict[str, list[tuple[str, str]]] = {}
        self._reads: list[asyncio.Task] = []

    def handlers(self) -> PageEvents:
        """The page events it listens to."""
        return [("response", self._on_response)]

    def _on_response(self, response) -> None:
        url = response.url
        if url in self.found or script_vendor(url, self.managers) is None:
            return
        cached = _tags_by_url.get((url, self.known))
        if cached is not None:
            self.found[url] = cached
        else:
            self._reads.append(asyncio.ensure_future(self._read(response)))

    async def _read(self, response) -> None:
        try:
            source = await response.text()
        except PlaywrightError:  # the page closed or navigated before the body could be read
            return
        tags = container_tags(source, self.known)
        if len(_tags_by_url) >= MAX_CACHED:
            _tags_by_url.clear()
        _tags_by_url[(response.url, self.known)] = self.found[response.url] = tags

    async def snapshot(self) -> list[dict[str, Any]]:
        """[{url, tags: [{vendor, id}]}] for every container this page loaded."""
        if self._reads:
            await asyncio.wait(self._reads, timeout=READ_TIMEOUT_S)
        return [{"url": url, "tags": [{"vendor": vendor, "id": pixel_id} for vendor, pixel_id in tags]}
                for url, tags in self.found.items()]
