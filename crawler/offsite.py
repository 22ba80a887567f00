"""Downloader middleware: no request leaves the site, whatever sent it there (a redirect, a sitemap, robots.txt)."""
from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from .urls import origin_of


class OffSite(IgnoreRequest):
    def __init__(self, url: str):
        self.origin = origin_of(url)
        super().__init__(f"off the site: {self.origin}")


class StayOnSite:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StayOnSite:
        return cls(crawler)

    def process_request(self, request, spider=None) -> None:
        boundary = getattr(self.crawler.spider, "boundary", None)  # the site spider's; other spiders have none
        if boundary is not None and not boundary.allows(request.url):
            raise OffSite(request.url)
