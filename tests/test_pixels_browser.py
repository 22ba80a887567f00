"""Tracking pixels in real Chromium: vendor scripts answered by local stubs, beacons answered locally."""
from __future__ import annotations

import pytest

from checks.pixel_catalog import catalog, is_beacon
from crawler.config import config_from_dict

pytestmark = pytest.mark.browser

META_ID = "111111111111111"


def config(site_url, pixels=(), vendors=(), **site):
    return config_from_dict({"site": {"start_urls": [site_url], **site}, "vendors": list(vendors),
                             "pixels": [dict(vendor=v, id=i) for v, i in pixels]}, "test")


async def judge(render, run_checks, url, cfg, devices=("Pixel 7",)):
    cfg.stub_vendor_scripts = True
    renders = {}
    for device in devices:
        renders[device] = await render(url, device, cfg)
    results = [r for r in run_checks(renders, url, cfg) if r["check"] == "tracking-pixels"]
    return {r["device"]: r for r in results}, renders


def pixel(result, vendor):
    return next(item for item in result["items"] if item["vendor"] == vendor)


async def test_meta_pixel_fires_once_with_its_id(render, run_checks, site_url):
    results, renders = await judge(render, run_checks, site_url + "pixels/meta.html",
                                   config(site_url, [("meta", META_ID)]))
    result = results["Pixel 7"]
    assert result["status"] == "pass"
    meta = pixel(result, "meta")
    assert meta["id"] == META_ID and meta["fired"] and meta["fires"] == 1 and "PageView" in meta["events"]


async def test_no_beacon_leaves_the_browser_unanswered(render, run_checks, site_url):
    results, renders = await judge(render, run_checks, site_url + "pixels/meta.html", config(site_url))
    beacons = [r for r in renders["Pixel 7"]["network"] if is_beacon(r["url"], catalog())]
    assert beacons and all(r["answered_locally"] for r in beacons)


async def test_send_beacons_lets_them_through(render, run_checks, site_url):
    cfg = config(site_url, send_beacons=True)
    results, renders = await judge(render, run_checks, site_url + "pixels/meta.html", cfg)
    beacons = [r for r in renders["Pixel 7"]["network"] if is_beacon(r["url"], catalog())]
    assert beacons and not any(r["answered_locally"] for r in beacons)
    assert all(r["failure"] for r in beacons)  # offline: they really tried to reach the vendor


@pytest.mark.parametrize("page, status, words", [
    ("missing", "fail", "not installed"),
    ("wrong-id", "fail", "fired with id 222222222222222"),
    ("twice", "warn", "installed twice"),
])
async def test_pixel_problems(render, run_checks, site_url, page, status, words):
    results, _ = await judge(render, run_checks, site_url + f"pixels/{page}.html",
                             config(site_url, [("meta", META_ID)]))
    assert results["Pixel 7"]["status"] == status
    assert words in results["Pixel 7"]["message"]


async def test_ga4_gtm_after_load_tiktok_post_and_server_side_ga4(render, run_checks, site_url):
    cases = {"ga4": ("ga4", "G-TEST12345", "page_view"), "gtm": ("gtm", "GTM-TEST123", "container loaded"),
             "tiktok": ("tiktok", "CTEST1234567890", "Pageview"), "serverside": ("ga4", "G-SERVER999", "page_view")}
    for page, (vendor, pixel_id, event) in cases.items():
        results, _ = await judge(render, run_checks, site_url + f"pixels/{page}.html",
                                 config(site_url, [(vendor, pixel_id)]))
        result = results["Pixel 7"]
        assert result["status"] == "pass", (page, result["message"])
        assert event in pixel(result, vendor)["events"]


async def test_gtm_lists_the_tags_its_container_holds_and_which_fired(render, run_checks, site_url):
    results, renders = await judge(render, run_checks, site_url + "pixels/gtm.html",
                                   config(site_url, [("gtm", "GTM-TEST123")]))
    result = results["Pixel 7"]
    assert pixel(result, "gtm")["tags"] == [{"vendor": "ga4", "id": "G-GTMTAG001", "fired": True},
                                            {"vendor": "tiktok", "id": "CGTMTAG0000000001", "fired": False},
                                            {"vendor": "linkedin", "id": "4321", "fired": False}]
    assert pixel(result, "ga4")["fired"] and "page_view" in pixel(result, "ga4")["events"]
    beacons = [r for r in renders["Pixel 7"]["network"] if is_beacon(r["url"], catalog())]
    assert beacons and all(r["answered_locally"] for r in beacons)


async def test_noscript_only_pixel_is_installed_but_not_fired(render, run_checks, site_url):
    results, _ = await judge(render, run_checks, site_url + "pixels/linkedin.html",
                             config(site_url, [("linkedin", "123456")]))
    result = results["Pixel 7"]
    assert result["status"] == "fail" and "installed but did not fire" in result["message"]


async def test_consent_wall_holds_the_pixel_until_accepted(render, run_checks, site_url):
    results, renders = await judge(render, run_checks, site_url + "pixels/consent.html",
                                   config(site_url, [("meta", META_ID)]))
    assert renders["Pixel 7"]["consent"]["clicked"] == "#onetrust-accept-btn-handler"
    meta = pixel(results["Pixel 7"], "meta")
    assert meta["fired"] and not meta["before_consent"]
    assert results["Pixel 7"]["status"] == "pass"


async def test_pixel_that_fires_only_on_desktop(render, run_checks, site_url):
    results, _ = await judge(render, run_checks, site_url + "pixels/desktop-only.html",
                             config(site_url, [("meta", META_ID)]), devices=("iPhone 13", "Desktop"))
    assert results["Desktop"]["status"] == "pass"
    assert results["iPhone 13"]["status"] == "fail"


@pytest.mark.parametrize("acme_url, zeta_url", [
    (r"^https://t\.acme\.io/hit", r"^https://t\.zeta\.io/[Cc]ollect"),
    (r"^https://t\.acme\.io/(?P<path>hit)", r"^https://t\.zeta\.io/[Cc]ollect"),  # not JavaScript syntax
    (r"^https://t\.acme\.io/hit", r"(?i)^https://t\.zeta\.io/collect"),  # a global flag: cannot be joined
])
async def test_users_own_vendors_are_answered_locally_whatever_their_regex(render, run_checks, site_url,
                                                                           acme_url, zeta_url):
    cfg = config(site_url, [("acme", "42"), ("zeta", "7")],
                 vendors=[{"key": "acme", "beacons": [{"url": acme_url, "id_param": "a", "event": "view"}]},
                          {"key": "zeta", "beacons": [{"url": zeta_url, "id_param": "z", "event": "view"}]}])
    results, renders = await judge(render, run_checks, site_url + "pixels/custom.html", cfg)
    hits = [r for r in renders["Pixel 7"]["network"] if "acme" in r["url"] or "zeta" in r["url"]]
    assert len(hits) == 2 and all(r["answered_locally"] and not r["failure"] for r in hits)
    assert results["Pixel 7"]["status"] == "pass", results["Pixel 7"]["message"]
