"""A staging site behind HTTP digest auth: the probes answer its challenge, Chromium's renders too, and no
request ever carries the password."""
from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from urllib.request import parse_http_list, parse_keqv_list

import pytest

from cli_run import load_report, mobicrawl
from crawler.demo.server import SiteServer
from crawler.digest_auth import challenge_of, digest_authorization

pytestmark = pytest.mark.browser
USER, PASSWORD, REALM = "staging", "d1gest-Secret!", "Staging shop"
NONCE = secrets.token_hex(16)
PAGES = {"/": ("Staging home", '<a href="/about.html">About</a>'), "/about.html": ("About the shop", "<p>Hi.</p>")}
PAGE = ('<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        'initial-scale=1"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>')


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


class DigestSite:
    def __init__(self):
        self.authorizations: list[str] = []

    def authorized(self, handler) -> bool:
        header = handler.headers.get("Authorization", "")
        self.authorizations.append(header)
        if not header.startswith("Digest "):
            return False
        fields = parse_keqv_list(parse_http_list(header[len("Digest "):]))
        ha1, ha2 = md5(f"{USER}:{REALM}:{PASSWORD}"), md5(f"{handler.command}:{fields.get('uri')}")
        expected = md5(f"{ha1}:{NONCE}:{fields.get('nc')}:{fields.get('cnonce')}:{fields.get('qop')}:{ha2}")
        return fields.get("username") == USER and fields.get("nonce") == NONCE and fields.get("response") == expected

    def page(self, path: str):
        def answer(handler) -> None:
            if not self.authorized(handler):
                return handler.send_text("<h1>Sign in</h1>", status=401, headers={
                    "WWW-Authenticate": f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm=MD5'})
            handler.send_text(PAGE.format(title=PAGES[path][0], body=PAGES[path][1]))
        return answer


def test_an_answer_to_a_challenge_the_server_accepts():
    challenge = challenge_of(f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth,auth-int", opaque="o1"')
    header = digest_authorization(challenge, USER, PASSWORD, "GET", "/about.html?x=1", 1, "c0ffee")
    fields = parse_keqv_list(parse_http_list(header))
    ha1, ha2 = md5(f"{USER}:{REALM}:{PASSWORD}"), md5("GET:/about.html?x=1")
    assert fields["response"] == md5(f"{ha1}:{NONCE}:00000001:c0ffee:auth:{ha2}")
    assert fields["opaque"] == "o1" and PASSWORD not in header
    assert challenge_of('Basic realm="x"') is None


def test_a_site_behind_digest_auth_is_audited_without_sending_the_password(tmp_path):
    site = DigestSite()
    config = tmp_path / "staging.toml"
    with tempfile.TemporaryDirectory() as empty, \
            SiteServer(empty, routes={path: site.page(path) for path in PAGES}) as server:
        config.write_text(f'[site]\nstart_urls = ["{server.url}/"]\ndevices = ["Pixel 7"]\nuse_sitemaps = false\n'
                          '[auth]\nuser = "staging"\npassword_env = "STAGING_PASSWORD"\nscheme = "digest"\n',
                          encoding="utf-8")
        result = mobicrawl("audit", "--config", str(config), "--out", str(tmp_path / "run"), "--settle", "0",
                           "--fail-on", "never", "--quiet", env={**os.environ, "STAGING_PASSWORD": PASSWORD})
    assert result.returncode == 0, result.stderr
    pages = load_report(tmp_path / "run")["pages"]
    assert sorted(page["title"] for page in pages) == ["About the shop", "Staging home"]
    assert all(page["http_status"] == 200 and page["outcome"] == "audited" for page in pages)
    assert not any(header.startswith("Basic") for header in site.authorizations), "no password in the clear"
    for path in (tmp_path / "run").rglob("*"):
        assert not path.is_file() or PASSWORD.encode() not in path.read_bytes(), path
