"""The settle rule: wait while requests are open or timers are due inside the cap; the cap always wins."""
from __future__ import annotations

import asyncio
import time

from playwright.async_api import Error as PlaywrightError

from .init_script import STATE

# A request that ends after the page was made to act (loaded, touched, clicked) may have a handler that
# starts the next one: no request for this long after it counts as quiet. What ended before needs no
# such wait: the load event comes after the handlers of the page's own loads, and a touch or a click is
# acknowledged after its handlers ran; what those handlers sent only needs EVENT_LAG_S to reach us.
QUIET_S = 0.1
EVENT_LAG_S = 0.03
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


def quiet_in(recorder, acted_at: float) -> float | None:
    """Seconds until the network counts as quiet (0: it does); None while a request is open."""
    last = recorder.last_activity()
    if last is None:
        return None
    quiet_at = max(acted_at + EVENT_LAG_S, last + QUIET_S if last > acted_at else 0)
    return max(quiet_at - time.monotonic(), 0.0)


async def settle(page, recorder, cap_s: float) -> None:
    """Called once the page has acted (its load event, a touch, a click): wait until no timer is due
    before the cap, no request is open and none ended for QUIET_S since then."""
    acted_at = time.monotonic()
    deadline = acted_at + cap_s
    while (left := deadline - time.monotonic()) > 0:
        asked_at = time.monotonic()
        if wait_ms := await pending_ms(page, left):
            await asyncio.sleep(min(wait_ms / 1000 + POLL_S, max(deadline - time.monotonic(), 0)))
            acted_at = time.monotonic()  # the timers have run: what they sent needs EVENT_LAG_S to reach us
            continue
        while (wait_s := quiet_in(recorder, acted_at)) != 0 and (left := deadline - time.monotonic()) > 0:
            await asyncio.sleep(min(POLL_S if wait_s is None else wait_s, left))
        if (recorder.last_activity() or asked_at) < asked_at:  # nothing began or ended since the page was asked
            return
