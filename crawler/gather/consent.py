"""Click "accept" on a consent banner: the configured selector first, then the common consent managers'."""
from __future__ import annotations

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


async def accept_consent(page, accept_selector: str | None) -> str | None:
    """Returns the selector clicked, or None when no visible accept button was found."""
    for selector in ((accept_selector,) if accept_selector else ()) + BUILT_IN_ACCEPT:
        try:
            button = page.locator(selector).first
            if await button.is_visible():
                await button.click(timeout=CLICK_TIMEOUT_MS)
                return selector
        except PlaywrightError:
            continue
    return None
