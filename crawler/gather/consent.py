"""Click "accept" on a consent banner: the configured selector first, then the common consent managers'."""
from __future__ import annotations

from collections.abc import Callable

from playwright.async_api import Error as PlaywrightError

BUILT_IN_ACCEPT = (
    "#onetrust-accept-btn-handler",  # OneTrust
    "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll",  # Cookiebot
    "#CybotCookiebotDialogBodyButtonAccept",
    "#didomi-notice-agree-button",  # Didomi
    ".qc-cmp2-summary-buttons button[mode='primary']",  # Quantcast Choice
    ".cky-btn-accept",  # CookieYes
    ".cmplz-accept",  # Complianz
)
CLICK_TIMEOUT_MS = 2000
# One round trip finds the first visible button: asking per selector cost ~10 ms each, per render.
FIRST_VISIBLE = """(selectors) => selectors.find((s) => {
  try {
    const el = document.querySelector(s);
    return !!el && el.checkVisibility() && el.getBoundingClientRect().width > 0;
  } catch (e) { return false; }
}) || null"""


async def accept_consent(page, accept_selector: str | None, before_click: Callable[[], None]) -> str | None:
    """Returns the selector clicked, or None when no visible accept button was found or it could not be
    clicked. `before_click` runs just before the click: a consent manager may fire pixels during it."""
    selectors = ((accept_selector,) if accept_selector else ()) + BUILT_IN_ACCEPT
    try:
        selector = await page.evaluate(FIRST_VISIBLE, list(selectors))
        if selector:
            before_click()
            await page.locator(selector).first.click(timeout=CLICK_TIMEOUT_MS)
        return selector
    except PlaywrightError:
        return None
