"""Record the artifacts that the checks' unit tests read:  python tests/record_artifacts.py

Renders fixture pages of tests/site in real Chromium with the crawler's own gather code and keeps,
per device, only the fields the check reads, in tests/artifacts/<name>.json as {url, renders}.
Re-record after changing what an in-page module gathers."""
from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from urllib.parse import quote

from playwright.async_api import async_playwright

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS.parent))

from conftest import ARTIFACTS, SITE, profile_for  # noqa: E402
from crawler.browser import find_browser  # noqa: E402
from crawler.config import AuditConfig  # noqa: E402
from crawler.demo.server import SiteServer  # noqa: E402
from crawler.gather.standalone import render_page  # noqa: E402

STABLE_URL = "http://127.0.0.1:8000"
COMMON = ("url", "final_url", "http_status", "error", "device")
LAYOUT = ("Pixel 7",), COMMON + ("page", "layout")
OFFERS = ("iPhone 13", "Desktop"), COMMON + ("page", "offers")
PIXELS = ("Pixel 7",), COMMON + ("pixels_dom", "pixel_inits", "navigation", "network", "containers", "interaction", "consent")
LAYOUT_PAGES = ("app-banner", "clean", "fixed-viewport", "interstitial", "no-viewport", "plugins", "small-text",
                "tap-targets", "wide-content", "zoom-blocked")
RECORDINGS = {
    **{f"layout/{name}": (f"layout/{name}.html", *LAYOUT) for name in LAYOUT_PAGES},
    "offers/covered": ("offers/covered.html", *OFFERS),
    "offers/carousel": ("offers/carousel.html", *OFFERS),
    "offers/below-fold": ("offers/below-fold.html", *OFFERS),
    "offers/no-diacritics": ("offers/no-diacritics.html", *OFFERS),
    "offers/nav-link": ("offers/nav-link.html", *OFFERS),
    "pixels/consent": ("pixels/consent.html", *PIXELS),
    "pixels/gtm": ("pixels/gtm.html", *PIXELS),
}


async def main() -> None:
    with SiteServer(SITE) as server:
        async with async_playwright() as p:
            browser = await p.chromium.launch(**find_browser().launch_options())
            for name, (page, devices, keep) in RECORDINGS.items():
                url = f"{server.url}/{page}"
                config = AuditConfig(start_urls=[url])
                config.stub_vendor_scripts = True
                renders = {}
                for device in devices:
                    artifacts = await render_page(browser, url, profile_for(device), config)
                    renders[device] = {key: artifacts.get(key) for key in keep}
                recorded = json.dumps({"url": url, "renders": renders}, ensure_ascii=False, indent=1)
                path = ARTIFACTS / f"{name}.json"
                path.parent.mkdir(parents=True, exist_ok=True)
                for live, fixed in ((server.url, STABLE_URL), (quote(server.url, safe=""), quote(STABLE_URL, safe=""))):
                    recorded = recorded.replace(live, fixed)  # the server's port changes from run to run
                path.write_text(recorded + "\n", encoding="utf-8")
                print(f"recorded {path.relative_to(TESTS)}")
            await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
