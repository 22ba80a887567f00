"""Record a page's network requests and console errors as plain dicts while it renders."""
from __future__ import annotations

import asyncio
import time
from typing import Any

MAX_POST_DATA = 64 * 1024
MAX_ENTRIES = 3000  # a page that loops on requests must not grow the record without bound
MAX_CONSOLE = 50


class NetworkRecorder:
    def __init__(self, answered_locally: set[str] | None = None):
        self.entries: list[dict[str, Any]] = []
        self.console_errors: list[str] = []
        self.phase = "load"
        self.answered_locally = answered_locally if answered_locally is not None else set()
        self._open: dict[Any, dict[str, Any]] = {}
        self._last_activity = time.monotonic()

    def attach(self, page) -> None:
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfinished", self._on_done)
        page.on("requestfailed", self._on_failed)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._console(f"Uncaught {error}"))

    def start_phase(self, phase: str) -> None:
        """From now on requests belong to `phase`; the quiet window restarts now, so a wait that
        follows cannot end before the requests this moment triggers have been seen."""
        self.phase = phase
        self._last_activity = time.monotonic()

    def _on_request(self, request) -> None:
        self._last_activity = time.monotonic()
        if len(self.entries) >= MAX_ENTRIES:
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
            "phase": self.phase,
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

    def _console(self, text: str) -> None:
        if len(self.console_errors) < MAX_CONSOLE:
            self.console_errors.append(str(text)[:500])

    async def wait_quiet(self, cap_seconds: float, quiet_seconds: float = 0.5) -> float:
        """Wait until no request has been open for `quiet_seconds`, at most `cap_seconds`."""
        start = time.monotonic()
        while (waited := time.monotonic() - start) < cap_seconds:
            if not self._open and time.monotonic() - self._last_activity >= quiet_seconds:
                break
            await asyncio.sleep(0.05)
        return waited

    def snapshot(self) -> list[dict[str, Any]]:
        for entry in self.entries:
            entry["answered_locally"] = entry["url"] in self.answered_locally
        return self.entries
