"""Visible offers in real Chromium: desktop offers matched on phones, visibility measured in the browser."""
from __future__ import annotations

import pytest

from crawler.config import config_from_dict

pytestmark = pytest.mark.browser


async def offers_result(render, run_checks, url, cfg=None, phone="iPhone 13"):
    renders = {phone: await render(url, phone, cfg), "Desktop": await render(url, "Desktop", cfg)}
    results = run_checks(renders, url, cfg)
    return next(r for r in results if r["check"] == "offers-visible" and r["device"] == phone)


@pytest.mark.parametrize("page, status, reason", [
    ("shown", "pass", None),
    ("hidden-mobile", "fail", "display: none"),
    ("below-fold", "warn", None),
    ("covered", "fail", "covered by #wall"),
    ("carousel", "fail", "inactive carousel slide"),
    ("clipped", "fail", "clipped by"),
    ("offscreen", "fail", "off-screen"),
    ("no-diacritics", "pass", None),
    ("crossed", "pass", None),
])
async def test_found_offers_on_phones(render, run_checks, site_url, page, status, reason):
    result = await offers_result(render, run_checks, f"{site_url}offers/{page}.html")
    assert result["status"] == status, result["message"]
    assert result["items"], "the offer found on desktop is listed"
    if reason:
        assert reason in result["message"]
        item = result["items"][0]
        assert not item["visible"] and item["device"] == "iPhone 13"


async def test_a_navigation_link_is_not_an_offer(render, run_checks, site_url):
    result = await offers_result(render, run_checks, f"{site_url}offers/nav-link.html")
    assert result["status"] == "skip"


async def test_configured_offer_missing_where_pages_requires_it(render, run_checks, site_url):
    cfg = config_from_dict({"site": {"start_urls": [site_url]}, "offers": [
        {"name": "promo banner", "selector": ".promo", "text": "(?i)GIẢM \\d+%", "pages": "^/offers/"}]}, "test")
    shown = await offers_result(render, run_checks, f"{site_url}offers/shown.html", cfg)
    named = [i for i in shown["items"] if i["name"] == "promo banner"]
    assert named and named[0]["visible"] and named[0]["above_fold"]
    missing = await offers_result(render, run_checks, f"{site_url}offers/nav-link.html", cfg)
    assert missing["status"] == "fail" and "promo banner" in missing["message"]
    assert missing["items"][0]["present"] is False
