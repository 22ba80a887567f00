"""A hostile site on 127.0.0.1: pages that hang, loop, bomb, download or leave, and a second server
("elsewhere", the same host on another port) that the crawl must never be sent to."""
from __future__ import annotations

import gzip
import time
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from crawler.demo.server import SiteServer

PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>{head}</head>'
        '<body><h1>{title}</h1><p>Plain readable text for phones.</p>{body}</body></html>')
HOSTILE_PAGES = {
    "/slow-image.html": ("An image that never arrives", "", '<img src="/never.png" alt="">'),
    "/alert-loop.html": ("Dialogs forever", "", '<script>while (true) { alert("You won a prize!"); }</script>'),
    "/reload-loop.html": ("Reloads itself", "", "<script>location.reload();</script>"),
    "/refresh-loop.html": ("Refreshes itself", '<meta http-equiv="refresh" content="0">', ""),
    "/blank.html": ("Goes blank", "", '<script>location.replace("about:blank");</script>'),
    "/one-dialog.html": ("Says hello", "", '<script>alert("Welcome to the shop"); confirm("Accept cookies?");</script>'),
}


def page(title: str, head: str = "", body: str = "") -> str:
    return PAGE.format(title=title, head=head, body=body)


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """40 MB of HTML in about 40 kB on the wire."""
    return gzip.compress(b"<!doctype html><p>" + b" " * (40 * 2**20), compresslevel=9)


def _send(h, body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8", **headers) -> None:
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        h.send_header(name.replace("_", "-"), value)
    h.end_headers()
    h.wfile.write(body)


def hostile_routes(elsewhere: str) -> dict:
    links = [*HOSTILE_PAGES, "/ok.html", "/gone.html", "/broken.html", "/bomb.html", "/huge.html",
             "/download.html", "/browser-download.html", "/js-offsite.html", "/redirect-offsite", f"{elsewhere}/other-port.html"]
    index = page("Hostile shop", body="".join(f'<p><a href="{href}">{href}</a></p>' for href in links))

    def never(h):
        time.sleep(6)
        _send(h, b"", content_type="image/png")

    routes = {
        "/": lambda h: _send(h, index.encode()),
        "/ok.html": lambda h: _send(h, page("A fine page").encode()),
        "/never.png": never,
        "/gone.html": lambda h: _send(h, page("Gone").encode(), status=404),
        "/broken.html": lambda h: _send(h, page("Broken").encode(), status=500),
        "/bomb.html": lambda h: _send(h, gzip_bomb(), Content_Encoding="gzip"),
        "/huge.html": lambda h: _send(h, b"<!doctype html><p>" + b"x" * (12 * 2**20)),
        "/download.html": lambda h: _send(h, page("A file").encode(), Content_Disposition='attachment; filename="x.html"'),
        "/browser-download.html": _download_for_browsers,
        "/js-offsite.html": lambda h: _send(h, page("Leaves", body=f'<script>location.href = "{elsewhere}/landing.html";</script>').encode()),
        "/redirect-offsite": lambda h: _send(h, b"", status=302, Location=f"{elsewhere}/landing.html"),
        "/robots.txt": lambda h: _send(h, f"User-agent: *\nAllow: /\nSitemap: {elsewhere}/sitemap.xml\n".encode(),
                                       content_type="text/plain"),
        "/sitemap.xml": lambda h: _send(h, (
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{elsewhere}/sitemap-2.xml</loc></sitemap></sitemapindex>").encode(),
            content_type="application/xml"),
    }
    for path, parts in HOSTILE_PAGES.items():
        routes[path] = _serves(page(*parts))
    return routes


def _download_for_browsers(h) -> None:
    """A page to the crawl's probe, a file to the browser: the render must not judge Chromium's error page."""
    if "mobicrawl" in h.headers.get("User-Agent", ""):
        _send(h, page("A page to robots").encode())
    else:
        _send(h, b"%PDF-1.4 not a page", content_type="application/octet-stream",
              Content_Disposition='attachment; filename="price-list.pdf"')


def _serves(html: str):
    return lambda h: _send(h, html.encode())


@contextmanager
def hostile_servers() -> Iterator[tuple[SiteServer, SiteServer]]:
    """(site, elsewhere): `elsewhere.served` lists what reached the server the crawl must not visit."""
    with SiteServer(".", routes={"/landing.html": lambda h: _send(h, page("Elsewhere").encode())}) as elsewhere:
        with SiteServer(".", routes=hostile_routes(elsewhere.url)) as site:
            yield site, elsewhere
