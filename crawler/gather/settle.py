"""The settle rule: wait while requests are open or timers are due inside the cap; the cap always wins."""
from __future__ import annotations

import asyncio
import time

from playwright.async_api import Error as PlaywrightError

from .init_script import STATE

# No request for this long, after the last one ended, counts as quiet: long enough for the browser's
# events to reach us and for a finished request's handler to start the next one; the page itself is
# then asked (timers, scripts still loading), and the recorder once more after that round trip.
QUIET_S = 0.1
POLL_S = 0.05
# A timer due inside the cap, or else a script still loading (poll again soon).
PENDING = (f"(within) => {{ const M = {STATE}; if (!M || !M.pending) return 0; "
           f"return M.pending(within) || (M.loadingScripts() ? {round(POLL_S * 1000)} : 0); }}")


async def pending_ms(page, within_s: float) -> int:
    """Milliseconds until the last timer due within `within_s` has run; 0 when none (or no answer)."""
    try:
        return await page.evaluate(PENDING, round(within_s * 1000)) or 0
    except PlaywrightError:  # navigating, or the renderer is gone
        return 0


async def settle(page, recorder, cap_s: float) -> None:
    """Wait until no request is open, nothing was requested for QUIET_S and no timer is due before the cap."""
    deadline = time.monotonic() + cap_s
    while (left := deadline - time.monotonic()) > 0:
        if recorder.busy(QUIET_S):
            await asyncio.sleep(POLL_S)
            continue
        wait_ms = await pending_ms(page, left)
        if not wait_ms:
            if recorder.busy(QUIET_S):  # a request began while the page was asked
                continue
            return
        await asyncio.sleep(min(wait_ms / 1000 + POLL_S, max(deadline - time.monotonic(), 0)))
        recorder.touch()  # what the timers started may not have reached us yet: be quiet once more
