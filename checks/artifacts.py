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
    phase: Literal["load", "interaction", "consent"]  # a checks.base.Phase value
    at: int  # epoch ms when it was sent
    frame: str | None  # the sending iframe's URL, or None for the page itself
    answered_locally: bool


class ContainerTag(TypedDict):
    vendor: str
    id: str


class Container(TypedDict):
    """A tag-manager container the page loaded, and the tags it holds (read from its source)."""

    url: str
    tags: list[ContainerTag]


class Tcf(TypedDict):
    """An IAB TCF v2 consent manager's state after the consent phase."""

    cmp_id: int | None
    event_status: str | None
    consent_given: bool


class Consent(TypedDict):
    clicked: str | None  # the selector of the banner button clicked, or None
    choice: Literal["accept", "reject"] | None  # a checks.base.ConsentChoice value
    tcf: Tcf | None
    unclickable: str | None  # a visible banner button that could not be clicked: consent was not given


class Interaction(TypedDict):
    """The interaction phase: a first touch or mouse move and a small scroll."""

    navigated_to: str | None  # the URL the page left for on that first interaction
    error: str | None


class PixelInit(TypedDict):
    vendor: str
    id: str


class ServerHtml(TypedDict):
    """The page as the server sent it, before any script ran (read by the probe, crawler/server_html.py):
    the pixel evidence in the shape of js/pixels_dom.js, kept only where it names a known vendor."""

    viewport_meta: str | None
    scripts: list[str]
    inline: list[str]
    noscript: list[str]
    vary_user_agent: bool  # the response says `Vary: User-Agent`: phones may be sent other HTML


class Timing(TypedDict, total=False):
    """Where one render's time went, in ms (the speed benchmark prints their medians)."""

    navigation_ms: int  # from the page's creation to the load event (scrapy-playwright's page.goto)
    settle_ms: int  # the settle after the load event
    script_ms: int  # the in-page modules (one page.evaluate)
    screenshot_ms: int  # the first screen as JPEG
    interaction_ms: int  # a first touch or mouse move and scroll, and its settle
    consent_ms: int  # the consent banner's click and settle, and the TCF read
    gather_ms: int  # from the load event to the end of the consent phase (the five parts above)
    handoff_ms: int  # from there to the spider's callback: page.content(), the response, Scrapy


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
    pixel_inits: list[PixelInit]  # from js/pixel_inits.js
    server_html: ServerHtml
    navigation: ModuleResult  # from js/navigation.js: {load_event_at}
    interaction: Interaction | None  # None when the load phase failed
    network: list[NetworkRequest]
    containers: list[Container]
    console_errors: list[str]
    dialogs: list[str]  # "TYPE: message" of each dialog the page opened (all dismissed)
    consent: Consent
    screenshot: str | None  # relative to the run folder once saved
    timing: Timing
