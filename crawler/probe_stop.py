"""Extension: a probe needs only status and headers, so its body is never downloaded."""
from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import StopDownload


class StopProbeBodies:
    @classmethod
    def from_crawler(cls, crawler):
        extension = cls()
        crawler.signals.connect(extension.headers_received, signal=signals.headers_received)
        return extension

    def headers_received(self, headers, body_length, request, spider):
        if request.meta.get("mobicrawl_probe"):
            raise StopDownload(fail=False)
