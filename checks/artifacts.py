"""What one render hands the checks, declared once (docs/ARTIFACTS.md is tested against it)."""
from __future__ import annotations

from typing import Any, Literal, TypedDict

# TypedDicts, not dataclasses: artifacts are JSON on disk (artifacts/NNNNNN.json, tests/artifacts/)
# and are read back by `recheck` and the unit tests as they are; a TypedDict types that JSON with
# no conversion step, and mypy checks every key a gatherer writes or a check reads.


class DeviceInfo(TypedDict):
    name: str
    width: int
    height: int
    is_mobile: bool
    device_scale_factor: float


class PageInfo(TypedDict):
    """From js/page.js."""

    title: str
    lang: str | None
    viewport_meta: str | None
    links: list[str]


class NetworkRequest(TypedDict):
    url: str
    method: str
    resource_type: str
    status: int | None
    failure: str | None
    post_data: str | None
    phase: Literal["load", "after_consent"]
    answered_locally: bool


class ContainerTag(TypedDict):
    vendor: str
    id: str


class Container(TypedDict):
    """A tag-manager container the page loaded, and the tags it holds (read from its source)."""

    url: str
    tags: list[ContainerTag]


class Consent(TypedDict):
    clicked: str | None  # the selector of the "accept" button clicked, or None


class Timing(TypedDict):
    gather_ms: int  # from the load event to the last artifact (settle, script, screenshot, consent)


# An in-page module's result (js/NAME.js -> artifacts[NAME]), or {"__error": text} when it threw.
ModuleResult = dict[str, Any]


class RenderArtifacts(TypedDict, total=False):
    """One page at one device. A failed render has url, final_url, http_status, error and device only."""

    url: str
    final_url: str | None
    http_status: int | None
    error: str | None  # the render failed: every check is skipped
    device: DeviceInfo
    page: PageInfo
    layout: ModuleResult
    offers: ModuleResult
    pixels_dom: ModuleResult
    network: list[NetworkRequest]
    containers: list[Container]
    console_errors: list[str]
    consent: Consent
    screenshot: str | None  # relative to the run folder once saved
    timing: Timing
