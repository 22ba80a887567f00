"""Downloader middleware: HTTP digest auth (`[auth] scheme = "digest"`) for the probes; renders use Chromium's."""
from __future__ import annotations

import hashlib
import os
from urllib.parse import urlsplit
from urllib.request import parse_http_list, parse_keqv_list

from scrapy.crawler import Crawler

from .auth import DIGEST_DOMAIN, AuthConfig

TRIED = "mobicrawl_digest_tried"
HASHES = {"MD5": hashlib.md5, "MD5-SESS": hashlib.md5, "SHA-256": hashlib.sha256, "SHA-256-SESS": hashlib.sha256}


def digest_authorization(challenge: dict[str, str], user: str, password: str, method: str, uri: str,
                         count: int, cnonce: str) -> str:
    """The Authorization header answering a digest challenge (RFC 7616, qop "auth" or none)."""
    algorithm = challenge.get("algorithm", "MD5").upper()
    digest = HASHES[algorithm]

    def h(text: str) -> str:
        return digest(text.encode("utf-8")).hexdigest()

    realm, nonce = challenge.get("realm", ""), challenge["nonce"]
    ha1 = h(f"{user}:{realm}:{password}")
    if algorithm.endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    qop = "auth" if "auth" in [q.strip() for q in challenge.get("qop", "").split(",")] else None
    response = h(f"{ha1}:{nonce}:{count:08x}:{cnonce}:{qop}:{ha2}") if qop else h(f"{ha1}:{nonce}:{ha2}")
    fields = {"username": user, "realm": realm, "nonce": nonce, "uri": uri, "response": response,
              "algorithm": challenge.get("algorithm", "MD5"), **({"opaque": challenge["opaque"]} if "opaque" in challenge else {})}
    header = ", ".join(f'{key}="{value}"' for key, value in fields.items())
    return header + (f', qop={qop}, nc={count:08x}, cnonce="{cnonce}"' if qop else "")


def challenge_of(header: str) -> dict[str, str] | None:
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "digest":
        return None
    fields = parse_keqv_list(parse_http_list(rest))
    return fields if "nonce" in fields else None


class DigestAuth:
    """Answers the site's digest challenge once per request; later requests reuse the challenge (the next
    nonce count), so a page costs one request, not two. The password is read from the spider's config,
    never put in a request."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.challenge: dict[str, str] | None = None
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DigestAuth:
        return cls(crawler)

    def _ours(self, request) -> bool:
        return request.meta.get(DIGEST_DOMAIN) == urlsplit(request.url).netloc.lower()

    def _sign(self, request, challenge: dict[str, str]) -> None:
        audit = getattr(self.crawler.spider, "audit", None)  # the site spider's config; other spiders have none
        auth = audit.auth if audit is not None else AuthConfig()
        parts = urlsplit(request.url)
        self.count += 1
        request.headers["Authorization"] = "Digest " + digest_authorization(
            challenge, auth.user or "", auth.password or "", request.method,
            parts.path + (f"?{parts.query}" if parts.query else "") or "/", self.count, os.urandom(8).hex())

    def process_request(self, request, spider=None) -> None:
        if self.challenge and self._ours(request) and "Authorization" not in request.headers:
            self._sign(request, self.challenge)

    def process_response(self, request, response, spider=None):
        if response.status != 401 or not self._ours(request) or request.meta.get(TRIED):
            return response
        challenge = challenge_of(response.headers.get("WWW-Authenticate", b"").decode("latin-1"))
        if challenge is None:
            return response
        self.challenge = challenge
        retry = request.replace(dont_filter=True, meta={**request.meta, TRIED: True})
        retry.headers.pop("Authorization", None)
        self._sign(retry, challenge)
        return retry
