"""URL normalisation and the site boundary: which links the crawl follows."""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from .config import host_key

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize(url: str) -> str | None:
    """Drop the fragment, lower-case scheme and host, drop a default port, "/" for an empty path.

    Query strings are kept as they are: their order can change meaning. None for non-http(s) URLs.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    netloc = parts.hostname.lower()
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if port and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


class SiteBoundary:
    """Where the crawl may go: the allowed domains and their subdomains (`www.` or not), on the start URLs'
    ports (a site's http and https default ports count as one), and nowhere else."""

    def __init__(self, allowed_domains: list[str], start_urls: list[str]):
        hosts = [*allowed_domains, *(urlsplit(u).hostname or "" for u in start_urls)]
        self.domains = {host_key("http://" + d.strip().lstrip(".")) for d in hosts if d.strip()}
        self.ports = {_port(u) for u in start_urls}
        if self.ports & set(DEFAULT_PORTS.values()):
            self.ports |= set(DEFAULT_PORTS.values())

    def allows(self, url: str) -> bool:
        host = host_key(url)
        return any(host == d or host.endswith("." + d) for d in self.domains) and _port(url) in self.ports


def _port(url: str) -> int | None:
    parts = urlsplit(url)
    try:
        return parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None


class UrlFilter:
    """A site's `include` and `exclude` URL regexes (searched in the whole URL): which pages are crawled."""

    def __init__(self, include: list[str] | None = None, exclude: list[str] | None = None):
        self.include = [re.compile(pattern) for pattern in include or []]
        self.exclude = [re.compile(pattern) for pattern in exclude or []]

    def allows(self, url: str) -> bool:
        if self.include and not any(pattern.search(url) for pattern in self.include):
            return False
        return not any(pattern.search(url) for pattern in self.exclude)


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(normalize(url) or url)
    return f"{parts.scheme}://{parts.netloc}"
