"""Extension: a probe reads an HTML page's body (to know its real size); a file's body is never downloaded."""
from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import StopDownload
from scrapy.http import Headers

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_download(headers: Headers) -> bool:
    return (headers.get("Content-Disposition") or b"").lower().startswith(b"attachment")


def is_html(headers: Headers) -> bool:
    """An HTML page the browser would show, not a file it would download."""
    content_type = (headers.get("Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()
    return content_type in HTML_TYPES and not is_download(headers)


class StopProbeBodies:
    @classmethod
    def from_crawler(cls, crawler):
        extension = cls()
        crawler.signals.connect(extension.headers_received, signal=signals.headers_received)
        return extension

    def headers_received(self, headers, body_length, request, spider):
        if request.meta.get("mobicrawl_probe") and not is_html(Headers(headers)):
            raise StopDownload(fail=False)
