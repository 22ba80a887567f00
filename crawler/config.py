"""Audit configuration: a TOML site file and command-line options -> one typed AuditConfig."""
from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import soupsieve

from .i18n import LANGUAGES
from .auth import AuthConfig, LoginForm, read_password, redact_url, split_credentials
from .errors import ConfigError
from .redact import url_origin

DEFAULT_DEVICES = ("Pixel 7", "iPhone 13")


@dataclass
class OfferSpec:
    name: str
    selector: str | None = None
    text: str | None = None  # Python regex on the element's text
    pages: str | None = None  # regex on the URL path where the offer must be present


@dataclass
class PixelSpec:
    vendor: str
    id: str
    pages: str = ".*"


@dataclass
class ConsentConfig:
    accept: bool = True  # click "accept" after the artifacts are taken, then record again
    accept_selector: str | None = None  # tried before the built-in consent managers' buttons
    reject: bool = False  # click "reject all" instead: which marketing pixels still fire after a refusal
    reject_selector: str | None = None  # tried before the built-in consent managers' reject buttons


@dataclass
class ChecksConfig:
    disable: list[str] = field(default_factory=list)  # check ids that do not run for this site
    severity: dict[str, str] = field(default_factory=dict)  # check id -> the status its findings get


@dataclass
class ScheduleConfig:
    cron: str
    timezone: str = "UTC"


@dataclass
class EmailAlert:
    smtp_host: str
    to: list[str]
    sender: str = "mobicrawl@localhost"
    smtp_port: int = 25
    starttls: bool = False
    user: str | None = None
    password_env: str | None = None  # name of the environment variable holding the password


@dataclass
class AlertsConfig:
    webhook_url: str | None = None
    webhook_format: str = "slack"  # slack | teams | google-chat
    min_regressions: int = 1  # alert when at least this many things got worse
    email: EmailAlert | None = None
    timeout: float = 20.0  # seconds for one try of one channel, from connecting to the last byte


@dataclass
class AuditConfig:
    start_urls: list[str]
    allowed_domains: list[str] = field(default_factory=list)
    name: str | None = None
    max_pages: int = 200
    max_depth: int = 6
    devices: list[str] = field(default_factory=lambda: list(DEFAULT_DEVICES))
    obey_robots: bool = True
    use_sitemaps: bool = True
    concurrency: int = 4
    timeout: float = 30.0  # navigation timeout, seconds
    max_page_mb: float = 10.0  # a page with more HTML than this is listed as too large, never rendered
    settle: float = 3.0  # cap on the wait for the network to go quiet after load, seconds
    lang: str = "en"  # the report's language (crawler/i18n/)
    send_beacons: bool = False
    max_minutes: float = 240.0  # under `run` and `schedule`, the audit is stopped after this long
    include: list[str] = field(default_factory=list)  # URL regexes: only matching pages are crawled
    exclude: list[str] = field(default_factory=list)  # URL regexes: matching pages are not crawled
    stub_vendor_scripts: bool = False  # answer vendor script hosts with local stubs (offline demo)
    offers: list[OfferSpec] = field(default_factory=list)
    pixels: list[PixelSpec] = field(default_factory=list)
    vendors: list[dict[str, Any]] = field(default_factory=list)  # user pixel vendor entries
    consent: ConsentConfig = field(default_factory=ConsentConfig)
    checks: ChecksConfig = field(default_factory=ChecksConfig)
    schedule: ScheduleConfig | None = None
    alerts: AlertsConfig | None = None
    history_url: str | None = None  # [history] url: a database URL or folder that records every run
    auth: AuthConfig = field(default_factory=AuthConfig)
    source: str | None = None  # the config file, for messages
    baseline: str | None = None  # an earlier run folder of this site: report.json gets `since_last` against it

    @property
    def site_name(self) -> str:
        """The site's id in the history, and its folder under the reports folder."""
        return folder_name(self.name or host_key(self.start_urls[0]))

    def check_config(self) -> dict[str, Any]:
        """What checks see as `context.config`: plain dicts only."""
        return {
            "offers": [asdict(o) for o in self.offers],
            "pixels": [asdict(p) for p in self.pixels],
            "vendors": self.vendors,
            "checks": asdict(self.checks),
        }

    def to_dict(self) -> dict[str, Any]:
        """The config as it may be written (run.json): the history password, the webhook and auth secrets redacted."""
        data = {**asdict(self), "auth": self.auth.to_dict()}
        if self.history_url:
            from .history.db import redact  # SQLAlchemy only where a history is kept

            data["history_url"] = redact(self.history_url)
        if self.alerts and self.alerts.webhook_url:
            data["alerts"]["webhook_url"] = url_origin(self.alerts.webhook_url)
        return data


