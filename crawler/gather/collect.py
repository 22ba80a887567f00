"""One render's gathering: network recording from page creation, then artifacts after load."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from checks.base import Phase

from .beacons import install_routes
from .consent import click_consent, consent_choice, read_tcf
from .containers import ContainerReader
from .init_script import init_script
from .interaction import interaction_phase
from .network import NetworkRecorder, PageEvents
from .page_watch import PageWatch
from .script import page_script
from .settle import settle

# Every device context: service workers blocked so no request escapes the recording.
CONTEXT_DEFAULTS = {"service_workers": "block", "ignore_https_errors": True}
META_KEY = "mobicrawl_gather"  # request.meta key holding the gather options (plain, picklable dict)
_watchers: dict[Page, RenderWatchers] = {}  # the render a page is loading now
_answered: dict[Page, set[str]] = {}  # a page's routes' live set of URLs answered locally
GATHERED_AT = "gathered_at"  # set in the gather options when gathering ended (time.monotonic())
SCREENSHOT_TIMEOUT_MS = 15_000


def renderer_crash(message: str) -> str | None:
    """The error text for a Playwright error that says the page's renderer crashed, else None."""
    return f"the page crashed the browser's renderer: {message}" if "crashed" in message else None


def gather_options(config, script_opts: dict[str, Any]) -> dict[str, Any]:
    """Per-audit gather options; the spider adds `screenshot` (a path) per request."""
    return {
        "script_opts": script_opts,
        "settle": config.settle,
        "timeout": config.timeout,
        "send_beacons": config.send_beacons,
        "stub_scripts": config.stub_vendor_scripts,
        "vendors": config.vendors,
        "consent": {"accept": config.consent.accept, "accept_selector": config.consent.accept_selector,
                    "reject": config.consent.reject, "reject_selector": config.consent.reject_selector},
    }


@dataclass
class RenderWatchers:
    """What listens to one render's page events, from before navigation until gathering ends."""
    recorder: NetworkRecorder
    containers: ContainerReader
    watch: PageWatch
    navigation_began: float

    def handlers(self) -> PageEvents:
        return self.recorder.handlers() + self.containers.handlers() + self.watch.handlers()


async def prepare_page(page: Page, options: dict[str, Any], meta: dict[str, Any] | None = None) -> None:
    """Before navigation: instrument timers and tag calls and answer beacons locally (once per page,
    which later renders reuse), then record every request, read tag-manager containers, dismiss dialogs
    and watch for loops (`meta`: the request's, where a render that was given up says why)."""
    answered = _answered.get(page)
    if answered is None:
        await page.add_init_script(script=init_script())
        answered = _answered[page] = await install_routes(
            page, vendors=options["vendors"], send_beacons=options["send_beacons"], stub_scripts=options["stub_scripts"])
        page.on("close", _forget)
    answered.clear()
    watchers = _watchers[page] = RenderWatchers(NetworkRecorder(answered), ContainerReader(options["vendors"]),
                                                PageWatch(meta), time.monotonic())
    for event, handler in watchers.handlers():
        page.on(event, handler)


def _forget(page: Page) -> None:
    _watchers.pop(page, None)
    _answered.pop(page, None)


async def init_page(page: Page, request) -> None:
    """scrapy-playwright's `playwright_page_init_callback`."""
    # scrapy-playwright routes every request ("**") through Python to rewrite headers: a round trip
    # per request. Renders are plain GETs that keep the device's own headers, so drop that route.
    await page.unroute("**")
    await prepare_page(page, request.meta[META_KEY], request.meta)


async def gather_render(page: Page, options: dict[str, Any]) -> dict[str, Any]:
    """From the navigation's commit: the load event (within the timeout counted from the navigation's
    start), then phase by phase: settle and collect artifacts and a screenshot (load), a first touch or
    scroll (interaction), a click on the consent banner (consent); each records its beacons."""
    registered = _watchers.pop(page, None)
    watchers = registered or RenderWatchers(
        NetworkRecorder(), ContainerReader(options["vendors"]), PageWatch(), time.monotonic())
    try:
        await _load_event(page, options["timeout"], watchers.navigation_began)
        return await _gather(page, options, watchers, Stopwatch())
    finally:
        for event, handler in registered.handlers() if registered else ():  # the page may serve another render
            page.remove_listener(event, handler)


