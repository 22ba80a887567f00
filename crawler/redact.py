"""Secrets never reach a file or a printed line: URLs cut to scheme and host, known secrets masked in text."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import urlsplit

MASK = "***"


def url_origin(url: str) -> str:
    """What may be written of a URL whose path, query or user part is a secret: its scheme and host."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}/{MASK}"


def url_secrets(url: str) -> list[str]:
    """The parts of a URL that must not be printed: the whole URL, its user part, path and query."""
    parts = urlsplit(url)
    return [url, *(p for p in (parts.username, parts.password, parts.path, parts.query) if p and len(p) > 1)]


def mask(text: str, secrets: Iterable[str]) -> str:
    """The text with every secret in it replaced by ***, longest first (a URL before its path)."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