def host_key(url: str) -> str:
    """The site's host without `www.`: a `www.` and a bare host are one site."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def folder_name(text: str) -> str:
    """One safe folder name: no separator, no leading dot (`../../x` becomes `x`)."""
    return re.sub(r"[^\w.-]+", "-", text).strip(".-") or "site"


# ---- validation -------------------------------------------------------------------------

_SITE_KEYS = {
    "start_urls": list, "allowed_domains": list, "name": str, "max_pages": int, "max_depth": int,
    "devices": list, "obey_robots": bool, "use_sitemaps": bool, "concurrency": int,
    "timeout": (int, float), "settle": (int, float), "max_page_mb": (int, float), "send_beacons": bool,
    "max_minutes": (int, float), "include": list, "exclude": list, "lang": str,
}
_TOP_KEYS = {"site", "offers", "pixels", "vendors", "consent", "schedule", "alerts", "history", "auth", "checks"}
_AUTH_KEYS = {"user": str, "password_env": str, "headers": dict, "cookies": dict, "storage_state": str, "login": dict,
              "scheme": str}
_LOGIN_KEYS = {"url": str, "user_selector": str, "password_selector": str, "submit_selector": str, "user": str,
               "password_env": str, "success_selector": str}


class _Where:
    """Builds error messages that name the key and the file."""

    def __init__(self, source: str):
        self.source = source

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.source}: {key}: {problem}")

    def table(self, value: Any, key: str, allowed: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, "must be a table")
        for k, v in value.items():
            if k not in allowed:
                raise self.error(f"{key}.{k}", f"unknown key (known: {', '.join(sorted(allowed))})")
            expected = allowed[k]
            if not isinstance(v, expected) or (isinstance(v, bool) and bool not in _as_tuple(expected)):
                raise self.error(f"{key}.{k}", f"must be {_type_name(expected)}, not {type(v).__name__}")
        return value

    def regex(self, value: str, key: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise self.error(key, f"bad regular expression {value!r}: {exc}") from None
        return value

    def selector(self, value: str, key: str) -> str:
        try:
            soupsieve.compile(value)
        except Exception as exc:  # soupsieve raises SelectorSyntaxError and ValueError
            raise self.error(key, f"bad CSS selector {value!r}: {str(exc).splitlines()[0]}") from None
        return value

    def url(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise self.error(key, "must be a URL string")
        return check_url(value, lambda problem: self.error(key, problem))


def _as_tuple(t):
    return t if isinstance(t, tuple) else (t,)


def _type_name(t) -> str:
    names = {list: "a list", str: "a string", int: "an integer", bool: "true or false",
             float: "a number", dict: "a table"}
    return " or ".join(names.get(x, x.__name__) for x in _as_tuple(t))


def check_url(url: str, error=None) -> str:
    """An absolute http(s) URL with a host; raises ConfigError naming the problem."""
    error = error or (lambda problem: ConfigError(f"bad URL {redact_url(url)!r}: {problem}"))
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise error("must start with http:// or https://")
    if not parts.hostname:
        raise error("has no host name")
    try:
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        raise error("has a bad port") from None
    return url.strip()


def _parse_site(site: dict[str, Any], w: _Where) -> dict[str, Any]:
    w.table(site, "site", _SITE_KEYS)
    out = dict(site)
    if "start_urls" in out:
        if not out["start_urls"]:
            raise w.error("site.start_urls", "must name at least one URL")
        out["start_urls"] = [w.url(u, f"site.start_urls[{i}]") for i, u in enumerate(out["start_urls"])]
    for key in ("allowed_domains", "devices", "include", "exclude"):
        if key in out and not all(isinstance(x, str) for x in out[key]):
            raise w.error(f"site.{key}", "must be a list of strings")
    for key in ("include", "exclude"):
        for i, pattern in enumerate(out.get(key, [])):
            w.regex(pattern, f"site.{key}[{i}]")
    for key in ("max_pages", "max_depth", "concurrency"):
        if key in out and out[key] < (0 if key == "max_depth" else 1):
            raise w.error(f"site.{key}", "is out of range")
    if "timeout" in out and out["timeout"] <= 0:
        raise w.error("site.timeout", "must be more than 0")
    if "settle" in out and out["settle"] < 0:
        raise w.error("site.settle", "must not be negative")
    if out.get("max_minutes", 1) <= 0:
        raise w.error("site.max_minutes", "must be more than 0")
    if "max_page_mb" in out and out["max_page_mb"] <= 0:
        raise w.error("site.max_page_mb", "must be more than 0")
    if "lang" in out and out["lang"] not in LANGUAGES:
        raise w.error("site.lang", f"must be one of {', '.join(LANGUAGES)}, not {out['lang']!r}")
    return out


def spider_overrides(arguments: dict[str, str]) -> dict[str, Any]:
    """Spider arguments (`scrapy crawl site -a max_pages=2`, Scrapyd's schedule.json): [site] keys given as
    text, checked as the config file's are; an unknown one is an error, never ignored."""
    w = _Where("spider arguments")
    typed: dict[str, Any] = {}
    for key, text in arguments.items():
        if key not in _SITE_KEYS:
            raise w.error(key, f"unknown spider argument (known: url, config, out, browser, format, baseline, "
                               f"{', '.join(sorted(_SITE_KEYS))})")
        expected = _as_tuple(_SITE_KEYS[key])
        try:
            if list in expected:
                typed[key] = [part.strip() for part in text.split(",") if part.strip()]
            elif bool in expected:
                typed[key] = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}[text.lower()]
            elif int in expected:
                typed[key] = (float if float in expected else int)(text)
            else:
                typed[key] = text
        except (KeyError, ValueError):
            raise w.error(key, f"must be {_type_name(_SITE_KEYS[key])}, not {text!r}") from None
    return _parse_site(typed, w)


