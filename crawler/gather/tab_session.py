"""Each tab's own CDP session, made once per tab: later renders reuse the tab, and so its session."""
from __future__ import annotations

from dataclasses import dataclass

from playwright.async_api import CDPSession, Page

HAS_TOUCH = "() => navigator.maxTouchPoints > 0"


@dataclass(frozen=True)
class TabSession:
    cdp: CDPSession
    has_touch: bool  # the device's touch screen (Playwright's touchscreen only taps: a touch that moves needs CDP)


_sessions: dict[Page, TabSession] = {}


async def tab_session(page: Page) -> TabSession:
    if page not in _sessions:
        _sessions[page] = TabSession(await page.context.new_cdp_session(page), await page.evaluate(HAS_TOUCH))
        page.once("close", _forget)
    return _sessions[page]


def _forget(page: Page) -> None:
    _sessions.pop(page, None)
