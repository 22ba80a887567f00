"""Pixels that real shops load late, on interaction, from frames and workers, twice, or under consent rules:
each fixture page rendered once in real Chromium, its render shared by the assertions about it."""
from __future__ import annotations

import pytest
import pytest_asyncio

from checks.pixel_catalog import catalog, is_beacon
from checks.registry import run_all
from conftest import profile_for
from crawler.config import config_from_dict
from crawler.gather.standalone import render_page

pytestmark = pytest.mark.browser
META_ID = "111111111111111"


def audit_config(site_url, pixels=(), settle=None, **consent):
    site = {"start_urls": [site_url], **({"settle": settle} if settle is not None else {})}
    cfg = config_from_dict({"site": site, "consent": consent,
                            "pixels": [dict(vendor=v, id=i) for v, i in pixels]}, "test")
    cfg.stub_vendor_scripts = True
    return cfg


class Renders:
    """Each (page, device, config) rendered once per module."""

    def __init__(self, browser, site_url):
        self.browser, self.site_url, self.done = browser, site_url, {}

    async def judge(self, page, pixels=(("meta", META_ID),), device="Pixel 7", **options):
        key = (page, device, pixels, tuple(sorted(options.items())))
        if key not in self.done:
            cfg = audit_config(self.site_url, pixels, **options)
            url = f"{self.site_url}pixels/{page}.html"
            artifacts = await render_page(self.browser, url, profile_for(device), cfg)
            result = next(r for r in run_all({device: artifacts}, url, cfg.check_config())
                          if r["check"] == "tracking-pixels")
            self.done[key] = (result, artifacts)
        return self.done[key]


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def renders(browser, site_url):
    return Renders(browser, site_url)


def pixel(result, vendor, pixel_id=None):
    return next(i for i in result["items"] if i["vendor"] == vendor and pixel_id in (None, i["id"]))


async def test_a_pixel_on_a_timer_after_load_is_caught_with_its_delay(renders):
    result, artifacts = await renders.judge("timer")
    meta = pixel(result, "meta")
    assert result["status"] == "pass", result["message"]
    assert meta["fired"] and meta["phase"] == "load" and meta["delay_ms"] >= 2000


async def test_the_settle_cap_wins_over_thousands_of_timers_and_an_endless_interval(renders):
    result, artifacts = await renders.judge("busy", pixels=(), settle=1)
    assert artifacts["error"] is None
    assert artifacts["timing"]["gather_ms"] < 10_000  # its timers run for 20 s: the 1 s cap held


async def test_a_page_with_nothing_pending_settles_at_once(renders):
    result, artifacts = await renders.judge("meta", settle=20)
    assert result["status"] == "pass"
    assert artifacts["timing"]["gather_ms"] < 10_000  # far below the 20 s cap


@pytest.mark.parametrize("device", ["Pixel 7", "Desktop"])
async def test_a_pixel_delayed_until_interaction_fires_in_the_interaction_phase(renders, device):
    result, artifacts = await renders.judge("interaction", device=device)
    meta = pixel(result, "meta")
    assert meta["fired"] and meta["phase"] == "interaction" and meta["id"] == META_ID
    assert result["status"] == "warn" and "waits for the visitor's first touch" in result["message"]
    assert "not installed" not in result["message"]


async def test_a_page_that_leaves_on_interaction_is_recorded_as_such(renders):
    result, artifacts = await renders.judge("leaves")
    assert artifacts["interaction"]["navigated_to"].endswith("/pixels/meta.html")
    assert artifacts["final_url"].endswith("/pixels/leaves.html")
    assert result["status"] == "fail" and "not installed" in result["message"]  # meta.html's pixel is not this page's


@pytest.mark.parametrize("page, vendor, pixel_id, frame", [
    ("sandboxed-iframe", "meta", META_ID, "about:srcdoc"),  # a sandboxed srcdoc frame (shop "customer events")
    ("worker", "ga4", "G-WORKER001", None),  # a dedicated web worker, as Partytown runs GA4
    ("sendbeacon", "meta", META_ID, None),  # navigator.sendBeacon
    ("sendbeacon", "tiktok", "CKEEPALIVE00001", None),  # fetch(..., {keepalive: true})
])
async def test_beacons_from_frames_workers_and_keepalive_requests_count_and_stay_local(renders, page, vendor,
                                                                                      pixel_id, frame):
    result, artifacts = await renders.judge(page, pixels=((vendor, pixel_id),))
    assert result["status"] == "pass", result["message"]
    assert pixel(result, vendor, pixel_id)["fired"]
    beacons = [r for r in artifacts["network"] if is_beacon(r["url"], catalog())]
    assert beacons and all(r["answered_locally"] and not r["failure"] for r in beacons)
    assert frame in {r["frame"] for r in beacons}


@pytest.mark.parametrize("device", ["Pixel 7", "Desktop"])
async def test_a_pixel_initialised_twice_warns_on_every_device_though_it_sends_one_page_view(renders, device):
    result, artifacts = await renders.judge("init-twice", device=device)
    meta = pixel(result, "meta")
    assert meta["pageviews"] == 1 and meta["inits"] == 2
    assert result["status"] == "warn" and "initialised 2 times" in result["message"]


async def test_google_consent_mode_is_decoded_before_and_after_consent(renders):
    result, artifacts = await renders.judge("consent-mode", pixels=(("ga4", "G-CONSENT01"),))
    ga4 = pixel(result, "ga4")
    assert ga4["consent_mode"] == dict.fromkeys(
        ("ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"), "denied")
    assert set(ga4["consent_mode_after_consent"].values()) == {"granted"}
    assert result["status"] == "pass" and "consent mode with ad_storage" in result["message"]


async def test_a_reject_all_pass_fails_marketing_pixels_that_fire_after_refusal_and_reads_the_tcf_cmp(renders):
    result, artifacts = await renders.judge("tcf", reject=True)
    assert artifacts["consent"]["clicked"] == "#onetrust-reject-all-handler"
    assert artifacts["consent"]["tcf"] == {"cmp_id": 300, "event_status": "useractioncomplete",
                                           "consent_given": False}
    assert result["status"] == "fail" and f"meta {META_ID} fires after the visitor refused consent" in result["message"]


async def test_a_banner_that_never_holds_still_is_still_accepted(renders):
    result, artifacts = await renders.judge("consent-animated")
    assert artifacts["consent"]["clicked"] == "#onetrust-accept-btn-handler" and not artifacts["consent"]["unclickable"]
    assert result["status"] == "pass" and pixel(result, "meta", META_ID)["after_consent"], result["message"]


async def test_accepting_on_a_tcf_page_records_consent_given(renders):
    result, artifacts = await renders.judge("tcf")
    assert artifacts["consent"]["choice"] == "accept" and artifacts["consent"]["tcf"]["consent_given"] is True
    assert result["status"] == "pass", result["message"]
