"""A small shop on loopback whose pages answer slowly enough for a crawl to be stopped (or shared) midway."""
from __future__ import annotations

import threading
import time
from pathlib import Path

from crawler.demo.server import SiteServer

PAGES = 9
DEVICES = ("Pixel 7",)  # the phone asked for; mobicrawl adds its desktop profile
RENDERED = {"Pixel 7": "Pixel 7", "Desktop": "Windows NT"}  # device -> its user agent's mark


class ShopSite(SiteServer):
    """A home page and PAGES product pages, each linking the next two; every answer takes a little while,
    so a crawl is still going when the test stops it. `renders` lists (path, device) of each page load
    by a browser (the probes' user agent is mobicrawl's)."""

    def __init__(self, root: Path):
        self.renders: list[tuple[str, str]] = []
        self.last_request_at = time.monotonic()
        self.lock = threading.Lock()
        paths = ["/"] + [f"/p/{i}" for i in range(1, PAGES + 1)]
        super().__init__(root, routes={path: self.page for path in paths})

    def page(self, handler) -> None:
        path, agent = handler.path, handler.headers.get("User-Agent", "")
        self.last_request_at = time.monotonic()
        if "mobicrawl" not in agent:
            with self.lock:
                self.renders.append((path, next(name for name, mark in RENDERED.items() if mark in agent)))
        time.sleep(0.15)
        number = 0 if path == "/" else int(path.rsplit("/", 1)[1])
        links = "".join(f'<li><a href="/p/{n}">Product {n}</a></li>' for n in (number + 1, number + 2) if n <= PAGES)
        handler.send_text(f"<!doctype html><html lang='en'><head><meta name='viewport' content='width=device-width'>"
                          f"<title>Product {number}</title></head><body><h1>Product {number}</h1>"
                          f"<p>{'A fine product. ' * 20}</p><ul>{links}<li><a href='/'>Home</a></li></ul></body></html>")

    def wait_quiet(self, quiet_s: float = 1.0) -> None:
        """Until no request has come for `quiet_s`: what a killed browser sent just before it died may be
        read by the server a moment later, and belongs to the run that sent it."""
        while time.monotonic() - self.last_request_at < quiet_s:
            time.sleep(0.1)


def all_paths() -> list[str]:
    return sorted(["/"] + [f"/p/{i}" for i in range(1, PAGES + 1)])


def crawl_args() -> list[str]:
    """The audit options of the tests that crawl this shop: every page, both devices, no waiting."""
    return ["--max-pages", "20", "--max-depth", "20", "--settle", "0", "--no-sitemaps", "--concurrency", "2",
            "--fail-on", "never", "--format", "json,html", "--quiet",
            *[arg for device in DEVICES for arg in ("--device", device)]]