async def _load_event(page: Page, timeout_s: float, navigation_began: float) -> None:
    left_ms = (timeout_s - (time.monotonic() - navigation_began)) * 1000
    try:
        await page.wait_for_load_state("load", timeout=max(left_ms, 1))
    except PlaywrightTimeoutError:
        raise TimeoutError(f"Timeout {timeout_s * 1000:.0f}ms exceeded waiting for the load event") from None


async def _gather(page: Page, options: dict[str, Any], watchers: RenderWatchers, clock: Stopwatch) -> dict[str, Any]:
    recorder, containers, watch = watchers.recorder, watchers.containers, watchers.watch
    await settle(page, recorder, options["settle"])
    clock.lap("settle_ms")
    artifacts: dict[str, Any] = {"error": watch.judged_page_problem(page.url)}
    if not artifacts["error"]:
        try:
            artifacts.update(await _evaluate(page, options["script_opts"]))
        except PlaywrightError as exc:
            first = exc.message.splitlines()[0]
            artifacts["error"] = renderer_crash(first) or f"in-page script failed: {first}"
        artifacts["error"] = watch.judged_page_problem(page.url) or artifacts["error"]
    clock.lap("script_ms")
    artifacts["screenshot"] = await _screenshot(page, options.get("screenshot"))
    clock.lap("screenshot_ms")
    final_url = page.url
    interaction = None if artifacts["error"] else await interaction_phase(page, recorder, options["settle"])
    clock.lap("interaction_ms")
    consent = {"clicked": None, "choice": None, "tcf": None, "unclickable": None}
    if interaction and not interaction["navigated_to"]:
        consent = await _consent_phase(page, recorder, options)
    clock.lap("consent_ms")
    artifacts.update(
        final_url=final_url,
        interaction=interaction,
        network=recorder.snapshot(),
        containers=await containers.snapshot(),
        console_errors=recorder.console_errors,
        dialogs=watch.dialogs,
        consent=consent,
        timing={"navigation_ms": round((clock.started - watchers.navigation_began) * 1000), **clock.laps,
                "gather_ms": clock.total_ms()},
    )
    options[GATHERED_AT] = time.monotonic()
    return artifacts


class Stopwatch:
    """Milliseconds per part of a render, for the `timing` artifact."""

    def __init__(self) -> None:
        self.started = self._last = time.monotonic()
        self.laps: dict[str, int] = {}

    def lap(self, part: str) -> None:
        now = time.monotonic()
        self.laps[part] = round((now - self._last) * 1000)
        self._last = now

    def total_ms(self) -> int:
        return round((time.monotonic() - self.started) * 1000)


async def _consent_phase(page: Page, recorder: NetworkRecorder, options: dict[str, Any]) -> dict[str, Any]:
    """Click accept (or reject) on the banner, settle, then read the TCF consent manager's state."""
    clicked = choice = unclickable = None
    if chosen := consent_choice(options["consent"]):
        clicked, unclickable = await click_consent(page, chosen[1],
                                                   before_click=lambda: recorder.start_phase(Phase.CONSENT))
        if clicked:
            choice = str(chosen[0])
            await settle(page, recorder, options["settle"])
        else:  # no button, or the click failed: nothing was chosen
            recorder.phase = Phase.INTERACTION
    return {"clicked": clicked, "choice": choice, "tcf": await read_tcf(page), "unclickable": unclickable}


async def _evaluate(page: Page, script_opts: dict[str, Any]) -> dict[str, Any]:
    try:
        result = await page.evaluate(page_script(), script_opts)
    except PlaywrightError as exc:
        if "context was destroyed" not in exc.message:
            raise
        # The page navigated itself (a JS redirect): judge where it landed.
        await page.wait_for_load_state("load")
        result = await page.evaluate(page_script(), script_opts)
    return json.loads(result) if isinstance(result, str) else result


async def _screenshot(page: Page, path: str | None) -> str | None:
    if not path:
        return None
    try:
        await page.screenshot(path=path, type="jpeg", quality=70, scale="css", timeout=SCREENSHOT_TIMEOUT_MS,
                              animations="disabled", caret="hide")
    except PlaywrightError:
        return None
    return path