def _parse_list(value: Any, key: str, w: _Where) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise w.error(key, f"must be an array of tables ([[{key}]])")
    return value


def _parse_offers(value: Any, w: _Where) -> list[OfferSpec]:
    offers = []
    for i, entry in enumerate(_parse_list(value, "offers", w)):
        key = f"offers[{i}]"
        w.table(entry, key, {"name": str, "selector": str, "text": str, "pages": str})
        if "name" not in entry:
            raise w.error(f"{key}.name", "is required")
        if "selector" not in entry and "text" not in entry:
            raise w.error(key, "needs a selector, a text regex, or both")
        if "selector" in entry:
            w.selector(entry["selector"], f"{key}.selector")
        for k in ("text", "pages"):
            if k in entry:
                w.regex(entry[k], f"{key}.{k}")
        offers.append(OfferSpec(**entry))
    return offers


def _parse_pixels(value: Any, w: _Where, vendor_keys: set[str]) -> list[PixelSpec]:
    pixels = []
    for i, entry in enumerate(_parse_list(value, "pixels", w)):
        key = f"pixels[{i}]"
        w.table(entry, key, {"vendor": str, "id": str, "pages": str})
        for k in ("vendor", "id"):
            if k not in entry:
                raise w.error(f"{key}.{k}", "is required")
        if entry["vendor"] not in vendor_keys:
            raise w.error(f"{key}.vendor", f"unknown vendor {entry['vendor']!r} (known: {', '.join(sorted(vendor_keys))})")
        if "pages" in entry:
            w.regex(entry["pages"], f"{key}.pages")
        pixels.append(PixelSpec(**entry))
    return pixels


def _parse_vendors(value: Any, w: _Where) -> list[dict[str, Any]]:
    from checks.pixel_catalog import parse_vendor_entry

    vendors = []
    for i, entry in enumerate(_parse_list(value, "vendors", w)):
        try:
            vendors.append(parse_vendor_entry(entry))
        except ValueError as exc:
            raise w.error(f"vendors[{i}]", str(exc)) from None
    return vendors


def _parse_consent(value: Any, w: _Where) -> ConsentConfig:
    w.table(value, "consent", {"accept": bool, "accept_selector": str, "reject": bool, "reject_selector": str})
    for key in ("accept_selector", "reject_selector"):
        if key in value:
            w.selector(value[key], f"consent.{key}")
    return ConsentConfig(**value)


def _parse_checks(value: Any, w: _Where) -> ChecksConfig:
    from checks.base import Status
    from checks.registry import all_checks

    w.table(value, "checks", {"disable": list, "severity": dict})
    known = [check.meta.id for check in all_checks()]
    levels = (str(Status.WARN), str(Status.FAIL))
    for i, check_id in enumerate(value.get("disable", [])):
        if check_id not in known:
            raise w.error(f"checks.disable[{i}]", f"unknown check id {check_id!r} (known: {', '.join(known)})")
    for check_id, level in value.get("severity", {}).items():
        if check_id not in known:
            raise w.error(f"checks.severity.{check_id}", f"unknown check id (known: {', '.join(known)})")
        if level not in levels:
            raise w.error(f"checks.severity.{check_id}", f"must be {' or '.join(levels)}, not {level!r}")
    return ChecksConfig(**value)


def _parse_schedule(value: Any, w: _Where) -> ScheduleConfig:
    w.table(value, "schedule", {"cron": str, "timezone": str})
    if "cron" not in value:
        raise w.error("schedule.cron", "is required")
    from .cron import cron_trigger  # APScheduler loads only for a config that has a schedule

    try:
        cron_trigger(value["cron"], value.get("timezone", "UTC"))
    except Exception as exc:  # apscheduler raises ValueError and ZoneInfo errors
        raise w.error("schedule", f"bad cron expression or time zone: {exc}") from None
    return ScheduleConfig(**value)


