"""The pixel vendor catalogue (pixel_vendors.toml plus the user's [[vendors]]): load it, match requests."""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

VENDOR_KEYS = {"key", "name", "marketing", "scripts", "snippets", "id_format", "pageview", "beacons", "container",
               "container_tags", "container_id_prefix"}
BEACON_KEYS = {"url", "id_param", "event_param", "id_path", "id_prefix", "id_json", "event_json", "event",
               "script"}


@dataclass(frozen=True)
class Beacon:
    url: re.Pattern
    id_param: str | None = None
    event_param: str | None = None
    id_path: re.Pattern | None = None
    id_prefix: str = ""
    id_json: str | None = None
    event_json: str | None = None
    event: str | None = None
    script: bool = False  # loading the script is the proof that it fired (tag managers)


@dataclass(frozen=True)
class Vendor:
    key: str
    name: str
    marketing: bool
    scripts: tuple[re.Pattern, ...]
    snippets: tuple[re.Pattern, ...]
    id_format: re.Pattern
    pageview: str | None
    beacons: tuple[Beacon, ...] = field(default=())
    container: bool = False  # a tag manager: its script holds other vendors' tags
    container_tags: tuple[re.Pattern, ...] = field(default=())
    container_id_prefix: str = ""


@dataclass(frozen=True)
class Hit:
    vendor: str
    id: str | None
    event: str | None


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{where}: bad regular expression {pattern!r}: {exc}") from None


def _vendor(key: str, entry: dict[str, Any]) -> Vendor:
    unknown = set(entry) - VENDOR_KEYS
    if unknown:
        raise ValueError(f"unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(VENDOR_KEYS))})")
    beacons = []
    for i, beacon in enumerate(entry.get("beacons", [])):
        if set(beacon) - BEACON_KEYS or "url" not in beacon:
            raise ValueError(f"beacons[{i}] needs `url` and only these keys: {', '.join(sorted(BEACON_KEYS))}")
        beacons.append(Beacon(**{**beacon, "url": _compile(beacon["url"], f"beacons[{i}].url"),
                                 "id_path": _compile(beacon["id_path"], f"beacons[{i}].id_path")
                                 if "id_path" in beacon else None}))
    return Vendor(
        key=key, name=entry.get("name", key), marketing=bool(entry.get("marketing", True)),
        scripts=tuple(_compile(p, "scripts") for p in entry.get("scripts", [])),
        snippets=tuple(_compile(p, "snippets") for p in entry.get("snippets", [])),
        id_format=_compile(entry.get("id_format", ".+"), "id_format"),
        pageview=entry.get("pageview"), beacons=tuple(beacons), container=bool(entry.get("container", False)),
        container_tags=tuple(_compile(p, "container_tags") for p in entry.get("container_tags", [])),
        container_id_prefix=entry.get("container_id_prefix", ""))


def parse_vendor_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """Validate a user's [[vendors]] table (raises ValueError with a one-line message)."""
    if not isinstance(entry.get("key"), str) or not entry["key"]:
        raise ValueError("`key` (the vendor key used in [[pixels]]) is required")
    if not entry.get("beacons"):
        raise ValueError("at least one [[vendors.beacons]] with a `url` regex is required")
    _vendor(entry["key"], entry)
    return entry


