"""Click "accept" (or "reject all") on a consent banner, the configured selector first, then the common consent
managers'; read what an IAB TCF v2 consent manager says."""
from __future__ import annotations

from collections.abc import Callable

from playwright.async_api import Error as PlaywrightError

from checks.base import ConsentChoice

BUILT_IN_ACCEPT = (
    "#onetrust-accept-btn-handler",  # OneTrust
    "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll",  # Cookiebot
    "#CybotCookiebotDialogBodyButtonAccept",
    "#didomi-notice-agree-button",  # Didomi
    ".qc-cmp2-summary-buttons button[mode='primary']",  # Quantcast Choice
    ".cky-btn-accept",  # CookieYes
    ".cmplz-accept",  # Complianz
)
BUILT_IN_REJECT = (
    "#onetrust-reject-all-handler",  # OneTrust
    "#CybotCookiebotDialogBodyButtonDecline",  # Cookiebot
    "#didomi-notice-disagree-button",  # Didomi
    ".qc-cmp2-summary-buttons button[mode='secondary']",  # Quantcast Choice
    ".cky-btn-reject",  # CookieYes
    ".cmplz-deny",  # Complianz
)
CLICK_TIMEOUT_MS = 2000
TCF_TIMEOUT_MS = 2000
# IAB TCF v2: the CMP answers getTCData through its callback, often later; no answer is no CMP.
READ_TCF = """(timeoutMs) => new Promise((resolve) => {
  if (typeof window.__tcfapi !== "function") return resolve(null);
  setTimeout(() => resolve(null), timeoutMs);
  try {
    window.__tcfapi("getTCData", 2, (data, ok) => {
      if (!ok || !data) return resolve(null);
      const consents = Object.values((data.purpose && data.purpose.consents) || {});
      resolve({cmp_id: data.cmpId ?? null, event_status: data.eventStatus || null,
               consent_given: consents.some(Boolean)});
    });
  } catch (e) { resolve(null); }
})"""
# One round trip finds the first visible button: asking per selector cost ~10 ms each, per render.
FIRST_VISIBLE = """(selectors) => selectors.find((s) => {
  try {
    const el = document.querySelector(s);
    return !!el && el.checkVisibility() && el.getBoundingClientRect().width > 0;
  } catch (e) { return false; }
}) || null"""


def consent_choice(options: dict) -> tuple[ConsentChoice, tuple[str, ...]] | None:
    """(accept or reject, the selectors to try) from the `consent` gather options; None: click nothing."""
    if options["reject"]:
        return ConsentChoice.REJECT, ((options["reject_selector"],) if options["reject_selector"] else ()) + BUILT_IN_REJECT
    if options["accept"]:
        return ConsentChoice.ACCEPT, ((options["accept_selector"],) if options["accept_selector"] else ()) + BUILT_IN_ACCEPT
    return None


async def click_consent(page, selectors: tuple[str, ...],
                        before_click: Callable[[], None]) -> tuple[str | None, str | None]:
    """(the selector clicked, the selector of a visible button that could not be clicked); both None when
    there is no banner. `before_click` runs just before the click: a consent manager may fire pixels during it.
    A button that does not hold still in time (an animated banner on a busy machine) gets the click event."""
    try:
        selector = await page.evaluate(FIRST_VISIBLE, list(selectors))
    except PlaywrightError:
        return None, None
    if not selector:
        return None, None
    before_click()
    button = page.locator(selector).first
    try:
        await button.click(timeout=CLICK_TIMEOUT_MS)
        return selector, None
    except PlaywrightError:
        pass
    try:  # a button that never holds still (an animated banner, a busy machine) gets the click event itself
        await button.dispatch_event("click", timeout=CLICK_TIMEOUT_MS)
        return selector, None
    except PlaywrightError:
        return None, selector


async def read_tcf(page) -> dict | None:
    """{cmp_id, event_status, consent_given} from an IAB TCF v2 consent manager (`__tcfapi`), or None."""
    try:
        return await page.evaluate(READ_TCF, TCF_TIMEOUT_MS)
    except PlaywrightError:
        return None
