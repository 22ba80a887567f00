"""Record a page's network requests and console errors as plain dicts while it renders."""
from __future__ import annotations

import time
from typing import Any, Callable

from playwright.async_api import Error as PlaywrightError

from checks.base import Phase

MAX_POST_DATA = 64 * 1024
MAX_ENTRIES = 3000  # a page that loops on requests must not grow the record without bound
MAX_CONSOLE = 50

PageEvents = list[tuple[Any, Callable[..., Any]]]  # (event name, handler) pairs for page.on


class NetworkRecorder:
    def __init__(self, answered_locally: set[str] | None = None):
        self.entries: list[dict[str, Any]] = []
        self.console_errors: list[str] = []
        self.phase: Phase = Phase.LOAD
        self.answered_locally = answered_locally if answered_locally is not None else set()
        self.stopped = False  # the page left for another: what it requests no longer belongs to it
        self._open: dict[Any, dict[str, Any]] = {}
        self._last_activity = time.monotonic()

    def handlers(self) -> PageEvents:
        """The page events it listens to."""
        return [("request", self._on_request), ("response", self._on_response), ("requestfinished", self._on_done),
                ("requestfailed", self._on_failed), ("console", self._on_console),
                ("pageerror", self._on_page_error)]

    def start_phase(self, phase: Phase) -> None:
        """From now on requests belong to `phase`."""
        self.phase = phase

    def last_activity(self) -> float | None:
        """When (time.monotonic()) a request last started or ended; None while one is open."""
        return None if self._open else self._last_activity

    def _on_request(self, request) -> None:
        self._last_activity = time.monotonic()
        if self.stopped or len(self.entries) >= MAX_ENTRIES:
            return
        try:
            post_data = request.post_data
        except Exception:  # binary bodies cannot be decoded as text
            post_data = "<binary>"
        entry = {
            "url": request.url,
            "method": request.method,
            "resource_type": request.resource_type,
            "status": None,
            "failure": None,
            "post_data": post_data[:MAX_POST_DATA] if post_data else None,
            "phase": str(self.phase),
            "at": round(time.time() * 1000),  # epoch ms, to time the request from the load event
            "frame": _frame_url(request),
            "answered_locally": False,
        }
        self.entries.append(entry)
        self._open[request] = entry

    def _on_response(self, response) -> None:
        entry = self._open.get(response.request)
        if entry is not None:
            entry["status"] = response.status

    def _on_done(self, request) -> None:
        self._last_activity = time.monotonic()
        self._open.pop(request, None)

    def _on_failed(self, request) -> None:
        self._last_activity = time.monotonic()
        entry = self._open.pop(request, None)
        if entry is not None:
            entry["failure"] = request.failure or "failed"

    def _on_console(self, message) -> None:
        if message.type == "error":
            self._console(message.text)

    def _on_page_error(self, error) -> None:
        self._console(f"Uncaught {error}")

    def _console(self, text: str) -> None:
        if len(self.console_errors) < MAX_CONSOLE:
            self.console_errors.append(str(text)[:500])

    def snapshot(self) -> list[dict[str, Any]]:
        for entry in self.entries:
            entry["answered_locally"] = entry["url"] in self.answered_locally
        return self.entries


def _frame_url(request) -> str | None:
    """The URL of the frame that sent a request, when it is not the page itself (an iframe's beacons)."""
    try:
        frame = request.frame
    except PlaywrightError:  # a service worker's request has no frame
        return None
    return frame.url if frame.parent_frame is not None else None
