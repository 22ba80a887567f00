"""The crawl frontier: URLs found but not yet probed, released only as far as --max-pages can still use them."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    url: str  # normalised
    depth: int
    start: bool = False


MARGIN = 2  # the frontier holds at most this many times the pages still allowed (redirects to pages seen)


class Frontier:
    """Discovered URLs wait here as plain strings, not as queued requests, so a page with 2,000 links or a
    sitemap of 50,000 URLs costs the site nothing beyond what the page limit can audit; URLs beyond the
    margin are not kept (a later page can find them again once there is room)."""

    def __init__(self, max_pages: int, max_in_flight: int):
        self.max_pages = max_pages
        self.max_in_flight = max_in_flight
        self.seen: set[str] = set()
        self.waiting: deque[Found] = deque()
        self.in_flight = 0

    def add(self, found: Found, pages_admitted: int) -> bool:
        """Whether the URL was kept (new, and there is room)."""
        if found.url in self.seen or self.full(pages_admitted):
            return False
        self.seen.add(found.url)
        self.waiting.append(found)
        return True

    def restore(self, seen: set[str], waiting: list[Found]) -> None:
        """A resumed crawl's URLs: all it had found, and those it had not probed yet."""
        self.seen |= seen
        self.waiting.extend(waiting)

    def release(self, pages_admitted: int) -> list[Found]:
        """The URLs to probe now: no more in flight than pages the limit still allows (and the concurrency)."""
        room = min(self.max_pages - pages_admitted, self.max_in_flight) - self.in_flight
        released = []
        while room > 0 and self.waiting:
            released.append(self.waiting.popleft())
            room -= 1
        self.in_flight += len(released)
        return released

    def answered(self, url: str) -> None:
        """A released URL's probe came back (answered or failed)."""
        self.in_flight -= 1

    def mark_seen(self, url: str) -> None:
        """A URL reached another way (a redirect's target): never probe it again."""
        self.seen.add(url)

    def full(self, pages_admitted: int) -> bool:
        """MARGIN times what the page limit still allows is waiting or in flight: more URLs (links, sitemap
        entries, sitemaps) would only cost memory and requests."""
        return self.in_flight + len(self.waiting) >= MARGIN * (self.max_pages - pages_admitted)


class PageIds:
    """Page ids by key (the normalised final URL, or "error:" and the URL), handed out up to --max-pages."""

    def __init__(self, max_pages: int, known: dict[str, int] | None = None):
        self.max_pages = max_pages
        self.ids = dict(known or {})

    def __contains__(self, key: str) -> bool:
        return key in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def admit(self, key: str) -> int | None:
        """A new page id, or None once --max-pages pages (audited or not) are in the report."""
        if len(self.ids) >= self.max_pages:
            return None
        self.ids[key] = page_id = len(self.ids) + 1
        return page_id
