"""Watch a render for what makes it no page at all: dialog loops, navigation loops, downloads, error pages."""
from __future__ import annotations

import asyncio
from typing import Any

from playwright.async_api import Dialog, Download, Request, Route

from .network import PageEvents

RENDER_PROBLEM = "mobicrawl_render_problem"  # request.meta key: why a render was given up
LAST_URL = "mobicrawl_last_url"  # request.meta key: where the page's own tab last navigated to
MAX_DIALOGS = 3  # a page that opens more while it loads is stuck in a dialog loop
MAX_LOADS = 3  # documents the page loads in its own tab in one render: more is a reload or meta-refresh loop


class PageWatch:
    """Dismisses every dialog and counts the page's own loads; on a loop it says why in `problem`, also
    written to the request's meta, which outlives the page when the loop makes the render time out."""

    def __init__(self, meta: dict[str, Any] | None = None):
        self.meta = meta if meta is not None else {}
        self.dialogs: list[str] = []
        self.loads = 0
        self.download: str | None = None
        self.problem: str | None = None

    def handlers(self) -> PageEvents:
        """The page events it listens to."""
        return [("dialog", self._on_dialog), ("request", self._on_request), ("download", self._on_download)]

    def _on_dialog(self, dialog: Dialog) -> None:
        asyncio.ensure_future(_quietly(dialog.dismiss()))
        if len(self.dialogs) < MAX_DIALOGS:
            self.dialogs.append(f"{dialog.type}: {dialog.message[:200]}")
        else:
            self._found(f"dialog loop: the page opened more than {MAX_DIALOGS} dialogs")

    def _on_request(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.loads += 1
            self.meta[LAST_URL] = request.url
            if self.loads == MAX_LOADS + 1:
                self._found(f"navigation loop: the page loaded more than {MAX_LOADS} times in one visit "
                            "(a reload or meta-refresh loop)")
                # Chromium cannot close a page that keeps navigating: end the loop first
                asyncio.ensure_future(_quietly(request.frame.page.route("**/*", _abort_navigation)))

    def _on_download(self, download: Download) -> None:
        self.download = download.suggested_filename or download.url

    def _found(self, problem: str) -> None:
        if self.problem is None:
            self.problem = self.meta[RENDER_PROBLEM] = problem

    def judged_page_problem(self, url: str) -> str | None:
        """Why the page the browser shows now is not the page the crawl asked for, or None."""
        if self.problem:
            return self.problem
        if self.download:
            return f"the URL starts a download ({self.download}): a file, not a page"
        if url.startswith("chrome-error://"):
            return "the browser could not show the page (it showed its own error page)"
        if url == "about:blank":
            return "the browser showed no page (about:blank)"
        return None


async def _abort_navigation(route: Route) -> None:
    if route.request.is_navigation_request():
        await route.abort()
    else:
        await route.fallback()


async def _quietly(action) -> None:
    try:
        await action
    except Exception:  # the page or dialog is already gone: nothing left to do
        pass