@lru_cache(maxsize=1)
def builtin_entries() -> dict[str, dict[str, Any]]:
    text = resources.files("checks").joinpath("pixel_vendors.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def vendor_keys(extra: list[dict[str, Any]]) -> set[str]:
    return set(builtin_entries()) | {entry["key"] for entry in extra}


def catalog(extra: list[dict[str, Any]] | None = None) -> tuple[Vendor, ...]:
    return _catalog(json.dumps(extra or [], sort_keys=True))


@lru_cache(maxsize=8)
def _catalog(extra_json: str) -> tuple[Vendor, ...]:
    entries = dict(builtin_entries())
    for entry in json.loads(extra_json):
        entries[entry["key"]] = entry
    return tuple(_vendor(key, entry) for key, entry in entries.items())


def _dig(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _fields(url: str, post_data: str | None) -> tuple[dict[str, str], Any]:
    """Query and form fields (first value each) and the JSON body, if any."""
    fields = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    body = None
    if post_data:
        try:
            body = json.loads(post_data)
        except ValueError:
            fields.update({k: v[0] for k, v in parse_qs(post_data).items() if k not in fields})
    return fields, body


def _bodies(post_data: str | None) -> list[str | None]:
    """A form-encoded POST may batch several hits, one per line (GA4 does); a JSON body is one hit."""
    if not post_data or post_data.lstrip().startswith(("{", "[")):
        return [post_data]
    lines: list[str | None] = list(post_data.splitlines())
    return lines or [post_data]


def match_request(url: str, post_data: str | None, vendors: tuple[Vendor, ...]) -> list[Hit]:
    """The pixel hits one request carries (GA4 batches several events in one POST, one per line)."""
    for vendor in vendors:
        for beacon in vendor.beacons:
            if not beacon.url.search(url):
                continue
            hits = []
            for body in _bodies(post_data):
                fields, data = _fields(url, body)
                pixel_id = (fields.get(beacon.id_param) if beacon.id_param else None) \
                    or (_dig(data, beacon.id_json) if beacon.id_json else None)
                if beacon.id_path and (found := beacon.id_path.search(url)):
                    pixel_id = found.group(1)
                event = (fields.get(beacon.event_param) if beacon.event_param else None) \
                    or (_dig(data, beacon.event_json) if beacon.event_json else None) or beacon.event
                hits.append(Hit(vendor.key, f"{beacon.id_prefix}{pixel_id}" if pixel_id else None, event))
            return hits
    return []


def is_beacon(url: str, vendors: tuple[Vendor, ...]) -> bool:
    return any(b.url.search(url) and not b.script for v in vendors for b in v.beacons)


def answered_url_sources(vendors: tuple[Vendor, ...], *, beacons: bool, scripts: bool) -> list[str]:
    """The regexes of the URLs an audit answers itself: beacon endpoints and/or vendor scripts."""
    sources = [b.url.pattern for v in vendors for b in v.beacons if beacons and not b.script]
    return sources + [p.pattern for v in vendors for p in v.scripts if scripts]


def script_vendor(url: str, vendors: tuple[Vendor, ...]) -> Vendor | None:
    return next((v for v in vendors if any(p.search(url) for p in v.scripts)), None)


def names_a_vendor(text: str, vendors: tuple[Vendor, ...]) -> bool:
    """The text holds a vendor's snippet or script URL."""
    return any(p.search(text) for v in vendors for p in v.snippets + v.scripts)


_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)


def _unescape_js(source: str) -> str:
    """Containers hold tags as JS string literals: \\u003Cscript\\u003Efbq(\\"init\\", ...)."""
    def one(match: re.Match) -> str:
        code = match.group(1)
        return chr(int(code[1:], 16)) if len(code) > 1 else "\n" if code == "n" else code
    return _JS_ESCAPE.sub(one, source)


def container_tags(source: str, vendors: tuple[Vendor, ...]) -> list[tuple[str, str]]:
    """(vendor, id) of every tag a tag-manager container's source holds: its built-in tag templates
    and its custom HTML tags (found by the vendors' own snippets)."""
    text = _unescape_js(source)
    found: dict[tuple[str, str], None] = {}
    for vendor in vendors:
        patterns = [(p, vendor.container_id_prefix) for p in vendor.container_tags] + [(p, "") for p in vendor.snippets]
        for pattern, prefix in patterns:
            for match in pattern.finditer(text):
                pixel_id = prefix + match.group(1)
                if vendor.id_format.search(pixel_id):
                    found[(vendor.key, pixel_id)] = None
    return list(found)
