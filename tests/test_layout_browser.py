"""Layout checks end to end: fixture pages under tests/site/layout/ rendered in Chromium as the crawler does."""
from __future__ import annotations

import pytest

LAYOUT_CHECKS = ("viewport-meta", "content-width", "font-size", "tap-targets", "plugins", "interstitial")
PHONES = ("Pixel 7", "iPhone 13")

pytestmark = pytest.mark.browser


async def layout_results(render, run_checks, url: str, devices=PHONES) -> dict[tuple[str, str], dict]:
    renders = {device: await render(url, device=device) for device in devices}
    return {(r["device"], r["check"]): r for r in run_checks(renders, url) if r["check"] in LAYOUT_CHECKS}


async def test_clean_page_passes_every_layout_check_on_every_phone_and_has_none_on_desktop(render, run_checks, site_url):
    results = await layout_results(render, run_checks, site_url + "layout/clean.html", (*PHONES, "Desktop"))
    for device in PHONES:
        for check_id in LAYOUT_CHECKS:
            result = results[device, check_id]
            assert result["status"] == "pass", (device, result)
    assert ("Desktop", "tap-targets") not in results, "a phone-only check has no result on desktop"
    assert results["Desktop", "plugins"]["status"] == "pass"


@pytest.mark.parametrize("page, check_id, status, words", [
    ("no-viewport.html", "viewport-meta", "fail", "No <meta"),
    ("fixed-viewport.html", "viewport-meta", "fail", "width=1024"),
    ("zoom-blocked.html", "viewport-meta", "warn", "user-scalable=0"),
    ("wide-content.html", "content-width", "fail", "scrolls sideways"),
    ("no-viewport.html", "content-width", "fail", "scrolls sideways"),
    ("small-text.html", "font-size", "fail", "needs 60%"),
    ("tap-targets.html", "tap-targets", "fail", "a finger hits both"),
    ("plugins.html", "plugins", "fail", "Flash, Java"),
    ("interstitial.html", "interstitial", "fail", "#newsletter covers 100%"),
    ("app-banner.html", "interstitial", "warn", "covers 20%"),
])
async def test_each_fixture_page_shows_its_failure_on_both_phones(render, run_checks, site_url, page, check_id,
                                                                   status, words):
    results = await layout_results(render, run_checks, site_url + "layout/" + page)
    for device in PHONES:
        result = results[device, check_id]
        assert result["status"] == status, (device, result)
        assert words in result["message"]


async def test_wide_content_boxes_point_at_the_culprits_on_the_screenshot(render, run_checks, site_url):
    results = await layout_results(render, run_checks, site_url + "layout/wide-content.html", ("iPhone 13",))
    items = results["iPhone 13", "content-width"]["items"]
    assert [i["box"]["w"] for i in items] == sorted((i["box"]["w"] for i in items), reverse=True)
    assert items[0]["box"]["w"] == 900 and items[0]["box"]["x"] == 0


async def test_text_hidden_or_for_screen_readers_is_not_counted(render, site_url):
    artifacts = await render(site_url + "layout/clean.html")
    text = artifacts["layout"]["text"]
    runs = {run["selector"]: run["chars"] for run in text["runs"]}
    assert not [s for s in runs if "sr-only" in s or "skip" in s]
    assert runs["body > header"] == len("Clean shop")
    assert "8" not in text["chars_by_size"]
