"""Site authentication ([auth], or user:pass@ in a start URL): what the probe and each render send."""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urlsplit, urlunsplit

from .errors import ConfigError
from .redact import MASK

if TYPE_CHECKING:  # reading a config must not import Scrapy
    from scrapy.http.request import VerboseCookie


DIGEST_DOMAIN = "mobicrawl_digest_domain"  # request.meta: the host:port whose digest challenges are answered


@dataclass
class LoginForm:
    """`[auth.login]`: a login form mobicrawl fills in (`mobicrawl login`, or each audit before it crawls)."""

    url: str
    user_selector: str
    password_selector: str
    submit_selector: str
    user: str
    password_env: str
    success_selector: str | None = None  # shown once logged in; else the page must leave the form's URL
    password: str | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if key != "password"}


@dataclass
class AuthConfig:
    user: str | None = None
    password_env: str | None = None  # the variable the password is read from
    scheme: str = "basic"  # HTTP auth: "basic", or "digest" (the password never crosses the network)
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    storage_state: str | None = None  # a Playwright storage state file (`mobicrawl login --save`)
    login: LoginForm | None = None
    password: str | None = field(default=None, repr=False)  # held in memory only, never written
    session: dict[str, Any] | None = field(default=None, repr=False)  # from a login, held in memory only

    def to_dict(self) -> dict[str, Any]:
        """What run.json may hold: names, never secret values."""
        return {"user": self.user, "password_env": self.password_env,
                "headers": {name: MASK for name in self.headers},
                "cookies": {name: MASK for name in self.cookies},
                "storage_state": self.storage_state, "scheme": self.scheme,
                "login": self.login.to_dict() if self.login else None}

    def pending_login(self) -> LoginForm | None:
        """`[auth.login]` when no session is at hand yet (a storage state file is one), else None."""
        return self.login if self.session is None and not self.storage_state else None

    def probe_meta(self, netloc: str | None) -> dict[str, Any]:
        """Per-request keys: Scrapy HttpAuthMiddleware's for basic auth, crawler/digest_auth.py's for digest;
        either answers the start host:port only."""
        if not self.user:
            return {}
        if self.scheme == "digest":
            return {DIGEST_DOMAIN: netloc}
        return {"http_user": self.user, "http_pass": self.password or "", "http_auth_domain": netloc}

    def probe_cookies(self) -> list[VerboseCookie]:
        stored = self.browser_state(hosts=())["cookies"]
        cookies = ([{k: c[k] for k in ("name", "value", "domain", "path") if k in c} for c in stored]
                   + [{"name": name, "value": value} for name, value in self.cookies.items()])
        return cast("list[VerboseCookie]", cookies)

    def browser_state(self, hosts) -> dict[str, Any]:
        """The storage state file's cookies and origins, plus [auth] cookies set on each host."""
        state: dict[str, Any] = {"cookies": [], "origins": []}
        if self.session:
            state = json.loads(json.dumps(self.session))  # a copy: cookies are added below
        elif self.storage_state:
            state = json.loads(Path(self.storage_state).read_text(encoding="utf-8"))
        for host in hosts:
            state["cookies"] += [{"name": n, "value": v, "domain": host, "path": "/"} for n, v in self.cookies.items()]
        return state

    def context_kwargs(self, hosts) -> dict[str, Any]:
        """Playwright new_context() arguments: the same credentials, headers and cookies as the probe."""
        kwargs: dict[str, Any] = {}
        if self.user:
            kwargs["http_credentials"] = {"username": self.user, "password": self.password or ""}
        if self.headers:
            kwargs["extra_http_headers"] = dict(self.headers)
        if self.storage_state or self.cookies or self.session:
            kwargs["storage_state"] = self.browser_state(hosts)
        return kwargs


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """`https://user:pass@host/` -> (`https://host/`, user, pass); a URL without them is unchanged."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    host = parts.netloc.rpartition("@")[2]
    return (urlunsplit(parts._replace(netloc=host)), unquote(parts.username or ""),
            unquote(parts.password) if parts.password is not None else None)


def redact_url(url: str) -> str:
    """A URL fit to print: credentials replaced."""
    bare, user, password = split_credentials(url)
    if user is None and password is None:
        return url
    parts = urlsplit(bare)
    return urlunsplit(parts._replace(netloc=f"{MASK}@{parts.netloc}"))


def read_password(auth: AuthConfig, where: str) -> None:
    """Fill auth.password from its variable (unless a start URL already gave one)."""
    if auth.password is None and auth.password_env:
        if auth.password_env not in os.environ:
            raise ConfigError(f"{where}: auth.password_env: the variable {auth.password_env} is not set")
        auth.password = os.environ[auth.password_env]
    if auth.storage_state and not Path(auth.storage_state).is_file():
        raise ConfigError(f"{where}: auth.storage_state: no such file {auth.storage_state}")
    if auth.login and auth.login.password is None:
        if auth.login.password_env not in os.environ:
            raise ConfigError(f"{where}: auth.login.password_env: the variable {auth.login.password_env} is not set")
        auth.login.password = os.environ[auth.login.password_env]
