"""Sitemaps to read: one at a time, each once, and only while the crawl can still use more URLs."""
from __future__ import annotations

from collections import deque

MAX_SITEMAPS = 50  # sitemaps read at most per audit (robots.txt's, /sitemap.xml and those indexes name)
MAX_SITEMAP_BYTES = 50 * 2**20  # the sitemaps protocol's own limit, also after decompression


class SitemapQueue:
    def __init__(self, limit: int = MAX_SITEMAPS):
        self.limit = limit
        self.seen: set[str] = set()
        self.waiting: deque[str] = deque()
        self.reading = False

    def add(self, url: str) -> None:
        if url not in self.seen and len(self.seen) < self.limit:
            self.seen.add(url)
            self.waiting.append(url)

    def next(self) -> str | None:
        """The sitemap to read now, or None while one is being read or none is waiting."""
        if self.reading or not self.waiting:
            return None
        self.reading = True
        return self.waiting.popleft()

    def done(self) -> None:
        self.reading = False
