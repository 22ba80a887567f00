"""The interaction phase: a visitor's first touch and small scroll (phone) or mouse move and wheel (desktop)."""
from __future__ import annotations

import asyncio
from typing import Any

from playwright.async_api import Error as PlaywrightError

from checks.base import Phase

from .settle import settle
from .tab_session import tab_session

SWIPE_PX = 40
SCROLL_PX = 120


async def first_interaction(page) -> None:
    """Trusted input, as a visitor's: a touch that moves (so it is not a tap on a link) or a mouse move,
    then a small wheel scroll. Delay-until-interaction loaders listen for exactly these."""
    size = page.viewport_size or {"width": 360, "height": 640}
    x, y = size["width"] // 2, size["height"] // 2
    if (session := await tab_session(page)).has_touch:
        # Sent together, handled in order: the browser acknowledges each once the page's handlers ran.
        await asyncio.gather(*(session.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
                               for kind, points in (("touchStart", [{"x": x, "y": y}]),
                                                    ("touchMove", [{"x": x, "y": y - SWIPE_PX}]),
                                                    ("touchEnd", []))))
    else:
        await page.mouse.move(x, y)
        await page.mouse.move(x + SWIPE_PX, y + SWIPE_PX, steps=2)
    await page.mouse.wheel(0, SCROLL_PX)


async def interaction_phase(page, recorder, cap_s: float) -> dict[str, Any]:
    """Interact, then settle; `{navigated_to}` is set when the page left for another URL (whose requests
    are not recorded: the page judged is the one that loaded)."""
    left: list[str] = []

    def on_navigated(frame) -> None:
        if frame == page.main_frame:
            recorder.stopped = True
            left.append(frame.url)

    page.on("framenavigated", on_navigated)
    recorder.start_phase(Phase.INTERACTION)
    error = None
    try:
        await first_interaction(page)
        await settle(page, recorder, cap_s)
    except PlaywrightError as exc:
        error = exc.message.splitlines()[0]
    finally:
        page.remove_listener("framenavigated", on_navigated)
    return {"navigated_to": left[-1] if left else None, "error": error}
