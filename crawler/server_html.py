"""The HTML the server sent, before any script ran: what the checks compare with the rendered DOM."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from checks.artifacts import ServerHtml
from checks.pixel_catalog import Vendor, names_a_vendor

# Enough for any page's head and pixel snippets; parsing a 10 MB page would cost the crawl seconds.
MAX_PARSED_BYTES = 2 * 2**20
MAX_TEXT, MAX_KEPT = 20_000, 20
# Only these pieces are parsed: building a tree of a 3,000-element page cost a third of a second.
PIECES = re.compile(rb"<script\b.*?</script\s*>|<noscript\b.*?</noscript\s*>|<meta\b[^>]*>", re.I | re.S)


def read_server_html(body: bytes, encoding: str | None, vary: bytes | None,
                     vendors: tuple[Vendor, ...]) -> ServerHtml:
    """The viewport meta and the pixel snippets of a page as served (in the shape of the rendered DOM's
    `pixels_dom`, so both are read alike), and whether the server varies it by user agent."""
    soup = BeautifulSoup(b"".join(PIECES.findall(body[:MAX_PARSED_BYTES])), "lxml", from_encoding=encoding)
    viewport = soup.find("meta", attrs={"name": lambda name: (name or "").lower() == "viewport"})
    scripts, inline = [], []
    for script in soup.find_all("script"):
        if src := script.get("src"):
            scripts.append(str(src))
        elif text := script.get_text()[:MAX_TEXT].strip():
            inline.append(text)
    noscript = [tag.decode_contents()[:MAX_TEXT] for tag in soup.find_all("noscript")]

    def pixels(texts: list[str]) -> list[str]:
        return [text for text in texts if names_a_vendor(text, vendors)][:MAX_KEPT]

    return ServerHtml(
        viewport_meta=str(viewport.get("content", "")) if viewport is not None else None,
        scripts=pixels(scripts), inline=pixels(inline), noscript=pixels(noscript),
        vary_user_agent=b"user-agent" in (vary or b"").lower(),
    )