def _parse_alerts(value: Any, w: _Where) -> AlertsConfig:
    w.table(value, "alerts", {"webhook_url": str, "webhook_format": str, "min_regressions": int, "email": dict,
                              "timeout": (int, float)})
    out = dict(value)
    if out.get("timeout", 1) <= 0:
        raise w.error("alerts.timeout", "must be more than 0 seconds")
    if out.get("webhook_format", "slack") not in ("slack", "teams", "google-chat"):
        raise w.error("alerts.webhook_format", "must be slack, teams or google-chat")
    if "webhook_url" in out:
        w.url(out["webhook_url"], "alerts.webhook_url")
    if "email" in out:
        email = w.table(out["email"], "alerts.email", {
            "smtp_host": str, "smtp_port": int, "starttls": bool, "user": str,
            "password_env": str, "to": list, "sender": str})
        for k in ("smtp_host", "to"):
            if k not in email:
                raise w.error(f"alerts.email.{k}", "is required")
        out["email"] = EmailAlert(**email)
    return AlertsConfig(**out)


def _parse_history(value: Any, w: _Where) -> str | None:
    from .history.db import database_url

    w.table(value, "history", {"url": str})
    if "url" in value:
        try:
            database_url(value["url"])
        except ValueError as exc:
            raise w.error("history.url", str(exc)) from None
    return value.get("url")


def _parse_auth(value: Any, w: _Where) -> AuthConfig:
    w.table(value, "auth", _AUTH_KEYS)
    for key in ("headers", "cookies"):
        if not all(isinstance(v, str) for v in value.get(key, {}).values()):
            raise w.error(f"auth.{key}", "values must be strings")
    if value.get("scheme", "basic") not in ("basic", "digest"):
        raise w.error("auth.scheme", f"must be basic or digest, not {value['scheme']!r}")
    login = None
    if "login" in value:
        w.table(value["login"], "auth.login", _LOGIN_KEYS)
        missing = [key for key in _LOGIN_KEYS if key != "success_selector" and key not in value["login"]]
        if missing:
            raise w.error("auth.login", f"missing {', '.join(missing)}")
        if not value["login"]["url"].startswith(("http://", "https://")):
            raise w.error("auth.login.url", "must be an http(s) URL")
        for key in ("user_selector", "password_selector", "submit_selector", "success_selector"):
            if key in value["login"]:
                w.selector(value["login"][key], f"auth.login.{key}")
        login = LoginForm(**value["login"])
    return AuthConfig(**{**value, "login": login})


def _take_credentials(url: str, auth: AuthConfig) -> str:
    """The config boundary: a start URL's user:pass@ moves into auth; nothing downstream sees it."""
    bare, user, password = split_credentials(url)
    if user is not None and not auth.user:
        auth.user, auth.password = user, password
    return bare


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> AuditConfig:
    """Read a TOML site file; `overrides` (from the command line) win over [site] keys."""
    path = Path(path)
    w = _Where(str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return config_from_dict(data, w, overrides)


def config_from_dict(data: dict[str, Any], w: _Where | str = "<config>",
                     overrides: dict[str, Any] | None = None) -> AuditConfig:
    if isinstance(w, str):
        w = _Where(w)
    for key in data:
        if key not in _TOP_KEYS:
            raise w.error(key, f"unknown table (known: {', '.join(sorted(_TOP_KEYS))})")
    site = _parse_site(data.get("site", {}), w)
    for key, value in (overrides or {}).items():
        if value is not None:
            site[key] = value
    if not site.get("start_urls"):
        raise w.error("site.start_urls", "is required")
    kwargs: dict[str, Any] = dict(site)
    kwargs["vendors"] = _parse_vendors(data["vendors"], w) if "vendors" in data else []
    from checks.pixel_catalog import vendor_keys

    kwargs["offers"] = _parse_offers(data.get("offers", []), w)
    kwargs["pixels"] = _parse_pixels(data.get("pixels", []), w, vendor_keys(kwargs["vendors"]))
    if "consent" in data:
        kwargs["consent"] = _parse_consent(data["consent"], w)
    if "checks" in data:
        kwargs["checks"] = _parse_checks(data["checks"], w)
    if "schedule" in data:
        kwargs["schedule"] = _parse_schedule(data["schedule"], w)
    if "alerts" in data:
        kwargs["alerts"] = _parse_alerts(data["alerts"], w)
    if "history" in data:
        kwargs["history_url"] = _parse_history(data["history"], w)
    kwargs["auth"] = _parse_auth(data.get("auth", {}), w)
    kwargs["start_urls"] = [_take_credentials(u, kwargs["auth"]) for u in kwargs["start_urls"]]
    read_password(kwargs["auth"], w.source)
    config = AuditConfig(source=w.source, **kwargs)
    if not config.allowed_domains:
        config.allowed_domains = sorted({host_key(u) for u in config.start_urls})
    return config
