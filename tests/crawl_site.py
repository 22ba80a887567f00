"""The crawl fixture site: tests/site/crawl served at the root, plus routes for redirects, hangs and errors."""
from __future__ import annotations

import time
from pathlib import Path

from crawler.demo.server import SiteServer

ROOT = Path(__file__).parent / "site" / "crawl"


def _redirect(to: str):
    def handler(h):
        h.send_response(301)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return handler


def _hang(h):
    time.sleep(8)
    h.send_text("too late")


def _broken(h):
    h.send_text("<h1>Internal error</h1>", status=500)


ROUTES = {
    "/old-about.html": _redirect("/about.html"),
    "/loop-a": _redirect("/loop-b"),
    "/loop-b": _redirect("/loop-a"),
    "/never": _hang,
    "/broken": _broken,
}


def crawl_server() -> SiteServer:
    return SiteServer(ROOT, routes=ROUTES)
