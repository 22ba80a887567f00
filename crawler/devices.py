"""Device profiles from Playwright's descriptors, plus the desktop profile used for parity."""
from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any

from .config import AuditConfig
from .errors import ConfigError

DESKTOP_NAME = "Desktop"
DESKTOP_SIZE = {"width": 1366, "height": 768}
_SIZE = re.compile(r"^\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*$")


@lru_cache(maxsize=1)
def playwright_descriptors() -> dict[str, dict[str, Any]]:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _load_descriptors()
    # Playwright's sync API refuses to run inside an event loop: ask from a worker thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_load_descriptors).result()


def _load_descriptors() -> dict[str, dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        return dict(p.devices)


def resolve_device(name: str) -> dict[str, Any]:
    """A profile: {name, context} where context is browser.new_context() keyword arguments.

    NAME is a Playwright descriptor name ("iPhone 13", case-insensitive) or WIDTHxHEIGHT, which
    is taken as a generic touch phone of that size (or a desktop window when wider than 1024).
    """
    match = _SIZE.match(name)
    if match:
        width, height = int(match[1]), int(match[2])
        if width > 1024:
            context = _desktop_context({"width": width, "height": height})
        else:
            base = playwright_descriptors()["Pixel 7"]
            context = {**_strip(base), "viewport": {"width": width, "height": height},
                       "screen": {"width": width, "height": height}}
        return {"name": f"{width}x{height}", "context": context}
    descriptors = playwright_descriptors()
    by_lower = {key.lower(): key for key in descriptors}
    key = by_lower.get(name.strip().lower())
    if key is None:
        close = [k for k in descriptors if name.strip().lower() in k.lower()][:5]
        hint = f"; did you mean: {', '.join(close)}" if close else "; use a Playwright device name or WIDTHxHEIGHT"
        raise ConfigError(f"unknown device {name!r}{hint}")
    return {"name": key, "context": _strip(descriptors[key])}


def _strip(descriptor: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in descriptor.items() if k != "default_browser_type"}


def _desktop_context(size: dict[str, int]) -> dict[str, Any]:
    base = _strip(playwright_descriptors()["Desktop Chrome"])
    return {**base, "viewport": dict(size), "screen": dict(size)}


def desktop_profile() -> dict[str, Any]:
    return {"name": DESKTOP_NAME, "context": _desktop_context(DESKTOP_SIZE)}


def audit_profiles(names: list[str]) -> list[dict[str, Any]]:
    """The mobile devices asked for, then the desktop profile (added once, for comparison)."""
    profiles = [resolve_device(n) for n in names]
    if not any(not p["context"].get("is_mobile") for p in profiles):
        profiles.append(desktop_profile())
    seen, unique = set(), []
    for profile in profiles:
        if profile["name"] not in seen:
            seen.add(profile["name"])
            unique.append(profile)
    return unique


def config_profiles(config: AuditConfig) -> list[dict[str, Any]]:
    """`audit_profiles` of a config's devices; an unknown name is one line naming the key and the file."""
    for i, name in enumerate(config.devices):
        try:
            resolve_device(name)
        except ConfigError as exc:
            raise ConfigError(f"{config.source}: site.devices[{i}]: {exc}") from None
    return audit_profiles(config.devices)


def device_info(profile: dict[str, Any]) -> dict[str, Any]:
    """The report's view of a profile: {name, width, height, is_mobile, device_scale_factor}."""
    context = profile["context"]
    return {
        "name": profile["name"],
        "width": context["viewport"]["width"],
        "height": context["viewport"]["height"],
        "is_mobile": bool(context.get("is_mobile")),
        "device_scale_factor": context.get("device_scale_factor", 1),
    }
